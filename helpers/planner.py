"""The heat and ice day planner: make a safe day of sessions, check any plan, and say it in plain words.

Three jobs, kept apart on purpose:

* ``generate_plan`` builds a plan that obeys every rule in ``data/safety_rules.csv`` for the person's
  waking hours, time since the cramp began and screening answers;
* ``validate_plan`` checks *any* plan (generated, hand-edited, unsorted, overlapping) and returns every
  broken rule with its id, so a teaching notebook can show why a plan is unsafe;
* ``describe_plan`` turns a plan into short sentences a patient can follow.

The generator and the checker are written independently from the same ``Limits``; the tests run the
checker over many generated plans, so a slip in either shows up as a violation.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import time

from helpers.data import DataError
from helpers.errors import whole_in_range
from helpers.messages import safety_text
from helpers.planner_notes import note_text
from helpers.rules import Limits, default_limits
from helpers.screening import check_ids, screen
from helpers.timeline import (
    MINUTES_PER_DAY,
    Application,
    DayPlan,
    Event,
    Modality,
    PlanInputError,
    WakingWindow,
    format_clock,
)
from helpers.triage import _ticked, require_self_care, self_care_gate

#: Starts are put on 5-minute clock marks when the rules leave room, so times are easy to read and set.
ROUND_TO_MIN = 5

_NAMES = {Modality.ICE: "ice", Modality.HEAT: "heat"}


@dataclass(frozen=True)
class PlanRequest:
    """What a person tells the planner. The defaults are a typical day, so a widget opens on a real case.

    ``event`` is what happened (:class:`~helpers.timeline.Event`): a cramp that has gone, a muscle still
    sore after a cramp or spasm, or a strain or knock. ``hours_since_onset`` is counted at wake time.
    ``spacing_minutes`` is the shortest gap, start to start, between sessions. ``ice_sessions`` and
    ``heat_sessions`` are how many a day the person wants (None: the suggestion in the rules, never the
    most that fits). ``contraindications`` holds ids from ``data/contraindications.csv``; ``red_flags``
    holds ticked ids from ``data/red_flags.csv``. ``barrier`` says a thin cloth will be used under the ice.
    """

    wake: str | time = "07:00"
    bed: str | time = "22:30"
    hours_since_onset: float = 12
    ice_minutes: int = 15
    heat_minutes: int = 20
    spacing_minutes: int = 120
    contraindications: frozenset[str] = field(default_factory=frozenset)
    barrier: bool = True
    event: Event | str = Event.SORE_AFTER_CRAMP
    ice_sessions: int | None = None
    heat_sessions: int | None = None
    red_flags: frozenset[str] = field(default_factory=frozenset)


@dataclass(frozen=True)
class Violation:
    """One broken rule: its id, the index of the application concerned (None for the plan), and why."""

    rule_id: str
    application_index: int | None
    message: str


# ---------------------------------------------------------------------------------------------------------
# Input checks


def _whole_minutes(value: object, what: str, low: int, high: int) -> int:
    """``value`` as whole minutes in ``[low, high]``; the error names the allowed range."""
    return whole_in_range(value, what, low, high, unit="minutes")


def min_spacing(limits: Limits) -> int:
    """Shortest allowed spacing between session starts: the longer of the ice and heat intervals."""
    return max(limits.ice_min_interval_min, limits.heat_min_interval_min)


#: The most sessions of one kind a person may ask for: more than a day can hold at the shortest gap.
MAX_SESSIONS_ASKED = 12


@dataclass(frozen=True)
class CheckedRequest:
    """A request whose every field has been checked, in the types the generator uses."""

    window: WakingWindow
    ice: int
    heat: int
    spacing: int
    ticked: frozenset[str]
    event: Event
    hours: float
    ice_sessions: int
    heat_sessions: int
    red_flags: frozenset[str]


def _event(value: object) -> Event:
    allowed = ", ".join(event.value for event in Event)
    if isinstance(value, Event):
        return value
    if isinstance(value, str) and value in {event.value for event in Event}:
        return Event(value)
    raise PlanInputError(f"event (what happened) must be one of {allowed}, not {value!r}")


def _sessions(value: object, what: str, default: int, high: int) -> int:
    if value is None:
        return default
    return whole_in_range(value, f"{what} sessions a day", 1, high)


def check_request(request: PlanRequest, limits: Limits | None = None) -> CheckedRequest:
    """Check every field of ``request``; the first bad one raises PlanInputError naming it."""
    limits = limits or default_limits()
    if not isinstance(request, PlanRequest):
        raise PlanInputError(f"request must be a PlanRequest, not {type(request).__name__}")
    window, ice, heat, spacing, ticked = _check_request(request, limits)
    return CheckedRequest(
        window=window,
        ice=ice,
        heat=heat,
        spacing=spacing,
        ticked=ticked,
        event=_event(request.event),
        hours=float(request.hours_since_onset),
        ice_sessions=_sessions(request.ice_sessions, "ice", limits.ice_sessions_default, MAX_SESSIONS_ASKED),
        heat_sessions=_sessions(
            request.heat_sessions,
            "heat",
            min(limits.heat_sessions_default, max(1, limits.heat_max_per_day)),
            max(1, limits.heat_max_per_day),
        ),
        red_flags=_ticked(request.red_flags, "red_flags"),
    )


def _check_request(
    request: PlanRequest, limits: Limits
) -> tuple[WakingWindow, int, int, int, frozenset[str]]:
    window = WakingWindow.from_clock(request.wake, request.bed)
    ice = _whole_minutes(request.ice_minutes, "ice time", limits.min_duration_min, limits.ice_max_min)
    heat = _whole_minutes(request.heat_minutes, "heat time", limits.min_duration_min, limits.heat_max_min)
    spacing = _whole_minutes(
        request.spacing_minutes, "time between session starts", min_spacing(limits), MINUTES_PER_DAY
    )
    hours = request.hours_since_onset
    if isinstance(hours, bool) or not isinstance(hours, int | float) or not math.isfinite(hours) or hours < 0:
        raise PlanInputError(
            f"hours since it began must be a number of hours, 0 or more (for example 12), not {hours!r}"
        )
    if not isinstance(request.barrier, bool):
        raise PlanInputError(
            f"barrier must be True or False (a thin cloth under the ice), not {request.barrier!r}"
        )
    return window, ice, heat, spacing, _screening_ids(request.contraindications)


def _screening_ids(value: object) -> frozenset[str]:
    """Ticked screening ids; None, a string or an unknown id raise PlanInputError naming the field."""
    ticked = _ticked(value, "contraindications")
    try:
        return check_ids(ticked)
    except DataError as error:
        raise PlanInputError(f"contraindications: {error}") from error


# ---------------------------------------------------------------------------------------------------------
# Generating


def _hours(value: float) -> str:
    return f"{value:g}"


def _spread_indices(n: int, m: int) -> tuple[int, ...]:
    """``m`` of ``n`` slot indices, evenly spread (the middle of each of ``m`` equal groups)."""
    return tuple(((2 * k + 1) * n) // (2 * m) for k in range(m))


def _round_between(target: float, low: int, high: int) -> int:
    """The 5-minute mark in ``[low, high]`` nearest ``target``, or the whole minute nearest it if none."""
    mark_low = math.ceil(low / ROUND_TO_MIN) * ROUND_TO_MIN
    mark_high = (high // ROUND_TO_MIN) * ROUND_TO_MIN
    if mark_low <= mark_high:
        return min(max(round(target / ROUND_TO_MIN) * ROUND_TO_MIN, mark_low), mark_high)
    return min(max(round(target), low), high)


def _spread_starts(first: int, span: int, n: int, step: int) -> list[int]:
    """``n`` starts in ``[first, first + span]``, at least ``step`` apart, gaps (and both ends) equal.

    The slack beyond the minimum spacing is shared equally between the ``n - 1`` gaps and the two ends,
    so the sessions fill the waking day instead of bunching in the morning.
    """
    if n == 1:
        gap = 0
    else:
        most = span // (n - 1)
        ideal = step + (span - (n - 1) * step) / (n + 1)
        # Round the gap down, so the slack the rounding frees goes to the two ends of the day.
        gap = _round_between(ideal, step, min(most, max(step, math.floor(ideal))))
    room = span - (n - 1) * gap
    start = _round_between(first + room / 2, first, first + room)
    return [start + k * gap for k in range(n)]


def _plan_times(
    window: WakingWindow,
    first_min: int,
    follow_min: int,
    spacing: int,
    heat_cap: int | None,
    count: int,
) -> tuple[list[int], tuple[int, ...]]:
    """Anchor times and which slots get a lead-in (heat before ice), or ``([], ())`` if nothing fits.

    A slot is an anchor session of ``first_min`` minutes. At most ``count`` slots (the person's choice),
    fewer if the spacing does not allow them; they are spread evenly over ``window``. In the mixed plan the
    anchor is the ice and a heat session of ``follow_min`` minutes may come straight before it.
    ``heat_cap`` is the most slots that get heat.
    """
    length = window.length_min
    if length < first_min or count < 1:
        return [], ()
    step = max(spacing, first_min + follow_min)
    n = min(count, 1 + (length - first_min) // step)
    if heat_cap is None:
        return _spread_starts(window.wake_min, length - first_min, n, step), ()
    m = min(heat_cap, n)
    lead_slots = _spread_indices(n, m) if m else ()
    if 0 in lead_slots and follow_min + (n - 1) * step + first_min > length:
        # Heat before the first ice would start before waking: keep every slot, give heat to later ones.
        m = min(m, n - 1)
        lead_slots = tuple(index + 1 for index in _spread_indices(n - 1, m)) if m else ()
    lead = follow_min if 0 in lead_slots else 0
    anchors = _spread_starts(window.wake_min + lead, length - lead - first_min, n, step)
    return anchors, lead_slots


def ice_end_min(window: WakingWindow, hours_since_onset: float, limits: Limits) -> int:
    """The last minute of the day an ice session may end: waking hours and the repeated-ice period."""
    left = math.floor((limits.ice_repeat_max_h - hours_since_onset) * 60)
    return min(window.bed_min, window.wake_min + max(0, left))


def generate_plan(request: PlanRequest, limits: Limits | None = None) -> DayPlan:
    """A day of ice and heat sessions within every limit the sources support; deterministic.

    * A ticked warning sign that needs urgent or emergency care (a red flag, or a screening item that is
      one) raises :class:`~helpers.triage.SelfCareStopped` with the advice: no plan is made.
    * A cramp that has gone: no sessions (nothing in the sources supports repeated ice or heat).
    * A muscle still sore after a cramp past ``sore_after_cramp_max_h``: no sessions; see a clinician.
    * Ice only in the first ``ice_repeat_max_h`` hours (injury advice; borrowed for a sore muscle after a
      cramp, and the plan says so), and only with a cloth and when no screening item rules it out.
    * Heat only from ``heat_earliest_h`` hours, at most ``heat_max_per_day`` times.
    * The number of sessions is the person's choice (default: the suggestion in the rules), spread evenly
      over the hours allowed; never simply as many as fit.

    Impossible input raises ``PlanInputError``; a day too short for one session gives an empty plan with a
    note, because that is a real answer, not a mistake.
    """
    limits = limits or default_limits()
    checked = check_request(request, limits)
    require_self_care(checked.red_flags, checked.ticked)
    window, ice_min, heat_min, spacing, hours = (
        checked.window,
        checked.ice,
        checked.heat,
        checked.spacing,
        checked.hours,
    )
    notes: list[str] = []

    def plan(applications: tuple[Application, ...] = ()) -> DayPlan:
        if not applications:
            notes.append("This plan has no ice or heat sessions.")
        return DayPlan(
            window=window,
            applications=applications,
            hours_since_onset=hours,
            notes=tuple(notes),
            event=checked.event,
            red_flags=checked.red_flags,
            screening=checked.ticked,
        )

    if checked.event is Event.CRAMP_GONE:
        notes.append(note_text("cramp_gone"))
        return plan()
    if checked.event is Event.SORE_AFTER_CRAMP and hours >= limits.sore_after_cramp_max_h:
        notes.append(note_text("sore_see_clinician", hours=_hours(hours)))
        return plan()

    result = screen(checked.ticked)
    if not result.ice_allowed and not result.heat_allowed:
        notes.append("No ice or heat today: a health problem you ticked can make them unsafe.")
    elif not result.ice_allowed:
        notes.append("No ice today: a health problem you ticked can make ice unsafe.")
    elif not result.heat_allowed:
        notes.append("No heat today: a health problem you ticked can make heat unsafe.")
    notes.extend(result.messages)

    use_ice = result.ice_allowed
    if use_ice and not request.barrier:
        use_ice = False
        notes.append(
            "No ice today: ice must never touch bare skin. Plan ice only when you have a thin cloth "
            "to put between the ice and your skin."
        )
    ice_window = window
    if use_ice:
        end = ice_end_min(window, hours, limits)
        if end - window.wake_min < ice_min and end < window.bed_min:
            use_ice = False
            notes.append(note_text("ice_window_over", hours=_hours(limits.ice_repeat_max_h)))
        else:
            ice_window = WakingWindow(window.wake_min, end)
            notes.append(note_text("ice_window", hours=_hours(limits.ice_repeat_max_h)))
            if checked.event is Event.SORE_AFTER_CRAMP:
                notes.append(safety_text("borrowed_advice"))
    use_heat = result.heat_allowed
    if use_heat and hours < limits.heat_earliest_h:
        use_heat = False
        notes.append(
            f"No heat today: it is less than {_hours(limits.heat_earliest_h)} hours since it began. "
            "Wait until then, and until any swelling, warmth and redness have gone."
        )
    if use_heat and limits.heat_max_per_day < 1:
        use_heat = False
        notes.append("No heat today: the safety rules allow no heat sessions in a day.")

    applications: list[Application] = []
    if use_ice:
        cap = checked.heat_sessions if use_heat else None
        anchors, heat_slots = _plan_times(
            ice_window, ice_min, heat_min if use_heat else 0, spacing, cap, checked.ice_sessions
        )
        for index, anchor in enumerate(anchors):
            if index in heat_slots:
                applications.append(Application(Modality.HEAT, anchor - heat_min, heat_min))
            applications.append(Application(Modality.ICE, anchor, ice_min))
        if anchors and len(anchors) < checked.ice_sessions:
            notes.append(note_text("fewer_fit", asked=checked.ice_sessions, what="ice", fit=len(anchors)))
        if anchors and use_heat and not heat_slots:
            notes.append(
                "No heat today: there is not enough time for heat and then ice, so the plan is ice only."
            )
        elif anchors and use_heat:
            notes.append(
                "Heat then ice is common advice, but no study has tested it for cramps or spasms. "
                "Each part keeps its own time limit."
            )
        if not anchors:
            notes.append(
                f"Your waking hours ({window.length_min} minutes) are too short for even one "
                f"{ice_min}-minute ice session."
            )
    elif use_heat:
        anchors, _ = _plan_times(window, heat_min, 0, spacing, None, checked.heat_sessions)
        applications.extend(Application(Modality.HEAT, start, heat_min) for start in anchors)
        if anchors and len(anchors) < checked.heat_sessions:
            notes.append(note_text("fewer_fit", asked=checked.heat_sessions, what="heat", fit=len(anchors)))
        if not anchors:
            notes.append(
                f"Your waking hours ({window.length_min} minutes) are too short for even one "
                f"{heat_min}-minute heat session."
            )
    if applications:
        if any(app.modality is Modality.HEAT for app in applications):
            notes.append(note_text("heat_limits", cap=limits.heat_max_per_day))
        notes.append(note_text("sessions_choice"))
    return plan(tuple(applications))


def _times(count: int) -> str:
    return "once" if count == 1 else "twice" if count == 2 else f"{count} times"


# ---------------------------------------------------------------------------------------------------------
# Checking


def _span(app: Application) -> str:
    name = _NAMES.get(app.modality, str(app.modality))
    return f"{name} at {format_clock(app.start_min)} to {format_clock(app.end_min)}"


def validate_plan(
    plan: DayPlan,
    limits: Limits | None = None,
    contraindications: Iterable[str] = frozenset(),
    barrier: bool = True,
) -> list[Violation]:
    """Every rule the plan breaks, each with the rule id, the application's index in the plan, and the times.

    Works on any plan, in any order: applications are compared by time, but reported by their index in
    ``plan.applications`` so a caller can point at the row a person edited. The screening answers are
    those passed here together with those the plan carries; its red flags and what happened come from the
    plan. Arguments of the wrong type raise PlanInputError naming them (a string is never read as a list
    of letters, and ``barrier="no"`` is not taken as True).
    """
    if not isinstance(plan, DayPlan):
        raise PlanInputError(f"plan must be a DayPlan (from generate_plan), not {type(plan).__name__}")
    if limits is not None and not isinstance(limits, Limits):
        raise PlanInputError(f"limits must be a Limits (or None for the shipped rules), not {limits!r}")
    if not isinstance(barrier, bool):
        raise PlanInputError(f"barrier must be True or False (a thin cloth under the ice), not {barrier!r}")
    limits = limits or default_limits()
    ticked = _screening_ids(contraindications) | plan.screening
    result = screen(ticked)
    window = plan.window
    apps = plan.applications
    found: list[Violation] = []

    def add(rule_id: str, index: int | None, message: str) -> None:
        found.append(Violation(rule_id, index, message))

    gate = self_care_gate(plan.red_flags, ticked)
    if not gate.allowed and apps:
        add("RED_FLAG_STOP", None, f"This plan must not be used. {gate.message()}")
    if plan.event is Event.CRAMP_GONE and apps:
        add("CRAMP_GONE_NO_PLAN", None, note_text("cramp_gone"))
    if (
        plan.event is Event.SORE_AFTER_CRAMP
        and plan.hours_since_onset >= limits.sore_after_cramp_max_h
        and apps
    ):
        add(
            "SORE_AFTER_CRAMP_MAX_H",
            None,
            note_text("sore_see_clinician", hours=_hours(plan.hours_since_onset)),
        )

    for index, app in enumerate(apps):
        what = _span(app)
        if app.duration_min < limits.min_duration_min:
            add(
                "POSITIVE_DURATION",
                index,
                f"The {what} lasts {app.duration_min} minutes; "
                f"each session must last at least {limits.min_duration_min} minute.",
            )
        if app.modality is Modality.ICE and app.duration_min > limits.ice_max_min:
            add(
                "ICE_MAX_DURATION",
                index,
                f"The {what} lasts {app.duration_min} minutes; "
                f"keep ice on for {limits.ice_max_min} minutes at most.",
            )
        if app.modality is Modality.HEAT and app.duration_min > limits.heat_max_min:
            add(
                "HEAT_MAX_DURATION",
                index,
                f"The {what} lasts {app.duration_min} minutes; "
                f"keep heat on for {limits.heat_max_min} minutes at most.",
            )
        if not window.contains(app.start_min, app.end_min):
            add(
                "NO_SLEEP",
                index,
                f"The {what} is outside your waking hours ({format_clock(window.wake_min)} to "
                f"{format_clock(window.bed_min)}). Never use ice or heat while asleep.",
            )
        if app.modality is Modality.ICE and not barrier:
            add("ICE_BARRIER", index, f"The {what} needs a thin cloth between the ice and your skin.")
        if app.modality is Modality.ICE and not result.ice_allowed:
            add(
                "ICE_CONTRAINDICATED",
                index,
                f"The {what} is not safe: a health problem you ticked rules out ice. Ask a doctor or physio.",
            )
        if app.modality is Modality.HEAT and not result.heat_allowed:
            add(
                "HEAT_CONTRAINDICATED",
                index,
                f"The {what} is not safe: a health problem you ticked rules out heat. "
                "Ask a doctor or physio.",
            )
        if app.modality is Modality.ICE:
            end_hours = plan.hours_since_onset + (app.end_min - window.wake_min) / 60
            if end_hours > limits.ice_repeat_max_h:
                add(
                    "ICE_REPEAT_MAX_H",
                    index,
                    f"The {what} ends {end_hours:.1f} hours after it began; repeated ice is only advised "
                    f"in the first {_hours(limits.ice_repeat_max_h)} hours.",
                )
        if app.modality is Modality.HEAT:
            at_hours = plan.hours_since_onset + (app.start_min - window.wake_min) / 60
            if at_hours < limits.heat_earliest_h:
                add(
                    "HEAT_NOT_ACUTE",
                    index,
                    f"The {what} starts {at_hours:.1f} hours after it began; "
                    f"wait {_hours(limits.heat_earliest_h)} hours before using heat.",
                )

    order = sorted(range(len(apps)), key=lambda i: (apps[i].start_min, i))
    for position, later in enumerate(order):
        for earlier in order[:position]:
            if apps[later].start_min < apps[earlier].end_min and apps[later].duration_min > 0:
                add(
                    "NO_OVERLAP",
                    later,
                    f"The {_span(apps[later])} overlaps the {_span(apps[earlier])}; use one thing at a time.",
                )

    for modality, rule_id, gap in (
        (Modality.ICE, "ICE_MIN_INTERVAL", limits.ice_min_interval_min),
        (Modality.HEAT, "HEAT_MIN_INTERVAL", limits.heat_min_interval_min),
    ):
        same = [i for i in order if apps[i].modality is modality]
        for previous, current in itertools.pairwise(same):
            apart = apps[current].start_min - apps[previous].start_min
            if apart < gap:
                add(
                    rule_id,
                    current,
                    f"The {_span(apps[current])} starts {apart} minutes after the {_span(apps[previous])}; "
                    f"wait at least {gap} minutes from one start to the next.",
                )

    heat_order = [i for i in order if apps[i].modality is Modality.HEAT]
    for extra in heat_order[limits.heat_max_per_day :]:
        add(
            "HEAT_MAX_PER_DAY",
            extra,
            f"The {_span(apps[extra])} is heat number {heat_order.index(extra) + 1} today; "
            f"use heat at most {limits.heat_max_per_day} times a day.",
        )

    for current in heat_order:
        for previous in order:
            prior = apps[previous]
            if prior.modality is Modality.ICE and prior.end_min == apps[current].start_min:
                add(
                    "HEAT_THEN_ICE",
                    current,
                    f"The {_span(apps[current])} comes straight after the {_span(prior)}; "
                    "put heat on first and ice after, not the other way round.",
                )
    return found


# ---------------------------------------------------------------------------------------------------------
# Describing


def plan_reminder_ids(plan: DayPlan) -> tuple[str, ...]:
    """The safety messages (``data/safety_messages.csv``) a plan's sessions need, in reading order."""
    ids: list[str] = []
    if plan.of(Modality.ICE):
        ids += ["ice_cloth", "ice_stop"]
    if plan.of(Modality.HEAT):
        ids += ["heat_warm", "heat_pad_drowsy"]
    return (*ids, "never_asleep")


def describe_plan(plan: DayPlan) -> list[str]:
    """The plan in plain words: one line per session in time order, the notes, then safety reminders."""
    apps = sorted(plan.applications, key=lambda app: app.start_min)
    lines: list[str] = []
    for position, app in enumerate(apps):
        when = f"{format_clock(app.start_min)} to {format_clock(app.end_min)}"
        after = apps[position + 1] if position + 1 < len(apps) else None
        before = apps[position - 1] if position > 0 else None
        if app.modality is Modality.HEAT:
            if after is not None and after.modality is Modality.ICE and after.start_min == app.end_min:
                lines.append(f"{when}: heat pad, then ice straight after")
            else:
                lines.append(f"{when}: heat pad")
        elif before is not None and before.modality is Modality.HEAT and before.end_min == app.start_min:
            lines.append(f"{when}: ice pack in a thin cloth, straight after the heat")
        else:
            lines.append(f"{when}: ice pack in a thin cloth")
    if not apps:
        lines.append("No ice or heat is planned today.")
    lines.extend(note for note in plan.notes if note not in lines)
    if apps:
        lines.extend(safety_text(message_id) for message_id in plan_reminder_ids(plan))
    return lines
