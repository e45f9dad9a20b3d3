"""Every cited id exists, every reference is cited, and each notebook lists what it cites."""

from __future__ import annotations

import pytest

from helpers.data import DATA_DIR, load_references, read_csv, split_ids
from tests import notebook_cells as cells
from tests.conftest import NOTEBOOKS


def _csv_citations() -> dict[str, set[str]]:
    """CSV file -> ids in its refs columns (any column whose name is or ends with 'refs')."""
    found: dict[str, set[str]] = {}
    for path in sorted(DATA_DIR.glob("*.csv")):
        if path.name == "references.csv":
            continue
        for row in read_csv(path.name):
            for column, value in row.items():
                if column and (column == "refs" or column.endswith("_refs")):
                    found.setdefault(path.name, set()).update(split_ids(value or ""))
    return found


def _notebook_citations() -> dict[str, set[str]]:
    found = {}
    for path in NOTEBOOKS:
        notebook = cells.load(path)
        found[path.name] = cells.cited_in_markdown(notebook) | cells.listed_in_references_cell(notebook)
    return found


def test_references_table_loads_with_unique_ids():
    references = load_references()
    assert len(references) >= 10
    assert all(ref.citation and ref.grade for ref in references.values())


@pytest.mark.parametrize("where", sorted({**_csv_citations(), **_notebook_citations()}))
def test_every_cited_id_exists(where):
    cited = {**_csv_citations(), **_notebook_citations()}[where]
    unknown = sorted(cited - load_references().keys())
    assert not unknown, f"{where} cites ids that are not in data/references.csv: {unknown}"


def test_every_reference_is_cited_somewhere():
    cited = set().union(*_csv_citations().values(), *_notebook_citations().values())
    uncited = sorted(load_references().keys() - cited)
    assert not uncited, f"references nobody cites (cite them or remove them): {uncited}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_each_notebook_lists_every_reference_it_cites(path):
    notebook = cells.load(path)
    missing = sorted(cells.cited_in_markdown(notebook) - cells.listed_in_references_cell(notebook))
    assert not missing, f"{path.name} cites these in its text but not in show_references([...]): {missing}"
