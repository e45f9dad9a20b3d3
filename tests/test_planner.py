"""The day planner: generated plans are always safe, the checker catches every rule, input errors explain."""

from __future__ import annotations

import dataclasses
import itertools
import re
from datetime import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers.messages import safety_text
from helpers.planner import (
    PlanRequest,
    Violation,
    describe_plan,
    generate_plan,
    ice_end_min,
    validate_plan,
)
from helpers.readability import PATIENT_MAX_GRADE, grade
from helpers.rules import RULE_IDS, default_limits
from helpers.screening import load_contraindications, screen
from helpers.timeline import (
    Application,
    DayPlan,
    Event,
    Modality,
    PlanInputError,
    WakingWindow,
    format_clock,
)
from helpers.triage import SelfCareStopped, load_red_flags, red_flag_links, stop_flags

ICE, HEAT = Modality.ICE, Modality.HEAT
LIMITS = default_limits()
#: A what-if rule set where repeated ice runs into the heat period, so mixed heat-then-ice days exist.
MIXED = dataclasses.replace(LIMITS, ice_repeat_max_h=240)
#: Screening items that are red flags in their own right stop the planner; the others remove a treatment.
RED_FLAG_ITEMS = sorted(item for checklist, item in red_flag_links() if checklist == "screening")
ITEMS = sorted(set(load_contraindications()) - set(RED_FLAG_ITEMS))
STOPPING = sorted(flag.id for flag in stop_flags())
NOT_STOPPING = sorted(flag.id for flag in load_red_flags() if flag.id not in STOPPING)


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
        event=draw(st.sampled_from(list(Event))),
        ice_sessions=draw(st.none() | st.integers(1, 12)),
        heat_sessions=draw(st.none() | st.integers(1, LIMITS.heat_max_per_day)),
        red_flags=frozenset(draw(st.sets(st.sampled_from(NOT_STOPPING), max_size=3))),
    )


# ---------------------------------------------------------------------------------------------------------
# Properties of every generated plan


@settings(max_examples=200, deadline=None)
@given(requests(), st.sampled_from([LIMITS, MIXED]))
def test_every_generated_plan_obeys_every_rule(request, limits):
    plan = generate_plan(request, limits)
    assert validate_plan(plan, limits, request.contraindications, request.barrier) == []
    hours = request.hours_since_onset
    if request.event == Event.CRAMP_GONE or (
        request.event == Event.SORE_AFTER_CRAMP and hours >= limits.sore_after_cramp_max_h
    ):
        assert plan.applications == () and plan.notes
    ice_asked = request.ice_sessions or limits.ice_sessions_default
    heat_asked = request.heat_sessions or limits.heat_sessions_default
    assert len(plan.of(ICE)) <= ice_asked, "never more ice than asked for (or suggested)"
    assert len(plan.of(HEAT)) <= heat_asked
    for app in plan.of(ICE):
        assert app.end_min <= ice_end_min(plan.window, hours, limits)

    apps = plan.applications
    assert list(apps) == sorted(apps, key=lambda app: app.start_min)
    for app in apps:
        assert isinstance(app.start_min, int) and isinstance(app.duration_min, int)
        assert plan.window.wake_min <= app.start_min and app.end_min <= plan.window.bed_min
        assert app.duration_min == (request.ice_minutes if app.modality is ICE else request.heat_minutes)
    for earlier, later in itertools.pairwise(apps):
        assert earlier.end_min <= later.start_min

    heat = plan.of(HEAT)
    assert len(heat) <= limits.heat_max_per_day
    if request.hours_since_onset < limits.heat_earliest_h:
        assert not heat
    result = screen(request.contraindications)
    ice_usable = result.ice_allowed and request.barrier
    if ice_usable and plan.of(ICE):
        following = {app.start_min: app for app in apps}
        for app in heat:
            nxt = following.get(app.end_min)
            assert nxt is not None and nxt.modality is ICE, "heat must be followed straight away by ice"
    elif not ice_usable:
        assert not plan.of(ICE)
    if not result.heat_allowed:
        assert not heat
    if not apps:
        assert plan.notes, "an empty plan must say why"
    assert generate_plan(request, limits) == plan, "the planner must be deterministic"


