"""The "what fits?" sorter of notebook 07 in JupyterLab: nothing starts ticked; a tick by keyboard or by
mouse shows the matching warning sign and the shared red-flag table's advice."""

from __future__ import annotations

import pytest

from helpers.assessment import load_sorter
from helpers.triage import flags_by_id
from tests.browser import servers

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _box(page, feature_id: str):
    """The tick box of one sorter feature (found by its label text inside the visible notebook)."""
    label = load_sorter().features[feature_id].label
    return page.locator(f"{servers.LAB_PANEL} .widget-checkbox", has_text=label).locator("input").first


def _scroll_until_visible(page, locator, tries: int = 80) -> None:
    """Lab 4 draws only the cells near the view: scroll the notebook down until ``locator`` is drawn."""
    page.locator(f"{servers.LAB_PANEL} .jp-Notebook").first.hover()
    for _ in range(tries):
        if locator.count() and locator.first.is_visible():
            return
        page.mouse.wheel(0, 600)
        page.wait_for_timeout(250)
    locator.first.wait_for()


def test_pick_features_by_keyboard_and_mouse_and_see_the_warning_and_its_advice(page, lab):
    servers.open_in_lab(page, lab, "notebooks/07_is_it_a_cramp.ipynb", "sorter")
    servers.run_all_in_lab(page)
    page.wait_for_selector(servers.LAB_IDLE)
    page.wait_for_function("!document.body.innerText.includes('[*]')", timeout=120_000)
    swollen = _box(page, "one_calf_swollen")
    _scroll_until_visible(page, swollen)
    assert page.get_by_text("Nothing picked yet").count() == 1
    boxes = page.locator(f"{servers.LAB_PANEL} .widget-checkbox input[type=checkbox]")
    assert boxes.count() == len(load_sorter().features)
    assert all(not boxes.nth(index).is_checked() for index in range(boxes.count())), "nothing starts ticked"

    # Keyboard: focus the box and press Space, as a student using Tab would.
    swollen.focus()
    swollen.press("Space")
    advice = flags_by_id()["one_leg_swollen"].advice
    page.get_by_text("Signs of a clot in the leg (DVT)").first.wait_for()
    page.get_by_text(advice).first.wait_for()
    assert swollen.is_checked()

    # Mouse: a cauda equina sign raises the level to an emergency, with that row's advice too.
    _box(page, "low_back").click()
    _box(page, "saddle_bladder_both_legs").click()
    page.get_by_text("Possible cauda equina syndrome").first.wait_for()
    page.get_by_text(flags_by_id()["back_emergency"].advice).first.wait_for()
    assert "EMERGENCY: NOW" in page.inner_text(servers.LAB_PANEL)
    assert "Traceback" not in page.content()
