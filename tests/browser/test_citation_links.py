"""Citation links jump to their reference in a real Chromium, in JupyterLab and in Voila.

Lab's sanitizer turns ``id`` into ``data-jupyter-id`` and drops ``name`` (and Lab then scrolls to
``data-jupyter-id`` itself); Voila keeps ``id``. ``show_references`` writes both attributes, and this test
checks what actually survives and that a click brings the reference into view.

Known limit, seen here: Lab looks for the target only among outputs it has already rendered, and it
renders a long notebook's lower outputs a few seconds after opening. A click in those first seconds does
nothing; so the Lab test waits until the reference list is rendered, as a reader who has read a line
would. (Lab may also shift the page a little after scrolling as images above settle: "in view" allows it.)
"""

from __future__ import annotations

import pytest

from tests.browser import servers

pytestmark = [pytest.mark.browser, pytest.mark.slow]

_IN_VIEW = """(ref) => {
  const e = document.querySelector(`[id="${ref}"], [data-jupyter-id="${ref}"]`);
  if (!e) return false;
  const r = e.getBoundingClientRect();
  return r.top > -200 && r.top < window.innerHeight;
}"""


def _click_first_citation_and_check_it_lands(page, scope: str) -> str:
    link = page.locator(f"{scope} a[href^='#ref-']").first
    link.wait_for()
    target = link.get_attribute("href")[1:]
    page.locator(f'[id="{target}"], [data-jupyter-id="{target}"]').first.wait_for(state="attached")
    assert not page.evaluate(_IN_VIEW, target), "the reference is already in view; the test proves nothing"
    link.click()
    page.wait_for_function(_IN_VIEW, arg=target, timeout=15_000)
    return target


def test_a_citation_in_lab_jumps_to_its_reference(page, lab):
    servers.open_in_lab(page, lab, "notebooks/03_ice_and_heat.ipynb", "citations")
    target = _click_first_citation_and_check_it_lands(page, f"{servers.LAB_PANEL} .jp-MarkdownCell")
    # What Lab's sanitizer kept: the anchor is there under Lab's own attribute.
    assert page.locator(f"[data-jupyter-id='{target}']").count() == 1
    assert "[@" not in page.inner_text(servers.LAB_PANEL)


def test_a_citation_in_voila_jumps_to_its_reference_and_no_raw_key_shows(page, voila):
    page.goto(voila.url("/"))
    page.wait_for_selector(".cc-session h2")
    target = _click_first_citation_and_check_it_lands(page, ".jp-MarkdownOutput")
    assert page.locator(f"[id='{target}']").count() == 1
    assert "[@" not in page.inner_text("body")
