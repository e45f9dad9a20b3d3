"""Exercise-associated muscle cramps: the competing explanations and the remedies, as the studies left them.

The rows live in ``data/sport_cramp_evidence.csv``: one per study or statement, each saying which
explanation it supports (fatigue of the nerve-muscle control, or fluid and salt loss, or several causes)
or how a remedy fared. Keeping them as data lets the notebook set the studies side by side, with their
design and size, instead of telling one story. A row with no study ("none found") is kept so the gap shows.

No matplotlib or ipywidgets here (the picture is in ``sport_cramps_plots``).
"""

from __future__ import annotations

from dataclasses import dataclass

from helpers.citations import cite_markdown
from helpers.data import Column, DataError, Table, cached, load_table
from helpers.markdown_table import markdown_table

TOPICS = ("cause", "remedy")
#: What a "cause" row can support, with plain labels.
EXPLANATIONS: dict[str, str] = {
    "fatigue": "Fatigue (nerve-muscle control)",
    "fluid_salt": "Fluid or salt loss",
    "several": "Several causes together",
    "neither": "Neither",
}
#: How a remedy fared.
VERDICTS: dict[str, str] = {
    "helps": "helps",
    "mixed": "mixed",
    "no clear effect": "no clear effect",
    "harms": "do not use",
    "none found": "no study found",
}
#: Kind of study, weakest first.
DESIGNS: dict[str, str] = {
    "none found": "no study found",
    "lab": "laboratory cramp model",
    "records": "medical records",
    "cohort": "prospective cohort",
    "review": "review",
    "guideline": "guideline or position statement",
}


@dataclass(frozen=True)
class SportEvidence:
    """One study or statement about exercise cramps."""

    id: str
    topic: str
    subject: str
    study: str
    design: str
    people: int | None
    supports: str
    finding: str
    refs: tuple[str, ...]
    note: str = ""

    @property
    def supports_label(self) -> str:
        return EXPLANATIONS[self.supports] if self.topic == "cause" else VERDICTS[self.supports]


EVIDENCE = Table(
    "sport_cramp_evidence.csv",
    (
        Column("id"),
        Column("topic", "choice", choices=TOPICS),
        Column("subject"),
        Column("study"),
        Column("design", "choice", choices=tuple(DESIGNS)),
        Column("people", "int", required=False, low=1),
        Column("supports", "choice", choices=tuple(dict.fromkeys((*EXPLANATIONS, *VERDICTS)))),
        Column("finding"),
        Column("refs", "refs", required=False),
        Column("note", required=False, default=""),
    ),
)


@cached
def load_sport_evidence() -> tuple[SportEvidence, ...]:
    """Every row, in file order; a bad value fails with the line and the allowed values."""
    rows: list[SportEvidence] = []
    for row in load_table(EVIDENCE):
        item = SportEvidence(**{column.name: row[column.name] for column in EVIDENCE.columns})
        allowed = EXPLANATIONS if item.topic == "cause" else VERDICTS
        if item.supports not in allowed:
            raise DataError(
                f"{row.where}: supports {item.supports!r} is not one of {', '.join(allowed)} "
                f"for a {item.topic} row"
            )
        if not item.refs and item.supports != "none found":
            raise DataError(f"{row.where}: only a 'none found' row may have no refs")
        rows.append(item)
    return tuple(rows)


def rows_for(topic: str) -> tuple[SportEvidence, ...]:
    if topic not in TOPICS:
        raise DataError(f"topic {topic!r} is not one of {', '.join(TOPICS)}")
    return tuple(row for row in load_sport_evidence() if row.topic == topic)


def _cite(refs: tuple[str, ...]) -> str:
    return cite_markdown(refs, "student") if refs else "(no source: a gap)"


def causes_markdown() -> str:
    """The explanations side by side: one column per explanation, each study in the column it supports."""
    order = list(EXPLANATIONS)
    return markdown_table(
        ("Study", "Kind of study", "People", "Supports", "What it found"),
        (
            (
                f"{row.study} {_cite(row.refs)}",
                DESIGNS[row.design],
                f"{row.people:,}" if row.people else "-",
                f"**{row.supports_label}**",
                row.finding + (f" *{row.note}*" if row.note else ""),
            )
            for row in sorted(rows_for("cause"), key=lambda r: order.index(r.supports))
        ),
    )


def remedies_markdown() -> str:
    """What was tested and what is folklore: one row per remedy and study."""
    return markdown_table(
        ("Remedy", "Study", "Kind of study", "Verdict", "What it found"),
        (
            (
                row.subject,
                f"{row.study} {_cite(row.refs)}",
                DESIGNS[row.design] + (f", {row.people} people" if row.people else ""),
                f"**{row.supports_label}**",
                row.finding + (f" *{row.note}*" if row.note else ""),
            )
            for row in rows_for("remedy")
        ),
    )
