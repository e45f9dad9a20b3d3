"""Benchmarks for the session planner (``make bench``): prints figures; asserts nothing.

Three medians, in one run, on the same sequence of parameter changes:

1. generate + validate: the domain alone (helpers.planner);
2. the planner's update path: new parameters to new plot bytes shown (PlannerApp.refresh: plan, checks,
   tissue model, blitted figure, PNG, HTML with alt text);
3. a naive baseline: the same plan and model, but a new pyplot figure each time, rendered the way the
   inline backend does (savefig to PNG with ``bbox_inches="tight"``).

Targets on the project's 2-core machine: update path under 40 ms median and at least twice as fast as
the naive baseline. Timed tests flake; this script only reports.
"""

from __future__ import annotations

import io
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt

from helpers.planner import PlanRequest, generate_plan, validate_plan
from helpers.planner_plots import day_span
from helpers.planner_widgets import PlannerApp
from helpers.style import MODALITY_STYLE
from helpers.thermal import simulate

ROUNDS = 40
TARGET_UPDATE_MS = 40.0


def _requests() -> list[PlanRequest]:
    """A slider sweep: ice minutes and hours since onset change, as a user would drag them."""
    requests, ice, hours = [], 15, 12
    for i in range(ROUNDS):
        if i % 4 == 3:
            hours = 80 if hours == 12 else 12
        else:
            ice = 10 + (ice - 9) % 11
        requests.append(PlanRequest(ice_minutes=ice, hours_since_onset=hours))
    return requests


def _median_ms(action: Callable[[PlanRequest], object], requests: list[PlanRequest]) -> float:
    action(requests[0])  # warm caches (data files, fonts) outside the timing
    samples = []
    for request in requests:
        started = time.perf_counter()
        action(request)
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def domain(request: PlanRequest) -> None:
    validate_plan(generate_plan(request))


def naive_redraw(request: PlanRequest) -> bytes:
    """What a first version would do: a fresh figure per update, PNG with the inline backend's tight box."""
    plan = generate_plan(request)
    validate_plan(plan)
    start, end = day_span(plan)
    trace = simulate(plan.applications, start, end, step_min=1)
    figure, (ax_plan, ax_temp) = plt.subplots(2, 1, figsize=(9.5, 5.4), sharex=True, dpi=80)
    for app in plan.applications:
        colour, hatch, label = MODALITY_STYLE[app.modality.value]
        ax_plan.broken_barh(
            [(app.start_min / 60, app.duration_min / 60)], (0, 1), facecolor=colour, hatch=hatch, label=label
        )
    for ax in (ax_plan, ax_temp):
        ax.axvspan(start / 60, plan.window.wake_min / 60, color="#dddddd", hatch="..")
        ax.axvspan(plan.window.bed_min / 60, end / 60, color="#dddddd", hatch="..")
    ax_temp.plot(trace.time_min / 60, trace.skin_c, label="Skin")
    ax_temp.plot(trace.time_min / 60, trace.muscle_c, label="Muscle")
    ax_temp.axhspan(0, 10.8, alpha=0.2, hatch="\\\\")
    ax_temp.axhspan(44, 48, alpha=0.2, hatch="//")
    ax_temp.set_xlabel("Time of day (h)")
    ax_temp.set_ylabel("Temperature (°C)")
    ax_temp.legend()
    figure.suptitle("Plan")
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", bbox_inches="tight")
    plt.close(figure)
    return buffer.getvalue()


def main() -> int:
    requests = _requests()
    app = PlannerApp()

    def update_path(request: PlanRequest) -> None:
        # One control changes per update, as with a slider: whichever differs from the app's state.
        if app.ice.value != request.ice_minutes:
            app.ice.value = request.ice_minutes
        else:
            app.hours.value = int(request.hours_since_onset)
        if app.message.widget.value:
            raise RuntimeError(f"the app refused a valid request: {app.message.widget.value}")

    domain_ms = _median_ms(domain, requests)
    update_ms = _median_ms(update_path, requests)
    naive_ms = _median_ms(naive_redraw, requests)
    print(f"Planner benchmarks, median of {ROUNDS} parameter changes (lower is better)")
    print(f"  generate + validate              {domain_ms:8.2f} ms")
    print(
        f"  update path (params -> plot shown) {update_ms:6.1f} ms   target < {TARGET_UPDATE_MS:.0f} ms: "
        f"{'met' if update_ms < TARGET_UPDATE_MS else 'NOT met'}"
    )
    print(f"  naive redraw baseline            {naive_ms:8.1f} ms")
    speedup = naive_ms / update_ms
    print(
        f"  speed-up over the baseline       {speedup:8.1f} x   target >= 2x: "
        f"{'met' if speedup >= 2 else 'NOT met'}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
