"""The day planner: generated plans are always safe, the checker catches every rule, input errors explain."""

from __future__ import annotations

import itertools
import re
from datetime import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers.planner import PlanRequest, Violation, describe_plan, generate_plan, validate_plan
from helpers.readability import PATIENT_MAX_GRADE, grade
from helpers.rules import RULE_IDS, default_limits
from helpers.screening import load_contraindications, screen
from helpers.timeline import Application, DayPlan, Modality, PlanInputError, WakingWindow, format_clock

ICE, HEAT = Modality.ICE, Modality.HEAT
LIMITS = default_limits()
ITEMS = sorted(load_contraindications())


def clock(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


@st.composite
def requests(draw) -> PlanRequest:
    wake = draw(st.integers(0, 24 * 60 - 1))
    bed = draw(st.integers(0, 24 * 60 - 1).filter(lambda minute: minute != wake))
    as_time = draw(st.booleans())
    return PlanRequest(
        wake=time(wake // 60, wake % 60) if as_time else clock(wake),
        bed=time(bed // 60, bed % 60) if as_time else clock(bed),
        hours_since_onset=draw(st.floats(0, 240, allow_nan=False) | st.integers(0, 240)),
        ice_minutes=draw(st.integers(1, LIMITS.ice_max_min)),
        heat_minutes=draw(st.integers(1, LIMITS.heat_max_min)),
        spacing_minutes=draw(st.integers(120, 360)),
        contraindications=frozenset(draw(st.sets(st.sampled_from(ITEMS), max_size=4))),
        barrier=draw(st.booleans() | st.just(True)),
    )


# ---------------------------------------------------------------------------------------------------------
# Properties of every generated plan


@settings(max_examples=200, deadline=None)
@given(requests())
def test_every_generated_plan_obeys_every_rule(request):
    plan = generate_plan(request)
    assert validate_plan(plan, contraindications=request.contraindications, barrier=request.barrier) == []

    apps = plan.applications
    assert list(apps) == sorted(apps, key=lambda app: app.start_min)
    for app in apps:
        assert isinstance(app.start_min, int) and isinstance(app.duration_min, int)
        assert plan.window.wake_min <= app.start_min and app.end_min <= plan.window.bed_min
        assert app.duration_min == (request.ice_minutes if app.modality is ICE else request.heat_minutes)
    for earlier, later in itertools.pairwise(apps):
        assert earlier.end_min <= later.start_min

    heat = plan.of(HEAT)
    assert len(heat) <= LIMITS.heat_max_per_day
    if request.hours_since_onset < LIMITS.heat_earliest_h:
        assert not heat
    result = screen(request.contraindications)
    ice_usable = result.ice_allowed and request.barrier
    if ice_usable:
        following = {app.start_min: app for app in apps}
        for app in heat:
            nxt = following.get(app.end_min)
            assert nxt is not None and nxt.modality is ICE, "heat must be followed straight away by ice"
    else:
        assert not plan.of(ICE)
    if not result.heat_allowed:
        assert not heat
    if not apps:
        assert plan.notes, "an empty plan must say why"
    assert generate_plan(request) == plan, "the planner must be deterministic"


@settings(max_examples=100, deadline=None)
@given(requests())
def test_as_many_ice_sessions_as_the_spacing_allows_evenly_spaced(request):
    request = PlanRequest(**{**request.__dict__, "hours_since_onset": 0, "contraindications": frozenset()})
    request = PlanRequest(**{**request.__dict__, "barrier": True})
    plan = generate_plan(request)
    length, ice = plan.window.length_min, request.ice_minutes
    most = 1 + (length - ice) // request.spacing_minutes if length >= ice else 0
    starts = [app.start_min for app in plan.of(ICE)]
    assert len(starts) == most
    assert len({b - a for a, b in itertools.pairwise(starts)}) <= 1, "gaps between sessions must be equal"


@settings(max_examples=100, deadline=None)
@given(
    wake=st.integers(0, 287).map(lambda k: 5 * k),
    bed=st.integers(0, 287).map(lambda k: 5 * k),
    hours=st.sampled_from([0, 100]),
    ice=st.integers(1, 4).map(lambda k: 5 * k),
    heat=st.integers(1, 4).map(lambda k: 5 * k),
    spacing=st.integers(24, 72).map(lambda k: 5 * k),
)
def test_starts_fall_on_five_minute_marks_when_the_inputs_do(wake, bed, hours, ice, heat, spacing):
    if wake == bed:
        return
    plan = generate_plan(PlanRequest(clock(wake), clock(bed), hours, ice, heat, spacing))
    assert all(app.start_min % 5 == 0 for app in plan.applications)


# ---------------------------------------------------------------------------------------------------------
# Examples


def test_typical_day_in_the_acute_phase_is_ice_only_with_a_note():
    plan = generate_plan(PlanRequest())
    assert plan.applications and not plan.of(HEAT)
    assert any("72 hours" in note and "No heat" in note for note in plan.notes)
    assert plan.window == WakingWindow(7 * 60, 22 * 60 + 30)


def test_after_the_acute_phase_heat_comes_three_times_then_ice_straight_after():
    plan = generate_plan(PlanRequest(hours_since_onset=80))
    heat = plan.of(HEAT)
    assert len(heat) == 3
    assert len(plan.of(ICE)) > 3, "the other sessions are ice only"
    gaps = [b.start_min - a.start_min for a, b in itertools.pairwise(heat)]
    assert min(gaps) >= 2 * LIMITS.heat_min_interval_min, "heat is spread over the day, not bunched"
    assert any("no study" in note for note in plan.notes)


def test_night_shift_window_crosses_midnight():
    plan = generate_plan(PlanRequest(wake="22:00", bed="06:00", hours_since_onset=100))
    assert plan.window.crosses_midnight
    assert any(app.start_min >= 24 * 60 for app in plan.applications)
    assert all(app.start_min >= 22 * 60 and app.end_min <= 30 * 60 for app in plan.applications)


@pytest.mark.parametrize("item_id", ITEMS)
def test_every_contraindication_removes_its_treatment_from_the_plan(item_id):
    item = load_contraindications()[item_id]
    plan = generate_plan(PlanRequest(hours_since_onset=100, contraindications=frozenset({item_id})))
    assert not plan.of(ICE) if item.blocks_ice else plan.of(ICE)
    assert not plan.of(HEAT) if item.blocks_heat else plan.of(HEAT)
    assert any("doctor or physio" in note for note in plan.notes)


def test_ice_ruled_out_gives_heat_only_at_most_three_times():
    plan = generate_plan(PlanRequest(hours_since_onset=100, contraindications=frozenset({"raynauds"})))
    assert len(plan.of(HEAT)) == 3 and not plan.of(ICE)


def test_both_ruled_out_gives_an_empty_plan_with_notes():
    plan = generate_plan(
        PlanRequest(hours_since_onset=100, contraindications=frozenset({"impaired_sensation"}))
    )
    assert plan.applications == ()
    assert any("No ice or heat" in note for note in plan.notes)


def test_no_cloth_means_no_ice():
    plan = generate_plan(PlanRequest(hours_since_onset=100, barrier=False))
    assert not plan.of(ICE) and plan.of(HEAT)
    assert any("thin cloth" in note for note in plan.notes)


def test_a_window_too_short_for_one_session_gives_an_empty_plan_not_an_error():
    plan = generate_plan(PlanRequest(wake="07:00", bed="07:10", ice_minutes=15))
    assert plan.applications == ()
    assert any("too short" in note for note in plan.notes)


def test_a_window_too_short_for_heat_then_ice_falls_back_to_ice():
    plan = generate_plan(PlanRequest(wake="07:00", bed="07:30", hours_since_onset=100))
    assert [app.modality for app in plan.applications] == [ICE]
    assert any("not enough time" in note for note in plan.notes)


# ---------------------------------------------------------------------------------------------------------
# Bad input


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"ice_minutes": 0}, "ice time must be a whole number of minutes from 1 to 20"),
        ({"ice_minutes": 45}, "from 1 to 20"),
        ({"ice_minutes": 12.5}, "whole number of minutes from 1 to 20"),
        ({"ice_minutes": "15"}, "from 1 to 20"),
        ({"heat_minutes": -5}, "heat time must be a whole number of minutes from 1 to 20"),
        ({"heat_minutes": 30}, "from 1 to 20"),
        ({"spacing_minutes": 60}, "from 120 to 1440"),
        ({"spacing_minutes": True}, "from 120 to 1440"),
        ({"hours_since_onset": -1}, "0 or more"),
        ({"hours_since_onset": float("nan")}, "0 or more"),
        ({"wake": "25:00"}, "hours go from 00 to 23"),
        ({"bed": "half past ten"}, "24-hour clock"),
        ({"wake": 7}, "like 07:30"),
        ({"wake": "08:00", "bed": "08:00"}, "waking window is empty"),
        ({"contraindications": frozenset({"flu"})}, "allowed: raynauds"),
        ({"contraindications": "fever"}, "set of checklist ids"),
        ({"barrier": "yes"}, "True or False"),
    ],
)
def test_impossible_input_raises_with_what_is_allowed(changes, expected):
    with pytest.raises(PlanInputError, match=re.compile(expected, re.IGNORECASE)):
        generate_plan(PlanRequest(**changes))


