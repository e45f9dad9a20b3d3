"""Calibration of the teaching model (:mod:`helpers.thermal`) against the Dykstra 2009 calf-icing data.

Kept apart from the model on purpose: the model is what notebooks and the planner run many times a second;
this module is what ``scripts/calibrate_thermal_model.py`` runs once to fit the model's rest rates,
baselines and ice couplings to the group means in ``data/dykstra2009_summary.csv`` [@dykstra2009;
@pruim_fastr2], and what the tests and notebooks use to show how well the stored fit matches the data.
No matplotlib, no ipywidgets (views: :mod:`helpers.thermal_plots`).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from types import MappingProxyType

import numpy as np

from helpers.data import Column, DataError, Table, cached, load_table
from helpers.errors import InputError
from helpers.thermal import (
    ThermalParams,
    _check_number,
    _parameter_rows,
    _segments,
    _solve,
    get_agent,
    load_thermal_params,
)

#: Sites and ice types in the Dykstra 2009 data (names as in ``data/dykstra2009_summary.csv``).
LOCATIONS = ("surface", "intramuscular")
TREATMENTS = ("crushed", "cubed", "wet")
#: Which agent in ``data/thermal_agents.csv`` stands for each Dykstra treatment.
DYKSTRA_AGENTS = {"crushed": "ice_pack_crushed", "cubed": "ice_cubed", "wet": "ice_wet"}
#: The Dykstra protocol: 20 min of ice, then 120 min of recovery (times in minutes after the ice went on).
DYKSTRA_ICE_MIN = 20.0
DYKSTRA_RECOVERY_MIN = 120.0
#: The barrier the Dykstra packs are modelled with (the brief does not say how they were applied).
DYKSTRA_BARRIER = "none"


def stated_rmse(treatment: str, location: str) -> float:
    """The fit error (°C) the parameters file states for one Dykstra treatment and site."""
    _check_dykstra(location, treatment)
    name = f"rmse_{location}_{treatment}"
    values = _parameter_rows()
    if name not in values:
        raise DataError(f"thermal_model_parameters.csv: missing row {name}")
    return values[name]


# ---------------------------------------------------------------------------------------------------------
# The Dykstra 2009 data and the fit.


def _check_dykstra(location: str, treatment: str) -> None:
    if location not in LOCATIONS:
        raise InputError(f"unknown location {location!r}; choose one of: {', '.join(LOCATIONS)}")
    if treatment not in TREATMENTS:
        raise InputError(f"unknown treatment {treatment!r}; choose one of: {', '.join(TREATMENTS)}")


DYKSTRA = Table(
    "dykstra2009_summary.csv",
    (
        Column("location", "choice", choices=LOCATIONS),
        Column("treatment", "choice", choices=TREATMENTS),
        Column("phase", "choice", choices=("baseline", "treatment", "recovery")),
        Column("time_min", "number"),
        Column("mean_c", "number"),
        Column("sd_c", "number", low=0),
        Column("min_c", "number"),
        Column("max_c", "number"),
        Column("n", "int", low=1),
    ),
    key=None,
)


@cached
def _dykstra_table() -> Mapping[tuple[str, str], tuple[np.ndarray, np.ndarray, np.ndarray]]:
    grouped: dict[tuple[str, str], list[tuple[float, float, float]]] = {}
    for row in load_table(DYKSTRA):
        key = (row["location"], row["treatment"])
        grouped.setdefault(key, []).append((row["time_min"], row["mean_c"], row["sd_c"]))
    table = {}
    for key, values in grouped.items():
        array = np.array(sorted(values))
        for column in array.T:
            column.setflags(write=False)
        table[key] = (array[:, 0], array[:, 1], array[:, 2])
    return MappingProxyType(table)


def dykstra_means(location: str, treatment: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Group mean and SD (°C) by time (min after the ice went on; baseline times are negative).

    From ``data/dykstra2009_summary.csv``: 12 volunteers, 20 min of calf icing, 120 min of recovery
    [@dykstra2009; @pruim_fastr2].
    """
    _check_dykstra(location, treatment)
    return _dykstra_table()[(location, treatment)]


def _fit_window(location: str, treatment: str) -> tuple[np.ndarray, np.ndarray]:
    time, mean, _ = dykstra_means(location, treatment)
    keep = time >= 0
    return time[keep], mean[keep]


