"""The patient session's content: its five steps (from ``data/session_steps.csv``) and the clinician list.

A patient with a cramp follows one step at a time, so the words on each step live in a table a clinician
can edit and a test can score for reading level. The "when to call a doctor" list is built from
``data/red_flags.csv`` (via :mod:`helpers.triage`), so the checklist and the list can never disagree.
No matplotlib and no ipywidgets here; the app is :mod:`helpers.session_widgets`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from helpers.data import DataError, check_reference_ids, read_csv, split_ids
from helpers.timeline import PlanInputError
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


@cache
def load_steps() -> tuple[SessionStep, ...]:
    """The five steps from ``data/session_steps.csv``, checked: the ids the app expects, known refs."""
    rows = read_csv("session_steps.csv", required=("id", "title", "intro", "refs"))
    steps = []
    for row in rows:
        refs = tuple(split_ids(row["refs"]))
        check_reference_ids(refs, f"session_steps.csv ({row['id']})")
        steps.append(SessionStep(row["id"].strip(), row["title"].strip(), row["intro"].strip(), refs))
    ids = tuple(step.id for step in steps)
    if ids != STEP_IDS:
        raise DataError(f"session_steps.csv: steps must be {', '.join(STEP_IDS)} in that order, got {ids}")
    return tuple(steps)


def step_indicator(index: int, total: int | None = None) -> str:
    """``"Step 2 of 5"`` for ``index`` 1 (zero-based), so a patient always knows how far they are."""
    total = len(STEP_IDS) if total is None else total
    if not 0 <= index < total:
        raise PlanInputError(f"step index must be from 0 to {total - 1}, got {index}")
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
