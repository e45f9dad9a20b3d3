"""A teaching model of skin and muscle temperature under ice, heat and rest.

This is a **teaching model**, not a physiological simulator. It exists so a student can see, on one plot,
why ice takes minutes to reach a muscle, why the muscle keeps cooling after the pack comes off (the
"after-drop"), and why a dry towel changes so much. It is deliberately small:

* two lumped nodes, the skin surface and the calf muscle about 2 cm deep (where Dykstra et al. 2009
  placed their probe [@dykstra2009]);
* at rest each node relaxes towards its resting temperature, and the two exchange heat with each other;
* an applied agent (an ice pack, a heat pad, ...) pulls the skin towards the agent's source temperature
  at a rate set by the agent's ``coupling`` times a barrier factor.

In deviations from rest, ``s = T_skin - skin_base`` and ``m = T_muscle - muscle_base``::

    ds/dt = c * b * (T_src - T_skin) * [applied] - k_skin_rest * s + k_skin_muscle * (m - s)
    dm/dt = k_muscle_skin * (s - m) - k_muscle_core * m

Written this way, rest is an exact equilibrium (no drift on a plan without applications). With the input
constant over a segment the system is linear, so each segment is solved exactly with the 2x2 matrix
exponential (closed form, no SciPy), evaluated at all grid points of the segment at once. This is the same
as precomputing the discrete-time step matrices for "applied" and "rest", but stays exact when an
application starts or ends between grid points; a 24-hour day at 0.5-min steps takes about a millisecond.

The rest rates, baselines and the three ice couplings are fitted to the group mean temperatures of the
Dykstra 2009 data (``data/dykstra2009_summary.csv``; the numbers were computed from the dataset in the
fastR2 package [@pruim_fastr2]) by :func:`calibrate`, run by ``scripts/calibrate_thermal_model.py``. Other
agents are anchored to single published numbers or, for heat, simply assumed (``calibrated`` is false in
``data/thermal_agents.csv``: no heat time course was found). What the model leaves out: blood-flow changes
(cold vasoconstriction, heat vasodilation), fat thickness (which changes muscle cooling a lot [@otte2002;
@myrer2001]), pack melting, and differences between people. Use it to reason about shapes and orders of
magnitude, never to set a dose.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, fields, replace
from functools import cache
from itertools import pairwise

import numpy as np

from helpers.data import DataError, check_reference_ids, read_csv, split_ids
from helpers.timeline import Application, Modality, PlanInputError

#: Barriers between agent and skin. ``none`` is the reference the Dykstra couplings are fitted for.
BARRIERS = ("none", "damp_cloth", "dry_towel")
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
DEFAULT_AGENTS: Mapping[Modality, str] = {Modality.ICE: "ice_pack_crushed", Modality.HEAT: "heat_pad"}
#: Refuse grids larger than this many points: a typo in ``step_min`` should fail fast, not fill memory.
MAX_POINTS = 500_000
BAND_STATUSES = ("sourced", "secondary", "unverified")


@dataclass(frozen=True)
class ThermalParams:
    """Resting temperatures, exchange rates (per minute) and barrier factors of the two-node model.

    Read from ``data/thermal_model_parameters.csv`` (see its ``meaning`` and ``how_obtained`` columns).
    """

    skin_base_c: float
    muscle_base_c: float
    k_skin_rest: float
    k_skin_muscle: float
    k_muscle_skin: float
    k_muscle_core: float
    barrier_none: float
    barrier_damp_cloth: float
    barrier_dry_towel: float

    def __post_init__(self) -> None:
        for item in fields(self):
            value = getattr(self, item.name)
            if not math.isfinite(value):
                raise DataError(f"thermal parameter {item.name} must be a finite number, got {value}")
            if item.name.startswith(("k_", "barrier_")) and value < 0:
                raise DataError(f"thermal parameter {item.name} must be zero or positive, got {value}")

    def barrier_factor(self, barrier: str) -> float:
        """How much a barrier scales an agent's coupling to the skin (1 = no slowing)."""
        if barrier not in BARRIERS:
            raise PlanInputError(f"unknown barrier {barrier!r}; choose one of: {', '.join(BARRIERS)}")
        return float(getattr(self, f"barrier_{barrier}"))

    @property
    def rest_matrix(self) -> np.ndarray:
        """The 2x2 system matrix of the deviations (skin, muscle) at rest."""
        return np.array(
            [
                [-(self.k_skin_rest + self.k_skin_muscle), self.k_skin_muscle],
                [self.k_muscle_skin, -(self.k_muscle_skin + self.k_muscle_core)],
            ]
        )


