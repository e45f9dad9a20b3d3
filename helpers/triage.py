"""Sorting a patient's yes/no answers to red-flag questions into one of four levels of care.

Self-care for a cramp is only safe when nothing points to something else: a blood clot, a nerve problem,
poisoning, a medicine side effect. The questions, their level and their advice live in
``data/red_flags.csv`` (each with sources), so a clinician can change them without touching code.

The rule is deliberately simple so a student can check it by hand: every "yes" contributes its level and
the most urgent level wins. Where sources disagree on a level, the CSV takes the more cautious one and says
so in its ``note`` column.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import cache

from helpers.citations import cite_markdown
from helpers.data import DataError, check_reference_ids, read_csv, split_ids
from helpers.timeline import PlanInputError


class Urgency(StrEnum):
    """How soon to get help, least urgent first (the order is the order of :data:`URGENCY_ORDER`)."""

    SELF_CARE = "self_care"
    SEE_GP = "see_gp"
    URGENT = "urgent"
    EMERGENCY = "emergency"


URGENCY_ORDER: tuple[Urgency, ...] = tuple(Urgency)

#: Short plain headline per level, as shown in the checklist's result panel.
HEADLINES: dict[Urgency, str] = {
    Urgency.SELF_CARE: "Self-care is fine",
    Urgency.SEE_GP: "See your GP or physiotherapist",
    Urgency.URGENT: "Get urgent care",
    Urgency.EMERGENCY: "Call emergency services",
}

#: What to do now, in plain words, per level.
ACTIONS: dict[Urgency, str] = {
    Urgency.SELF_CARE: "You can use the self-care steps in this series.",
    Urgency.SEE_GP: "Book a visit with your GP in the next few days. Keep up gentle self-care.",
    Urgency.URGENT: "Get medical help today. Ask your GP for an urgent visit, or go to urgent care.",
    Urgency.EMERGENCY: "Call 999, or your local emergency number, now.",
}

#: Shown when every answer is "no": self-care is fine, and here is when to check again.
ALL_CLEAR_REMINDER = (
    "Most cramps go away on their own. Check this list again if a cramp lasts more than 10 minutes, "
    "keeps coming back, or comes with swelling, numbness or weakness."
)
ALL_CLEAR_REFS: tuple[str, ...] = ("nhs_leg_cramps", "nhs_inform_leg_cramps")


@dataclass(frozen=True)
class RedFlag:
    """One yes/no question, the level of care a "yes" calls for, and the advice to show."""

    id: str
    question: str
    urgency: Urgency
    advice: str
    refs: tuple[str, ...]
    note: str = ""


@dataclass(frozen=True)
class TriageResult:
    """The level of care for a set of answers, and why.

    ``reasons`` holds the advice of every question answered "yes", most urgent first, so a patient sees
    every reason and not only the one that set the level.
    """

    level: Urgency
    headline: str
    action: str
    reasons: tuple[str, ...]
    refs: tuple[str, ...]
    matched: tuple[str, ...] = ()


@cache
def load_red_flags() -> tuple[RedFlag, ...]:
    """All red-flag questions from ``data/red_flags.csv``, in file order, checked for typos and bad refs."""
    rows = read_csv("red_flags.csv", required=("id", "question", "urgency", "advice", "refs"))
    flags: list[RedFlag] = []
    seen: set[str] = set()
    for line, row in enumerate(rows, start=1):
        flag_id = row["id"].strip()
        where = f"red_flags.csv, data row {line} ({flag_id})"
        if flag_id in seen:
            raise DataError(f"red_flags.csv: id {flag_id!r} appears twice")
        seen.add(flag_id)
        urgency = row["urgency"].strip()
        if urgency not in {level.value for level in Urgency}:
            allowed = ", ".join(level.value for level in Urgency)
            raise DataError(f"{where}: urgency {urgency!r} is not one of {allowed}")
        refs = tuple(split_ids(row["refs"]))
        check_reference_ids(refs, where)
        flags.append(
            RedFlag(
                id=flag_id,
                question=row["question"].strip(),
                urgency=Urgency(urgency),
                advice=row["advice"].strip(),
                refs=refs,
                note=(row.get("note") or "").strip(),
            )
        )
    return tuple(flags)


def flags_by_id() -> dict[str, RedFlag]:
    """The red flags keyed by id, in file order."""
    return {flag.id: flag for flag in load_red_flags()}


def triage(answers: Mapping[str, bool]) -> TriageResult:
    """Sort yes/no answers (question id -> True for "yes") into a level of care.

    Questions left out count as "no". An unknown id or a value that is not True/False raises
    :class:`~helpers.timeline.PlanInputError` (a ``ValueError``) naming the valid ids, because a silently
    ignored typo would hide a red flag.
    """
    flags = flags_by_id()
    unknown = sorted(key for key in answers if key not in flags)
    if unknown:
        raise PlanInputError(
            f"unknown question id(s) {', '.join(map(str, unknown))}; valid ids: {', '.join(flags)}"
        )
    not_bool = sorted(key for key, value in answers.items() if not isinstance(value, bool))
    if not_bool:
        raise PlanInputError(f"answers must be True (yes) or False (no); check {', '.join(not_bool)}")
    yes = [flag for flag in flags.values() if answers.get(flag.id, False)]
    if not yes:
        return TriageResult(
            level=Urgency.SELF_CARE,
            headline=HEADLINES[Urgency.SELF_CARE],
            action=ACTIONS[Urgency.SELF_CARE],
            reasons=(ALL_CLEAR_REMINDER,),
            refs=ALL_CLEAR_REFS,
        )
    # Most urgent first; file order breaks ties (sorted is stable).
    yes.sort(key=lambda flag: -URGENCY_ORDER.index(flag.urgency))
    level = yes[0].urgency
    refs: list[str] = []
    for flag in yes:
        refs.extend(ref for ref in flag.refs if ref not in refs)
    return TriageResult(
        level=level,
        headline=HEADLINES[level],
        action=ACTIONS[level],
        reasons=tuple(flag.advice for flag in yes),
        refs=tuple(refs),
        matched=tuple(flag.id for flag in yes),
    )


def red_flags_markdown() -> str:
    """A Markdown table of every question grouped from most to least urgent, for readers without a kernel."""
    lines = ["| If you answer yes to... | Then | Sources |", "|---|---|---|"]
    for level in reversed(URGENCY_ORDER):
        for flag in load_red_flags():
            if flag.urgency is level:
                sources = cite_markdown(flag.refs, "patient")
                lines.append(f"| {flag.question} | **{HEADLINES[level]}** | {sources} |")
    return "\n".join(lines)
