"""A chosen set of warning signs, rendered from ``data/red_flags.csv`` (never retyped in a notebook).

Notebooks 08 and 09 each need a few of the shared red flags (for night cramps in older adults, or for
sport) shown as "if this, then do that". The questions, levels and advice are the ones the symptom
checklist uses, so a change to the table changes every place at once.
"""

from __future__ import annotations

from collections.abc import Sequence

from helpers.citations import cite_markdown
from helpers.data import DataError
from helpers.triage import HEADLINES, URGENCY_ORDER, flags_by_id


def warning_signs_markdown(ids: Sequence[str]) -> str:
    """Markdown bullets, most urgent first: the question, then the level and the advice, then sources."""
    flags = flags_by_id()
    unknown = [flag_id for flag_id in ids if flag_id not in flags]
    if unknown:
        raise DataError(f"unknown red-flag id(s) {', '.join(unknown)}; see data/red_flags.csv")
    chosen = sorted(
        (flags[flag_id] for flag_id in dict.fromkeys(ids)), key=lambda f: -URGENCY_ORDER.index(f.urgency)
    )
    lines = []
    for flag in chosen:
        sources = cite_markdown(flag.refs, "patient")
        lines.append(f"- **{flag.question}** {HEADLINES[flag.urgency]}: {flag.advice} {sources}")
    return "\n".join(lines)