@settings(max_examples=100, deadline=None)
@given(requests())
def test_ice_sessions_are_the_number_asked_when_they_fit_evenly_spaced(request):
    changes = {"hours_since_onset": 0, "contraindications": frozenset(), "barrier": True, "event": "strain"}
    request = dataclasses.replace(request, **changes)
    plan = generate_plan(request)
    length = ice_end_min(plan.window, 0, LIMITS) - plan.window.wake_min
    ice = request.ice_minutes
    most = 1 + (length - ice) // request.spacing_minutes if length >= ice else 0
    starts = [app.start_min for app in plan.of(ICE)]
    assert len(starts) == min(most, request.ice_sessions or LIMITS.ice_sessions_default)
    assert len({b - a for a, b in itertools.pairwise(starts)}) <= 1, "gaps between sessions must be equal"
    if 0 < len(starts) < (request.ice_sessions or LIMITS.ice_sessions_default):
        assert any("Only" in note and "fit" in note for note in plan.notes), "fewer than asked says so"


@settings(max_examples=150, deadline=None)
@given(
    requests(),
    st.sets(st.sampled_from(STOPPING), min_size=1, max_size=3),
    st.sets(st.sampled_from(NOT_STOPPING), max_size=3),
)
def test_any_urgent_or_emergency_answer_means_no_plan_and_no_export(request, stopping, others):
    from datetime import date

    from helpers.export import export_files

    flagged = dataclasses.replace(request, red_flags=frozenset(stopping | others))
    with pytest.raises(SelfCareStopped, match="No self-care plan"):
        generate_plan(flagged)
    # A plan made before the answer was ticked cannot be exported once it is.
    safe = generate_plan(
        dataclasses.replace(request, event="strain", hours_since_onset=0, wake="07:00", bed="22:00")
    )
    if safe.applications:
        for stale in (
            dataclasses.replace(safe, red_flags=frozenset(stopping)),
            dataclasses.replace(safe, screening=frozenset(RED_FLAG_ITEMS[:1])),
        ):
            with pytest.raises(SelfCareStopped):
                export_files(stale, date(2026, 1, 5))
            assert "RED_FLAG_STOP" in {v.rule_id for v in validate_plan(stale)}


@pytest.mark.parametrize("item_id", RED_FLAG_ITEMS)
def test_a_screening_item_that_is_a_red_flag_stops_the_plan_with_its_advice(item_id):
    with pytest.raises(SelfCareStopped, match="urgent"):
        generate_plan(PlanRequest(hours_since_onset=100, contraindications=frozenset({item_id})))


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


def test_default_sore_muscle_gets_the_suggested_ice_count_with_its_sources_and_borrowed_note():
    plan = generate_plan(PlanRequest(event="sore_after_cramp", hours_since_onset=2))
    assert len(plan.of(ICE)) == LIMITS.ice_sessions_default == 4
    text = " ".join(plan.notes)
    assert "Mersey Care" in text and "NICE CKS" in text
    assert safety_text("borrowed_advice") in text


def test_a_cramp_that_has_gone_gets_no_repeated_icing():
    plan = generate_plan(PlanRequest(event="cramp_gone", hours_since_onset=0))
    assert plan.applications == ()
    assert any("no ice or heat is needed" in note for note in plan.notes)


def test_a_muscle_still_sore_after_the_sources_period_is_sent_to_a_clinician():
    plan = generate_plan(
        PlanRequest(event="sore_after_cramp", hours_since_onset=LIMITS.sore_after_cramp_max_h)
    )
    assert plan.applications == ()
    assert any("See your GP or a physio" in note for note in plan.notes)


def test_at_230_hours_there_is_no_ice_and_heat_is_the_suggested_count_not_the_most():
    plan = generate_plan(PlanRequest(event="strain", hours_since_onset=230))
    assert not plan.of(ICE)
    assert len(plan.of(HEAT)) == LIMITS.heat_sessions_default < LIMITS.heat_max_per_day


def test_ice_stops_when_the_repeated_ice_period_ends_during_the_day():
    plan = generate_plan(PlanRequest(event="strain", hours_since_onset=66, ice_sessions=4))
    assert plan.of(ICE)
    assert all(66 + (app.end_min - plan.window.wake_min) / 60 <= 72 for app in plan.of(ICE))


