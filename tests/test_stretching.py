"""helpers.stretching (data, selection, routine timing) and its plot and widget layers."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from helpers.data import DataError
from helpers.readability import PATIENT_MAX_GRADE, grade
from helpers.stretching import (
    BODY,
    Segment,
    find_stretches,
    hold_rest_schedule,
    load_equipment,
    load_stretches,
    load_trials,
    muscles,
    routine_summary,
    seconds_in_words,
    total_seconds,
)
from helpers.timeline import PlanInputError

ALL_PAIRS = list(itertools.product(muscles(), load_equipment()))


# ---- data -----------------------------------------------------------------------------------------------


def test_the_tables_load_with_the_expected_muscles_and_kit():
    assert {"calf", "hamstring", "thigh", "foot", "back"} <= set(muscles())
    assert set(load_equipment()) == {
        "body",
        "towel",
        "resistance_band",
        "foam_roller",
        "exercise_ball",
        "tennis_ball",
    }
    ids = [s.id for s in load_stretches()]
    assert len(ids) == len(set(ids))


def test_every_stretch_has_steps_a_source_and_a_valid_dose():
    for stretch in load_stretches():
        assert len(stretch.steps) >= 2, stretch.id
        assert stretch.refs, stretch.id
        if stretch.hold_s is not None:
            hold_rest_schedule(stretch.hold_s, stretch.rest_s, stretch.reps)


def test_the_trial_protocol_is_stored_as_the_trial_used_it():
    # Hallegraeff 2012: 10 s hold, 3 times, 10 s rest; the card must not drift from the trial
    wall = next(s for s in load_stretches() if s.id == "calf_wall")
    assert (wall.hold_s, wall.reps, wall.rest_s) == (10, 3, 10)
    assert "hallegraeff2012" in wall.refs and "coppin2005" in wall.refs


def test_during_a_cramp_stretches_have_no_set_time():
    now = [s for s in load_stretches() if s.when.startswith("during a cramp")]
    assert now, "there must be something to do during a cramp"
    assert all(s.until_eased and "until the cramp eases" in s.dose_text() for s in now)


def test_kit_without_trial_evidence_says_so():
    for kit in ("tennis_ball", "resistance_band", "exercise_ball"):
        for stretch in load_stretches():
            if stretch.equipment == kit:
                assert "No trial tested" in stretch.evidence_note, stretch.id
                assert {"arista_blog", "healthline_spasm"} <= set(stretch.refs), stretch.id


@pytest.mark.parametrize("stretch", load_stretches(), ids=lambda s: s.id)
def test_patient_steps_and_cautions_are_plain_language(stretch):
    text = " ".join(stretch.steps) + " " + stretch.cautions
    assert grade(text) <= PATIENT_MAX_GRADE, f"{stretch.id}: grade {grade(text):.1f}"


def test_the_trials_table_holds_the_numbers_from_the_brief():
    trials = {t.id: t for t in load_trials()}
    assert "1.2" in trials["hallegraeff2012"].result and "0.6 to 1.8" in trials["hallegraeff2012"].result
    assert "1.95" in trials["coppin2005"].result
    assert "-1.30" in trials["hawke2021"].result and "Low-certainty" in trials["hawke2021"].verdict
    assert "Level U" in trials["katzberg2010"].verdict


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (
            lambda rows: [{**r, "equipment": "kettlebell"} if r["id"] == "calf_towel" else r for r in rows],
            "kettlebell",
        ),
        (
            lambda rows: [{**r, "refs": "nobody2099"} if r["id"] == "calf_wall" else r for r in rows],
            "nobody2099",
        ),
        (
            lambda rows: [{**r, "hold_s": "ten"} if r["id"] == "calf_wall" else r for r in rows],
            "whole number",
        ),
        (
            lambda rows: [{**r, "hold_s": "500"} if r["id"] == "calf_wall" else r for r in rows],
            "from 1 to 120. 500 is not allowed",
        ),
        (
            lambda rows: [r for r in rows if not (r["muscle"] == "foot" and r["equipment"] == BODY)],
            "fall back",
        ),
        (lambda rows: [*rows, rows[0]], "appears twice"),
    ],
    ids=["unknown-kit", "unknown-ref", "bad-number", "dose-out-of-range", "no-fallback", "duplicate-id"],
)
def test_a_broken_stretches_table_fails_loudly(edit_table, edit, message):
    edit_table("stretches.csv", edit)
    with pytest.raises((DataError, PlanInputError), match=message):
        load_stretches()


# ---- selection ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("muscle", "equipment"), ALL_PAIRS)
def test_every_muscle_and_kit_choice_gives_something_for_that_muscle(muscle, equipment):
    found = find_stretches(muscle, equipment)
    assert found
    assert all(s.muscle == muscle for s in found)
    exact = [s for s in load_stretches() if s.muscle == muscle and s.equipment == equipment]
    if exact:
        assert found == exact and not any(s.fallback_note for s in found)
    else:
        assert all(s.equipment == BODY and s.fallback_note for s in found)
        assert load_equipment()[equipment].label.lower() in found[0].fallback_note


def test_a_fallback_does_not_change_the_stored_stretch():
    fallback = find_stretches("back", "towel")[0]
    assert fallback.fallback_note
    assert not find_stretches("back", BODY)[0].fallback_note


@pytest.mark.parametrize(
    ("muscle", "equipment", "named"),
    [("neck", "body", "calf, hamstring"), ("calf", "kettlebell", "foam_roller"), ("", "body", "thigh")],
)
def test_unknown_choices_name_the_allowed_values(muscle, equipment, named):
    with pytest.raises(ValueError, match="choose one of") as error:
        find_stretches(muscle, equipment)
    assert named in str(error.value)


# ---- routine timing -------------------------------------------------------------------------------------


def test_the_hallegraeff_round_is_hold_rest_hold_rest_hold():
    assert hold_rest_schedule(10, 10, 3) == [
        Segment(0, 10, "hold"),
        Segment(10, 20, "rest"),
        Segment(20, 30, "hold"),
        Segment(30, 40, "rest"),
        Segment(40, 50, "hold"),
    ]


def test_one_rep_or_no_rest_gives_no_rest_blocks():
    assert hold_rest_schedule(30, 10, 1) == [Segment(0, 30, "hold")]
    assert [s.phase for s in hold_rest_schedule(5, 0, 3)] == ["hold", "hold", "hold"]


@given(
    hold=st.integers(1, 120),
    rest=st.integers(0, 120),
    reps=st.integers(1, 10),
)
def test_schedule_is_contiguous_and_adds_up(hold, rest, reps):
    segments = hold_rest_schedule(hold, rest, reps)
    assert segments[0].start_s == 0
    assert all(a.end_s == b.start_s for a, b in itertools.pairwise(segments))
    assert segments[0].phase == segments[-1].phase == "hold"
    assert sum(s.phase == "hold" for s in segments) == reps
    assert total_seconds(segments) == reps * hold + (reps - 1) * rest
    assert all(s.end_s - s.start_s == (hold if s.phase == "hold" else rest) for s in segments)


@pytest.mark.parametrize(
    ("hold", "rest", "reps", "message"),
    [
        (0, 10, 3, "Hold must be a whole number of seconds from 1 to 120. 0 seconds is not allowed."),
        (121, 10, 3, "121 seconds is not allowed"),
        (10, -1, 3, "Rest must be a whole number of seconds from 0 to 120. -1 seconds is not allowed."),
        (10, 121, 3, "Rest"),
        (10, 10, 0, "Repetitions must be a whole number from 1 to 10. 0 is not allowed."),
        (10, 10, 11, "Repetitions"),
        (10.5, 10, 3, "Hold cannot be 10.5. Allowed: a whole number of seconds from 1 to 120."),
        ("10", 10, 3, "Hold cannot be '10'"),
        (True, 10, 3, "whole number"),
    ],
)
def test_bad_routines_say_what_is_allowed(hold, rest, reps, message):
    with pytest.raises(PlanInputError, match=message):
        hold_rest_schedule(hold, rest, reps)


def test_whole_floats_from_a_widget_are_accepted():
    assert hold_rest_schedule(10.0, 10.0, 3.0) == hold_rest_schedule(10, 10, 3)


@pytest.mark.parametrize(
    ("seconds", "words"),
    [
        (0, "0 seconds"),
        (1, "1 second"),
        (50, "50 seconds"),
        (60, "1 minute"),
        (61, "1 minute 1 second"),
        (200, "3 minutes 20 seconds"),
    ],
)
def test_seconds_in_words(seconds, words):
    assert seconds_in_words(seconds) == words


def test_routine_summary_reads_naturally():
    assert routine_summary(10, 10, 3) == (
        "Hold 3 times for 10 seconds each, with 10 seconds of rest between. One round takes 50 seconds."
    )
    assert routine_summary(30, 10, 1) == "Hold once for 30 seconds. One round takes 30 seconds."
    assert routine_summary(30, 0, 2) == "Hold 2 times for 30 seconds each. One round takes 1 minute."


def test_both_legs_of_the_trial_routine_take_about_three_minutes():
    # the brief: calf + hamstring, both legs, "about 3 min" (Hallegraeff 2012)
    one_round = total_seconds(hold_rest_schedule(10, 10, 3))
    assert 2.5 * 60 <= 2 * 2 * one_round <= 3.5 * 60


# ---- views and widgets (no kernel needed) ---------------------------------------------------------------


def test_timeline_updates_in_place_and_keeps_the_last_good_plot():
    from helpers.stretching_plots import RoutineTimeline

    timeline = RoutineTimeline()
    timeline.update(10, 10, 3)
    axes_before = timeline.figure.axes
    assert len(timeline.axes.patches) == 5
    assert [t.get_text() for t in timeline.axes.texts] == ["Hold 1", "Rest", "Hold 2", "Rest", "Hold 3"]
    assert timeline.axes.get_xlim() == (0, 50)
    assert "50 seconds" in timeline.axes.get_title()
    timeline.update(30, 0, 2)
    assert timeline.figure.axes == axes_before
    assert len(timeline.axes.patches) == 2 and timeline.axes.get_xlim() == (0, 60)
    with pytest.raises(PlanInputError):
        timeline.update(0, 10, 3)
    assert len(timeline.axes.patches) == 2 and timeline.axes.get_xlim() == (0, 60)
    assert timeline.png().startswith(b"\x89PNG")
    assert {p.get_hatch() for p in timeline.axes.patches} == {"///"}
    assert "seconds" in timeline.axes.get_xlabel()


def test_stretch_finder_shows_cards_and_a_fallback_note():
    from helpers.stretching_widgets import StretchFinder

    app = StretchFinder()
    assert "Wall calf stretch" in app.cards.value and "Hold 10 s, rest 10 s, 3 times" in app.cards.value
    app.equipment.value = "tennis_ball"
    assert "Note:" in app.cards.value and "tennis ball" in app.cards.value
    app.muscle.value = "foot"
    assert "Tennis ball roll under the foot" in app.cards.value and "Note:" not in app.cards.value


def test_stretch_finder_survives_bad_input_and_keeps_last_cards():
    from helpers.stretching_widgets import StretchFinder

    app = StretchFinder()
    before = app.cards.value
    app.muscle.options = [*app.muscle.options, ("Neck", "neck")]  # a muscle the data do not know
    app.muscle.value = "neck"
    assert app.cards.value == before
    assert "Unknown muscle &#x27;neck&#x27;" in app.message.widget.value
    app.muscle.value = "calf"
    assert app.message.widget.value == ""


def test_routine_viewer_opens_on_the_trial_dose_and_follows_the_sliders():
    from helpers.stretching_widgets import RoutineViewer

    app = RoutineViewer()
    assert (app.hold.value, app.rest.value, app.reps.value) == (10, 10, 3)
    assert "50 seconds" in app.summary.value and bytes(app.image.value).startswith(b"\x89PNG")
    assert "(s)" in app.hold.description and "(s)" in app.rest.description
    app.reps.value = 5
    assert "1 minute 30 seconds" in app.summary.value
    image = bytes(app.image.value)
    app.hold.unobserve_all()
    app.hold.min = 0
    app.hold.value = 0
    app.update()
    assert "0 seconds is not allowed" in app.message.widget.value and bytes(app.image.value) == image
    assert "1 minute 30 seconds" in app.summary.value


def test_trials_markdown_cites_each_row():
    from helpers.stretching_widgets import trials_markdown

    table = trials_markdown()
    assert table.count("\n") == len(load_trials()) + 1
    for trial in load_trials():
        assert f"#ref-{trial.refs[0]}" in table
