"""Self-massage for a cramp or spasm: the techniques, when not to massage, and a short timed routine.

Techniques and cautions live in ``data/massage_techniques.csv`` and ``data/massage_cautions.csv`` so a
clinician can change them without reading code. No evidence-based dose for self-massage was found, so the
minutes in the techniques table are teaching choices that keep a routine short; this module only makes
sure a routine never runs past the time a person has and uses each technique within its own range.
No matplotlib and no ipywidgets here: the timeline plot and the app live in ``massage_plots`` and
``massage_widgets``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from helpers.citations import cite_markdown
from helpers.data import Column, DataError, Table, cached, load_table
from helpers.errors import InputError, known_ids, require_type, whole_in_range
from helpers.markdown_table import markdown_table

TECHNIQUES_FILE = "massage_techniques.csv"
CAUTIONS_FILE = "massage_cautions.csv"

#: Body areas the routine builder knows, in the order a menu shows them.
AREAS: tuple[str, ...] = ("calf", "thigh", "hamstring", "foot", "back")
#: A routine is for the few minutes of a cramp or spasm, not a full treatment session.
MIN_MINUTES = 1
MAX_MINUTES = 30
#: The only technique restricted to the back, with no study behind it; it must be asked for explicitly.
PINCH_ID = "skin_pinch"
ANY_AREA = "any"


@dataclass(frozen=True)
class Technique:
    """One self-massage technique: where it is used, plain steps, a minute range and how sure we are."""

    id: str
    name: str
    muscles: tuple[str, ...]
    steps: str
    default_minutes: int
    min_minutes: int
    max_minutes: int
    pressure: str
    evidence_status: str
    refs: tuple[str, ...]

    def applies_to(self, area: str) -> bool:
        return ANY_AREA in self.muscles or area in self.muscles


@dataclass(frozen=True)
class Caution:
    """One reason not to massage (a checkbox in the app) and what to do instead.

    ``covered`` is False where no cited source speaks about massage in that situation; the row is kept so
    the gap is visible, and its ``evidence_status`` says so.
    """

    id: str
    plain_text: str
    action: str
    covered: bool
    evidence_status: str
    refs: tuple[str, ...]


@dataclass(frozen=True)
class RoutineStep:
    """One technique placed on the routine's clock, in whole minutes from the start."""

    technique: Technique
    start_min: int
    end_min: int

    @property
    def minutes(self) -> int:
        return self.end_min - self.start_min

    def describe(self) -> str:
        """Plain words, e.g. ``"Minute 0 to 2: Long strokes (2 min). Put your hand ..."``."""
        return (
            f"Minute {self.start_min} to {self.end_min}: {self.technique.name} ({self.minutes} min). "
            f"{self.technique.steps}"
        )


@dataclass(frozen=True)
class Routine:
    """Ordered steps for one area inside the time available, plus notes on what was left out and why."""

    area: str
    minutes_available: int
    steps: tuple[RoutineStep, ...]
    notes: tuple[str, ...] = ()

    @property
    def total_minutes(self) -> int:
        return self.steps[-1].end_min if self.steps else 0

    def describe(self) -> list[str]:
        """The routine as plain sentences, one per step, then the notes."""
        return [step.describe() for step in self.steps] + list(self.notes)


TECHNIQUES = Table(
    TECHNIQUES_FILE,
    (
        Column("id"),
        Column("name"),
        Column("muscles", "list"),
        Column("steps"),
        Column("default_minutes", "int", low=1),
        Column("min_minutes", "int", low=1),
        Column("max_minutes", "int", low=1),
        Column("pressure"),
        Column("evidence_status"),
        Column("refs", "refs"),
    ),
)
CAUTIONS = Table(
    CAUTIONS_FILE,
    (
        Column("id"),
        Column("plain_text"),
        Column("action", required=False, default=""),
        Column("covered", "flag", choices=("yes", "no")),
        Column("evidence_status"),
        Column("refs", "refs"),
    ),
)


@cached
def _techniques() -> tuple[Technique, ...]:
    techniques: list[Technique] = []
    for row in load_table(TECHNIQUES):
        technique = Technique(**{**row, "muscles": tuple(m.lower() for m in row["muscles"])})
        unknown = [m for m in technique.muscles if m not in (*AREAS, ANY_AREA)]
        if unknown:
            raise DataError(
                f"{row.where}: unknown area(s) {unknown}; allowed: {', '.join(AREAS)} or {ANY_AREA}"
            )
        if not technique.min_minutes <= technique.default_minutes <= technique.max_minutes:
            raise DataError(
                f"{row.where}: minutes must satisfy 1 <= min_minutes <= default_minutes <= max_minutes"
            )
        techniques.append(technique)
    return tuple(techniques)


def load_techniques() -> tuple[Technique, ...]:
    """All techniques in routine order (the file's order), checked against the areas and references."""
    return _techniques()


@cached
def _cautions() -> tuple[Caution, ...]:
    cautions = tuple(Caution(**row) for row in load_table(CAUTIONS))
    for row, caution in zip(load_table(CAUTIONS), cautions, strict=True):
        if not caution.covered and "not covered" not in caution.evidence_status.lower():
            raise DataError(f"{row.where}: a row with covered=no must say 'Not covered' in evidence_status")
    return cautions