def test_whole_number_floats_are_accepted_as_minutes():
    assert generate_plan(PlanRequest(ice_minutes=15.0)) == generate_plan(PlanRequest(ice_minutes=15))


# ---------------------------------------------------------------------------------------------------------
# The checker, rule by rule

DAY = WakingWindow(7 * 60, 22 * 60 + 30)


def plan_of(*apps: tuple[Modality, str, int], hours: float = 100, window: WakingWindow = DAY) -> DayPlan:
    """A hand-built plan from (modality, "HH:MM", minutes)."""
    built = []
    for modality, start, minutes in apps:
        hour, minute = map(int, start.split(":"))
        built.append(Application(modality, hour * 60 + minute, minutes))
    return DayPlan(window, tuple(built), hours_since_onset=hours)


SAFE = plan_of((HEAT, "09:00", 20), (ICE, "09:20", 15), (ICE, "12:00", 15), (HEAT, "14:00", 20))

#: rule id -> (a plan that breaks only that rule, checker options, index of the offending application)
BROKEN: dict[str, tuple[DayPlan, dict, int]] = {
    "ICE_MAX_DURATION": (plan_of((ICE, "09:00", 45)), {}, 0),
    "ICE_MIN_INTERVAL": (plan_of((ICE, "10:00", 15), (ICE, "09:00", 15)), {}, 0),
    "HEAT_MAX_DURATION": (plan_of((HEAT, "09:00", 30)), {}, 0),
    "HEAT_MIN_INTERVAL": (plan_of((HEAT, "09:00", 20), (HEAT, "10:30", 20)), {}, 1),
    "HEAT_MAX_PER_DAY": (
        plan_of((HEAT, "08:00", 20), (HEAT, "11:00", 20), (HEAT, "14:00", 20), (HEAT, "17:00", 20)),
        {},
        3,
    ),
    "HEAT_NOT_ACUTE": (plan_of((HEAT, "08:00", 20), hours=70), {}, 0),
    "ICE_BARRIER": (plan_of((ICE, "09:00", 15)), {"barrier": False}, 0),
    "NO_SLEEP": (plan_of((ICE, "22:20", 15)), {}, 0),
    "NO_OVERLAP": (plan_of((ICE, "09:10", 15), (HEAT, "09:00", 20)), {}, 0),
    "POSITIVE_DURATION": (plan_of((ICE, "09:00", 0)), {}, 0),
    "ICE_CONTRAINDICATED": (plan_of((ICE, "09:00", 15)), {"contraindications": {"raynauds"}}, 0),
    "HEAT_CONTRAINDICATED": (plan_of((HEAT, "09:00", 20)), {"contraindications": frozenset({"fever"})}, 0),
    "HEAT_THEN_ICE": (plan_of((ICE, "09:00", 15), (HEAT, "09:15", 20)), {}, 1),
}


