"""One application of ice or heat, explored: the numbers, the warnings and the tables notebook 03 shows.

Sits between the teaching model (:mod:`helpers.thermal`, which it uses unchanged) and the views: it picks
the agents and barriers a reader can choose, runs one application on a fixed clock, and checks it against
the series' safety rules (``data/safety_rules.csv`` via :mod:`helpers.rules`) and temperature bands
(``data/temperature_bands.csv``). No numbers that a clinician may want to change are written here: limits
come from the rules, thresholds from the bands. No matplotlib, no ipywidgets.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from helpers.data import load_references
from helpers.errors import whole_in_range
from helpers.markdown_table import markdown_table
from helpers.rules import Limits, default_limits, load_rules
from helpers.screening import load_contraindications
from helpers.thermal import (
    Agent,
    Band,
    TemperatureTrace,
    get_agent,
    load_agents,
    load_bands,
    load_thermal_params,
    simulate_single,
)
from helpers.thermal_calibration import (
    DYKSTRA_AGENTS,
    DYKSTRA_BARRIER,
    DYKSTRA_ICE_MIN,
    LOCATIONS,
    TREATMENTS,
    dykstra_means,
    model_dykstra,
    model_error,
    stated_rmse,
)
from helpers.timeline import Modality, PlanInputError

#: The order a reader meets the agents: what people have at home first, then the lab ice types, then heat.
#: Agents in ``data/thermal_agents.csv`` that are not listed here follow in file order.
AGENT_ORDER = (
    "ice_pack_crushed",
    "frozen_peas",
    "gel_pack",
    "ice_cubed",
    "ice_wet",
    "heat_pad",
    "warm_bath",
    "hot_shower",
    "heat_lamp",
)
#: Barrier id -> what a reader sees. The damp cloth comes first: it is what the series advises.
BARRIER_LABELS = {
    "damp_cloth": "thin damp cloth",
    "dry_towel": "dry towel",
    "none": "nothing (never for ice at home)",
}
#: Agents that are water on the skin: a cloth barrier makes no sense for them.
WATER_AGENTS = frozenset({"warm_bath", "hot_shower"})
#: Time on the skin a reader may choose (min). The top goes well past the rules' limits on purpose, so the
#: warning can be seen; a test checks it stays above them.
MIN_MINUTES, MAX_MINUTES = 1, 40
#: The common clock of every single-application plot: rest before, then up to 100 min after the start.
VIEW_BEFORE_MIN, VIEW_END_MIN = 5.0, 100.0
STEP_MIN = 0.5
#: Dykstra data are every 30 s; plots show a marker every this many minutes so the error bars stay legible.
MARKER_EVERY_MIN = 5.0


def uncalibrated_suffix(agent: Agent) -> str:
    return "" if agent.calibrated else " (model not calibrated)"


def agent_options() -> list[tuple[str, str]]:
    """(label, id) pairs for a menu: labels from the data, marked when the model is not calibrated."""
    agents = load_agents()
    ordered = [a for a in AGENT_ORDER if a in agents] + [a for a in agents if a not in AGENT_ORDER]
    return [(agents[a].label + uncalibrated_suffix(agents[a]), a) for a in ordered]


def barrier_options() -> list[tuple[str, str]]:
    """(label, id) pairs for the barrier menu."""
    return [(label, barrier) for barrier, label in BARRIER_LABELS.items()]


def dykstra_treatment(agent_id: str, barrier: str) -> str | None:
    """The Dykstra 2009 ice type this agent stands for, if the comparison is fair (no barrier), else None.

    Why only barrier "none": the model's ice couplings were fitted taking the packs as applied straight on
    the skin, so data shown next to a cloth or towel curve would compare unlike with unlike.
    """
    if barrier != DYKSTRA_BARRIER:
        return None
    for treatment, agent in DYKSTRA_AGENTS.items():
        if agent == agent_id:
            return treatment
    return None


def duration_limit(modality: Modality, limits: Limits | None = None) -> int:
    """The series' longest single application (min) for ice or heat, from the safety rules."""
    limits = limits or default_limits()
    return limits.ice_max_min if modality is Modality.ICE else limits.heat_max_min


