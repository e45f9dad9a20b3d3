"""Stretches for a cramping muscle with the kit a patient has, and the timing of a hold-and-rest routine.

The content (steps, doses, cautions, evidence notes) lives in ``data/stretches.csv``,
``data/equipment.csv`` and ``data/stretching_trials.csv`` so a clinician can edit it without touching code.
This module only loads, checks and selects it. It imports no matplotlib and no ipywidgets, so it is tested
without a kernel (views: ``stretching_plots``; widgets: ``stretching_widgets``).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cache
from typing import NamedTuple

from helpers.data import DataError, check_reference_ids, read_csv, split_ids
from helpers.timeline import PlanInputError

#: The kit id meaning "no equipment". Every muscle must have at least one such stretch: it is the fallback.
BODY = "body"
#: Slider and input limits for one routine. A hold past 2 min is no longer a "hold"; 10 rounds is plenty.
HOLD_RANGE_S = (1, 120)
REST_RANGE_S = (0, 120)
REPS_RANGE = (1, 10)
KINDS = ("stretch", "roll")

_STRETCH_COLUMNS = (
    "id",
    "muscle",
    "muscle_label",
    "equipment",
    "kind",
    "name",
    "when",
    "steps",
    "reps",
    "rest_s",
    "cautions",
    "evidence_note",
    "refs",
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


def _whole_number(text: str, column: str, where: str, *, allow_empty: bool = False) -> int | None:
    text = (text or "").strip()
    if not text and allow_empty:
        return None
    try:
        value = int(text)
    except ValueError:
        raise DataError(f"{where}: column {column!r} must be a whole number, got {text!r}") from None
    if value < 0:
        raise DataError(f"{where}: column {column!r} must not be negative, got {value}")
    return value


@cache
def load_equipment() -> dict[str, Equipment]:
    """Every piece of kit by id, in file order (the order the drop-down shows)."""
    rows = read_csv("equipment.csv", required=("id", "label", "what_for", "evidence_note", "refs"))
    kit: dict[str, Equipment] = {}
    for number, row in enumerate(rows, start=2):
        item = Equipment(
            id=row["id"].strip(),
            label=row["label"].strip(),
            what_for=row["what_for"].strip(),
            evidence_note=row["evidence_note"].strip(),
            refs=tuple(split_ids(row["refs"])),
        )
        if item.id in kit:
            raise DataError(f"equipment.csv, row {number}: id {item.id!r} appears twice")
        check_reference_ids(item.refs, f"equipment.csv, row {number}")
        kit[item.id] = item
    if BODY not in kit:
        raise DataError(f"equipment.csv must have a {BODY!r} row: it is the fallback for every muscle")
    return kit


@cache
def _load_stretches() -> tuple[Stretch, ...]:
    rows = read_csv("stretches.csv", required=_STRETCH_COLUMNS)
    kit = load_equipment()
    stretches: list[Stretch] = []
    seen: set[str] = set()
    labels: dict[str, str] = {}
    for number, row in enumerate(rows, start=2):
        where = f"stretches.csv, row {number} ({row['id']})"
        reps = _whole_number(row["reps"], "reps", where)
        rest_s = _whole_number(row["rest_s"], "rest_s", where)
        assert reps is not None and rest_s is not None  # required columns are never empty
        stretch = Stretch(
            id=row["id"].strip(),
            muscle=row["muscle"].strip(),
            muscle_label=row["muscle_label"].strip(),
            equipment=row["equipment"].strip(),
            kind=row["kind"].strip(),
            name=row["name"].strip(),
            when=row["when"].strip(),
            steps=tuple(step.strip() for step in row["steps"].split("|") if step.strip()),
            hold_s=_whole_number(row.get("hold_s", ""), "hold_s", where, allow_empty=True),
            reps=reps,
            rest_s=rest_s,
            cautions=row["cautions"].strip(),
            evidence_note=row["evidence_note"].strip(),
            refs=tuple(split_ids(row["refs"])),
        )
        if stretch.id in seen:
            raise DataError(f"{where}: id {stretch.id!r} appears twice")
        seen.add(stretch.id)
        if stretch.equipment not in kit:
            raise DataError(
                f"{where}: equipment {stretch.equipment!r} is not in equipment.csv ({', '.join(kit)})"
            )
        if stretch.kind not in KINDS:
            raise DataError(f"{where}: kind must be one of {', '.join(KINDS)}, got {stretch.kind!r}")
        if labels.setdefault(stretch.muscle, stretch.muscle_label) != stretch.muscle_label:
            raise DataError(f"{where}: muscle {stretch.muscle!r} has two different labels")
        if stretch.hold_s is not None:
            # the stored dose must itself be a valid routine, so the routine viewer can show any card
            hold_rest_schedule(stretch.hold_s, stretch.rest_s, stretch.reps)
        check_reference_ids(stretch.refs, where)
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
    if muscle not in known_muscles:
        raise PlanInputError(f"unknown muscle {muscle!r}; choose one of: {', '.join(known_muscles)}")
    if equipment not in kit:
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


@cache
def load_trials() -> tuple[Trial, ...]:
    """The trials and reviews of stretching for cramps, in file order."""
    columns = (
        "id",
        "study",
        "design",
        "population",
        "intervention",
        "comparison",
        "result",
        "verdict",
        "refs",
    )
    trials = []
    for number, row in enumerate(read_csv("stretching_trials.csv", required=columns), start=2):
        trial = Trial(**{c: row[c].strip() for c in columns[:-1]}, refs=tuple(split_ids(row["refs"])))
        check_reference_ids(trial.refs, f"stretching_trials.csv, row {number}")
        trials.append(trial)
    return tuple(trials)


def _check_int(value: object, name: str, unit: str, bounds: tuple[int, int]) -> int:
    low, high = bounds
    allowed = f"allowed: whole numbers from {low} to {high}{unit}"
    if isinstance(value, bool) or not isinstance(value, int):
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        else:
            raise PlanInputError(f"{name} must be a whole number, got {value!r} ({allowed})")
    if not low <= value <= high:
        raise PlanInputError(f"{name} of {value}{unit} is out of range ({allowed})")
    return value


def hold_rest_schedule(hold_s: int, rest_s: int, reps: int) -> list[Segment]:
    """The blocks of one round: hold, rest, hold, ... ending on a hold (no rest after the last one).

    Hallegraeff 2012's 10 s hold, 10 s rest, 3 times gives hold 0-10, rest 10-20, hold 20-30, rest 30-40,
    hold 40-50. A rest of 0 s gives no rest blocks. Limits: hold 1-120 s, rest 0-120 s, reps 1-10.
    """
    hold_s = _check_int(hold_s, "hold", " s", HOLD_RANGE_S)
    rest_s = _check_int(rest_s, "rest", " s", REST_RANGE_S)
    reps = _check_int(reps, "repetitions", "", REPS_RANGE)
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
    if seconds < 0:
        raise PlanInputError(f"a duration cannot be negative, got {seconds}")
    minutes, rest = divmod(int(seconds), 60)
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
