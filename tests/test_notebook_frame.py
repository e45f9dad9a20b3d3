"""Every notebook opens and closes the same way, and is stored as a clean 'restart and run all' run."""

from __future__ import annotations

import re

import pytest

from tests import notebook_cells as cells
from tests.conftest import NOTEBOOKS, ROOT

EXPECTED = [
    "00_start_here.ipynb",
    "01_stretching.ipynb",
    "02_massage.ipynb",
    "03_ice_and_heat.ipynb",
    "04_session_planner.ipynb",
    "05_other_treatments.ipynb",
    "06_patient_session.ipynb",
]


def test_the_series_starts_with_the_start_page():
    assert NOTEBOOKS, "no notebooks found"
    assert NOTEBOOKS[0].name == "00_start_here.ipynb"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_opening_says_who_what_and_how_long(path):
    opening = "\n".join(cells.source(c) for c in cells.markdown_cells(cells.load(path))[:3]).lower()
    for phrase in ("who this is for", "what you will learn", "time"):
        assert phrase in opening, f"{path.name}: the opening lacks '{phrase}'"
    assert "not medical advice" in opening, f"{path.name}: the opening lacks the disclaimer"
    assert re.search(r"\d+\s*(min|minutes)", opening), f"{path.name}: no time to complete in minutes"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_closing_has_summary_self_check_references_and_next(path):
    notebook = cells.load(path)
    text = "\n".join(cells.source(c) for c in notebook["cells"]).lower()
    for heading in ("summary", "self-check", "references", "what next"):
        assert re.search(rf"^#+ .*{heading}", text, flags=re.M), f"{path.name}: no '{heading}' heading"
    assert "<details>" in text, f"{path.name}: self-check answers should be revealed on demand"
    assert cells.listed_in_references_cell(notebook), f"{path.name}: no show_references([...]) cell"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_stored_as_a_clean_run(path):
    notebook = cells.load(path)
    code = [c for c in cells.code_cells(notebook) if cells.source(c).strip()]
    counts = [c.get("execution_count") for c in code]
    assert counts == list(range(1, len(code) + 1)), f"{path.name}: re-run with scripts/execute_notebooks.py"
    for cell in code:
        for output in cell.get("outputs", []):
            assert output["output_type"] != "error", f"{path.name}: a stored error: {output.get('ename')}"
            text = "".join(output.get("text", ""))
            assert "Traceback" not in text, f"{path.name}: a traceback in a stored output"
            assert output.get("name") != "stderr", f"{path.name}: stderr output: {text[:200]}"
    assert notebook["metadata"]["kernelspec"]["name"] == "python3"


def test_links_between_notebooks_point_at_real_files():
    names = {p.name for p in NOTEBOOKS}
    for path in NOTEBOOKS:
        for cell in cells.markdown_cells(cells.load(path)):
            for target in re.findall(r"\]\((?:\./)?([0-9]{2}_[a-z_]+\.ipynb)\)", cells.source(cell)):
                assert target in names, f"{path.name} links to missing {target}"


def test_readme_maps_every_notebook():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for path in NOTEBOOKS:
        assert path.name in readme, f"README.md does not list {path.name}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_warning_signs_box_opens_every_notebook(path):
    """Within one screen of the top: the first code cell, right under the title, shows the warning signs."""
    notebook = cells.load(path)
    first_code = next(i for i, c in enumerate(notebook["cells"]) if c["cell_type"] == "code")
    assert first_code == 1, f"{path.name}: the warning-signs box should sit right under the title"
    box = notebook["cells"][first_code]
    assert "show_warning_signs()" in cells.source(box), f"{path.name}: call show_warning_signs()"
    assert cells.source(notebook["cells"][0]).startswith("# "), f"{path.name}: the title comes first"
    shown = "\n".join(cells.output_texts(box))
    assert "Warning signs" in shown and "<details>" in shown, f"{path.name}: re-execute to store the box"
