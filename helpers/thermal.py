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
import numbers
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from itertools import pairwise
from types import MappingProxyType

import numpy as np

from helpers.data import Column, DataError, Table, cached, load_table
from helpers.errors import InputError
from helpers.timeline import Application, Modality

#: Barriers between agent and skin. ``none`` is the reference the Dykstra couplings are fitted for.
BARRIERS = ("none", "damp_cloth", "dry_towel")
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
            raise InputError(f"unknown barrier {barrier!r}; choose one of: {', '.join(BARRIERS)}")
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


PARAMETERS = Table(
    "thermal_model_parameters.csv",
    (Column("name"), Column("value", "number"), Column("unit"), Column("meaning"), Column("how_obtained")),
    key="name",
)
AGENTS = Table(
    "thermal_agents.csv",
    (
        Column("id"),
        Column("modality", "choice", choices=tuple(item.value for item in Modality)),
        Column("label"),
        Column("source_temp_c", "number"),
        Column("coupling", "number", low=0),
        Column("calibrated", "flag", choices=("true", "false")),
        Column("refs", "refs", required=False),
        Column("note", required=False, default=""),
    ),
)
BANDS = Table(
    "temperature_bands.csv",
    (
        Column("id"),
        Column("label"),
        Column("site"),
        Column("low_c", "number", required=False, default=-math.inf),
        Column("high_c", "number", required=False, default=math.inf),
        Column("status", "choice", choices=BAND_STATUSES),
        Column("refs", "refs", required=False),
        Column("note"),
    ),
)


@cached
def _parameter_rows() -> Mapping[str, float]:
    return MappingProxyType({row["name"]: row["value"] for row in load_table(PARAMETERS)})


def load_thermal_params() -> ThermalParams:
    """The stored model parameters (``data/thermal_model_parameters.csv``)."""
    values = _parameter_rows()
    missing = [name for name in PARAM_NAMES if name not in values]
    if missing:
        raise DataError(f"thermal_model_parameters.csv: missing parameter(s) {', '.join(missing)}")
    return ThermalParams(**{name: values[name] for name in PARAM_NAMES})


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


@cached
def load_agents() -> Mapping[str, Agent]:
    """All agents by id (``data/thermal_agents.csv``), with their references checked; read-only."""
    return MappingProxyType(
        {row["id"]: Agent(**{**row, "modality": Modality(row["modality"])}) for row in load_table(AGENTS)}
    )


def get_agent(agent_id: str) -> Agent:
    """One agent by id; an unknown id raises with the list of known ones."""
    agents = load_agents()
    if not isinstance(agent_id, str) or agent_id not in agents:
        raise InputError(f"unknown agent {agent_id!r}; known agents: {', '.join(agents)}")
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


@cached
def load_bands() -> Mapping[str, Band]:
    """All temperature bands by id (``data/temperature_bands.csv``), references checked; read-only."""
    bands = {}
    for row in load_table(BANDS):
        if not row["low_c"] < row["high_c"]:
            raise DataError(f"{row.where}: low_c must be below high_c")
        bands[row["id"]] = Band(**row)
    return MappingProxyType(bands)


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
        raise InputError(
            f"{count + 1} time points is too many; use a larger step_min (at most {MAX_POINTS} points)"
        )
    grid = start + step * np.arange(count + 1)
    grid[-1] = end
    return grid


def _check_time(name: str, value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not math.isfinite(value):
        raise InputError(field=name, given=value, allowed="a finite number of minutes after midnight")
    return float(value)


def _check_number(name: str, value: object, *, positive: bool = False) -> float:
    allowed = f"a number of minutes{' above 0' if positive else ', 0 or more'}"
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not math.isfinite(value):
        raise InputError(field=name, given=value, allowed=allowed)
    if value < 0 or (positive and value == 0):
        raise InputError(field=name, given=value, allowed=allowed)
    return float(value)


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
        raise InputError(f"end_min ({end_min}) must be later than start_min ({start_min})")
    step = _check_number("step_min", step_min, positive=True)
    factor = params.barrier_factor(barrier)
    chosen = dict(DEFAULT_AGENTS)
    for modality, agent_id in (agents or {}).items():
        if modality not in set(Modality):
            allowed = ", ".join(item.value for item in Modality)
            raise InputError(f"unknown modality {modality!r} in agents; choose one of: {allowed}")
        modality = Modality(modality)
        agent = get_agent(agent_id)
        if agent.modality is not modality:
            raise InputError(
                f"agent {agent_id!r} is a {agent.modality.value} agent and cannot stand for {modality.value}"
            )
        chosen[modality] = agent_id
    if isinstance(applications, str) or not isinstance(applications, Sequence):
        raise InputError(field="applications", given=applications, allowed="a list of Application")
    wrong = [item for item in applications if not isinstance(item, Application)]
    if wrong:
        raise InputError(
            field="applications", given=wrong[0], allowed="a list of Application (helpers.timeline)"
        )
    ordered = sorted(applications, key=lambda item: item.start_min)
    for app in ordered:
        if app.duration_min <= 0:
            raise InputError(f"{app.describe()}: an application must last more than 0 minutes")
    for app, later in pairwise(ordered):
        if later.start_min < app.end_min:
            raise InputError(
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
