"""Exercise-associated muscle cramps: the competing explanations and the remedies, as the studies left them.

The rows live in ``data/sport_cramp_evidence.csv``: one per study or statement, each saying which
explanation it supports (fatigue of the nerve-muscle control, or fluid and salt loss, or several causes)
or how a remedy fared. Keeping them as data lets the notebook set the studies side by side, with their
design and size, instead of telling one story. A row with no study ("none found") is kept so the gap shows.

No matplotlib or ipywidgets here (the picture is in ``sport_cramps_plots``).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from helpers.citations import cite_markdown
from helpers.data import DataError, check_reference_ids, read_csv, split_ids

EVIDENCE_FILE = "sport_cramp_evidence.csv"
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


@cache
def load_sport_evidence() -> tuple[SportEvidence, ...]:
    """Every row, in file order; a bad value fails with the row and the allowed values."""
    required = ("id", "topic", "subject", "study", "design", "supports", "finding")
    rows: list[SportEvidence] = []
    for number, row in enumerate(read_csv(EVIDENCE_FILE, required=required), start=1):
        where = f"{EVIDENCE_FILE}, data row {number} ({row['id'].strip()})"
        topic, design, supports = row["topic"].strip(), row["design"].strip(), row["supports"].strip()
        allowed = EXPLANATIONS if topic == "cause" else VERDICTS
        if topic not in TOPICS:
            raise DataError(f"{where}: topic {topic!r} is not one of {', '.join(TOPICS)}")
        if design not in DESIGNS:
            raise DataError(f"{where}: design {design!r} is not one of {', '.join(DESIGNS)}")
        if supports not in allowed:
            raise DataError(
                f"{where}: supports {supports!r} is not one of {', '.join(allowed)} for a {topic} row"
            )
        people_text = (row.get("people") or "").strip()
        if people_text and not people_text.isdigit():
            raise DataError(f"{where}: people must be a whole number or empty, got {people_text!r}")
        refs = tuple(split_ids(row.get("refs") or ""))
        if not refs and supports != "none found":
            raise DataError(f"{where}: only a 'none found' row may have no refs")
        check_reference_ids(refs, where)
        item = SportEvidence(
            id=row["id"].strip(),
            topic=topic,
            subject=row["subject"].strip(),
            study=row["study"].strip(),
            design=design,
            people=int(people_text) if people_text else None,
            supports=supports,
            finding=row["finding"].strip(),
            refs=refs,
            note=(row.get("note") or "").strip(),
        )
        if any(other.id == item.id for other in rows):
            raise DataError(f"{EVIDENCE_FILE}: id {item.id!r} appears twice")
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
    lines = [
        "| Study | Kind of study | People | Supports | What it found |",
        "|---|---|---|---|---|",
    ]
    order = list(EXPLANATIONS)
    for row in sorted(rows_for("cause"), key=lambda r: order.index(r.supports)):
        people = f"{row.people:,}" if row.people else "-"
        note = f" *{row.note}*" if row.note else ""
        lines.append(
            f"| {row.study} {_cite(row.refs)} | {DESIGNS[row.design]} | {people} | "
            f"**{row.supports_label}** | {row.finding}{note} |"
        )
    return "\n".join(lines)


def remedies_markdown() -> str:
    """What was tested and what is folklore: one row per remedy and study."""
    lines = ["| Remedy | Study | Kind of study | Verdict | What it found |", "|---|---|---|---|---|"]
    for row in rows_for("remedy"):
        note = f" *{row.note}*" if row.note else ""
        people = f", {row.people} people" if row.people else ""
        lines.append(
            f"| {row.subject} | {row.study} {_cite(row.refs)} | {DESIGNS[row.design]}{people} | "
            f"**{row.supports_label}** | {row.finding}{note} |"
        )
    return "\n".join(lines)
