"""axe-core scan of every step of the patient session in Voila: no serious or critical violations."""

from __future__ import annotations

import pytest

from tests.browser.test_voila import STEP_LINE, _go_to_step, _open

pytestmark = [pytest.mark.browser, pytest.mark.slow]

BLOCKING = {"serious", "critical"}


def _blocking_violations(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    response = Axe().run(page).response
    return [
        f"{violation['id']} ({violation['impact']}): {[node['target'] for node in violation['nodes'][:3]]}"
        for violation in response["violations"]
        if violation["impact"] in BLOCKING
    ]


def test_every_step_has_no_serious_or_critical_axe_violation(page, voila):
    _open(page, voila)
    # A ticked warning sign adds the alert box: scan the page with it, since that is when it matters most.
    page.get_by_label("Do you get cramps in your chest, arms or belly?").check()
    page.locator(".cc-session [role=alert]").wait_for()
    found = {}
    for number in range(1, 6):
        _go_to_step(page, number)
        if number == 3:  # slider handles are named by the page's script once they are drawn
            page.wait_for_selector(".noUi-handle[aria-label='Ice each time (min)']")
        found[page.inner_text(STEP_LINE)] = _blocking_violations(page)
    assert all(not problems for problems in found.values()), found
