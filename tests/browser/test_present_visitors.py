"""`make present` keeps a preheated kernel: each visitor still gets a session of their own.

A preheated kernel has already run notebook 06 before anyone asks for it, so the first step shows at once.
The risk is sharing: a second visitor must never see the first one's answers. Voila hands each page load
its own kernel from the pool and heats a new one behind it; these tests drive three page loads against the
real `make present` command and check what each visitor sees, and that each was served from the pool.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from tests.browser import servers
from tests.conftest import free_port

pytestmark = [pytest.mark.browser, pytest.mark.slow]

WARNING_SIGN = "Is one leg swollen, warm, red or dark, and painful?"
STEP_LINE = ".cc-session .cc-step"
CALF = "Calf (back of the lower leg)"
BACK = "Back (lower and upper back)"
FOOT = "Foot (sole and toes)"
PREHEATED = re.compile(r"Using pre-heated kernel: ([0-9a-f-]+)")


@pytest.fixture(scope="module")
def present(chromium_executable: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[servers.Server]:
    folder = tmp_path_factory.mktemp("present")
    port = free_port()
    command = ["make", "--no-print-directory", "present", f"PRESENT_PORT={port}"]
    base = f"http://127.0.0.1:{port}"
    server = servers.start_server(
        command, servers.isolated_env(folder), folder / "present.log", base, "", "/voila/static/", 120
    )
    yield server
    server.stop()


def _visit(page, present: servers.Server) -> None:
    page.goto(f"{present.base}/")
    page.wait_for_selector(".cc-session h2")
    page.get_by_role("button", name="Next →").wait_for()


def _alert(page):
    # The advice shows above the steps and again where a stopped tool would be: the first is enough here.
    return page.locator(".cc-session [role=alert]").first


def _answer(page) -> None:
    """The first visitor's answers: a warning sign ticked and another muscle chosen."""
    page.get_by_label(WARNING_SIGN).check()
    _alert(page).wait_for()
    page.get_by_label(BACK).check()


def _assert_fresh(page) -> None:
    assert page.inner_text(STEP_LINE).startswith("Step 1 of")
    assert page.locator(".cc-session [role=alert]").count() == 0
    assert not page.get_by_label(WARNING_SIGN).is_checked()
    assert page.get_by_label(CALF).is_checked()
    assert not page.get_by_label(BACK).is_checked()


def _assert_answered(page) -> None:
    assert page.inner_text(STEP_LINE).startswith("Step 1 of")
    assert _alert(page).is_visible() and "blood clot" in _alert(page).inner_text()
    assert page.get_by_label(WARNING_SIGN).is_checked()
    assert page.get_by_label(BACK).is_checked()
    assert not page.get_by_label(CALF).is_checked()


def test_a_second_visitor_never_sees_the_first_visitors_answers(page, browser_context, present):
    _visit(page, present)
    _assert_fresh(page)
    _answer(page)
    _assert_answered(page)

    second = browser_context.new_page()
    try:
        _visit(second, present)
        _assert_fresh(second)
        # The second visitor answers differently; none of it may reach the first visitor.
        second.get_by_label(FOOT).check()
        second.get_by_role("button", name="Next →").click()
        second.wait_for_function(f"document.querySelector('{STEP_LINE}').textContent.startsWith('Step 2 of')")
        _assert_answered(page)
    finally:
        second.close()

    page.goto("about:blank")  # the first visitor leaves; a third arrives after both
    third = browser_context.new_page()
    try:
        _visit(third, present)
        _assert_fresh(third)
    finally:
        third.close()

    served = PREHEATED.findall(present.log.read_text(encoding="utf-8"))
    assert len(served) == 3, f"each visitor should get a kernel from the preheated pool; log says {served}"
    assert len(set(served)) == 3, "two visitors were given the same kernel"
