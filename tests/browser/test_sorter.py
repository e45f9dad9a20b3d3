"""The "what fits?" sorter of notebook 07 in a real browser (Voila draws every cell at once, so no scrolling
games with Lab's windowed notebook): nothing starts ticked; a tick by keyboard or by mouse shows the
matching warning sign and the shared red-flag table's advice."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from helpers.assessment import load_sorter
from helpers.triage import flags_by_id
from tests.browser import servers

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def voila07(chromium_executable: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[servers.Server]:
    server = servers.start_voila(tmp_path_factory.mktemp("voila07"), "notebooks/07_is_it_a_cramp.ipynb")
    yield server
    server.stop()


def _box(page, feature_id: str):
    """The tick box of one sorter feature, found by its label text."""
    label = load_sorter().features[feature_id].label
    return page.locator(".widget-checkbox", has_text=label).locator("input").first


def test_pick_features_by_keyboard_and_mouse_and_see_the_warning_and_its_advice(page, voila07):
    page.goto(voila07.url("/"), timeout=120_000)
    swollen = _box(page, "one_calf_swollen")
    swollen.wait_for(timeout=120_000)
    page.get_by_text("Nothing picked yet").first.wait_for()
    boxes = page.locator(".widget-checkbox", has=page.locator("input[type=checkbox]"))
    labels = [feature.label for feature in load_sorter().features.values()]
    for label in labels:
        assert not page.locator(".widget-checkbox", has_text=label).locator("input").first.is_checked(), label
    assert boxes.count() >= len(labels)

    # Keyboard: focus the box and press Space, as a student using Tab would.
    swollen.focus()
    swollen.press("Space")
    page.get_by_text("Signs of a clot in the leg (DVT)").first.wait_for()
    # The advice is the red-flag table's, in the sorter's result panel (the top box holds it too, folded).
    panel = page.locator("[role=status]", has_text="What to do instead").first
    panel.get_by_text(flags_by_id()["one_leg_swollen"].advice).first.wait_for()
    assert swollen.is_checked()

    # Mouse: a cauda equina sign raises the level to an emergency, with that row's advice too.
    _box(page, "low_back").click()
    _box(page, "saddle_bladder_both_legs").click()
    page.get_by_text("Possible cauda equina syndrome").first.wait_for()
    panel.get_by_text(flags_by_id()["back_emergency"].advice).first.wait_for()
    assert "EMERGENCY: NOW" in panel.inner_text()
    assert "Traceback" not in page.content()