@dataclass(frozen=True)
class SingleApplication:
    """One modelled application and what it means: the trace, key numbers, warnings and notes."""

    agent: Agent
    duration_min: int
    barrier: str
    trace: TemperatureTrace
    skin_end_c: float  # at the moment the agent comes off
    muscle_end_c: float
    muscle_extreme_c: float  # lowest muscle for ice, highest for heat
    muscle_extreme_min: float  # when (min after the agent went on)
    warnings: tuple[str, ...]
    notes: tuple[str, ...]
    dykstra: str | None  # Dykstra treatment shown beside it, if any

    @property
    def is_ice(self) -> bool:
        return self.agent.modality is Modality.ICE

    @property
    def after_drop_min(self) -> float:
        """How long the muscle keeps moving the same way after removal (0 if it turns at once)."""
        return max(0.0, self.muscle_extreme_min - self.duration_min)

    def readout(self) -> str:
        """One line: ``After 20 min: skin 16.7 °C, muscle 31.8 °C; lowest muscle 30.7 °C at 37 min``."""
        word = "lowest" if self.is_ice else "highest"
        return (
            f"After {self.duration_min} min: skin {self.skin_end_c:.1f} °C, "
            f"muscle {self.muscle_end_c:.1f} °C; "
            f"{word} muscle {self.muscle_extreme_c:.1f} °C at {self.muscle_extreme_min:.0f} min"
        )


def _check_minutes(duration_min: object) -> int:
    return whole_in_range(duration_min, "time on the skin", MIN_MINUTES, MAX_MINUTES, unit="minutes")


def _check_barrier(barrier: object) -> str:
    if barrier not in BARRIER_LABELS:
        raise PlanInputError(f"unknown barrier {barrier!r}; choose one of: {', '.join(BARRIER_LABELS)}")
    return str(barrier)


def application_warnings(
    agent: Agent,
    duration_min: int,
    barrier: str,
    trace: TemperatureTrace,
    *,
    limits: Limits | None = None,
    bands: dict[str, Band] | None = None,
) -> tuple[str, ...]:
    """What a reader must be warned about for this application, in plain words, most serious first.

    Checked: longer than the rule's limit; ice with nothing between it and the skin; modelled skin in the
    (unverified) cold-injury warning band or below freezing; a heat source at or above the burn-risk band.
    """
    limits = limits or default_limits()
    bands = bands or load_bands()
    rules = load_rules()
    found: list[str] = []
    cold = bands["cold_injury_warning_unverified"]
    frost = bands["frostbite"]
    burn = bands["burn_risk"]
    coldest = float(np.min(trace.skin_c))
    if agent.modality is Modality.ICE and coldest < frost.high_c:
        found.append(
            f"The modelled skin falls below {frost.high_c:.0f} °C: {frost.label.lower()}. "
            "Stop long before this."
        )
    elif agent.modality is Modality.ICE and coldest < cold.high_c:
        found.append(
            f"The modelled skin falls to {coldest:.1f} °C, inside the cold-injury warning band "
            f"(below about {cold.high_c:.0f} °C; this edge is unverified). "
            "Check the skin often and stop early."
        )
    if agent.modality is Modality.HEAT and agent.source_temp_c >= burn.low_c:
        found.append(
            f"The heat source is {agent.source_temp_c:.0f} °C, at or above the {burn.low_c:.0f} °C "
            "where burn risk starts. Use it cooler, wrap it and check the skin."
        )
    if agent.modality is Modality.ICE and barrier == "none":
        found.append(f"Bare ice on the skin. {rules['ICE_BARRIER'].reason}")
    limit = duration_limit(agent.modality, limits)
    if duration_min > limit:
        what = "ice" if agent.modality is Modality.ICE else "heat"
        found.append(
            f"{duration_min} min is longer than this series' limit of {limit} min for {what} at a time. "
            "The model does not show skin damage; the limit is there to keep you safe."
        )
    return tuple(found)