def load_cautions() -> tuple[Caution, ...]:
    """Every 'when not to massage' item, in the order the checklist shows them."""
    return _cautions()


def caution_action(caution: Caution) -> str:
    """What to do instead of massage when this caution applies.

    A caution that is a red flag in its own right (linked in ``data/red_flag_links.csv``) says what
    ``data/red_flags.csv`` says for it, so the advice exists once; only the other cautions carry their own
    ``action`` text. Either way exactly one source must give the advice, or the data file is wrong.
    """
    from helpers.triage import flags_by_id, red_flag_links  # triage imports this module's loader

    flag_ids = red_flag_links().get(("massage", caution.id), ())
    if flag_ids and caution.action:
        raise DataError(
            f"massage caution {caution.id!r} is linked to red flag(s) {', '.join(flag_ids)}: "
            "leave its action empty, the advice comes from red_flags.csv"
        )
    if flag_ids:
        flags = flags_by_id()
        return " ".join(dict.fromkeys(flags[flag_id].advice for flag_id in flag_ids))
    if not caution.action:
        raise DataError(f"massage caution {caution.id!r} needs an action (it is not linked to a red flag)")
    return caution.action


def caution_message(ticked: Iterable[str]) -> str | None:
    """What to tell someone who ticked these caution ids: None if none, else "Do not massage. ..."

    Errs on the safe side: any ticked item stops the routine, including items our sources do not cover.
    """
    cautions = {c.id: c for c in load_cautions()}
    chosen = known_ids(ticked, cautions, "ticked cautions")
    if not chosen:
        return None
    ordered = [c for c in load_cautions() if c.id in chosen]
    return "Do not massage. " + " ".join(caution_action(c) for c in ordered)


def _check_inputs(area: object, minutes_available: object, include_pinch: object) -> tuple[str, int]:
    if not isinstance(area, str) or area.strip().lower() not in AREAS:
        raise InputError(field="area", given=area, allowed=f"one of {', '.join(AREAS)}")
    minutes = whole_in_range(minutes_available, "time", MIN_MINUTES, MAX_MINUTES, unit="minutes")
    require_type(include_pinch, "include_pinch", bool, "True or False")
    return area.strip().lower(), minutes


def build_routine(area: str, minutes_available: int, include_pinch: bool) -> Routine:
    """Order the techniques for ``area`` and give each whole minutes, never past ``minutes_available``.

    Each technique first gets its minimum; techniques at the end of the table are left out (with a note)
    when even the minimums do not fit. Spare minutes go to each technique up to its default, then up to its
    maximum, in table order. Time left over is not filled: no source gives a longer dose, so a note says so.
    The skin pinch is only added on request and only for the back, because no study supports it.
    """
    area, minutes_available = _check_inputs(area, minutes_available, include_pinch)
    notes: list[str] = []
    chosen: list[Technique] = []
    for technique in load_techniques():
        if not technique.applies_to(area):
            continue
        if technique.id == PINCH_ID and not include_pinch:
            continue
        chosen.append(technique)
    if include_pinch and area != "back":
        notes.append(
            "The skin pinch was left out: it is only described for back spasm, and no study was found."
        )

    while chosen and sum(t.min_minutes for t in chosen) > minutes_available:
        dropped = chosen.pop()
        notes.append(
            f"{dropped.name} was left out: it needs at least {dropped.min_minutes} min "
            "and there was not enough time."
        )

    minutes = {t.id: t.min_minutes for t in chosen}
    spare = minutes_available - sum(minutes.values())
    for ceiling in ("default_minutes", "max_minutes"):
        for technique in chosen:
            extra = min(spare, getattr(technique, ceiling) - minutes[technique.id])
            if extra > 0:
                minutes[technique.id] += extra
                spare -= extra

    steps: list[RoutineStep] = []
    clock = 0
    for technique in chosen:
        steps.append(RoutineStep(technique, clock, clock + minutes[technique.id]))
        clock += minutes[technique.id]
    if spare > 0:
        notes.append(
            f"This routine uses {clock} of your {minutes_available} min. No source gives a longer dose, "
            "so stop here."
        )
    notes.append("Stop sooner if the cramp or spasm eases, or if the massage hurts more.")
    return Routine(area=area, minutes_available=minutes_available, steps=tuple(steps), notes=tuple(notes))


def techniques_table_markdown() -> str:
    """A Markdown table of the techniques for students: minutes, pressure and how sure we are."""
    return markdown_table(
        ("Technique", "Used on", "Minutes (min-default-max)", "Pressure", "Evidence", "Sources"),
        (
            (
                t.name,
                ", ".join(t.muscles),
                f"{t.min_minutes}-{t.default_minutes}-{t.max_minutes}",
                t.pressure,
                t.evidence_status,
                cite_markdown(t.refs, "student"),
            )
            for t in load_techniques()
        ),
    )


def cautions_markdown() -> str:
    """The 'when not to massage' list as Markdown bullets: the situation, then what to do instead."""
    lines = []
    for c in load_cautions():
        flag = " *(Not covered by our sources for massage.)*" if not c.covered else ""
        lines.append(f"- **{c.plain_text}** {caution_action(c)}{flag} {cite_markdown(c.refs, 'patient')}")
    return "\n".join(lines)
