"""The patient session: its step table, its reading level, and the app's navigation and warning banner."""

from __future__ import annotations

import html

import pytest
from hypothesis import given
from hypothesis import strategies as st

from helpers.data import DataError
from helpers.readability import PATIENT_MAX_GRADE, grade, plain_text
from helpers.session import STEP_IDS, care_groups, load_steps, step_indicator
from helpers.session_widgets import PatientSession, care_groups_html
from helpers.stretching import muscles
from helpers.triage import Urgency, load_red_flags


@pytest.fixture(scope="module")
def app() -> PatientSession:
    return PatientSession()


def test_steps_load_in_the_order_the_app_expects():
    assert tuple(step.id for step in load_steps()) == STEP_IDS


@pytest.mark.parametrize("step", load_steps(), ids=lambda s: s.id)
def test_step_text_is_plain_language(step):
    # These words live in data/session_steps.csv, not in a Markdown cell, so test_readability cannot see them.
    score = grade(f"{step.title}\n{step.intro}")
    assert score <= PATIENT_MAX_GRADE, f"{step.id}: grade {score:.1f}"


def test_take_home_step_says_nothing_is_stored_or_sent():
    take_home = {step.id: step for step in load_steps()}["take_home"]
    assert "Nothing is stored or sent anywhere" in take_home.intro


@given(st.integers(min_value=1, max_value=12), st.data())
def test_step_indicator_counts_from_one(total, data):
    index = data.draw(st.integers(min_value=0, max_value=total - 1))
    assert step_indicator(index, total) == f"Step {index + 1} of {total}"


@pytest.mark.parametrize("index", [-1, 5])
def test_step_indicator_refuses_steps_that_do_not_exist(index):
    with pytest.raises(ValueError, match="from 0 to 4"):
        step_indicator(index)


def test_care_groups_cover_every_red_flag_most_urgent_first():
    groups = care_groups()
    assert [g.level for g in groups] == [Urgency.EMERGENCY, Urgency.URGENT, Urgency.SEE_GP]
    listed = [sign for group in groups for sign in group.signs]
    expected = [flag.question for flag in load_red_flags() if flag.urgency is not Urgency.SELF_CARE]
    assert sorted(listed) == sorted(expected)
    assert all(group.refs for group in groups)
    assert "Call emergency services" in care_groups_html(groups)


def test_session_opens_on_step_one_with_back_disabled(app):
    app.go(0)
    assert "Step 1 of 5" in app.indicator.value
    assert app.back.disabled and not app.next.disabled
    assert app.banner.value == ""  # the typical case: an ordinary cramp, no warning sign


def test_next_and_back_walk_every_step(app):
    app.go(0)
    for number, step in enumerate(load_steps(), start=1):
        assert f"Step {number} of 5: {step.title}" in html.unescape(app.indicator.value)
        assert f"<h2>{step.title}</h2>" in html.unescape(app.shown_text())
        app.next.click()
    assert app.index == 4 and app.next.disabled
    app.back.click()
    assert app.index == 3


def test_a_click_past_the_end_shows_a_message_not_an_error(app):
    app.go(4)
    app.next.disabled = False  # as if a stale page clicked it
    app.next.click()
    assert app.index == 4
    assert "Please check" in app.message.widget.value
    app.go(4)


@pytest.mark.parametrize("index", range(5))
def test_every_step_on_screen_reads_at_grade_7_or_lower(app, index):
    app.go(index)
    text = app.shown_text()
    assert grade(text) <= PATIENT_MAX_GRADE, plain_text(text)[:300]


def test_a_red_flag_puts_its_advice_in_an_alert_above_the_steps(app):
    app.checklist.checkboxes["breathless_chest_pain"].value = True
    try:
        assert 'role="alert"' in app.banner.value
        assert "EMERGENCY" in app.banner.value and "999" in app.banner.value
        assert "common kind of cramp" not in app.banner.value  # the ticked typical case is not a warning
    finally:
        app.checklist.checkboxes["breathless_chest_pain"].value = False
    assert app.banner.value == ""


@pytest.mark.parametrize("muscle", list(muscles()))
def test_each_muscle_gets_a_stretch_and_a_rub(app, muscle):
    app.muscle.value = muscle
    assert "A stretch to try" in app.stretches.value
    assert "<ol>" in app.routine.value and "A short rub" in app.routine.value
    app.muscle.value = "calf"


def test_take_home_step_offers_a_calendar_and_a_handout_as_data_links(app):
    app.go(3)
    assert 'href="data:text/calendar;base64,' in app.downloads.value
    assert 'href="data:application/pdf;base64,' in app.downloads.value


def test_an_unsafe_ice_time_keeps_the_last_plan_for_the_take_home_files(app):
    plan = app.planner.plan
    app.planner.ice.value = 45
    try:
        assert "45 minutes is not allowed" in app.planner.message.widget.value
        assert app.planner.plan is plan
        app.go(3)
        assert "data:text/calendar" in app.downloads.value
    finally:
        app.planner.ice.value = 15


def test_a_step_table_with_a_missing_step_is_refused(edit_table):
    import helpers.session as session

    edit_table("session_steps.csv", lambda rows: [row for row in rows if row["id"] != "plan"])
    with pytest.raises(DataError, match="steps must be"):
        session.load_steps()


# -- the planner is built after the first step, and knows what was ticked before it existed ----------------
def _urgent_flag() -> str:
    return next(flag.id for flag in load_red_flags() if flag.urgency is Urgency.URGENT)


def test_the_first_step_shows_before_the_planner_is_built_and_the_second_builds_it():
    session = PatientSession()
    plan_page = session.pages[[step.id for step in session.steps].index("plan")]
    assert session._planner is None, "the planner (matplotlib, ~100 widgets) must not delay the first step"
    assert len(plan_page.children) == 1  # its heading only
    session.go(1)
    assert session._planner is not None
    assert session.planner.image in plan_page.children and session.planner.plan is not None
    session.go(2)
    assert session.page.children == (plan_page,)


def test_a_warning_sign_ticked_before_the_planner_exists_stops_it_when_it_is_built():
    session = PatientSession()
    flag = _urgent_flag()
    session.checklist.checkboxes[flag].value = True
    session.go(2)
    planner = session.planner
    assert planner.plan is None and planner.tools.layout.display == "none"
    assert 'role="alert"' in planner.stop_box.value
    session.go(3)
    assert "data:" not in session.downloads.value  # no handout or calendar while it is ticked
    session.checklist.checkboxes[flag].value = False
    assert planner.plan is not None and planner.tools.layout.display is None


def test_a_screening_answer_in_the_built_planner_still_reaches_the_banner():
    session = PatientSession()
    session.go(2)
    ticked = False
    for key, box in session.planner.screening.items():
        box.value = True
        if not session.gate().allowed:
            ticked = True
            assert session.banner.value, f"{key} stops self-care but the banner is empty"
        box.value = False
    assert ticked, "no screening item stops self-care: the banner wiring is untested"
