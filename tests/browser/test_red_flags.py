"""Every urgent or emergency answer stops every self-care tool in a real browser; unticking restores them.

One page load per tool; the answers are ticked and unticked in turn on that page, so the suite stays quick.
The answers come from data/red_flags.csv (via helpers.triage.stop_flags), so a new red flag is tested too.
"""

from __future__ import annotations

import pytest

from helpers.triage import stop_flags
from tests.browser import servers

pytestmark = [pytest.mark.browser, pytest.mark.slow]

STOP_FLAGS = stop_flags()
STEP_LINE = ".cc-session .cc-step"
STOP_BOX = ".cc-stop"


def _snippet(advice: str) -> str:
    """The first words of the advice, as the browser shows them (no HTML escaping)."""
    return advice[:25]


def _to_step(page, number: int) -> None:
    """Click Back or Next until 'Step <number> of' shows."""
    while True:
        current = int(page.inner_text(STEP_LINE).split()[1])
        if current == number:
            return
        name = "Next →" if current < number else "← Back"
        page.get_by_role("button", name=name).click()
        target = current + (1 if current < number else -1)
        page.wait_for_function(
            f"document.querySelector('{STEP_LINE}').textContent.startsWith('Step {target} of')"
        )


def _session_text(page) -> str:
    return page.inner_text(".cc-session")


def test_patient_session_offers_no_self_care_while_any_urgent_answer_is_ticked(page, voila):
    page.goto(voila.url("/"))
    page.wait_for_selector(".cc-session h2")
    for flag in STOP_FLAGS:
        box = page.get_by_label(flag.question)
        box.check()
        page.locator(f".cc-session {STOP_BOX}").first.wait_for()
        assert _snippet(flag.advice) in _session_text(page), flag.id
        _to_step(page, 2)
        text = _session_text(page)
        assert "A stretch to try" not in text and "A short rub" not in text, flag.id
        _to_step(page, 3)
        assert page.locator(servers.PLOT).count() == 0 or not page.locator(servers.PLOT).first.is_visible()
        assert "Safety check" not in _session_text(page), flag.id
        _to_step(page, 4)
        assert page.locator(".cc-session a[download]").count() == 0, flag.id
        assert _snippet(flag.advice) in _session_text(page), flag.id
        _to_step(page, 1)
        page.get_by_label(flag.question).uncheck()
        page.wait_for_function(f"document.querySelectorAll('.cc-session {STOP_BOX}').length === 0")
    # Unticked: the tools are back on every step.
    _to_step(page, 2)
    assert "A stretch to try" in _session_text(page) and "A short rub" in _session_text(page)
    _to_step(page, 3)
    page.locator(servers.PLOT).first.wait_for()
    _to_step(page, 4)
    assert page.locator(".cc-session a[download$='.ics']").count() == 1
    assert "Traceback" not in page.content()


@pytest.fixture(scope="module")
def voila_05(chromium_executable, tmp_path_factory):
    # Voila renders every cell of 05 at once (Lab draws far-down cells only when scrolled to).
    server = servers.start_voila(tmp_path_factory.mktemp("voila-05"), "notebooks/05_other_treatments.ipynb")
    yield server
    server.stop()


def test_checklist_in_05_shows_only_the_advice_while_an_urgent_answer_is_ticked(page, voila_05):
    page.goto(voila_05.url("/"))
    panel = page.locator("[role=status][aria-live=polite]").first
    page.get_by_label(STOP_FLAGS[0].question).first.wait_for()
    panel.wait_for()
    assert "You can use the self-care steps" in panel.inner_text()
    for flag in STOP_FLAGS:
        box = page.get_by_label(flag.question).first
        box.check()
        page.wait_for_function(
            "([s, t]) => document.querySelector(s).innerText.includes(t)",
            arg=["[role=status][aria-live=polite]", _snippet(flag.advice)],
        )
        text = panel.inner_text()
        assert "Stretch and rub" not in text and "You can use the self-care steps" not in text, flag.id
        box.uncheck()
        page.wait_for_function(
            "([s, t]) => document.querySelector(s).innerText.includes(t)",
            arg=["[role=status][aria-live=polite]", "You can use the self-care steps"],
        )
    assert "Traceback" not in page.content()


def test_planner_in_04_shows_no_plan_or_export_while_an_urgent_answer_is_ticked(page, lab):
    servers.open_in_lab(page, lab, "notebooks/04_session_planner.ipynb", "red-flags-04")
    servers.run_all_in_lab(page)
    page.wait_for_selector(servers.PLOT)
    page.wait_for_selector(servers.LAB_IDLE)
    plot = page.locator(servers.PLOT).first
    export = page.get_by_role("button", name="Make handout and calendar")
    for flag in STOP_FLAGS:
        box = page.get_by_label(flag.question).first
        box.check()
        page.locator(f"{servers.LAB_PANEL} {STOP_BOX}").first.wait_for()
        assert _snippet(flag.advice) in page.locator(f"{servers.LAB_PANEL} {STOP_BOX}").first.inner_text()
        plot.wait_for(state="hidden")
        assert not export.is_visible(), flag.id
        box.uncheck()
        plot.wait_for(state="visible")
        assert export.is_visible()
    assert "Traceback" not in page.content()
