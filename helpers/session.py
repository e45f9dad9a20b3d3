"""The patient session's content: its five steps (from ``data/session_steps.csv``) and the clinician list.

A patient with a cramp follows one step at a time, so the words on each step live in a table a clinician
can edit and a test can score for reading level. The "when to call a doctor" list is built from
``data/red_flags.csv`` (via :mod:`helpers.triage`), so the checklist and the list can never disagree.
No matplotlib and no ipywidgets here; the app is :mod:`helpers.session_widgets`.
"""

from __future__ import annotations

from dataclasses import dataclass

from helpers.data import Column, DataError, Table, cached, load_table
from helpers.errors import whole_in_range
from helpers.triage import ACTIONS, HEADLINES, URGENCY_ORDER, Urgency, load_red_flags

#: The steps, in order. The app is wired to these ids, so the CSV must have exactly these rows.
STEP_IDS: tuple[str, ...] = ("where", "try_now", "plan", "take_home", "clinician")


@dataclass(frozen=True)
class SessionStep:
    """One step of the session: its heading, the plain words under it, and their sources."""

    id: str
    title: str
    intro: str
    refs: tuple[str, ...]


@dataclass(frozen=True)
class CareGroup:
    """The warning signs that call for one level of care, with what to do and the sources."""

    level: Urgency
    headline: str
    action: str
    signs: tuple[str, ...]
    refs: tuple[str, ...]


STEPS = Table("session_steps.csv", (Column("id"), Column("title"), Column("intro"), Column("refs", "refs")))


@cached
def load_steps() -> tuple[SessionStep, ...]:
    """The five steps from ``data/session_steps.csv``, checked: the ids the app expects, known refs."""
    steps = tuple(SessionStep(**row) for row in load_table(STEPS))
    ids = tuple(step.id for step in steps)
    if ids != STEP_IDS:
        raise DataError(f"session_steps.csv: steps must be {', '.join(STEP_IDS)} in that order, got {ids}")
    return steps


def step_indicator(index: int, total: int | None = None) -> str:
    """``"Step 2 of 5"`` for ``index`` 1 (zero-based), so a patient always knows how far they are."""
    total = len(STEP_IDS) if total is None else whole_in_range(total, "number of steps", 1)
    index = whole_in_range(index, "step index", 0, total - 1)
    return f"Step {index + 1} of {total}"


def care_groups() -> tuple[CareGroup, ...]:
    """The red flags grouped from most to least urgent (self-care left out), for the clinician step."""
    groups = []
    flags = load_red_flags()
    for level in reversed(URGENCY_ORDER):
        if level is Urgency.SELF_CARE:
            continue
        chosen = [flag for flag in flags if flag.urgency is level]
        refs: list[str] = []
        for flag in chosen:
            refs.extend(ref for ref in flag.refs if ref not in refs)
        groups.append(
            CareGroup(
                level=level,
                headline=HEADLINES[level],
                action=ACTIONS[level],
                signs=tuple(flag.question for flag in chosen),
                refs=tuple(refs),
            )
        )
    return tuple(groups)
