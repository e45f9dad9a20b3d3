"""Stretches for a cramping muscle with the kit a patient has, and the timing of a hold-and-rest routine.

The content (steps, doses, cautions, evidence notes) lives in ``data/stretches.csv``,
``data/equipment.csv`` and ``data/stretching_trials.csv`` so a clinician can edit it without touching code.
This module only loads, checks and selects it. It imports no matplotlib and no ipywidgets, so it is tested
without a kernel (views: ``stretching_plots``; widgets: ``stretching_widgets``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from types import MappingProxyType
from typing import NamedTuple

from helpers.data import Column, DataError, Table, cached, load_table
from helpers.errors import whole_in_range
from helpers.timeline import PlanInputError

#: The kit id meaning "no equipment". Every muscle must have at least one such stretch: it is the fallback.
BODY = "body"
#: Slider and input limits for one routine. A hold past 2 min is no longer a "hold"; 10 rounds is plenty.
HOLD_RANGE_S = (1, 120)
REST_RANGE_S = (0, 120)
REPS_RANGE = (1, 10)
KINDS = ("stretch", "roll")

STRETCHES = Table(
    "stretches.csv",
    (
        Column("id"),
        Column("muscle"),
        Column("muscle_label"),
        Column("equipment"),
        Column("kind", "choice", choices=KINDS),
        Column("name"),
        Column("when"),
        Column("steps"),
        # empty hold_s: "hold until the cramp eases"; the ranges are the routine's own limits
        Column("hold_s", "int", required=False, low=HOLD_RANGE_S[0], high=HOLD_RANGE_S[1]),
        Column("reps", "int", low=REPS_RANGE[0], high=REPS_RANGE[1]),
        Column("rest_s", "int", low=REST_RANGE_S[0], high=REST_RANGE_S[1]),
        Column("cautions"),
        Column("evidence_note"),
        Column("refs", "refs"),
    ),
)
EQUIPMENT = Table(
    "equipment.csv",
    (Column("id"), Column("label"), Column("what_for"), Column("evidence_note"), Column("refs", "refs")),
)
TRIALS = Table(
    "stretching_trials.csv",
    (
        *(
            Column(name)
            for name in (
                "id",
                "study",
                "design",
                "population",
                "intervention",
                "comparison",
                "result",
                "verdict",
            )
        ),
        Column("refs", "refs"),
    ),
)


@dataclass(frozen=True)
class Stretch:
    """One stretch (or roll) for one muscle with one piece of kit, as a patient would follow it.

    ``hold_s`` is ``None`` for "hold until the cramp eases": during a cramp no source gives a set time.
    ``fallback_note`` is filled only when this body-weight stretch stands in for kit that does not suit
    the muscle, so the reader is told why they got something other than what they asked for.
    """

    id: str
    muscle: str
    muscle_label: str
    equipment: str
    kind: str
    name: str
    when: str
    steps: tuple[str, ...]
    hold_s: int | None
    reps: int
    rest_s: int
    cautions: str
    evidence_note: str
    refs: tuple[str, ...]
    fallback_note: str = ""

    @property
    def until_eased(self) -> bool:
        """True for a during-a-cramp stretch held until the cramp lets go."""
        return self.hold_s is None

    def dose_text(self) -> str:
        """The dose in plain words, e.g. ``"Hold 10 s, rest 10 s, 3 times"``."""
        if self.hold_s is None:
            return "Hold until the cramp eases (no set time)"
        verb = "Roll slowly for" if self.kind == "roll" else "Hold"
        if self.reps == 1:
            return f"{verb} {self.hold_s} s, once"
        return f"{verb} {self.hold_s} s, rest {self.rest_s} s, {self.reps} times"


@dataclass(frozen=True)
class Equipment:
    """One piece of kit from ``data/equipment.csv``."""

    id: str
    label: str
    what_for: str
    evidence_note: str
    refs: tuple[str, ...]


@dataclass(frozen=True)
class Trial:
    """One trial or review of stretching to prevent cramps, from ``data/stretching_trials.csv``."""

    id: str
    study: str
    design: str
    population: str
    intervention: str
    comparison: str
    result: str
    verdict: str
    refs: tuple[str, ...]


class Segment(NamedTuple):
    """One block of a routine: from ``start_s`` to ``end_s`` seconds, phase ``"hold"`` or ``"rest"``."""

    start_s: int
    end_s: int
    phase: str


@cached
def load_equipment() -> Mapping[str, Equipment]:
    """Every piece of kit by id, in file order (the order the drop-down shows); read-only."""
    kit = {row["id"]: Equipment(**row) for row in load_table(EQUIPMENT)}
    if BODY not in kit:
        raise DataError(f"equipment.csv must have a {BODY!r} row: it is the fallback for every muscle")
    return MappingProxyType(kit)


@cached
def _load_stretches() -> tuple[Stretch, ...]:
    kit = load_equipment()
    stretches: list[Stretch] = []
    labels: dict[str, str] = {}
    for row in load_table(STRETCHES):
        steps = tuple(step.strip() for step in row["steps"].split("|") if step.strip())
        stretch = Stretch(**{**row, "steps": steps})
        if stretch.equipment not in kit:
            raise DataError(
                f"{row.where}: equipment {stretch.equipment!r} is not in equipment.csv ({', '.join(kit)})"
            )
        if labels.setdefault(stretch.muscle, stretch.muscle_label) != stretch.muscle_label:
            raise DataError(f"{row.where}: muscle {stretch.muscle!r} has two different labels")
        stretches.append(stretch)
    for muscle in labels:
        if not any(s.muscle == muscle and s.equipment == BODY for s in stretches):
            raise DataError(f"stretches.csv: muscle {muscle!r} has no {BODY!r} stretch to fall back on")
    return tuple(stretches)


def load_stretches() -> list[Stretch]:
    """Every stretch in ``data/stretches.csv``, in file order, checked (ids, kit, refs, doses)."""
    return list(_load_stretches())


def muscles() -> dict[str, str]:
    """Muscle id -> label, in file order (the order the drop-down shows)."""
    labels: dict[str, str] = {}
    for stretch in _load_stretches():
        labels.setdefault(stretch.muscle, stretch.muscle_label)
    return labels


def find_stretches(muscle: str, equipment: str) -> list[Stretch]:
    """Stretches for ``muscle`` with ``equipment``; never empty for known values.

    When the kit is not used for that muscle (say a tennis ball for the hamstring) the muscle's body-weight
    stretches come back instead, each with a ``fallback_note`` saying so, rather than an empty answer.
    Unknown values raise ``PlanInputError`` (a ``ValueError``) listing the allowed ones.
    """
    known_muscles = muscles()
    kit = load_equipment()
    if not isinstance(muscle, str) or muscle not in known_muscles:
        raise PlanInputError(f"unknown muscle {muscle!r}; choose one of: {', '.join(known_muscles)}")
    if not isinstance(equipment, str) or equipment not in kit:
        raise PlanInputError(f"unknown equipment {equipment!r}; choose one of: {', '.join(kit)}")
    stretches = _load_stretches()
    matches = [s for s in stretches if s.muscle == muscle and s.equipment == equipment]
    if matches:
        return matches
    note = (
        f"This series has no stretch with a {kit[equipment].label.lower()} for the "
        f"{known_muscles[muscle].lower()}: that kit is not usually used there, and no study of it was found. "
        "Here instead is what to do with no equipment."
    )
    return [replace(s, fallback_note=note) for s in stretches if s.muscle == muscle and s.equipment == BODY]


@cached
def load_trials() -> tuple[Trial, ...]:
    """The trials and reviews of stretching for cramps, in file order."""
    return tuple(Trial(**row) for row in load_table(TRIALS))


def hold_rest_schedule(hold_s: int, rest_s: int, reps: int) -> list[Segment]:
    """The blocks of one round: hold, rest, hold, ... ending on a hold (no rest after the last one).

    Hallegraeff 2012's 10 s hold, 10 s rest, 3 times gives hold 0-10, rest 10-20, hold 20-30, rest 30-40,
    hold 40-50. A rest of 0 s gives no rest blocks. Limits: hold 1-120 s, rest 0-120 s, reps 1-10.
    """
    hold_s = whole_in_range(hold_s, "hold", *HOLD_RANGE_S, unit="seconds")
    rest_s = whole_in_range(rest_s, "rest", *REST_RANGE_S, unit="seconds")
    reps = whole_in_range(reps, "repetitions", *REPS_RANGE)
    segments: list[Segment] = []
    clock = 0
    for number in range(reps):
        segments.append(Segment(clock, clock + hold_s, "hold"))
        clock += hold_s
        if number < reps - 1 and rest_s > 0:
            segments.append(Segment(clock, clock + rest_s, "rest"))
            clock += rest_s
    return segments


def total_seconds(segments: list[Segment]) -> int:
    """How long the whole round takes."""
    return segments[-1].end_s if segments else 0


def seconds_in_words(seconds: int) -> str:
    """``"1 minute 10 seconds"`` for 70: easier to read aloud to a patient than ``70 s``."""
    minutes, rest = divmod(whole_in_range(seconds, "a duration", 0, unit="seconds"), 60)
    parts = []
    if minutes:
        parts.append(f"{minutes} minute{'s' if minutes != 1 else ''}")
    if rest or not minutes:
        parts.append(f"{rest} second{'s' if rest != 1 else ''}")
    return " ".join(parts)


def routine_summary(hold_s: int, rest_s: int, reps: int) -> str:
    """One plain sentence for a routine, e.g. 10/10/3: "Hold 3 times for 10 seconds each, ... 50 seconds."."""
    segments = hold_rest_schedule(hold_s, rest_s, reps)
    hold = seconds_in_words(segments[0].end_s)
    total = seconds_in_words(total_seconds(segments))
    holds = sum(segment.phase == "hold" for segment in segments)
    rests = [segment for segment in segments if segment.phase == "rest"]
    if holds == 1:
        return f"Hold once for {hold}. One round takes {total}."
    between = f", with {seconds_in_words(rests[0].end_s - rests[0].start_s)} of rest between" if rests else ""
    return f"Hold {holds} times for {hold} each{between}. One round takes {total}."
