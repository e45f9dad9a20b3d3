"""Citations stay machine-checked: every cited id exists, every reference is cited, each notebook lists
what it cites, link labels are the ones in data/references.csv, links land on an anchor, and no raw
``[@id]`` key is left for a reader to see."""

from __future__ import annotations

import pytest

from helpers.citations import (
    CITATION_LINK,
    anchor,
    cite_markdown,
    cite_plain,
    cited_ids,
    convert_markdown,
    reference_labels,
)
from helpers.data import DATA_DIR, DataError, load_references, read_csv, split_ids
from helpers.notebook import references_markdown
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


def _audience(cell: dict) -> str:
    return "patient" if "patient" in cells.tags(cell) else "student"


def test_references_table_loads_with_unique_ids():
    references = load_references()
    assert len(references) >= 10
    assert all(ref.citation and ref.grade for ref in references.values())


def test_every_reference_has_both_labels_and_patient_labels_are_unique():
    rows = read_csv("references.csv", required=("id", "label_patient", "label_student"))
    assert len(rows) == len(load_references())
    for column in ("label_patient", "label_student"):
        labels = [row[column] for row in rows]
        repeated = sorted({label for label in labels if labels.count(label) > 1})
        assert not repeated, f"{column}: labels readers cannot tell apart: {repeated}"
        assert not any(set("[]()") & set(label) for label in labels), f"{column}: brackets clash with links"


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


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_no_raw_citation_key_is_left_in_a_notebook(path):
    """Neither the Markdown an author wrote nor any stored output may show ``[@id]`` to a reader."""
    notebook = cells.load(path)
    for index, cell in enumerate(notebook["cells"]):
        shown = [cells.source(cell)] if cell["cell_type"] == "markdown" else cells.output_texts(cell)
        for text in shown:
            assert "[@" not in text, f"{path.name} cell {index}: raw [@ key; run scripts/convert_citations.py"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_citation_labels_match_the_csv_for_the_cell_audience(path):
    labels = reference_labels()
    for index, cell in enumerate(cells.markdown_cells(cells.load(path))):
        for label, ref_id in cells.citation_links(cell):
            assert ref_id in labels, f"{path.name} md cell {index}: #ref-{ref_id} is not in references.csv"
            expected = labels[ref_id].for_audience(_audience(cell))
            assert label == expected, f"{path.name} md {index}: {label!r} for {ref_id}, CSV: {expected!r}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_citation_link_lands_on_an_anchor_in_the_same_notebook(path):
    """Links in Markdown and in outputs (tables built in code) jump to the notebook's reference list."""
    notebook = cells.load(path)
    anchors = set()
    linked: dict[str, int] = {}
    for index, cell in enumerate(notebook["cells"]):
        texts = [cells.source(cell)] if cell["cell_type"] == "markdown" else cells.output_texts(cell)
        for text in texts:
            anchors.update(ref for ref in load_references() if f'id="{anchor(ref)}"' in text)
            for match in CITATION_LINK.finditer(text):
                linked.setdefault(match.group(2), index)
    dangling = {ref: index for ref, index in linked.items() if ref not in anchors}
    assert not dangling, f"{path.name}: links with no anchor in show_references (id: cell) {dangling}"


def test_cite_markdown_links_each_id_with_the_audience_label():
    labels = reference_labels()
    patient = cite_markdown(["nhs_leg_cramps", "hallegraeff2012"], "patient")
    assert patient == (
        f"([{labels['nhs_leg_cramps'].patient}](#ref-nhs_leg_cramps); "
        f"[{labels['hallegraeff2012'].patient}](#ref-hallegraeff2012))"
    )
    assert "Hallegraeff et al. 2012" in cite_markdown("hallegraeff2012", "student")
    assert cite_plain(["nhs_leg_cramps", "uclh_dvt"], "patient") == "(NHS; UCLH)"
    with pytest.raises(DataError, match="nobody2099"):
        cite_markdown(["nobody2099"], "patient")
    with pytest.raises(ValueError, match=r"Audience cannot be .doctor.\. Allowed: .patient. or .student."):
        cite_plain("nhs_leg_cramps", "doctor")


def test_converter_rewrites_keys_by_audience_and_is_idempotent():
    text = "Stretch the calf [@nhs_leg_cramps; @hallegraeff2012]. Rest [@uclh_dvt]."
    patient = convert_markdown(text, "patient")
    assert "[@" not in patient
    assert patient.startswith("Stretch the calf ([NHS](#ref-nhs_leg_cramps); [Hallegraeff 2012](#ref-")
    assert convert_markdown(patient, "patient") == patient
    assert cited_ids(patient) == cited_ids(text) == ["nhs_leg_cramps", "hallegraeff2012", "uclh_dvt"]
    # A cell re-tagged for students gets author-and-year labels on the next run.
    assert "[Hallegraeff et al. 2012](#ref-hallegraeff2012)" in convert_markdown(patient, "student")
    with pytest.raises(DataError, match="nobody2099"):
        convert_markdown("x [@nobody2099]", "patient")


def test_reference_list_gives_each_entry_an_anchor_and_no_raw_key():
    text = references_markdown(["nhs_leg_cramps", "uclh_dvt"])
    assert '<a id="ref-nhs_leg_cramps" name="ref-nhs_leg_cramps"></a>' in text
    assert text.index("ref-nhs_leg_cramps") < text.index("ref-uclh_dvt")
    assert "[@" not in text