def test_after_the_acute_phase_heat_comes_three_times_then_ice_straight_after():
    plan = generate_plan(
        PlanRequest(hours_since_onset=80, event="strain", heat_sessions=3, ice_sessions=8), MIXED
    )
    heat = plan.of(HEAT)
    assert len(heat) == 3
    assert len(plan.of(ICE)) > 3, "the other sessions are ice only"
    gaps = [b.start_min - a.start_min for a, b in itertools.pairwise(heat)]
    assert min(gaps) >= 2 * LIMITS.heat_min_interval_min, "heat is spread over the day, not bunched"
    assert any("no study" in note for note in plan.notes)


def test_night_shift_window_crosses_midnight():
    plan = generate_plan(PlanRequest(wake="22:00", bed="06:00", hours_since_onset=100, event="strain"))
    assert plan.window.crosses_midnight
    assert any(app.start_min >= 24 * 60 for app in plan.applications)
    assert all(app.start_min >= 22 * 60 and app.end_min <= 30 * 60 for app in plan.applications)


@pytest.mark.parametrize("item_id", ITEMS)
def test_every_contraindication_removes_its_treatment_from_the_plan(item_id):
    item = load_contraindications()[item_id]
    plan = generate_plan(
        PlanRequest(hours_since_onset=100, event="strain", contraindications=frozenset({item_id})), MIXED
    )
    assert not plan.of(ICE) if item.blocks_ice else plan.of(ICE)
    assert not plan.of(HEAT) if item.blocks_heat else plan.of(HEAT)
    assert any("doctor or physio" in note for note in plan.notes)


def test_ice_ruled_out_gives_heat_only_at_most_three_times():
    request = PlanRequest(
        hours_since_onset=100, event="strain", heat_sessions=3, contraindications=frozenset({"raynauds"})
    )
    plan = generate_plan(request)
    assert len(plan.of(HEAT)) == 3 and not plan.of(ICE)


def test_both_ruled_out_gives_an_empty_plan_with_notes():
    plan = generate_plan(
        PlanRequest(hours_since_onset=10, event="strain", contraindications=frozenset({"impaired_sensation"}))
    )
    assert plan.applications == ()
    assert any("No ice or heat" in note for note in plan.notes)


def test_no_cloth_means_no_ice():
    plan = generate_plan(PlanRequest(hours_since_onset=100, barrier=False, event="strain"), MIXED)
    assert not plan.of(ICE) and plan.of(HEAT)
    assert any("thin cloth" in note for note in plan.notes)


def test_a_window_too_short_for_one_session_gives_an_empty_plan_not_an_error():
    plan = generate_plan(PlanRequest(wake="07:00", bed="07:10", ice_minutes=15))
    assert plan.applications == ()
    assert any("too short" in note for note in plan.notes)


def test_a_window_too_short_for_heat_then_ice_falls_back_to_ice():
    plan = generate_plan(PlanRequest(wake="07:00", bed="07:30", hours_since_onset=100, event="strain"), MIXED)
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
        ({"wake": "25:00"}, "wake time '25:00' is not a time; hours go from 00 to 23"),
        ({"bed": "25:00"}, "bed time '25:00' is not a time"),
        ({"bed": "half past ten"}, "bed time .* 24-hour clock"),
        ({"wake": 7}, "wake time must be written like 07:30"),
        ({"wake": "08:00", "bed": "08:00"}, "waking window is empty"),
        ({"contraindications": frozenset({"flu"})}, "allowed: raynauds"),
        ({"contraindications": "fever"}, "contraindications must be a collection"),
        ({"contraindications": None}, "contraindications must be a collection"),
        ({"red_flags": "one_leg_swollen"}, "red_flags must be a collection"),
        ({"red_flags": frozenset({"flu"})}, "red_flags: unknown id"),
        ({"barrier": "yes"}, "True or False"),
        ({"event": "cramp"}, "event .* must be one of cramp_gone, sore_after_cramp, strain"),
        ({"ice_sessions": 0}, "ice sessions a day must be a whole number from 1 to 12"),
        ({"heat_sessions": 4}, "heat sessions a day must be a whole number from 1 to 3"),
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


def with_(plan: DayPlan, **changes) -> DayPlan:
    return dataclasses.replace(plan, **changes)


