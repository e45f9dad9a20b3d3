"""Reading the small CSV tables in ``data/`` that drive the series' content.

Content that may change (stretches, cautions, rules, references) lives in CSV so a clinician can edit it
without touching code. Everything here is read-only and cached: the files are tiny and never change while
a kernel runs.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent.parent / "data"

#: How a notebook or CSV cites a reference: ``[@hallegraeff2012]`` or ``[@nhs_leg_cramps; @hawke2021]``.
CITATION_PATTERN = re.compile(r"@([a-z][a-z0-9_]*)")
CITATION_BLOCK = re.compile(r"\[(@[a-z][a-z0-9_]*(?:\s*;\s*@[a-z][a-z0-9_]*)*)\]")


class DataError(ValueError):
    """A data file is missing, malformed, or refers to something that does not exist."""


def data_path(name: str) -> Path:
    """Return the path of a file in ``data/``, refusing names that would escape the folder."""
    if "/" in name or "\\" in name or name.startswith("."):
        raise DataError(f"data file name {name!r} must be a plain file name such as 'references.csv'")
    path = DATA_DIR / name
    if not path.is_file():
        raise DataError(f"data file {name!r} not found in {DATA_DIR}")
    return path


@cache
def _read_rows(name: str) -> tuple[dict[str, str], ...]:
    with data_path(name).open(newline="", encoding="utf-8") as handle:
        rows = tuple(dict(row) for row in csv.DictReader(row for row in handle if not row.startswith("#")))
    return rows


def read_csv(name: str, required: tuple[str, ...] = ()) -> list[dict[str, str]]:
    """Rows of ``data/<name>`` as dicts (lines starting with ``#`` are comments).

    ``required`` names columns that must exist and be non-empty in every row, so a typo in a
    hand-edited table fails loudly here instead of showing a blank in a notebook.
    """
    rows = [dict(row) for row in _read_rows(name)]
    for number, row in enumerate(rows, start=2):
        for column in required:
            if column not in row:
                raise DataError(f"{name}: column {column!r} is missing (columns: {', '.join(row)})")
            if not (row[column] or "").strip():
                raise DataError(f"{name}, line {number}: column {column!r} is empty")
    return rows


def split_ids(cell: str) -> list[str]:
    """Split a ``refs`` cell such as ``"nhs_leg_cramps; hawke2021"`` into ids."""
    return [part.strip().lstrip("@") for part in re.split(r"[;,]", cell or "") if part.strip()]


@dataclass(frozen=True)
class Reference:
    """One entry of ``data/references.csv``: a source the series cites."""

    id: str
    short: str
    citation: str
    year: str
    url: str
    grade: str
    note: str


@cache
def load_references() -> dict[str, Reference]:
    """All references by id, in file order."""
    rows = read_csv("references.csv", required=("id", "short", "citation", "grade"))
    references: dict[str, Reference] = {}
    for row in rows:
        ref = Reference(
            id=row["id"].strip(),
            short=row["short"].strip(),
            citation=row["citation"].strip(),
            year=(row.get("year") or "").strip(),
            url=(row.get("url") or "").strip(),
            grade=row["grade"].strip(),
            note=(row.get("note") or "").strip(),
        )
        if ref.id in references:
            raise DataError(f"references.csv: id {ref.id!r} appears twice")
        references[ref.id] = ref
    return references


def check_reference_ids(ids: list[str] | tuple[str, ...], where: str) -> None:
    """Raise DataError naming ``where`` if any id is not in references.csv."""
    known = load_references()
    unknown = [ref_id for ref_id in ids if ref_id not in known]
    if unknown:
        raise DataError(f"{where}: unknown reference id(s) {', '.join(unknown)}; see data/references.csv")