def application_notes(agent: Agent, barrier: str, limits: Limits | None = None) -> tuple[str, ...]:
    """Reminders that are not warnings: model status, the wait before heat, water and barriers."""
    limits = limits or default_limits()
    notes: list[str] = []
    if not agent.calibrated:
        notes.append(
            f"{agent.label}: the model is not calibrated for this agent (no measured time course was found), "
            "so read the curves as a sketch."
        )
    if agent.modality is Modality.HEAT:
        notes.append(
            f"This series waits {limits.heat_earliest_h:.0f} h after a cramp or strain began "
            "before using heat."
        )
    if agent.id in WATER_AGENTS and barrier != "none":
        notes.append("Water touches the skin directly: for a bath or shower choose 'nothing' as the barrier.")
    return tuple(notes)


def explore(
    agent_id: str, duration_min: int, barrier: str = "damp_cloth", *, limits: Limits | None = None
) -> SingleApplication:
    """Model one application on the common clock (5 min before to 100 min after it starts) and check it."""
    agent = get_agent(agent_id)
    minutes = _check_minutes(duration_min)
    barrier = _check_barrier(barrier)
    trace = simulate_single(
        agent.id,
        minutes,
        barrier=barrier,
        before_min=VIEW_BEFORE_MIN,
        after_min=VIEW_END_MIN - minutes,
        step_min=STEP_MIN,
    )
    skin_end, muscle_end = trace.at(minutes)
    on = trace.time_min >= 0
    muscle = trace.muscle_c[on]
    index = int(np.argmin(muscle) if agent.modality is Modality.ICE else np.argmax(muscle))
    return SingleApplication(
        agent=agent,
        duration_min=minutes,
        barrier=barrier,
        trace=trace,
        skin_end_c=skin_end,
        muscle_end_c=muscle_end,
        muscle_extreme_c=float(muscle[index]),
        muscle_extreme_min=float(trace.time_min[on][index]),
        warnings=application_warnings(agent, minutes, barrier, trace, limits=limits),
        notes=application_notes(agent, barrier, limits),
        dykstra=dykstra_treatment(agent.id, barrier),
    )


