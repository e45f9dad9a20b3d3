"""The calendar's day is the browser's own date, not the server kernel's (Binder and Voila run in UTC)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]

STEP_LINE = ".cc-session .cc-step"


def _far_zone() -> str:
    """A time zone whose date differs from the server's now (+14 h late in the UTC day, -12 h early)."""
    return "Pacific/Kiritimati" if datetime.now(UTC).hour >= 11 else "Etc/GMT+12"


def test_the_session_schedules_the_browsers_today_by_default(page, voila):
    zone = _far_zone()
    browser_day = datetime.now(ZoneInfo(zone)).date()
    assert browser_day != date.today(), "the test needs a browser date that differs from the kernel's"
    page.context.new_cdp_session(page).send("Emulation.setTimezoneOverride", {"timezoneId": zone})
    page.goto(voila.url("/"))
    page.wait_for_selector(".cc-session h2")
    for number in (2, 3, 4):
        page.get_by_role("button", name="Next →").click()
        page.wait_for_function(
            f"document.querySelector('{STEP_LINE}').textContent.startsWith('Step {number} of')"
        )
    link = page.locator(".cc-session a[download$='.ics']")
    link.wait_for()
    assert link.get_attribute("download") == f"heat-and-ice-schedule-{browser_day.isoformat()}.ics"