PARAM_NAMES = tuple(item.name for item in fields(ThermalParams))


@cache
def _parameter_rows() -> dict[str, float]:
    rows = read_csv(
        "thermal_model_parameters.csv", required=("name", "value", "unit", "meaning", "how_obtained")
    )
    values: dict[str, float] = {}
    for row in rows:
        name = row["name"].strip()
        try:
            values[name] = float(row["value"])
        except ValueError as error:
            raise DataError(
                f"thermal_model_parameters.csv: {name} value {row['value']!r} is not a number"
            ) from error
    return values


def load_thermal_params() -> ThermalParams:
    """The stored model parameters (``data/thermal_model_parameters.csv``)."""
    values = _parameter_rows()
    missing = [name for name in PARAM_NAMES if name not in values]
    if missing:
        raise DataError(f"thermal_model_parameters.csv: missing parameter(s) {', '.join(missing)}")
    return ThermalParams(**{name: values[name] for name in PARAM_NAMES})


def stated_rmse(treatment: str, location: str) -> float:
    """The fit error (°C) the parameters file states for one Dykstra treatment and site."""
    _check_dykstra(location, treatment)
    name = f"rmse_{location}_{treatment}"
    values = _parameter_rows()
    if name not in values:
        raise DataError(f"thermal_model_parameters.csv: missing row {name}")
    return values[name]


@dataclass(frozen=True)
class Agent:
    """Something put on (or around) the skin: its source temperature and how strongly it couples.

    ``coupling`` is a rate (per minute) with no barrier; ``calibrated`` says whether it was fitted to
    measured temperatures or only assumed.
    """

    id: str
    modality: Modality
    label: str
    source_temp_c: float
    coupling: float
    calibrated: bool
    refs: tuple[str, ...]
    note: str


@cache
def load_agents() -> dict[str, Agent]:
    """All agents by id (``data/thermal_agents.csv``), with their references checked."""
    rows = read_csv(
        "thermal_agents.csv", required=("id", "modality", "label", "source_temp_c", "coupling", "calibrated")
    )
    agents: dict[str, Agent] = {}
    for number, row in enumerate(rows, start=2):
        where = f"thermal_agents.csv, line {number}"
        try:
            modality = Modality(row["modality"].strip())
            source = float(row["source_temp_c"])
            coupling = float(row["coupling"])
        except ValueError as error:
            raise DataError(f"{where}: {error}") from error
        calibrated = row["calibrated"].strip().lower()
        if calibrated not in ("true", "false"):
            raise DataError(f"{where}: calibrated must be true or false, got {row['calibrated']!r}")
        if coupling < 0:
            raise DataError(f"{where}: coupling must be zero or positive")
        refs = tuple(split_ids(row.get("refs") or ""))
        check_reference_ids(refs, where)
        agent = Agent(
            id=row["id"].strip(),
            modality=modality,
            label=row["label"].strip(),
            source_temp_c=source,
            coupling=coupling,
            calibrated=calibrated == "true",
            refs=refs,
            note=(row.get("note") or "").strip(),
        )
        if agent.id in agents:
            raise DataError(f"{where}: agent id {agent.id!r} appears twice")
        agents[agent.id] = agent
    return agents


def get_agent(agent_id: str) -> Agent:
    """One agent by id; an unknown id raises with the list of known ones."""
    agents = load_agents()
    if agent_id not in agents:
        raise PlanInputError(f"unknown agent {agent_id!r}; known agents: {', '.join(agents)}")
    return agents[agent_id]