def test_every_rule_has_a_breaking_example():
    assert set(BROKEN) == set(RULE_IDS)


def test_a_safe_hand_built_plan_has_no_violations():
    assert validate_plan(SAFE) == []


@pytest.mark.parametrize("rule_id", sorted(BROKEN))
def test_each_broken_rule_is_caught_with_its_id_index_and_times(rule_id):
    plan, options, index = BROKEN[rule_id]
    violations = validate_plan(plan, **options)
    assert [(v.rule_id, v.application_index) for v in violations] == [(rule_id, index)]
    app = plan.applications[index]
    assert format_clock(app.start_min) in violations[0].message
    assert isinstance(violations[0], Violation)


def test_heat_is_judged_by_the_hours_at_its_own_start():
    # 70 hours at 07:00 wake: 08:00 is 71 h (too soon), 09:30 is 72.5 h (allowed)
    assert validate_plan(plan_of((HEAT, "09:30", 20), hours=70)) == []
    assert [v.rule_id for v in validate_plan(plan_of((HEAT, "08:00", 20), hours=70))] == ["HEAT_NOT_ACUTE"]


def test_a_messy_plan_reports_every_violation():
    plan = plan_of(
        (ICE, "23:00", 45),  # asleep and too long
        (HEAT, "09:00", 20),
        (ICE, "09:10", 15),  # overlaps the heat
        hours=10,  # heat too soon
    )
    found = {(v.rule_id, v.application_index) for v in validate_plan(plan, barrier=False)}
    assert found == {
        ("NO_SLEEP", 0),
        ("ICE_MAX_DURATION", 0),
        ("ICE_BARRIER", 0),
        ("ICE_BARRIER", 2),
        ("HEAT_NOT_ACUTE", 1),
        ("NO_OVERLAP", 2),
    }


