"""The book (`make book`): every page, zero warnings, links and anchors that resolve, nothing from outside."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from helpers.course import load_notebooks
from helpers.data import load_references
from helpers.exercises import exercises, opening_words, plain_text
from helpers.glossary import load_glossary
from tests import notebook_cells as cells
from tests.conftest import ROOT

pytestmark = pytest.mark.slow

#: Anything a page would fetch: scripts, styles, fonts, images, frames (an ``<a href>`` is only a link).
FETCHING = {("script", "src"), ("link", "href"), ("img", "src"), ("iframe", "src"), ("source", "src")}


class Page(HTMLParser):
    """The ids, links and fetched assets of one HTML page."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.assets: list[str] = []
        self.images: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name in ("id", "name"):
            if values.get(name):
                self.ids.add(values[name] or "")
        if tag == "a" and values.get("href"):
            self.links.append(values["href"] or "")
        for asset_tag, attribute in FETCHING:
            if tag == asset_tag and values.get(attribute):
                self.assets.append(values[attribute] or "")
        if tag == "img":
            self.images.append(values)


def parse(path: Path) -> Page:
    page = Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def pages(html: Path) -> list[Path]:
    """Content pages (not the index redirect, the search page or the general index)."""
    skip = ("genindex.html", "search.html", "index.html")
    return sorted(p for p in html.glob("*.html") if p.name not in skip)


@pytest.fixture(scope="module")
def html(built_book) -> Path:
    return built_book[0]


def test_the_build_has_zero_warnings(built_book):
    assert built_book[1].strip() == ""


def test_every_notebook_is_a_page_in_order_and_the_start_page_is_home(html):
    entries = load_notebooks()
    for entry in entries:
        assert (html / f"{entry.stem}.html").is_file(), entry.file
    assert f"url={entries[0].stem}.html" in (html / "index.html").read_text(encoding="utf-8")
    navigation = (html / f"{entries[0].stem}.html").read_text(encoding="utf-8")
    positions = [navigation.find(f'href="{entry.stem}.html"') for entry in entries[1:]]
    assert all(p > 0 for p in positions) and positions == sorted(positions), "sidebar out of order"
    for name in ("references.html", "glossary.html", "warning-signs.html", "search.html", "searchindex.js"):
        assert (html / name).is_file(), name


def test_no_raw_citation_key_anywhere(html):
    for path in html.rglob("*.html"):
        assert "[@" not in path.read_text(encoding="utf-8"), path.name


def test_every_internal_link_and_anchor_resolves(html):
    parsed = {path.name: parse(path) for path in html.glob("*.html")}
    broken = []
    for name, page in parsed.items():
        for link in page.links:
            parts = urlsplit(link)
            if parts.scheme or link.startswith("mailto:"):
                continue
            target = name if not parts.path else unquote(parts.path)
            if not (html / target).exists():
                broken.append(f"{name}: {link} (no file)")
            elif (
                parts.fragment
                and target.endswith(".html")
                and unquote(parts.fragment) not in parsed[Path(target).name].ids
            ):
                broken.append(f"{name}: {link} (no anchor)")
    assert not broken, broken[:20]


def test_nothing_is_fetched_from_outside(html):
    outside = []
    for path in html.glob("*.html"):
        outside += [f"{path.name}: {asset}" for asset in parse(path).assets if urlsplit(asset).scheme]
    for path in html.rglob("*.css"):
        text = path.read_text(encoding="utf-8", errors="replace")
        outside += [f"{path.name}: {u}" for u in re.findall(r"url\(\s*['\"]?(https?:[^)'\"]+)", text)]
        outside += [f"{path.name}: {u}" for u in re.findall(r"@import\s+['\"]?(https?:[^'\";]+)", text)]
    assert not outside, outside[:20]


def test_citations_link_to_the_references_page(html):
    text = (html / "01_stretching.html").read_text(encoding="utf-8")
    assert 'href="references.html#ref-hallegraeff2012"' in text
    ids = parse(html / "references.html").ids
    missing = [ref_id for ref_id in load_references() if f"ref-{ref_id}" not in ids]
    assert not missing, missing


def test_glossary_terms_are_linked_where_first_used(html):
    glossary_ids = parse(html / "glossary.html").ids
    for term in load_glossary():
        assert "term-" + re.sub(r"[^A-Za-z0-9]+", "-", term.term).strip("-") in glossary_ids, term.term
    text = (html / "05_other_treatments.html").read_text(encoding="utf-8")
    links = re.findall(r'href="glossary.html#(term-[^"]+)"', text)
    assert "term-RCT" in links, "RCT is used in 05 and should link to the glossary"
    assert len(links) == len(set(links)), "each term is linked once a page, at its first use"


def test_every_page_reaches_the_warning_signs_and_every_notebook_has_launch_links(html):
    for path in pages(html):
        assert 'href="warning-signs.html"' in path.read_text(encoding="utf-8"), path.name
    for entry in load_notebooks():
        text = (html / f"{entry.stem}.html").read_text(encoding="utf-8")
        assert f"labpath=notebooks%2F{entry.file}" in text, f"{entry.file}: no JupyterLab-on-Binder link"
    session = (html / "06_patient_session.html").read_text(encoding="utf-8")
    assert "urlpath=voila/render/notebooks/06_patient_session.ipynb" in session


def test_every_figure_has_alt_text(html):
    for path in pages(html):
        for image in parse(path).images:
            alt = (image.get("alt") or "").strip()
            assert alt and not alt.startswith("_images"), f"{path.name}: {image.get('src')} has no alt text"


def test_widgets_show_as_stills_with_how_to_run_them_live(html):
    for path in pages(html):
        assert "application/vnd.jupyter.widget-view+json" not in path.read_text(encoding="utf-8")
    planner = (html / "04_session_planner.html").read_text(encoding="utf-8")
    assert "This is a still of a live widget" in planner


def test_the_public_book_leaves_out_worked_answers_and_marking_guides(html):
    words = "\n".join(plain_text(re.sub(r"<[^>]+>", " ", p.read_text(encoding="utf-8"))) for p in pages(html))
    for entry in load_notebooks():
        for exercise in exercises(cells.load(ROOT / "notebooks" / entry.file), entry.file):
            assert opening_words(exercise.solution, 6) not in words, exercise.exercise_id
            assert opening_words(exercise.marking_guide, 6) not in words, exercise.exercise_id


def test_offline_search_index_holds_the_text(html):
    index = (html / "searchindex.js").read_text(encoding="utf-8")
    assert "hallegraeff" in index.lower() or "stretch" in index.lower()
