"""Sorting a patient's yes/no answers to red-flag questions into one of four levels of care.

Self-care for a cramp is only safe when nothing points to something else: a blood clot, a nerve problem,
poisoning, a medicine side effect. The questions, their level and their advice live in
``data/red_flags.csv`` (each with sources), so a clinician can change them without touching code.

The rule is deliberately simple so a student can check it by hand: every "yes" contributes its level and
the most urgent level wins. Where sources disagree on a level, the CSV takes the more cautious one and says
so in its ``note`` column.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType

from helpers.citations import cite_markdown
from helpers.data import Column, DataError, Table, cached, load_table
from helpers.markdown_table import markdown_table
from helpers.messages import safety_message, safety_text
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
ACTIONS: dict[Urgency, str] = {level: safety_text(f"level_{level.value}") for level in Urgency}

#: Shown when every answer is "no": self-care is fine, and here is when to check again.
ALL_CLEAR_REMINDER = safety_text("all_clear_reminder")
ALL_CLEAR_REFS: tuple[str, ...] = safety_message("all_clear_reminder").refs


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


RED_FLAGS = Table(
    "red_flags.csv",
    (
        Column("id"),
        Column("question"),
        Column("urgency", "choice", choices=tuple(level.value for level in Urgency)),
        Column("advice"),
        Column("refs", "refs"),
        Column("note", required=False, default=""),
    ),
)


@cached
def load_red_flags() -> tuple[RedFlag, ...]:
    """All red-flag questions from ``data/red_flags.csv``, in file order, checked for typos and bad refs."""
    return tuple(RedFlag(**{**row, "urgency": Urgency(row["urgency"])}) for row in load_table(RED_FLAGS))


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
    return markdown_table(
        ("If you answer yes to...", "Then", "Sources"),
        (
            (flag.question, f"**{HEADLINES[level]}**", cite_markdown(flag.refs, "patient"))
            for level in reversed(URGENCY_ORDER)
            for flag in load_red_flags()
            if flag.urgency is level
        ),
    )


# ---------------------------------------------------------------------------------------------------------
# The self-care gate: one rule for every tool that offers stretches, a rub, ice or heat, or a take-home plan.

#: Levels at which self-care stops: the person needs care today or now, not a stretch or an ice pack.
STOP_LEVELS: frozenset[Urgency] = frozenset({Urgency.URGENT, Urgency.EMERGENCY})
#: The other checklists of the series whose items can be red flags (see ``data/red_flag_links.csv``).
CHECKLISTS: tuple[str, ...] = ("screening", "massage")


class SelfCareStopped(PlanInputError):
    """A ticked warning sign needs urgent or emergency care, so no plan or export of self-care is made."""


@dataclass(frozen=True)
class SelfCareGate:
    """Whether self-care may be offered for these answers and, if not, what to do instead.

    ``reasons`` holds only the advice of the answers that stop self-care (never "stretch and rub" next to
    a clot warning); ``refs`` their sources; ``matched`` the red-flag ids behind them.
    """

    allowed: bool
    level: Urgency
    headline: str
    action: str
    reasons: tuple[str, ...]
    refs: tuple[str, ...]
    matched: tuple[str, ...]

    def message(self) -> str:
        """One plain paragraph: the level, what to do now, and why."""
        return " ".join((f"{self.headline}.", self.action, *self.reasons))


RED_FLAG_LINKS = Table(
    "red_flag_links.csv",
    (
        Column("checklist", "choice", choices=CHECKLISTS),
        Column("item_id"),
        Column("red_flag"),
        Column("note", required=False, default=""),
    ),
    key=None,
)


@cached
def red_flag_links() -> Mapping[tuple[str, str], tuple[str, ...]]:
    """(checklist, item id) -> red-flag ids, from ``data/red_flag_links.csv``, checked against both lists."""
    flags = flags_by_id()
    links: dict[tuple[str, str], tuple[str, ...]] = {}
    for row in load_table(RED_FLAG_LINKS):
        if row["red_flag"] not in flags:
            raise DataError(f"{row.where}: red flag {row['red_flag']!r} is not an id in red_flags.csv")
        key = (row["checklist"], row["item_id"])
        links[key] = (*links.get(key, ()), row["red_flag"])
    return MappingProxyType(links)


def _checklist_ids(checklist: str) -> frozenset[str]:
    """The ids of the screening or massage checklist (imported here to keep triage free of cycles)."""
    if checklist == "screening":
        from helpers.screening import load_contraindications

        return frozenset(load_contraindications())
    from helpers.massage import load_cautions

    return frozenset(caution.id for caution in load_cautions())


def _ticked(value: object, field: str) -> frozenset[str]:
    """Ticked ids from a collection of ids or a mapping id -> bool; anything else names the field."""
    if isinstance(value, str) or value is None or not isinstance(value, Iterable | Mapping):
        raise PlanInputError(
            f"{field} must be a collection of ticked ids (a set or list) or a mapping id -> True/False, "
            f"not {value!r}"
        )
    if isinstance(value, Mapping):
        not_bool = sorted(str(key) for key, ticked in value.items() if not isinstance(ticked, bool))
        if not_bool:
            raise PlanInputError(
                f"{field}: answers must be True (yes) or False (no); check {', '.join(not_bool)}"
            )
        return frozenset(key for key, ticked in value.items() if ticked)
    items = list(value)
    bad = [item for item in items if not isinstance(item, str)]
    if bad:
        raise PlanInputError(f"{field} must hold ids written as text, not {bad[0]!r}")
    return frozenset(items)


def self_care_gate(
    red_flags: Iterable[str] | Mapping[str, bool] = (),
    screening: Iterable[str] = (),
    massage: Iterable[str] = (),
) -> SelfCareGate:
    """Turn every ticked answer in the series into "self-care allowed or not, and what to do instead".

    ``red_flags`` are ids from ``data/red_flags.csv`` (the checklist of 05 and 06); ``screening`` and
    ``massage`` are ticked ids of the planner's and the massage builder's checklists, of which those listed
    in ``data/red_flag_links.csv`` count as the red flag they name. Self-care stops at urgent or emergency.
    Unknown ids raise :class:`~helpers.timeline.PlanInputError`: a typo must never hide a red flag.
    """
    yes = set(_ticked(red_flags, "red_flags"))
    flags = flags_by_id()
    unknown = sorted(yes - set(flags))
    if unknown:
        raise PlanInputError(f"red_flags: unknown id(s) {', '.join(unknown)}; valid ids: {', '.join(flags)}")
    links = red_flag_links()
    for checklist, ticked in (("screening", screening), ("massage", massage)):
        items = _ticked(ticked, checklist)
        known = _checklist_ids(checklist)
        strange = sorted(items - known)
        if strange:
            raise PlanInputError(
                f"{checklist}: unknown id(s) {', '.join(strange)}; valid ids: {', '.join(known)}"
            )
        for item in items:
            yes.update(links.get((checklist, item), ()))
    result = triage({flag_id: True for flag_id in yes})
    stopping = [flag_id for flag_id in result.matched if flags[flag_id].urgency in STOP_LEVELS]
    if not stopping:
        return SelfCareGate(True, result.level, result.headline, result.action, (), (), ())
    refs: list[str] = []
    for flag_id in stopping:
        refs.extend(ref for ref in flags[flag_id].refs if ref not in refs)
    return SelfCareGate(
        allowed=False,
        level=result.level,
        headline=result.headline,
        action=result.action,
        reasons=tuple(flags[flag_id].advice for flag_id in stopping),
        refs=tuple(refs),
        matched=tuple(stopping),
    )


def require_self_care(
    red_flags: Iterable[str] | Mapping[str, bool] = (),
    screening: Iterable[str] = (),
    massage: Iterable[str] = (),
) -> SelfCareGate:
    """The gate, raising :class:`SelfCareStopped` with the advice when self-care must not be offered."""
    gate = self_care_gate(red_flags, screening, massage)
    if not gate.allowed:
        raise SelfCareStopped(f"No self-care plan: {gate.message()}")
    return gate


def stop_flags() -> tuple[RedFlag, ...]:
    """The red flags that stop self-care (urgent or emergency), in file order: the planner asks these."""
    return tuple(flag for flag in load_red_flags() if flag.urgency in STOP_LEVELS)