def test_an_after_midnight_time_written_as_the_wake_day_is_asleep():
    night = WakingWindow.from_clock("22:00", "06:00")
    assert validate_plan(DayPlan(night, (Application(ICE, 25 * 60, 15),), 100)) == []
    violations = validate_plan(DayPlan(night, (Application(ICE, 60, 15),), 100))
    assert [v.rule_id for v in violations] == ["NO_SLEEP"]


# ---------------------------------------------------------------------------------------------------------
# Plain words


def test_describe_plan_says_heat_then_ice_with_clock_times_and_reminders():
    lines = describe_plan(SAFE)
    assert lines[0] == "09:00 to 09:20: heat pad, then ice straight after"
    assert lines[1].startswith("09:20 to 09:35: ice")
    assert lines[3] == "14:00 to 14:20: heat pad"
    text = " ".join(lines)
    for reminder in ("thin cloth", "while you sleep", "numb", "white", "blistered"):
        assert reminder in text


def test_describe_plan_sorts_a_hand_edited_plan():
    lines = describe_plan(plan_of((ICE, "15:00", 15), (ICE, "09:00", 15)))
    assert lines[0].startswith("09:00") and lines[1].startswith("15:00")


def test_describe_an_empty_plan_says_so_and_why():
    plan = generate_plan(PlanRequest(contraindications=frozenset({"impaired_circulation"})))
    lines = describe_plan(plan)
    assert lines[0] == "No ice or heat is planned today."
    assert any("doctor or physio" in line for line in lines)


@pytest.mark.parametrize(
    "request_",
    [
        PlanRequest(),
        PlanRequest(hours_since_onset=100),
        PlanRequest(contraindications=frozenset({"raynauds"})),
    ],
)
def test_words_for_patients_are_plain(request_):
    words = [line for line in describe_plan(generate_plan(request_)) if not line[:1].isdigit()]
    assert words
    assert grade(" ".join(words)) <= PATIENT_MAX_GRADE
