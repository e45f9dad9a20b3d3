"""The glossary (data/glossary.csv): every term a notebook uses is defined, and clinical claims are cited."""

from __future__ import annotations

import re

import pytest

from helpers.data import DATA_DIR
from helpers.errors import InputError
from helpers.glossary import load_glossary, lookup, terms_in
from helpers.glossary_widgets import GlossaryLookup, definition_markdown
from tests import notebook_cells as cells
from tests.conftest import NOTEBOOKS

#: Abbreviations that are names, not terms to define: organisations, journals, places, file kinds, and the
#: literal "NO" of the set-up check. Each is spelled out or linked where it is cited.
NAMES = {
    "NHS", "UK", "US", "USA", "NICE", "CKS", "NG59", "AAN", "AAOS", "MPFT", "FT", "FDA", "MHRA", "ACSM",
    "KNGF", "ISO", "BMJ", "JAMA", "NHANES", "MIMS", "README", "CSV", "PDF", "NO", "OK",
    "UCLH", "IFOMPT", "IRLSSG", "NG158", "NG42", "AFP", "EBM", "EU", "NATA", "NIOSH",
    "B1", "B2", "B6", "B12", "K2", "II",  # vitamin names and the Roman numeral of "type II"
}  # fmt: skip
ACRONYM = re.compile(r"(?<![\w@/-])[A-Z][A-Z0-9]{1,6}(?![\w-])")
#: Words that make a definition a clinical statement (it must then be marked claim=yes and cite sources).
CLINICAL = re.compile(
    r"°C|\bminutes?\b|\bhours?\b|quinine|\bclot|\bcramp|\bice\b|\bheat\b|nerve|\bskin\b|muscle"
)


def student_text(notebook: dict, outputs: bool = False) -> str:
    """Markdown cells (and with ``outputs`` the Markdown the code renders from data), without citations,
    link targets, code spans and HTML tags."""
    parts = [cells.source(c) for c in cells.markdown_cells(notebook)]
    for cell in cells.code_cells(notebook) if outputs else []:
        for output in cell.get("outputs", []):
            parts.append("".join(output.get("data", {}).get("text/markdown", "")))
    text = "\n".join(parts)
    citations = r"\[@[^\]]*\]|\[[^\[\]]*\]\(#ref-[^)]*\)"  # source names are not terms
    return re.sub(citations + r"|\]\([^)]*\)|`[^`]*`|</?[a-zA-Z][^>]*>", " ", text)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_abbreviation_a_notebook_uses_is_defined(path):
    text = student_text(cells.load(path))
    defined = {form for term in load_glossary() for form in term.forms}
    used = {
        word.removesuffix("s") if word.removesuffix("s") in defined else word
        for word in ACRONYM.findall(text)
    }
    missing = sorted(used - defined - NAMES)
    assert not missing, f"{path.name}: add to data/glossary.csv (or to NAMES if a name): {missing}"


def test_every_term_is_used_somewhere_in_the_series():
    """In a notebook, in what its code renders, or in a data table the tools show (no dead entries)."""
    text = "\n".join(student_text(cells.load(path), outputs=True) for path in NOTEBOOKS)
    text += "\n".join(
        path.read_text(encoding="utf-8") for path in DATA_DIR.glob("*.csv") if path.name != "glossary.csv"
    )
    used = {term.term for term, _ in terms_in(text)}
    unused = [term.term for term in load_glossary() if term.term not in used]
    assert not unused, f"glossary terms no notebook uses (remove, or use them): {unused}"


@pytest.mark.parametrize("term", load_glossary(), ids=lambda t: t.term)
def test_a_definition_that_makes_a_clinical_claim_is_marked_and_cited(term):
    if CLINICAL.search(term.plain) or CLINICAL.search(term.student):
        assert term.claim, f"{term.term}: the definition states a clinical fact; set claim=yes and cite refs"
    if term.claim:
        assert term.refs, f"{term.term}: a clinical claim needs a source"


def test_uses_are_found_as_whole_words_only():
    found = [
        (term.term, match.group(0)) for term, match in terms_in("circulation, 95% CI, two RCTs, Level U")
    ]
    assert found == [("CI", "95% CI"), ("RCT", "RCTs"), ("AAN Level U", "Level U")]


def test_lookup_by_alias_and_a_clear_error_for_an_unknown_term():
    assert lookup("deep vein thrombosis").term == "DVT"
    with pytest.raises(InputError, match="Did you mean: Scoping review"):
        lookup("scoping")


def test_the_lookup_widget_shows_a_definition_and_keeps_it_on_bad_input():
    app = GlossaryLookup("VAS")
    assert "Visual analogue scale" in app.answer.value
    app.box.value = "not a term"
    assert "not in the glossary" in app.message.widget.value
    assert "Visual analogue scale" in app.answer.value
    assert "Sources:" in definition_markdown(lookup("DVT"))
