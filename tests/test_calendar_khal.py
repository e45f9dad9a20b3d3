"""A real calendar client (khal) holds exactly the revised sessions after a revised schedule is imported.

The defect this guards against: with one event per session, importing a revised plan for the same day left
the old sessions in the calendar (khal 0.10.5 kept 12 events after a 4-session revision of an 11-session
day). The export now writes one event per day with a stable UID and a rising SEQUENCE, carrying one alarm
per session, so a calendar replaces the day whole. Needs the Debian package ``khal`` (.ci/run installs it).
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import subprocess
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from icalendar import Calendar

from helpers.export import day_uid, plan_to_ics
from helpers.planner import PlanRequest, generate_plan
from helpers.rules import default_limits
from helpers.timeline import DayPlan, Modality, format_clock

DAY = date(2026, 1, 5)
KHAL = shutil.which("khal") or ("/usr/bin/khal" if Path("/usr/bin/khal").exists() else None)

CONFIG = """[calendars]
[[schedule]]
path = {path}
type = calendar
[locale]
timeformat = %H:%M
dateformat = %Y-%m-%d
longdateformat = %Y-%m-%d
datetimeformat = %Y-%m-%d %H:%M
longdatetimeformat = %Y-%m-%d %H:%M
local_timezone = UTC
default_timezone = UTC
[default]
default_calendar = schedule
"""


@pytest.fixture
def khal(tmp_path: Path):
    if KHAL is None:
        message = "khal not found; install it with `apt-get install -y khal` (.ci/run does this)"
        if os.environ.get("CI") == "true":
            pytest.fail(message + " and CI=true, so this is a failure, not a skip", pytrace=False)
        pytest.skip(message)
    vdir = tmp_path / "calendar"
    vdir.mkdir()
    config = tmp_path / "khal.conf"
    config.write_text(CONFIG.format(path=vdir), encoding="utf-8")
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "data"), "XDG_CACHE_HOME": str(tmp_path / "cache")}

    def run(*args: str) -> str:
        done = subprocess.run(
            [KHAL, "-c", str(config), *args], capture_output=True, text=True, env=env, timeout=60, check=False
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    run.vdir = vdir  # type: ignore[attr-defined]
    return run


def _import(khal, tmp_path: Path, plan: DayPlan, stamp: datetime, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(plan_to_ics(plan, DAY, stamp=stamp))
    khal("import", "--batch", str(path))


def _stored_alarms(vdir: Path) -> list[tuple[str, list[timedelta]]]:
    """(uid, alarm triggers) of every event khal stored in its calendar folder."""
    events = []
    for item in sorted(vdir.glob("*.ics")):
        for event in Calendar.from_ical(item.read_bytes()).walk("VEVENT"):
            triggers = [alarm.decoded("trigger") for alarm in event.walk("VALARM")]
            events.append((str(event["uid"]), sorted(triggers)))
    return events


def test_a_revised_schedule_for_the_same_day_replaces_the_old_one_in_khal(khal, tmp_path: Path):
    # The case: a night shift after the acute phase (heat), then revised to the acute phase (ice).
    what_if = dataclasses.replace(default_limits(), ice_repeat_max_h=240)
    first = generate_plan(
        PlanRequest(
            wake="22:00", bed="06:00", hours_since_onset=96, event="strain", ice_sessions=4, heat_sessions=3
        ),
        what_if,
    )
    revised = generate_plan(PlanRequest(wake="22:00", bed="06:00", hours_since_onset=20, event="strain"))
    assert (
        len(first.applications) > len(revised.applications) > 0
        and first.of(Modality.HEAT)
        and not revised.of(Modality.HEAT)
    )

    _import(khal, tmp_path, first, datetime(2026, 1, 5, 8, 0), "first.ics")
    _import(khal, tmp_path, revised, datetime(2026, 1, 5, 9, 30), "revised.ics")

    listed = khal("list", DAY.isoformat(), "3d", "--format", "{uid}|{title}|{description}")
    uids = {line.split("|")[0] for line in listed.splitlines() if "@cramp-care-notebooks" in line}
    assert uids == {day_uid(DAY)}, "one event for the day, not one per session"
    for app in revised.applications:
        assert f"{format_clock(app.start_min)} to {format_clock(app.end_min)}" in listed
    for app in first.applications:
        if app not in revised.applications:
            assert f"{format_clock(app.start_min)} to {format_clock(app.end_min)}" not in listed
    assert "Heat pad" not in listed, "no heat session of the old schedule may stay"

    stored = _stored_alarms(khal.vdir)
    start = min(app.start_min for app in revised.applications)
    expected = sorted(timedelta(minutes=app.start_min - start - 5) for app in revised.applications)
    assert stored == [(day_uid(DAY), expected)], "exactly one reminder per revised session"