@dataclass(frozen=True)
class Band:
    """A skin-temperature band worth marking on a plot (analgesia, cold injury, burn).

    ``low_c``/``high_c`` may be infinite (an open side). ``status`` says how well the edges are supported:
    ``sourced``, ``secondary`` (from a summary of the original) or ``unverified`` (no source found).
    """

    id: str
    label: str
    site: str
    low_c: float
    high_c: float
    status: str
    refs: tuple[str, ...]
    note: str

    def contains(self, temperature_c: float | np.ndarray) -> bool | np.ndarray:
        """True where a temperature lies in ``[low_c, high_c)``."""
        temperature = np.asarray(temperature_c, dtype=float)
        inside = (temperature >= self.low_c) & (temperature < self.high_c)
        return bool(inside) if inside.ndim == 0 else inside


@cache
def load_bands() -> dict[str, Band]:
    """All temperature bands by id (``data/temperature_bands.csv``), with their references checked."""
    rows = read_csv("temperature_bands.csv", required=("id", "label", "site", "status", "note"))
    bands: dict[str, Band] = {}
    for number, row in enumerate(rows, start=2):
        where = f"temperature_bands.csv, line {number}"
        try:
            low = float(row["low_c"]) if (row.get("low_c") or "").strip() else -math.inf
            high = float(row["high_c"]) if (row.get("high_c") or "").strip() else math.inf
        except ValueError as error:
            raise DataError(f"{where}: {error}") from error
        if not low < high:
            raise DataError(f"{where}: low_c must be below high_c")
        status = row["status"].strip()
        if status not in BAND_STATUSES:
            raise DataError(f"{where}: status {status!r} must be one of {', '.join(BAND_STATUSES)}")
        refs = tuple(split_ids(row.get("refs") or ""))
        check_reference_ids(refs, where)
        band = Band(
            row["id"].strip(),
            row["label"].strip(),
            row["site"].strip(),
            low,
            high,
            status,
            refs,
            row["note"].strip(),
        )
        if band.id in bands:
            raise DataError(f"{where}: band id {band.id!r} appears twice")
        bands[band.id] = band
    return bands


@dataclass(frozen=True)
class TemperatureTrace:
    """Modelled temperatures on a time grid (minutes; °C)."""

    time_min: np.ndarray
    skin_c: np.ndarray
    muscle_c: np.ndarray

    def at(self, time_min: float) -> tuple[float, float]:
        """(skin, muscle) at the grid point nearest ``time_min``."""
        index = int(np.argmin(np.abs(self.time_min - time_min)))
        return float(self.skin_c[index]), float(self.muscle_c[index])


# ---------------------------------------------------------------------------------------------------------
# The solver: exact solution of a 2x2 linear system over segments with constant input.


def _expm_series(matrix: np.ndarray, times: np.ndarray) -> np.ndarray:
    """``exp(matrix * t)`` for every t, shape (len(times), 2, 2), via the two real eigenvalues.

    The matrices here are compartment matrices (off-diagonals >= 0), so the eigenvalues are real; the
    form below never overflows for the decaying (negative) eigenvalues of this model.
    """
    half_trace = 0.5 * (matrix[0, 0] + matrix[1, 1])
    det = matrix[0, 0] * matrix[1, 1] - matrix[0, 1] * matrix[1, 0]
    q = math.sqrt(max(half_trace * half_trace - det, 0.0))
    times = np.asarray(times, dtype=float)[:, None, None]
    eye = np.eye(2)
    if q < 1e-12:  # repeated eigenvalue
        return np.exp(half_trace * times) * (eye + times * (matrix - half_trace * eye))
    lam1, lam2 = half_trace + q, half_trace - q
    return (np.exp(lam1 * times) * (matrix - lam2 * eye) - np.exp(lam2 * times) * (matrix - lam1 * eye)) / (
        lam1 - lam2
    )


@dataclass(frozen=True)
class _Segment:
    start: float
    end: float
    matrix: np.ndarray  # system matrix of the deviations
    target: np.ndarray  # the equilibrium (deviations) this input drives towards


def _segment_system(params: ThermalParams, rate: float, source_c: float) -> tuple[np.ndarray, np.ndarray]:
    """System matrix and equilibrium (deviations) for an agent pulling the skin at ``rate`` per minute."""
    matrix = params.rest_matrix
    if rate == 0:
        return matrix, np.zeros(2)
    matrix = matrix.copy()
    matrix[0, 0] -= rate
    forcing = np.array([rate * (source_c - params.skin_base_c), 0.0])
    return matrix, -np.linalg.solve(matrix, forcing)