def model_dykstra(params: ThermalParams, coupling: float, times: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Modelled (skin, muscle) for the Dykstra protocol: ice at 0 °C from t = 0 to 20 min, then rest.

    ``times`` (min after the ice went on, sorted, >= 0) are where the model is evaluated, so it can be
    compared point by point with :func:`dykstra_means`. The ice is taken as applied with no barrier.
    """
    times = np.asarray(times, dtype=float)
    rate = coupling * params.barrier_factor(DYKSTRA_BARRIER)
    end = float(max(times[-1], DYKSTRA_ICE_MIN))
    segments = _segments(params, 0.0, end, [(0.0, DYKSTRA_ICE_MIN, rate, 0.0)])
    return _solve(params, segments, times)


def _rmse(model: np.ndarray, data: np.ndarray) -> float:
    return float(np.sqrt(np.mean((model - data) ** 2)))


def model_error(
    treatment: str, location: str, *, params: ThermalParams | None = None, coupling: float | None = None
) -> float:
    """RMSE (°C) of the model against the Dykstra group means over the treatment and recovery phases.

    The model starts at its resting temperatures when the ice goes on, so part of the error is the
    between-group difference in baseline that one shared resting state cannot follow.
    """
    _check_dykstra(location, treatment)
    params = params or load_thermal_params()
    if coupling is None:
        agent = get_agent(DYKSTRA_AGENTS[treatment])
        if agent.source_temp_c != 0.0:
            raise DataError(f"{agent.id}: the Dykstra ice agents must have source_temp_c 0 (melting ice)")
        coupling = agent.coupling
    time, mean = _fit_window(location, treatment)
    skin, muscle = model_dykstra(params, coupling, time)
    return _rmse(skin if location == "surface" else muscle, mean)


@dataclass(frozen=True)
class CalibrationResult:
    """What :func:`calibrate` found: parameters, ice couplings, fit error per treatment and site."""

    params: ThermalParams
    couplings: dict[str, float]  # treatment -> coupling (per minute)
    rmse: dict[tuple[str, str], float]  # (treatment, location) -> °C
    objective: float  # mean over the six curves of the mean squared error (°C²)
    iterations: int
    converged: bool


_FIT_RATES = ("k_skin_rest", "k_skin_muscle", "k_muscle_skin", "k_muscle_core")


def _unpack(vector: np.ndarray, template: ThermalParams) -> tuple[ThermalParams, dict[str, float]]:
    rates = np.exp(vector[2:6])
    params = replace(
        template,
        skin_base_c=float(vector[0]),
        muscle_base_c=float(vector[1]),
        **{name: float(rate) for name, rate in zip(_FIT_RATES, rates, strict=True)},
    )
    couplings = {
        treatment: float(np.exp(value)) for treatment, value in zip(TREATMENTS, vector[6:], strict=True)
    }
    return params, couplings


def _pack(params: ThermalParams, couplings: Mapping[str, float]) -> np.ndarray:
    rates = [getattr(params, name) for name in _FIT_RATES]
    return np.array(
        [
            params.skin_base_c,
            params.muscle_base_c,
            *np.log(rates),
            *np.log([couplings[t] for t in TREATMENTS]),
        ]
    )


def fit_objective(params: ThermalParams, couplings: Mapping[str, float]) -> float:
    """Mean over the six Dykstra curves (3 treatments x 2 sites) of the mean squared error (°C²)."""
    total = 0.0
    for treatment in TREATMENTS:
        time, skin_data = _fit_window("surface", treatment)
        _, muscle_data = _fit_window("intramuscular", treatment)
        skin, muscle = model_dykstra(params, couplings[treatment], time)
        total += np.mean((skin - skin_data) ** 2) + np.mean((muscle - muscle_data) ** 2)
    return float(total / (2 * len(TREATMENTS)))


def nelder_mead(
    function: Callable[[np.ndarray], float],
    start: np.ndarray,
    *,
    step: float = 0.1,
    max_iter: int = 3000,
    tol: float = 1e-9,
) -> tuple[np.ndarray, float, int, bool]:
    """Minimise ``function`` with the Nelder–Mead simplex method (standard coefficients, deterministic).

    Written out here because the project does not depend on SciPy. Returns (best point, best value,
    iterations, converged); converged means the simplex values differ by less than ``tol``.
    """
    dim = len(start)
    simplex = [np.array(start, dtype=float)]
    for index in range(dim):
        point = np.array(start, dtype=float)
        point[index] += step
        simplex.append(point)
    values = [function(point) for point in simplex]
    for iteration in range(1, max_iter + 1):
        order = np.argsort(values)
        simplex = [simplex[i] for i in order]
        values = [values[i] for i in order]
        if values[-1] - values[0] < tol:
            return simplex[0], values[0], iteration, True
        centroid = np.mean(simplex[:-1], axis=0)
        reflected = centroid + (centroid - simplex[-1])
        f_reflected = function(reflected)
        if f_reflected < values[0]:
            expanded = centroid + 2.0 * (centroid - simplex[-1])
            f_expanded = function(expanded)
            if f_expanded < f_reflected:
                simplex[-1], values[-1] = expanded, f_expanded
            else:
                simplex[-1], values[-1] = reflected, f_reflected
        elif f_reflected < values[-2]:
            simplex[-1], values[-1] = reflected, f_reflected
        else:
            if f_reflected < values[-1]:
                contracted = centroid + 0.5 * (reflected - centroid)
            else:
                contracted = centroid + 0.5 * (simplex[-1] - centroid)
            f_contracted = function(contracted)
            if f_contracted < min(values[-1], f_reflected):
                simplex[-1], values[-1] = contracted, f_contracted
            else:  # shrink towards the best point
                for index in range(1, dim + 1):
                    simplex[index] = simplex[0] + 0.5 * (simplex[index] - simplex[0])
                    values[index] = function(simplex[index])
    best = int(np.argmin(values))
    return simplex[best], values[best], max_iter, False


def calibrate(
    start: ThermalParams | None = None,
    couplings: Mapping[str, float] | None = None,
    *,
    max_iter: int = 3000,
    restarts: int = 2,
) -> CalibrationResult:
    """Fit resting temperatures, rest rates and the three ice couplings to the Dykstra 2009 means.

    Nelder–Mead in (temperature, log rate) space, restarted ``restarts`` times from the best point so a
    collapsed simplex does not stop early. Barrier factors are not fitted here (see the calibration
    script). Deterministic: the same start gives the same answer.
    """
    template = start or load_thermal_params()
    if couplings is None:
        couplings = {t: get_agent(DYKSTRA_AGENTS[t]).coupling for t in TREATMENTS}
    missing = [t for t in TREATMENTS if t not in couplings]
    if missing:
        raise InputError(f"couplings for {', '.join(missing)} missing; give one per treatment {TREATMENTS}")
    if max_iter < 1 or restarts < 0:
        raise InputError("max_iter must be at least 1 and restarts 0 or more")

    def objective(vector: np.ndarray) -> float:
        if np.any(np.abs(vector[2:]) > 12):  # rates outside e^-12..e^12 per minute are meaningless here
            return math.inf
        params, fitted = _unpack(vector, template)
        return fit_objective(params, fitted)

    point = _pack(template, couplings)
    iterations = 0
    converged = False
    for _ in range(restarts + 1):
        point, _value, used, converged = nelder_mead(objective, point, max_iter=max_iter)
        iterations += used
    params, fitted = _unpack(point, template)
    rmse = {
        (treatment, location): model_error(treatment, location, params=params, coupling=fitted[treatment])
        for treatment in TREATMENTS
        for location in LOCATIONS
    }
    return CalibrationResult(params, fitted, rmse, fit_objective(params, fitted), iterations, converged)


def coupling_for(
    target_skin_c: float,
    at_min: float,
    *,
    source_c: float = 0.0,
    params: ThermalParams | None = None,
) -> float:
    """The coupling (per minute, no barrier) that brings the skin to ``target_skin_c`` after ``at_min``.

    Used to anchor an agent or a barrier to a single published skin temperature: bisection on a
    logarithmic scale, since skin temperature at a fixed time changes monotonically with the coupling.
    """
    params = params or load_thermal_params()
    at = _check_number("at_min", at_min, positive=True)
    times = np.array([at])

    def skin_at(rate: float) -> float:
        segments = _segments(params, 0.0, at, [(0.0, at, rate, source_c)])
        return float(_solve(params, segments, times)[0][0])

    low, high = 1e-6, 1e3
    reachable = sorted((skin_at(low), skin_at(high)))
    if not reachable[0] <= target_skin_c <= reachable[1]:
        raise InputError(
            f"a skin temperature of {target_skin_c} °C after {at} min cannot be reached from a "
            f"{source_c} °C source in this model (reachable: {reachable[0]:.1f} to {reachable[1]:.1f} °C)"
        )
    cooling = source_c < params.skin_base_c
    for _ in range(200):
        middle = math.sqrt(low * high)
        too_weak = skin_at(middle) > target_skin_c if cooling else skin_at(middle) < target_skin_c
        low, high = (middle, high) if too_weak else (low, middle)
        if high / low < 1 + 1e-10:
            break
    return math.sqrt(low * high)
