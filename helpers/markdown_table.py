"""Markdown tables from data rows: one builder for every table the notebooks show.

Why one builder: the tables are filled from CSV text that clinicians edit. A ``|`` in that text would split
a row into extra columns, and a line break would end the row early; each table used to guard against this
in its own way, or not at all. Here every cell is kept in its cell the same way (a pipe is escaped and
still shows as a pipe; line breaks become spaces), and a row with the wrong number of cells is refused.

Domain module: strings only (no IPython, no widgets, no plots).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence


def table_cell(text: object) -> str:
    """``text`` safe inside one table cell: ``|`` escaped, runs of spaces and line breaks made one space."""
    return " ".join(str(text).replace("|", "\\|").split())


def markdown_table(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """A Markdown table: ``header`` (column titles), then one line per row of cells (any text or number).

    Raises ValueError for a row whose number of cells differs from the header's (a table would shift it).
    """
    lines = [_line(header), "|" + "---|" * len(header)]
    for number, row in enumerate(rows, start=1):
        if len(row) != len(header):
            raise ValueError(f"table row {number} has {len(row)} cells; the header has {len(header)}")
        lines.append(_line(row))
    return "\n".join(lines)


def _line(cells: Sequence[object]) -> str:
    return "| " + " | ".join(table_cell(cell) for cell in cells) + " |"
