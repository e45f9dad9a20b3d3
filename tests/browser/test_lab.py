"""JupyterLab in a real Chromium: the start page opens; the planner runs and follows the keyboard."""

from __future__ import annotations

import json

import pytest

from tests.browser import servers
from tests.browser.conftest import is_outside
from tests.conftest import ROOT

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _title(notebook: str) -> str:
    cells = json.loads((ROOT / "notebooks" / notebook).read_text(encoding="utf-8"))["cells"]
    first = "".join(cells[0]["source"]).splitlines()[0]
    return first.lstrip("# ").strip()


def test_start_page_opens_with_its_title_and_no_news_popup(page, lab):
    servers.open_in_lab(page, lab, "notebooks/00_start_here.ipynb", "start-page")
    heading = page.locator(f"{servers.LAB_PANEL} .jp-MarkdownOutput h1").first
    heading.wait_for()
    assert heading.inner_text().strip().rstrip("¶").strip() == _title("00_start_here.ipynb")
    assert page.get_by_text("official Jupyter news").count() == 0


def test_planner_runs_and_its_plot_follows_the_ice_slider(page, lab):
    servers.open_in_lab(page, lab, "notebooks/04_session_planner.ipynb", "planner")
    servers.run_all_in_lab(page)
    page.wait_for_selector(servers.PLOT)
    page.wait_for_selector(servers.LAB_IDLE)
    page.wait_for_function("!document.body.innerText.includes('[*]')")

    ice = servers.slider_handle(page, "Ice each time (min)")
    start = int(ice.get_attribute("aria-valuenow").split(".")[0])
    before = servers.plot_src(page)
    servers.key_to_new_plot_ms(page, ice, "ArrowRight")
    assert servers.plot_src(page) != before, "moving the slider did not change the plot"
    assert int(ice.get_attribute("aria-valuenow").split(".")[0]) == start + 1

    # An unsafe setting: the planner explains and keeps the last good plot; no traceback anywhere.
    ice.focus()
    ice.press("End")
    page.get_by_text("45 minutes is not allowed").first.wait_for()
    assert page.get_by_text("Please check:").count() >= 1
    assert "Traceback" not in page.content()
    # JupyterLab and the planner asked nothing beyond this machine (the page fixture also blocks and fails)
    assert page.requests and [url for url in page.requests if is_outside(url)] == []
