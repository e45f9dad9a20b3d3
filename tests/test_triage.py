"""The red-flag checklist: each "yes" sets its level, the most urgent wins, and typos are refused."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from helpers.data import DataError, load_references
from helpers.readability import PATIENT_MAX_GRADE, grade
from helpers.triage import (
    ALL_CLEAR_REMINDER,
    HEADLINES,
    URGENCY_ORDER,
    Urgency,
    flags_by_id,
    load_red_flags,
    red_flags_markdown,
    triage,
)

FLAGS = load_red_flags()
IDS = [flag.id for flag in FLAGS]


@pytest.mark.parametrize("flag", FLAGS, ids=IDS)
def test_each_yes_on_its_own_gives_its_own_level(flag):
    result = triage({flag.id: True})
    assert result.level is flag.urgency
    assert result.headline == HEADLINES[flag.urgency]
    assert result.reasons == (flag.advice,)
    assert result.refs == flag.refs
    assert result.matched == (flag.id,)


def test_every_level_has_at_least_one_question():
    assert {flag.urgency for flag in FLAGS} == set(Urgency)


@given(st.sets(st.sampled_from(IDS), min_size=1))
def test_the_most_urgent_yes_wins_and_every_reason_is_kept(yes_ids):
    result = triage(dict.fromkeys(yes_ids, True))
    flags = flags_by_id()
    assert result.level is max((flags[i].urgency for i in yes_ids), key=URGENCY_ORDER.index)
    assert sorted(result.matched) == sorted(yes_ids)
    ranks = [URGENCY_ORDER.index(flags[i].urgency) for i in result.matched]
    assert ranks == sorted(ranks, reverse=True), "reasons must be listed most urgent first"
    assert len(result.refs) == len(set(result.refs))


def test_emergency_beats_urgent_and_urgent_beats_see_gp():
    assert triage({"one_leg_swollen": True, "breathless_chest_pain": True}).level is Urgency.EMERGENCY
    assert triage({"frequent_or_sleep": True, "tetanus_toxin": True}).level is Urgency.URGENT
    result = triage({"typical_short_cramp": True, "heavy_drinking": True})
    assert result.level is Urgency.SEE_GP
    assert result.matched == ("heavy_drinking", "typical_short_cramp")


@pytest.mark.parametrize("answers", [{}, dict.fromkeys(IDS, False)], ids=["empty", "all-no"])
def test_all_no_gives_self_care_with_a_reminder_of_when_to_come_back(answers):
    result = triage(answers)
    assert result.level is Urgency.SELF_CARE
    assert result.headline == "Self-care is fine"
    assert result.reasons == (ALL_CLEAR_REMINDER,)
    assert "10 minutes" in ALL_CLEAR_REMINDER
    assert result.matched == ()
    assert result.refs


def test_the_dvt_question_gives_urgent_and_cites_uclh():
    result = triage({"one_leg_swollen": True})
    assert result.level == "urgent"
    assert "uclh_dvt" in result.refs
    assert "DVT" in result.reasons[0]


def test_a_long_cramp_that_does_not_ease_is_urgent_and_the_disagreement_is_recorded():
    flag = flags_by_id()["long_cramp_not_easing"]
    assert flag.urgency is Urgency.URGENT
    assert set(flag.refs) == {"nhs_inform_leg_cramps", "nhs_leg_cramps"}
    assert "disagree" in flag.note


@pytest.mark.parametrize("flag_id", ["bladder_bowel_back", "one_sided_back"])
def test_back_spasm_flags_cite_only_the_low_quality_page_and_say_so(flag_id):
    flag = flags_by_id()[flag_id]
    assert flag.refs == ("back_spasm_qa",)
    assert load_references()["back_spasm_qa"].grade == "Low"
    assert "low-quality" in flag.note
    assert "unverified" in flag.note


def test_an_unknown_question_id_is_refused_with_the_valid_ids():
    with pytest.raises(ValueError, match="unknown question id") as error:
        triage({"one_leg_swolen": True})
    for flag_id in IDS:
        assert flag_id in str(error.value)


@pytest.mark.parametrize("value", ["yes", 1, None])
def test_an_answer_that_is_not_true_or_false_is_refused(value):
    with pytest.raises(ValueError, match="True \\(yes\\) or False \\(no\\)"):
        triage({"one_leg_swollen": value})


@pytest.mark.parametrize("flag", FLAGS, ids=IDS)
def test_questions_are_plain_short_and_fit_on_one_checkbox_line(flag):
    assert flag.question.endswith("?")
    assert len(flag.question) <= 90, "long questions are cut off in a Checkbox label"
    assert grade(flag.question) <= 6
    assert grade(flag.advice) <= PATIENT_MAX_GRADE


def test_a_bad_urgency_in_the_csv_is_refused(edit_table):
    edit_table("red_flags.csv", lambda rows: [*rows, {**rows[0], "id": "x", "urgency": "soon"}])
    with pytest.raises(DataError, match="'urgency' is 'soon'; allowed: self_care, see_gp, urgent, emergency"):
        load_red_flags()


def test_an_unknown_reference_in_the_csv_is_refused(edit_table):
    edit_table("red_flags.csv", lambda rows: [*rows, {**rows[0], "id": "x", "refs": "nobody2099"}])
    with pytest.raises(DataError, match="nobody2099"):
        load_red_flags()


def test_the_static_table_lists_every_question_most_urgent_first():
    lines = red_flags_markdown().splitlines()[2:]
    assert len(lines) == len(FLAGS)
    assert "Call emergency services" in lines[0]
    assert "Self-care is fine" in lines[-1]
