"""Safety sentences are written once, in data/safety_messages.csv, and every view renders that copy."""

from __future__ import annotations

import dataclasses

import pytest

from helpers.data import DataError, load_references
from helpers.messages import (
    BOTH_MESSAGES,
    HEAT_MESSAGES,
    ICE_MESSAGES,
    load_messages,
    safety_markdown,
    safety_message,
    safety_plain,
    warning_signs,
    warning_signs_markdown,
    warning_signs_plain,
)
from helpers.readability import PATIENT_MAX_GRADE, grade
from helpers.rules import load_rules
from helpers.triage import Urgency, load_red_flags


def test_every_message_has_text_and_known_sources():
    messages = load_messages()
    assert len(messages) >= 15
    for message in messages.values():
        assert message.text and message.refs, message.id
        assert set(message.refs) <= set(load_references()), message.id
        assert "{" not in message.text, f"{message.id}: a placeholder was not filled in"


def test_message_is_frozen_and_unknown_ids_say_what_exists():
    message = safety_message("ice_cloth")
    with pytest.raises(dataclasses.FrozenInstanceError):
        message.text = "anything"  # type: ignore[misc]
    with pytest.raises(DataError, match="known: ice_cloth"):
        safety_message("no_such_message")


@pytest.mark.parametrize("message_id", list(load_messages()))
def test_each_message_reads_at_patient_grade(message_id):
    text = safety_message(message_id).text
    assert grade(text) <= PATIENT_MAX_GRADE, f"{message_id}: grade {grade(text):.1f}: {text}"


def test_limits_come_from_the_rules_so_a_changed_rule_changes_the_sentence():
    rules = load_rules()
    assert f"no more than {rules['ICE_MAX_DURATION'].value} minutes" in safety_message("ice_how_long").text
    assert f"no more than {rules['HEAT_MAX_DURATION'].value} minutes" in safety_message("heat_how_long").text
    hours = float(rules["ICE_MIN_INTERVAL"].value) / 60
    assert f"at least {hours:g} hours" in safety_message("ice_gap").text
    days = float(rules["HEAT_NOT_ACUTE"].value) / 24
    assert f"first {days:g} days" in safety_message("heat_not_early").text


def test_the_chosen_answers_to_the_contradictions():
    """Issue 8: one answer each. Numb skin means stop; the cloth is thin and damp; never asleep on a pad."""
    assert "numb" in safety_message("ice_stop").text and "at once" in safety_message("ice_stop").text
    assert "thin, damp cloth" in safety_message("ice_cloth").text
    assert "sleep" in safety_message("never_asleep").text
    assert "turns itself off" in safety_message("heat_pad_auto_off").text
    assert "design choice" in safety_message("heat_pad_auto_off").note.lower()
    assert "knee" in safety_message("ice_nerve_knee").text
    assert "heart" in safety_message("bath_warm").text and "dizzy" in safety_message("bath_get_out").text


def test_named_groups_exist_and_cover_every_ice_and_heat_message():
    messages = load_messages()
    grouped = set(ICE_MESSAGES) | set(HEAT_MESSAGES) | set(BOTH_MESSAGES)
    assert grouped <= set(messages)
    topical = {m.id for m in messages.values() if m.topic in ("ice", "heat")} - {"ice_gap"}
    assert topical <= grouped, f"ice or heat messages no group shows: {sorted(topical - grouped)}"


def test_markdown_cites_with_links_and_students_also_see_the_disagreement():
    patient = safety_markdown(["ice_stop"], "patient")
    student = safety_markdown(["ice_stop"], "student")
    assert patient.startswith("- Take the ice off") and "(#ref-clinicalgate_cryo)" in patient
    assert "Sources differ" not in patient and "Sources differ" in student
    assert "[@" not in patient + student


def test_plain_lines_have_readable_sources_and_no_markup():
    lines = safety_plain(["ice_cloth", "never_asleep"])
    assert len(lines) == 2 and lines[0].endswith(")") and "(NHS;" in lines[0]
    assert not any(mark in "".join(lines) for mark in ("[", "](", "#ref-", "@"))
    assert safety_plain("ice_cloth", cite=False) == [safety_message("ice_cloth").text]


def test_the_full_warning_sign_list_has_every_red_flag_most_urgent_first():
    flags = [f for f in load_red_flags() if f.urgency is not Urgency.SELF_CARE]
    markdown = warning_signs_markdown()
    plain = "\n".join(warning_signs_plain())
    for flag in flags:
        assert flag.question in markdown and flag.question in plain
        assert flag.advice in markdown
    assert markdown.index("emergency") < markdown.index("urgent care") < markdown.index("GP or")
    assert sum(len(group) for group in warning_signs().values()) == len(flags)
    assert "[@" not in markdown + plain
