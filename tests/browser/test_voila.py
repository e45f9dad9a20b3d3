"""The patient session in Voila with a real Chromium: no code, every step, the calendar file, no errors."""

from __future__ import annotations

import base64

import icalendar
import pytest

from helpers.session import load_steps
from tests.browser import servers

pytestmark = [pytest.mark.browser, pytest.mark.slow]

STEP_LINE = ".cc-session .cc-step"


def _open(page, voila) -> None:
    page.goto(voila.url("/"))
    page.wait_for_selector(".cc-session h2")


def _go_to_step(page, number: int) -> None:
    """Click Next until 'Step <number> of 5' shows, checking each step on the way."""
    while not page.inner_text(STEP_LINE).startswith(f"Step {number} of"):
        current = int(page.inner_text(STEP_LINE).split()[1])
        page.get_by_role("button", name="Next →").click()
        page.wait_for_function(
            f"document.querySelector('{STEP_LINE}').textContent.startsWith('Step {current + 1} of')"
        )


def test_session_shows_no_code_and_every_step(page, voila):
    _open(page, voila)
    visible_code = page.locator(".jp-CodeCell .jp-InputArea, .jp-InputPrompt, .cm-editor, .CodeMirror")
    assert all(not element.is_visible() for element in visible_code.all())
    assert "PatientSession(" not in page.inner_text("body")

    titles = [step.title for step in load_steps()]
    back = page.get_by_role("button", name="← Back")
    assert back.is_disabled()
    for number, title in enumerate(titles, start=1):
        _go_to_step(page, number)
        assert page.inner_text(".cc-session h2") == title
        assert page.inner_text(STEP_LINE) == f"Step {number} of {len(titles)}: {title}"
    assert page.get_by_role("button", name="Next →").is_disabled()
    back.click()
    page.wait_for_function(f"document.querySelector('{STEP_LINE}').textContent.startsWith('Step 4 of')")
    assert "Traceback" not in page.content()
    assert page.problems == []


def test_a_ticked_warning_sign_shows_its_advice_above_the_steps(page, voila):
    _open(page, voila)
    assert page.locator(".cc-session [role=alert]").count() == 0
    page.get_by_label("Is one leg swollen, warm, red or dark, and painful?").check()
    alert = page.locator(".cc-session [role=alert]")
    alert.wait_for()
    assert "URGENT" in alert.inner_text() and "blood clot" in alert.inner_text()
    _go_to_step(page, 2)
    assert alert.first.is_visible(), "the advice must stay on screen on the next steps"


def test_calendar_download_is_a_valid_ics_and_the_handout_a_pdf(page, voila):
    _open(page, voila)
    _go_to_step(page, 4)
    assert "Nothing is stored or sent anywhere" in page.inner_text(".cc-session")
    link = page.locator(".cc-session a[download$='.ics']")
    with page.expect_download() as download_info:
        link.click()
    download = download_info.value
    assert download.suggested_filename.endswith(".ics")
    with open(download.path(), "rb") as saved:
        calendar = icalendar.Calendar.from_ical(saved.read())
    events = [component for component in calendar.walk("VEVENT")]
    assert events, "the calendar file has no events"
    assert all(event.get("dtstart") and event.get("summary") for event in events)

    pdf_href = page.locator(".cc-session a[download$='.pdf']").get_attribute("href")
    assert pdf_href.startswith("data:application/pdf;base64,")
    assert base64.b64decode(pdf_href.split(",", 1)[1]).startswith(b"%PDF")
    assert page.problems == []


def test_unsafe_ice_time_in_the_session_shows_a_warning_not_a_traceback(page, voila):
    _open(page, voila)
    _go_to_step(page, 3)
    ice = servers.slider_handle(page, "Ice each time (min)")
    before = servers.plot_src(page)
    servers.key_to_new_plot_ms(page, ice, "ArrowRight")
    assert servers.plot_src(page) != before
    ice.press("End")
    page.get_by_text("45 minutes is not allowed").first.wait_for()
    assert "Traceback" not in page.content()


def test_the_patient_session_asks_nothing_outside_and_logs_no_console_error(page, voila):
    _open(page, voila)
    page.wait_for_load_state("networkidle")
    _go_to_step(page, 3)
    page.wait_for_selector(servers.PLOT)
    local = [url for url in page.requests if url.startswith("http://127.0.0.1:")]
    assert local, "the page loaded nothing from the local server"
    assert [url for url in page.requests if not url.startswith(("http://127.0.0.1:", "data:", "blob:"))] == []
    assert page.problems == [], "console errors or page errors (warnings are allowed)"
    # the icons still come from Voila's own bundle: the eraser rule is in a local style sheet
    assert page.evaluate(
        "[...document.styleSheets].some(s => { try { return [...s.cssRules].some("
        "r => (r.selectorText || '').includes('fa-eraser')); } catch (e) { return false; } })"
    )


def test_an_outside_request_is_blocked_and_recorded(page, voila, browser_context):
    _open(page, voila)
    before = len(browser_context.outside_attempts)
    outcome = page.evaluate(
        "fetch('https://cdn.jsdelivr.net/npm/x.css').then(() => 'reached', () => 'blocked')"
    )
    assert outcome == "blocked"
    assert browser_context.outside_attempts[before:] == ["https://cdn.jsdelivr.net/npm/x.css"]
    page.requests.clear()
    del browser_context.outside_attempts[before:]  # this test made the attempt on purpose
