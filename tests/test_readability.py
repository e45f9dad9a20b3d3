"""Patient-facing cells (tag `patient`) read at Flesch-Kincaid grade 7 or lower, scored offline."""

from __future__ import annotations

import pytest

from helpers.readability import PATIENT_MAX_GRADE, grade, plain_text
from tests import notebook_cells as cells
from tests.conftest import NOTEBOOKS

PATIENT_CELLS = [
    pytest.param(cell, id=f"{path.stem}-cell{index}")
    for path in NOTEBOOKS
    for index, cell in enumerate(cells.load(path)["cells"])
    if "patient" in cells.tags(cell)
]


@pytest.mark.parametrize("cell", PATIENT_CELLS)
def test_patient_cell_is_plain_language(cell):
    text = cells.source(cell)
    score = grade(text)
    assert score <= PATIENT_MAX_GRADE, f"grade {score:.1f} > {PATIENT_MAX_GRADE}: {plain_text(text)[:200]}..."


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_notebook_has_patient_text(path):
    assert any("patient" in cells.tags(cell) for cell in cells.load(path)["cells"])


def test_the_scorer_tells_plain_from_dense_text():
    plain = "Stand up. Put your weight on the leg. Hold the stretch for ten seconds. Then rest."
    dense = (
        "Intramuscular temperature reductions following cryotherapeutic interventions demonstrate "
        "considerable interindividual variability attributable to subcutaneous adipose thickness."
    )
    assert grade(plain) <= 4 < PATIENT_MAX_GRADE < grade(dense)


def test_markdown_and_citations_do_not_count_as_words():
    assert plain_text("## Heading\n- **Hold** for 10 s [@hallegraeff2012]") == "Heading. Hold for 10 s."


def test_wrapping_a_paragraph_does_not_change_its_score():
    sentence = (
        "Intramuscular temperature reductions following cryotherapeutic interventions demonstrate "
        "considerable interindividual variability attributable to subcutaneous adipose thickness."
    )
    wrapped = sentence.replace(" following ", "\nfollowing ").replace(" variability ", "\nvariability ")
    assert grade(wrapped) == grade(sentence)
    assert plain_text("## Title\nFirst line\nsecond line.\n\n- item one\n- item two") == (
        "Title. First line second line. item one. item two."
    )
