"""The cramp diary in Voila with a real Chromium: a week typed with the keyboard, a bad value, save and load.

Voila is how a patient meets the diary (no code, no file browser), so the test drives it there: every field
is reached with Tab, the Add button is pressed with Enter, the chart's text alternative must follow each
night, and the diary must survive a round trip through the browser's download and upload.
"""

from __future__ import annotations

import base64
from collections.abc import Iterator
from pathlib import Path

import pytest

from helpers.cramp_diary import from_csv_text
from tests.browser import servers

pytestmark = [pytest.mark.browser, pytest.mark.slow]

NOTEBOOK = "notebooks/08_night_cramps_and_medicines.ipynb"
CHART = ".cc-diary img[alt^='Cramp diary chart']"
#: One week: (cramps, worst 0-10, longest minutes); 0 cramps leaves the other boxes empty.
WEEK = [(1, 6, 2), (0, None, None), (2, 7, 3), (0, None, None), (1, 5, 1.5), (0, None, None), (1, 4, 1)]


@pytest.fixture(scope="module")
def diary_voila(
    chromium_executable: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[servers.Server]:
    server = servers.start_voila(tmp_path_factory.mktemp("voila-diary"), NOTEBOOK)
    yield server
    server.stop()


def _open(page, server) -> None:
    page.goto(server.url("/"))
    page.wait_for_selector(CHART)


def _alt(page) -> str:
    return page.get_attribute(CHART, "alt")


def _upload(page, path: Path) -> None:
    """Press the upload button as a person would; the browser's file chooser gets ``path``."""
    with page.expect_file_chooser() as chooser:
        page.locator(".cc-diary .widget-upload, .cc-diary .jupyter-widget-upload").first.click()
    chooser.value.set_files(str(path))


def _type_night(page, cramps: int, worst: int | None, longest: float | None) -> None:
    """Fill one night with the keyboard only: focus the cramps box, then Tab through the form to Add."""
    page.get_by_label("Cramps that night (number)").focus()
    page.keyboard.type(str(cramps))
    page.keyboard.press("Tab")
    page.keyboard.type("" if worst is None else str(worst))
    page.keyboard.press("Tab")
    page.keyboard.type("" if longest is None else f"{longest:g}")
    page.keyboard.press("Tab")  # sleep disturbed: left empty
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # the focused "Add this night" button


def test_a_week_typed_with_the_keyboard_updates_the_chart_night_by_night(page, diary_voila):
    _open(page, diary_voila)
    assert _alt(page) == "Cramp diary chart: no nights logged yet."
    first_night = page.get_by_label("Night (date, YYYY-MM-DD)").input_value()
    total = 0
    for number, (cramps, worst, longest) in enumerate(WEEK, start=1):
        before = _alt(page)
        _type_night(page, cramps, worst, longest)
        page.wait_for_function(
            "([selector, old]) => document.querySelector(selector).alt !== old", arg=[CHART, before]
        )
        total += cramps
        expected = f"week 1: {total * 7 / number:.1f} cramps"
        assert expected in _alt(page), f"after night {number}: {_alt(page)}"
        page.get_by_text(f"{number} night{'s' if number > 1 else ''} logged.").wait_for()
    assert "week 1: 5.0 cramps, worst cramp 5.5 out of 10" in _alt(page)
    assert page.get_by_label("Night (date, YYYY-MM-DD)").input_value() != first_night
    assert "Traceback" not in page.content()


def test_a_bad_value_shows_what_is_allowed_and_keeps_the_chart(page, diary_voila):
    _open(page, diary_voila)
    _type_night(page, 1, 5, 2)
    page.wait_for_function("(s) => !document.querySelector(s).alt.includes('no nights')", arg=CHART)
    before = _alt(page)
    _type_night(page, 1, 12, 2)
    page.get_by_text("from 0 to 10").first.wait_for()
    assert _alt(page) == before
    assert page.get_by_label("Worst cramp (0-10)").input_value() == "12", "the typed value stays to be fixed"
    assert "Traceback" not in page.content()


def test_the_diary_downloads_as_csv_and_loads_back(page, diary_voila, tmp_path: Path):
    _open(page, diary_voila)
    for night in WEEK[:3]:
        before = _alt(page)
        _type_night(page, *night)
        page.wait_for_function("([s, old]) => document.querySelector(s).alt !== old", arg=[CHART, before])
    link = page.locator(".cc-diary a[download$='.csv']")
    with page.expect_download() as download_info:
        link.click()
    download = download_info.value
    assert download.suggested_filename.startswith("cramp-diary-")
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    entries = from_csv_text(saved.read_text(encoding="utf-8"))
    assert [e.cramps for e in entries] == [1, 0, 2]
    href = link.get_attribute("href")
    assert base64.b64decode(href.split(",", 1)[1]).decode("utf-8") == saved.read_text(encoding="utf-8")

    # A fresh page (a new session) loads the saved file back through the upload button.
    _open(page, diary_voila)
    _upload(page, saved)
    page.get_by_text(f"Loaded 3 nights from {saved.name}").wait_for()
    assert "week 1: 7.0 cramps" in _alt(page)

    bad = tmp_path / "bad.csv"
    bad.write_text(
        "night,cramps,worst_0_10,longest_min,sleep_0_10,note\n2026-11-02,x,,,,\n", encoding="utf-8"
    )
    _upload(page, bad)
    page.get_by_text("row 2: cramps 'x' is not a whole number").wait_for()
    assert "week 1: 7.0 cramps" in _alt(page), "a bad file leaves the diary as it was"


def test_the_diary_has_no_serious_or_critical_axe_violation(page, diary_voila):
    from axe_playwright_python.sync_playwright import Axe

    _open(page, diary_voila)
    _type_night(page, 1, 5, 2)
    page.wait_for_function("(s) => !document.querySelector(s).alt.includes('no nights')", arg=CHART)
    response = Axe().run(page, context=".cc-diary").response
    blocking = [
        f"{violation['id']} ({violation['impact']}): {[node['target'] for node in violation['nodes'][:3]]}"
        for violation in response["violations"]
        if violation["impact"] in {"serious", "critical"}
    ]
    assert not blocking, blocking