def _solve(params: ThermalParams, segments: Sequence[_Segment], times: np.ndarray) -> tuple[np.ndarray, ...]:
    """Skin and muscle (°C) at ``times`` (sorted), starting at rest at ``segments[0].start``."""
    deviation = np.zeros(2)
    out = np.empty((len(times), 2))
    for segment in segments:
        lo = np.searchsorted(times, segment.start, side="left")
        hi = np.searchsorted(times, segment.end, side="right")
        if hi > lo:
            expm = _expm_series(segment.matrix, times[lo:hi] - segment.start)
            out[lo:hi] = segment.target + expm @ (deviation - segment.target)
        end_expm = _expm_series(segment.matrix, np.array([segment.end - segment.start]))[0]
        deviation = segment.target + end_expm @ (deviation - segment.target)
    return out[:, 0] + params.skin_base_c, out[:, 1] + params.muscle_base_c


def _segments(
    params: ThermalParams, start: float, end: float, pulses: Sequence[tuple[float, float, float, float]]
) -> list[_Segment]:
    """Rest and applied segments covering [start, end]; ``pulses`` are (on, off, rate, source_c), sorted."""
    rest = _segment_system(params, 0.0, 0.0)
    segments: list[_Segment] = []
    cursor = start
    for on, off, rate, source in pulses:
        on, off = max(on, start), min(off, end)
        if off <= on:
            continue
        if on > cursor:
            segments.append(_Segment(cursor, on, *rest))
        segments.append(_Segment(on, off, *_segment_system(params, rate, source)))
        cursor = off
    if cursor < end or not segments:
        segments.append(_Segment(cursor, end, *rest))
    return segments


def _grid(start: float, end: float, step: float) -> np.ndarray:
    count = math.ceil((end - start) / step - 1e-9)
    if count + 1 > MAX_POINTS:
        raise PlanInputError(
            f"{count + 1} time points is too many; use a larger step_min (at most {MAX_POINTS} points)"
        )
    grid = start + step * np.arange(count + 1)
    grid[-1] = end
    return grid


def _check_time(name: str, value: float) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError) as error:
        raise PlanInputError(f"{name} must be a time in minutes after midnight, got {value!r}") from error
    if not math.isfinite(number):
        raise PlanInputError(f"{name} must be a finite number of minutes, got {value!r}")
    return number


def _check_number(name: str, value: float, *, positive: bool = False) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError) as error:
        raise PlanInputError(f"{name} must be a number of minutes, got {value!r}") from error
    if not math.isfinite(number):
        raise PlanInputError(f"{name} must be a finite number of minutes, got {value!r}")
    if positive and number <= 0:
        raise PlanInputError(f"{name} must be more than 0 minutes, got {value!r}")
    if not positive and number < 0:
        raise PlanInputError(f"{name} must be 0 minutes or more, got {value!r}")
    return number


# ---------------------------------------------------------------------------------------------------------
# Public simulation API.


