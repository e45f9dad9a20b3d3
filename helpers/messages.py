"""The one wording of every patient-facing safety sentence, read from ``data/safety_messages.csv``.

Why: the same question used to get different answers in different places (numb skin, the cloth under the
ice, how urgent a long cramp is). Each sentence now lives once in data, with its sources and a note on
where the sources disagree; notebooks, the patient session, the planner, the handout and the calendar
render it from here. Warning signs come from ``data/red_flags.csv`` through :mod:`helpers.triage`.

Numbers in a sentence are not retyped: ``{ICE_MAX_DURATION}`` is filled in from ``data/safety_rules.csv``
(``{RULE:h}`` gives minutes as hours, ``{RULE:d}`` hours as days), so a changed limit changes every copy.

Domain module: no IPython, no widgets, no plots.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING

from helpers.citations import cite_markdown, cite_plain
from helpers.data import Column, DataError, Table, cached, load_table
from helpers.rules import fill_rule_values

if TYPE_CHECKING:  # triage reads its level texts from here, so it is imported only where it is used
    from helpers.triage import RedFlag

MESSAGES_FILE = "safety_messages.csv"

#: Levels shown as warning signs, most urgent first (values of triage.Urgency; self-care is not one).
WARNING_LEVELS: tuple[str, ...] = ("emergency", "urgent", "see_gp")


@dataclass(frozen=True)
class SafetyMessage:
    """One safety sentence: what a patient reads, its sources, and (for students) where sources differ."""

    id: str
    topic: str
    text: str
    refs: tuple[str, ...]
    note: str


MESSAGES = Table(
    MESSAGES_FILE,
    (
        Column("id"),
        Column("topic"),
        Column("text"),
        Column("refs", "refs"),
        Column("note", required=False, default=""),
    ),
)


@cached
def load_messages() -> Mapping[str, SafetyMessage]:
    """All safety messages by id, in file order, with rule values filled in (read-only)."""
    return MappingProxyType(
        {
            row["id"]: SafetyMessage(**{**row, "text": fill_rule_values(row["text"], row.where)})
            for row in load_table(MESSAGES)
        }
    )


def safety_message(message_id: str) -> SafetyMessage:
    """One message by id; an unknown id raises DataError listing the known ones."""
    messages = load_messages()
    if message_id not in messages:
        raise DataError(f"unknown safety message {message_id!r}; known: {', '.join(messages)}")
    return messages[message_id]


def safety_text(message_id: str) -> str:
    """The sentence alone, no citation: for a short widget label or a calendar line."""
    return safety_message(message_id).text


def _as_list(ids: str | Iterable[str]) -> list[str]:
    return [ids] if isinstance(ids, str) else list(ids)


def safety_markdown(ids: str | Iterable[str], audience: str = "patient") -> str:
    """Markdown bullets, one per message, each with its citation links.

    Students also see the note: where the sources disagree and which answer the series took.
    """
    lines = []
    for message in map(safety_message, _as_list(ids)):
        line = f"- {message.text} {cite_markdown(message.refs, audience)}"
        if audience == "student" and message.note:
            line += f"\n  *Sources:* {message.note}"
        lines.append(line)
    return "\n".join(lines)


def safety_plain(ids: str | Iterable[str], audience: str = "patient", *, cite: bool = True) -> list[str]:
    """Plain lines for the PDF handout and the calendar: ``"Keep ice on ... (NHS; Mersey Care)"``."""
    lines = []
    for message in map(safety_message, _as_list(ids)):
        lines.append(f"{message.text} {cite_plain(message.refs, audience)}" if cite else message.text)
    return lines


def messages_for_topic(*topics: str) -> tuple[str, ...]:
    """Ids of the messages about ``ice``, ``heat`` or ``both``, in file order."""
    return tuple(m.id for m in load_messages().values() if m.topic in topics)


#: What a patient needs before using ice / heat, in reading order. Used by 03, 04, 06, the handout.
ICE_MESSAGES: tuple[str, ...] = (
    "ice_cloth",
    "ice_how_long",
    "ice_check_skin",
    "ice_stop",
    "ice_nerve_knee",
    "ice_nerve_check",
)
HEAT_MESSAGES: tuple[str, ...] = (
    "heat_warm",
    "heat_how_long",
    "heat_gap",
    "heat_stop",
    "heat_not_early",
    "heat_pad_drowsy",
    "heat_pad_auto_off",
    "bath_warm",
    "bath_get_out",
)
BOTH_MESSAGES: tuple[str, ...] = ("never_asleep",)


def warning_signs(
    levels: tuple[str, ...] = WARNING_LEVELS, ids: Iterable[str] | None = None
) -> dict[str, tuple[RedFlag, ...]]:
    """Red flags grouped by level, most urgent first (from ``data/red_flags.csv``); ``ids`` picks some."""
    from helpers.triage import load_red_flags

    flags = load_red_flags()
    if ids is not None:
        wanted = set(ids)
        unknown = sorted(wanted - {f.id for f in flags})
        if unknown:
            raise DataError(f"unknown warning sign(s) {', '.join(unknown)}; see data/red_flags.csv")
        flags = tuple(f for f in flags if f.id in wanted)
    return {level: tuple(f for f in flags if f.urgency == level) for level in levels}


def _headline(level: str) -> str:
    from helpers.triage import HEADLINES, Urgency

    return HEADLINES[Urgency(level)]


def warning_signs_markdown(
    audience: str = "patient",
    levels: tuple[str, ...] = WARNING_LEVELS,
    *,
    lead: bool = True,
    ids: Iterable[str] | None = None,
) -> str:
    """The full list of warning signs: a heading per level, each sign with what to do and its sources.

    Sources are given as plain labels (no links): the list is shown in notebooks whose reference list
    may not hold every source of every sign.
    """
    parts = [safety_text("warning_signs_lead")] if lead else []
    for level, flags in warning_signs(levels, ids).items():
        if not flags:
            continue
        parts.append(f"**{_headline(level)}** if:")
        parts.append("\n".join(f"- {f.question} {f.advice} {cite_plain(f.refs, audience)}" for f in flags))
    return "\n\n".join(parts)


def warning_signs_plain(levels: tuple[str, ...] = WARNING_LEVELS) -> list[str]:
    """The full list as plain lines for the PDF handout: a heading line per level, then one line a sign."""
    lines = [safety_text("warning_signs_lead")]
    for level, flags in warning_signs(levels).items():
        if flags:
            lines.append(f"{_headline(level)} if:")
            lines.extend(f"- {f.question} {f.advice}" for f in flags)
    return lines