def dykstra_markers(
    treatment: str, location: str, *, start_min: float = -VIEW_BEFORE_MIN, end_min: float = VIEW_END_MIN
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Dykstra group mean and SD every ``MARKER_EVERY_MIN`` minutes inside the plotted window."""
    time, mean, sd = dykstra_means(location, treatment)
    keep = (time >= start_min) & (time <= end_min) & np.isclose(np.mod(time, MARKER_EVERY_MIN), 0.0)
    return time[keep], mean[keep], sd[keep]


@dataclass(frozen=True)
class FitRow:
    """How well the model follows one Dykstra curve."""

    treatment: str
    location: str
    rmse_c: float  # recomputed now from the data and the stored parameters
    stated_rmse_c: float  # what data/thermal_model_parameters.csv says


def fit_rows() -> list[FitRow]:
    """Model-versus-data error for every Dykstra ice type and site (recomputed and as stated)."""
    return [FitRow(t, loc, model_error(t, loc), stated_rmse(t, loc)) for t in TREATMENTS for loc in LOCATIONS]


SITE_WORDS = {"surface": "skin", "intramuscular": "muscle (2 cm)"}


def fit_table_markdown() -> str:
    """The fit errors as a Markdown table, for the students' section."""
    return markdown_table(
        ("Ice type", "Site", "RMSE recomputed now (°C)", "RMSE stated in the parameters file (°C)"),
        (
            (row.treatment, SITE_WORDS[row.location], f"{row.rmse_c:.2f}", f"{row.stated_rmse_c:.2f}")
            for row in fit_rows()
        ),
    )


def end_of_ice_rows(at_min: float = 19.5) -> list[tuple[str, float, float, float, float]]:
    """(ice type, measured skin, measured muscle, modelled skin, modelled muscle) at ``at_min`` (°C).

    19.5 min is the last reading with the ice still on. For the "check before teaching" puzzle: the data
    put cubed ice's skin above crushed ice's, while the abstract reports lower skin temperatures.
    """
    rows = []
    for treatment in TREATMENTS:
        measured = []
        for location in LOCATIONS:
            time, mean, _ = dykstra_means(location, treatment)
            index = int(np.argmin(np.abs(time - at_min)))
            if abs(time[index] - at_min) > 1e-9:
                raise PlanInputError(f"no Dykstra reading at {at_min} min; readings are every 30 s")
            measured.append(float(mean[index]))
        agent = get_agent(DYKSTRA_AGENTS[treatment])
        skin, muscle = model_dykstra(load_thermal_params(), agent.coupling, np.array([at_min]))
        rows.append((treatment, measured[0], measured[1], float(skin[0]), float(muscle[0])))
    return rows


def end_of_ice_markdown(at_min: float = 19.5) -> str:
    """:func:`end_of_ice_rows` as a Markdown table."""
    return markdown_table(
        (
            "Ice type",
            f"Skin, measured mean at {at_min} min (°C)",
            "Muscle, measured (°C)",
            "Skin, model (°C)",
            "Muscle, model (°C)",
        ),
        ((row[0], *(f"{value:.2f}" for value in row[1:])) for row in end_of_ice_rows(at_min)),
    )


def contraindications_markdown(modality: str) -> str:
    """The screening list for ``"ice"`` or ``"heat"`` (items marked ``both`` included), with references.

    From ``data/contraindications.csv``, so notebook 03 and the planner show the same list.
    """
    if modality not in ("ice", "heat"):
        raise PlanInputError(f"modality must be 'ice' or 'heat', got {modality!r}")
    references = load_references()
    return markdown_table(
        ("Contraindication (clinical term)", "In plain words", "Sources"),
        (
            (item.clinical_label, item.plain_label, "; ".join(references[ref].short for ref in item.refs))
            for item in load_contraindications().values()
            if (item.blocks_ice if modality == "ice" else item.blocks_heat)
        ),
    )


@dataclass(frozen=True)
class AfterDrop:
    """When the measured muscle mean was lowest after the ice came off, and how far it was from rest."""

    treatment: str
    lowest_c: float
    lowest_at_min: float  # min after the ice went on
    baseline_c: float  # mean at the moment the ice went on
    at_end_c: float  # mean at the last reading (120 min after removal)

    @property
    def after_removal_min(self) -> float:
        return self.lowest_at_min - DYKSTRA_ICE_MIN


def after_drop_rows() -> list[AfterDrop]:
    """The muscle after-drop in the Dykstra 2009 group means, per ice type (computed from the data)."""
    rows = []
    for treatment in TREATMENTS:
        time, mean, _ = dykstra_means("intramuscular", treatment)
        after = time >= DYKSTRA_ICE_MIN
        index = int(np.argmin(mean[after]))
        start = int(np.argmin(np.abs(time)))
        rows.append(
            AfterDrop(
                treatment,
                float(mean[after][index]),
                float(time[after][index]),
                float(mean[start]),
                float(mean[-1]),
            )
        )
    return rows


def after_drop_markdown() -> str:
    """:func:`after_drop_rows` as a Markdown table."""
    return markdown_table(
        (
            "Ice type",
            "Muscle when the ice went on (°C)",
            "Lowest mean after removal (°C)",
            "Reached (min after removal)",
            "At the last reading, 120 min after removal (°C)",
        ),
        (
            (
                row.treatment,
                f"{row.baseline_c:.2f}",
                f"{row.lowest_c:.2f}",
                f"{row.after_removal_min:g}",
                f"{row.at_end_c:.2f}",
            )
            for row in after_drop_rows()
        ),
    )


def compare_markdown(cases: list[tuple[str, int, str]]) -> str:
    """Several (agent id, minutes, barrier) cases side by side, one readout per row (teaching model)."""
    rows = []
    for agent_id, minutes, barrier in cases:
        result = explore(agent_id, minutes, barrier)
        rows.append((result.agent.label, BARRIER_LABELS[barrier], result.readout()))
    return markdown_table(("On the skin", "Barrier", "Readout (teaching model)"), rows)