#: A safe mixed day under the what-if limits (ice allowed up to 240 h); tests of single rules use MIXED.
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
    "ICE_REPEAT_MAX_H": (plan_of((ICE, "09:00", 15), hours=71), {"limits": LIMITS}, 0),
}
#: Rules about the whole plan (application index None): a plan that breaks only that rule.
BROKEN_PLAN: dict[str, DayPlan] = {
    "RED_FLAG_STOP": with_(plan_of((ICE, "09:00", 15), hours=10), red_flags=frozenset({"one_leg_swollen"})),
    "CRAMP_GONE_NO_PLAN": with_(plan_of((ICE, "09:00", 15), hours=1), event=Event.CRAMP_GONE),
    "SORE_AFTER_CRAMP_MAX_H": with_(plan_of((ICE, "09:00", 15), hours=30), event=Event.SORE_AFTER_CRAMP),
}
#: Rules that set a suggestion, not a limit: nothing for the checker to catch.
SUGGESTIONS = {"ICE_SESSIONS_DEFAULT", "HEAT_SESSIONS_DEFAULT"}


def test_every_rule_has_a_breaking_example():
    assert set(BROKEN) | set(BROKEN_PLAN) | SUGGESTIONS == set(RULE_IDS)


def test_a_safe_hand_built_plan_has_no_violations():
    assert validate_plan(SAFE, MIXED) == []


@pytest.mark.parametrize("rule_id", sorted(BROKEN_PLAN))
def test_each_broken_plan_rule_is_caught(rule_id):
    assert [(v.rule_id, v.application_index) for v in validate_plan(BROKEN_PLAN[rule_id])] == [
        (rule_id, None)
    ]


@pytest.mark.parametrize("rule_id", sorted(BROKEN))
def test_each_broken_rule_is_caught_with_its_id_index_and_times(rule_id):
    plan, options, index = BROKEN[rule_id]
    options = {"limits": MIXED, **options}
    violations = validate_plan(plan, **options)
    assert [(v.rule_id, v.application_index) for v in violations] == [(rule_id, index)]
    app = plan.applications[index]
    assert format_clock(app.start_min) in violations[0].message
    assert isinstance(violations[0], Violation)


def test_heat_is_judged_by_the_hours_at_its_own_start():
    # 70 hours at 07:00 wake: 08:00 is 71 h (too soon), 09:30 is 72.5 h (allowed)
    assert validate_plan(plan_of((HEAT, "09:30", 20), hours=70)) == []
    assert validate_plan(plan_of((ICE, "09:30", 15), hours=70)) != [], "ice past 72 h is caught"
    assert [v.rule_id for v in validate_plan(plan_of((HEAT, "08:00", 20), hours=70))] == ["HEAT_NOT_ACUTE"]


def test_a_messy_plan_reports_every_violation():
    plan = plan_of(
        (ICE, "23:00", 45),  # asleep and too long
        (HEAT, "09:00", 20),
        (ICE, "09:10", 15),  # overlaps the heat
        hours=10,  # heat too soon
    )
    found = {(v.rule_id, v.application_index) for v in validate_plan(plan, MIXED, barrier=False)}
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
    assert validate_plan(DayPlan(night, (Application(ICE, 25 * 60, 15),), 10)) == []
    violations = validate_plan(DayPlan(night, (Application(ICE, 60, 15),), 10))
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
        PlanRequest(hours_since_onset=100, event="strain"),
        PlanRequest(event="cramp_gone"),
        PlanRequest(event="sore_after_cramp", hours_since_onset=30),
        PlanRequest(contraindications=frozenset({"raynauds"})),
    ],
)
def test_words_for_patients_are_plain(request_):
    words = [line for line in describe_plan(generate_plan(request_)) if not line[:1].isdigit()]
    assert words
    assert grade(" ".join(words)) <= PATIENT_MAX_GRADE


# ---------------------------------------------------------------------------------------------------------
# The checker's own input (issue 9)


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"barrier": "no"}, "barrier must be True or False"),
        ({"contraindications": None}, "contraindications must be a collection"),
        ({"contraindications": "fever"}, "contraindications must be a collection"),
        ({"limits": "strict"}, "limits must be a Limits"),
    ],
)
def test_validate_plan_refuses_arguments_of_the_wrong_type(kwargs, expected):
    with pytest.raises(PlanInputError, match=expected):
        validate_plan(SAFE, **kwargs)


def test_validate_plan_refuses_a_string_for_a_plan():
    with pytest.raises(PlanInputError, match="plan must be a DayPlan"):
        validate_plan("09:00 ice 15")
