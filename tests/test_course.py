"""One table of notebook times (data/notebooks.csv) drives every header and the map in 00."""

from __future__ import annotations

import pytest

from helpers.course import (
    NotebookEntry,
    header_times,
    load_notebooks,
    notebook_entry,
    series_map_markdown,
    sync_header_time,
)
from helpers.data import DataError
from tests import notebook_cells as cells
from tests.conftest import NOTEBOOKS

ENTRY = NotebookEntry("01", "01_x.ipynb", "X", 30, 10, "Students", "Things")


def test_every_notebook_has_exactly_one_row():
    assert [entry.file for entry in load_notebooks()] == [path.name for path in NOTEBOOKS]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_header_time_is_the_tables_time(path):
    entry = notebook_entry(path.name)
    opening = next(
        cells.source(c) for c in cells.markdown_cells(cells.load(path)) if header_times(cells.source(c))
    )
    assert header_times(opening) == (entry.minutes, entry.patient_minutes), (
        f"{path.name}: header time differs from data/notebooks.csv; run scripts/execute_notebooks.py"
    )


def test_the_map_in_00_is_rendered_from_the_table():
    notebook = cells.load(NOTEBOOKS[0])
    map_cells = [c for c in cells.code_cells(notebook) if "show_series_map()" in cells.source(c)]
    assert len(map_cells) == 1, "00 should render its map with show_series_map()"
    stored = "".join(map_cells[0]["outputs"][0]["data"]["text/markdown"])
    assert stored == series_map_markdown()
    typed_rows = [c for c in cells.markdown_cells(notebook) if "| Time |" in cells.source(c)]
    assert not typed_rows, "00 still has a hand-typed map table beside the rendered one"


def test_map_lists_every_notebook_with_its_time_and_total():
    text = series_map_markdown()
    for entry in load_notebooks():
        assert f"[{entry.stem}]({entry.file})" in text
        assert f"| {entry.minutes} min |" in text
    assert f"about {sum(e.minutes for e in load_notebooks())} minutes" in text


def test_sync_keeps_the_wording_and_replaces_only_the_figures():
    source = "Intro.\n\n**Time:** about 25 minutes (about 5 minutes for the patient cells alone).\n\nMore."
    synced = sync_header_time(source, ENTRY)
    expected = "**Time:** about 30 minutes (about 10 minutes for the patient cells alone)."
    assert synced == f"Intro.\n\n{expected}\n\nMore."
    assert header_times(synced) == (30, 10)


def test_sync_refuses_a_header_without_a_time_line_or_a_missing_patient_time():
    with pytest.raises(DataError, match="no '\\*\\*Time:\\*\\*"):
        sync_header_time("No time here.", ENTRY)
    with pytest.raises(DataError, match="patient-only time"):
        sync_header_time("**Time:** about 25 minutes.", ENTRY)


def test_unknown_notebook_names_the_table():
    with pytest.raises(DataError, match=r"notebooks\.csv"):
        notebook_entry("99_missing.ipynb")
