"""The series as a course: its notebooks in order with their times, and the header line each time drives.

``data/notebooks.csv`` is the one table of notebook times. The map in 00 is rendered from it, and
``scripts/execute_notebooks.py`` writes each notebook's ``**Time:**`` line from it, so the two can never
disagree again (they once differed by 5 to 15 minutes). Domain module: no IPython, no widgets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from helpers.data import Column, DataError, Table, cached, load_table
from helpers.markdown_table import markdown_table

#: The header line: ``**Time:** about 30 minutes (10 minutes for the patient boxes alone).`` or
#: ``**Time.** About 50 minutes (patients: 10 minutes ...)``. Group 2 is the whole time, group 5 the
#: optional patient-only time at the start of the bracket (a bracket starting with words is left alone).
TIME_LINE = re.compile(
    r"(\*\*Time(?::\*\*|\.\*\*|\*\*:) [Aa]bout )(\d+)( minutes)"
    r"(?:( \((?:patients: )?(?:about )?)(\d+)( minutes))?"
)


@dataclass(frozen=True)
class NotebookEntry:
    """One row of ``data/notebooks.csv``."""

    number: str
    file: str
    title: str
    minutes: int
    patient_minutes: int | None
    audience: str
    covers: str

    @property
    def stem(self) -> str:
        """File name without ``.ipynb``: the page name in the book."""
        return self.file.removesuffix(".ipynb")


NOTEBOOKS = Table(
    "notebooks.csv",
    (
        Column("number"),
        Column("file"),
        Column("title"),
        Column("minutes", "int", low=1, high=600),
        Column("patient_minutes", "int", required=False, low=1, high=600),
        Column("audience"),
        Column("covers"),
    ),
    key="number",
)


@cached
def load_notebooks() -> tuple[NotebookEntry, ...]:
    """The series in teaching order (by number). Raises DataError on a malformed row."""
    entries = []
    for row in load_table(NOTEBOOKS):
        file = row["file"]
        if not re.fullmatch(r"\d\d_[a-z0-9_]+\.ipynb", file) or not file.startswith(row["number"]):
            raise DataError(f"{row.where}: file must be NN_name.ipynb starting with its number, not {file!r}")
        entries.append(NotebookEntry(**row))
    return tuple(sorted(entries, key=lambda entry: entry.number))


def notebook_entry(file: str) -> NotebookEntry:
    """The row for one notebook file name, e.g. ``"04_session_planner.ipynb"``."""
    for entry in load_notebooks():
        if entry.file == file:
            return entry
    raise DataError(f"{file!r} has no row in data/notebooks.csv; add one (number, file, title, minutes, ...)")


def header_times(source: str) -> tuple[int, int | None] | None:
    """(minutes, patient-only minutes) as a header's ``**Time:**`` line states them; None if it has none."""
    match = TIME_LINE.search(source)
    if not match:
        return None
    return int(match.group(2)), int(match.group(5)) if match.group(5) else None


def sync_header_time(source: str, entry: NotebookEntry) -> str:
    """The header text with its ``**Time:**`` figures taken from the table (wording around them kept)."""
    match = TIME_LINE.search(source)
    if not match:
        raise DataError(f"{entry.file}: the opening has no '**Time:** about N minutes' line to fill in")
    if (match.group(5) is None) != (entry.patient_minutes is None):
        raise DataError(
            f"{entry.file}: the header and notebooks.csv disagree on whether there is a patient-only time;"
            " give patient_minutes in the table and '(N minutes for the patient ...)' in the header,"
            " or neither"
        )
    text = f"{match.group(1)}{entry.minutes}{match.group(3)}"
    if entry.patient_minutes is not None:
        text += f"{match.group(4)}{entry.patient_minutes}{match.group(6)}"
    return source[: match.start()] + text + source[match.end() :]


def series_map_markdown(entries: tuple[NotebookEntry, ...] | None = None) -> str:
    """The map of the series shown in 00: a Markdown table linking every notebook, with its time."""
    entries = load_notebooks() if entries is None else entries
    table = markdown_table(
        ("Notebook", "What it covers", "Mainly for", "Time"),
        (
            (f"[{entry.stem}]({entry.file})", entry.covers, entry.audience, f"{entry.minutes} min")
            for entry in entries
        ),
    )
    total = sum(entry.minutes for entry in entries)
    return f"{table}\n\nAll of it takes about {total} minutes; each notebook's header gives the same time."
