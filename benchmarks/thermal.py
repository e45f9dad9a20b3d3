"""Benchmarks for the teaching model (``make bench``): prints figures; asserts nothing.

Moved here from the tests, where wall-clock limits flaked on a loaded machine: a 24-hour day of six
applications at 0.5-min steps (target: a few milliseconds, so the planner can redraw on every key press),
and one calibration from a perturbed start (target: well under 20 s, so the calibration script stays usable).
"""

from __future__ import annotations

import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from helpers import thermal
from helpers import thermal_calibration as calibration
from helpers.timeline import Application, Modality

DAY_ROUNDS = 20


def day_ms() -> float:
    plan = [Application(Modality.ICE, start, 20) for start in (480, 720, 960)]
    plan += [Application(Modality.HEAT, start, 15) for start in (600, 840, 1080)]
    times = []
    for _ in range(DAY_ROUNDS):
        started = time.perf_counter()
        thermal.simulate(plan, 0, 1440)
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def calibration_s() -> float:
    params = thermal.load_thermal_params()
    perturbed = replace(
        params, k_skin_rest=params.k_skin_rest * 1.3, k_muscle_core=params.k_muscle_core * 0.7
    )
    couplings = {
        t: thermal.get_agent(calibration.DYKSTRA_AGENTS[t]).coupling * 1.1 for t in calibration.TREATMENTS
    }
    started = time.perf_counter()
    calibration.calibrate(perturbed, couplings, max_iter=2500, restarts=1)
    return time.perf_counter() - started


def main() -> int:
    print("Teaching model benchmarks (lower is better)")
    print(
        f"  one 24-hour day, 6 applications     {day_ms():8.2f} ms (median of {DAY_ROUNDS}; target < 50 ms)"
    )
    print(f"  calibration from a perturbed start  {calibration_s():8.1f} s  (target < 20 s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
