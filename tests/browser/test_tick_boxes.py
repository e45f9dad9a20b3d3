"""Every tick box shows its whole label, even in a narrow window: a warning sign cut off with "..." hides
the end of the sentence a patient must read (helpers.widgets_base.tick_box lets labels wrap)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.browser import servers
from tests.browser.test_voila import _go_to_step, _open

pytestmark = [pytest.mark.browser, pytest.mark.slow]

#: A small laptop window split in two, or a tablet held upright.
NARROW = {"width": 700, "height": 900}
#: Labels of visible tick boxes whose text is wider than the room it has (so it is cut off).
CUT_OFF = """() => [...document.querySelectorAll('.widget-checkbox label, .jupyter-widget-checkbox label')]
  .filter(label => label.offsetParent !== null && label.scrollWidth > label.clientWidth + 1)
  .map(label => label.textContent.trim())"""


def _cut_off_labels(page) -> list[str]:
    page.wait_for_selector(".widget-checkbox, .jupyter-widget-checkbox")
    return page.evaluate(CUT_OFF)


@pytest.fixture(scope="module")
def voila_massage(chromium_executable, tmp_path_factory) -> Iterator[servers.Server]:
    server = servers.start_voila(tmp_path_factory.mktemp("voila-02"), "notebooks/02_massage.ipynb")
    yield server
    server.stop()


def test_the_massage_checklist_and_the_pinch_box_show_their_whole_labels(page, voila_massage):
    page.set_viewport_size(NARROW)
    page.goto(voila_massage.url("/"))
    page.get_by_label("Include skin pinch (back only; no study found)").wait_for()
    assert _cut_off_labels(page) == []


def test_the_patient_session_warning_signs_and_screening_show_their_whole_labels(page, voila):
    page.set_viewport_size(NARROW)
    _open(page, voila)
    assert _cut_off_labels(page) == []  # step 1: the warning signs
    _go_to_step(page, 3)
    page.wait_for_selector(servers.PLOT)
    assert _cut_off_labels(page) == []  # step 3: the planner's screening questions