def simulate(
    applications: Sequence[Application],
    start_min: float,
    end_min: float,
    *,
    agents: Mapping[Modality, str] | None = None,
    barrier: str = "damp_cloth",
    step_min: float = 0.5,
    params: ThermalParams | None = None,
) -> TemperatureTrace:
    """Skin and muscle temperature through a plan of ice and heat applications (teaching model).

    Why: a day planner can show what its schedule does to the tissue, e.g. that muscle is still cool
    when the next ice is due.

    Starts at rest (the model's resting temperatures) at ``start_min``; times are minutes as in
    :mod:`helpers.timeline`. ``agents`` says which agent stands for each modality (default: crushed-ice
    pack and heat pad); ``barrier`` applies to every application (use ``"none"`` for a bath or shower).
    Parts of applications outside ``[start_min, end_min]`` are ignored; overlapping applications are
    refused.
    """
    params = params or load_thermal_params()
    start = _check_time("start_min", start_min)
    end = _check_time("end_min", end_min)
    if end <= start:
        raise PlanInputError(f"end_min ({end_min}) must be later than start_min ({start_min})")
    step = _check_number("step_min", step_min, positive=True)
    factor = params.barrier_factor(barrier)
    chosen = dict(DEFAULT_AGENTS)
    for modality, agent_id in (agents or {}).items():
        if modality not in set(Modality):
            allowed = ", ".join(item.value for item in Modality)
            raise PlanInputError(f"unknown modality {modality!r} in agents; choose one of: {allowed}")
        modality = Modality(modality)
        agent = get_agent(agent_id)
        if agent.modality is not modality:
            raise PlanInputError(
                f"agent {agent_id!r} is a {agent.modality.value} agent and cannot stand for {modality.value}"
            )
        chosen[modality] = agent_id
    ordered = sorted(applications, key=lambda item: item.start_min)
    for app in ordered:
        if app.duration_min <= 0:
            raise PlanInputError(f"{app.describe()}: an application must last more than 0 minutes")
    for app, later in pairwise(ordered):
        if later.start_min < app.end_min:
            raise PlanInputError(
                f"{app.describe()} and {later.describe()} overlap; "
                "one application must end before the next starts"
            )
    pulses = []
    for app in ordered:
        agent = get_agent(chosen[Modality(app.modality)])
        pulses.append(
            (float(app.start_min), float(app.end_min), agent.coupling * factor, agent.source_temp_c)
        )
    times = _grid(start, end, step)
    skin, muscle = _solve(params, _segments(params, start, end, pulses), times)
    return TemperatureTrace(times, skin, muscle)


def simulate_single(
    agent_id: str,
    duration_min: float,
    *,
    barrier: str = "damp_cloth",
    before_min: float = 5,
    after_min: float = 60,
    step_min: float = 0.5,
    params: ThermalParams | None = None,
) -> TemperatureTrace:
    """One application of one agent; time 0 is when it goes on (negative times are rest before it).

    Why: comparing agents or barriers side by side is easiest on a common clock. Teaching model only.
    """
    agent = get_agent(agent_id)
    duration = _check_number("duration_min", duration_min, positive=True)
    before = _check_number("before_min", before_min)
    after = _check_number("after_min", after_min)
    step = _check_number("step_min", step_min, positive=True)
    params = params or load_thermal_params()
    rate = agent.coupling * params.barrier_factor(barrier)
    return _single(params, rate, agent.source_temp_c, duration, before, after, step)


def _single(
    params: ThermalParams,
    rate: float,
    source_c: float,
    duration: float,
    before: float,
    after: float,
    step: float,
) -> TemperatureTrace:
    times = _grid(-before, duration + after, step)
    segments = _segments(params, -before, duration + after, [(0.0, duration, rate, source_c)])
    skin, muscle = _solve(params, segments, times)
    return TemperatureTrace(times, skin, muscle)


# ---------------------------------------------------------------------------------------------------------
# The Dykstra 2009 data and the fit.


def _check_dykstra(location: str, treatment: str) -> None:
    if location not in LOCATIONS:
        raise PlanInputError(f"unknown location {location!r}; choose one of: {', '.join(LOCATIONS)}")
    if treatment not in TREATMENTS:
        raise PlanInputError(f"unknown treatment {treatment!r}; choose one of: {', '.join(TREATMENTS)}")


@cache
def _dykstra_table() -> dict[tuple[str, str], tuple[np.ndarray, np.ndarray, np.ndarray]]:
    rows = read_csv(
        "dykstra2009_summary.csv", required=("location", "treatment", "time_min", "mean_c", "sd_c")
    )
    grouped: dict[tuple[str, str], list[tuple[float, float, float]]] = {}
    for row in rows:
        key = (row["location"], row["treatment"])
        grouped.setdefault(key, []).append((float(row["time_min"]), float(row["mean_c"]), float(row["sd_c"])))
    table = {}
    for key, values in grouped.items():
        array = np.array(sorted(values))
        for column in array.T:
            column.setflags(write=False)
        table[key] = (array[:, 0], array[:, 1], array[:, 2])
    return table


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
        raise PlanInputError(
            f"couplings for {', '.join(missing)} missing; give one per treatment {TREATMENTS}"
        )
    if max_iter < 1 or restarts < 0:
        raise PlanInputError("max_iter must be at least 1 and restarts 0 or more")

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
        raise PlanInputError(
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
