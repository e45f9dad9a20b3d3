"""The safety rules table: complete, cited, readable, and the single source of the planner's numbers."""

from __future__ import annotations

import dataclasses
import re

import pytest

from helpers.data import DataError, load_references, read_csv
from helpers.messages import safety_text
from helpers.planner import PlanRequest, generate_plan
from helpers.readability import PATIENT_MAX_GRADE, grade
from helpers.rules import RULE_IDS, Limits, SafetyRule, default_limits, load_rules
from helpers.timeline import Application, DayPlan, Modality, PlanInputError, WakingWindow

BRIEF_RULE_IDS = {
    "ICE_MAX_DURATION",
    "ICE_MIN_INTERVAL",
    "HEAT_MAX_DURATION",
    "HEAT_MIN_INTERVAL",
    "HEAT_MAX_PER_DAY",
    "HEAT_NOT_ACUTE",
    "ICE_BARRIER",
    "NO_SLEEP",
    "NO_OVERLAP",
    "POSITIVE_DURATION",
    "ICE_CONTRAINDICATED",
    "HEAT_CONTRAINDICATED",
    "HEAT_THEN_ICE",
    "RED_FLAG_STOP",
    "CRAMP_GONE_NO_PLAN",
    "ICE_REPEAT_MAX_H",
    "ICE_SESSIONS_DEFAULT",
    "HEAT_SESSIONS_DEFAULT",
    "SORE_AFTER_CRAMP_MAX_H",
}


def _with(rules: dict[str, SafetyRule], rule_id: str, **changes: str) -> dict[str, SafetyRule]:
    edited = dict(rules)
    edited[rule_id] = dataclasses.replace(rules[rule_id], **changes)
    return edited


def test_table_has_exactly_the_rules_the_planner_uses():
    assert set(load_rules()) == BRIEF_RULE_IDS == set(RULE_IDS)


@pytest.mark.parametrize("rule_id", sorted(BRIEF_RULE_IDS))
def test_each_rule_is_complete_cited_and_plain(rule_id):
    rule = load_rules()[rule_id]
    assert rule.modality in {"ice", "heat", "both"}
    assert rule.value and rule.unit and rule.evidence and rule.disagreement
    assert set(rule.refs) <= load_references().keys()
    assert grade(rule.reason) <= PATIENT_MAX_GRADE, rule.reason
    if not rule.message:  # its own reason: one sentence (a message may be two; test_messages reads those)
        assert rule.reason.endswith(".") and ". " not in rule.reason


def test_every_clinical_rule_cites_a_source_and_design_rules_say_so():
    for rule in load_rules().values():
        if not rule.refs:
            assert rule.evidence.startswith("Design rule"), rule.rule_id


def test_heat_not_acute_records_the_disagreement_and_the_choice():
    rule = load_rules()["HEAT_NOT_ACUTE"]
    assert (rule.value, rule.unit) == ("72", "h")
    for phrase in ("48 h", "72 h", "7 days", "a few days", "one clinic page"):
        assert phrase in rule.disagreement
    assert "harm_sources" in rule.refs and "fpnotebook_heat" in rule.refs


def test_heat_then_ice_is_labelled_as_without_trial_evidence():
    assert "No trial evidence found" in load_rules()["HEAT_THEN_ICE"].evidence


def test_default_limits_are_the_csv_values():
    raw = {row["rule_id"]: row["value"] for row in read_csv("safety_rules.csv")}
    limits = default_limits()
    assert limits.ice_max_min == int(raw["ICE_MAX_DURATION"])
    assert limits.ice_min_interval_min == int(raw["ICE_MIN_INTERVAL"])
    assert limits.heat_max_min == int(raw["HEAT_MAX_DURATION"])
    assert limits.heat_min_interval_min == int(raw["HEAT_MIN_INTERVAL"])
    assert limits.heat_max_per_day == int(raw["HEAT_MAX_PER_DAY"])
    assert limits.heat_earliest_h == float(raw["HEAT_NOT_ACUTE"])
    assert limits.min_duration_min == int(raw["POSITIVE_DURATION"])


def test_load_rules_returns_a_copy_so_edits_do_not_leak():
    edited = load_rules()
    del edited["ICE_MAX_DURATION"]
    assert "ICE_MAX_DURATION" in load_rules()


def test_an_edited_ice_limit_flows_into_limits_planner_and_checker():
    limits = Limits.from_rules(_with(load_rules(), "ICE_MAX_DURATION", value="12"))
    assert limits.ice_max_min == 12
    with pytest.raises(PlanInputError, match="from 1 to 12"):
        generate_plan(PlanRequest(ice_minutes=15), limits)
    plan = generate_plan(PlanRequest(ice_minutes=12), limits)
    assert plan.applications and all(app.duration_min == 12 for app in plan.of(Modality.ICE))


def test_an_edited_heat_cap_and_acute_phase_flow_into_the_plan():
    rules = _with(load_rules(), "HEAT_MAX_PER_DAY", value="1")
    rules = _with(rules, "HEAT_NOT_ACUTE", value="48")
    limits = Limits.from_rules(rules)
    assert (limits.heat_max_per_day, limits.heat_earliest_h) == (1, 48.0)
    plan = generate_plan(PlanRequest(hours_since_onset=50, event="strain"), limits)
    assert len(plan.of(Modality.HEAT)) == 1
    assert not generate_plan(PlanRequest(hours_since_onset=50, event="strain")).of(Modality.HEAT)


def test_an_edited_interval_flows_into_the_checker():
    from helpers.planner import validate_plan

    limits = Limits.from_rules(_with(load_rules(), "ICE_MIN_INTERVAL", value="180"))
    plan = DayPlan(
        WakingWindow(420, 1350),
        (Application(Modality.ICE, 540, 15), Application(Modality.ICE, 690, 15)),
        hours_since_onset=12,
    )
    assert validate_plan(plan) == []
    assert [v.rule_id for v in validate_plan(plan, limits)] == ["ICE_MIN_INTERVAL"]


@pytest.mark.parametrize(
    ("rule_id", "changes", "message"),
    [
        ("ICE_MAX_DURATION", {"unit": "h"}, "must be in 'min'"),
        ("HEAT_MAX_PER_DAY", {"value": "three"}, "not a number"),
        ("ICE_MIN_INTERVAL", {"value": "90.5"}, "whole number"),
        ("POSITIVE_DURATION", {"value": "0"}, "at least 1 minute"),
    ],
)
def test_bad_rule_values_fail_loudly(rule_id, changes, message):
    with pytest.raises(DataError, match=message):
        Limits.from_rules(_with(load_rules(), rule_id, **changes))


def test_a_missing_rule_fails_loudly():
    rules = load_rules()
    del rules["HEAT_NOT_ACUTE"]
    with pytest.raises(DataError, match="HEAT_NOT_ACUTE"):
        Limits.from_rules(rules)


def test_an_unknown_reference_in_the_table_is_refused(edit_table):
    edit_table("safety_rules.csv", lambda rows: [{**rows[0], "refs": "no_such_source_2099"}, *rows[1:]])
    with pytest.raises(DataError, match="no_such_source_2099"):
        load_rules()


def test_a_table_missing_a_rule_or_with_a_bad_modality_is_refused(edit_table):
    edit_table("safety_rules.csv", lambda rows: [row for row in rows if row["rule_id"] != "NO_SLEEP"])
    with pytest.raises(DataError, match="NO_SLEEP"):
        load_rules()
    edit_table("safety_rules.csv", lambda rows: [{**rows[0], "modality": "fire"}, *rows[1:]])
    with pytest.raises(DataError, match="allowed: ice, heat, both"):
        load_rules()


# -- a reason is said once: by the safety message it names, or in its own words with its numbers filled in --
def _raw_rule_rows() -> list[dict[str, str]]:
    return read_csv("safety_rules.csv")


def test_a_rule_that_names_a_safety_message_shows_that_message_word_for_word():
    rules = load_rules()
    named = {rule_id: rule for rule_id, rule in rules.items() if rule.message}
    assert {"ICE_MAX_DURATION", "ICE_BARRIER", "NO_SLEEP"} <= named.keys()
    for rule in named.values():
        assert rule.reason == safety_text(rule.message)
    assert rules["ICE_BARRIER"].reason == safety_text("ice_cloth")  # the damp cloth, as everywhere else


def test_no_rule_types_a_number_that_its_value_should_fill_in():
    for row in _raw_rule_rows():
        text = re.sub(r"\{[A-Z0-9_]+(?::[hd])?\}", "", row["reason"])
        assert not re.search(r"\d", text), f"{row['rule_id']}: a typed number in its reason: {row['reason']}"


def test_a_changed_limit_changes_the_reason_that_states_it(edit_table):
    def shorter_ice_window(rows: list[dict[str, str]]) -> list[dict[str, str]]:
        return [{**row, "value": "48"} if row["rule_id"] == "ICE_REPEAT_MAX_H" else row for row in rows]

    edit_table("safety_rules.csv", shorter_ice_window)
    assert load_rules()["ICE_REPEAT_MAX_H"].reason.startswith("Repeat ice only in the first 2 days")


@pytest.mark.parametrize(
    ("change", "refused"),
    [
        ({"message": "ice_cloth", "reason": "Use a cloth."}, "both a message and a reason"),
        ({"message": "", "reason": ""}, "neither a message nor a reason"),
        ({"message": "no_such_message", "reason": ""}, "unknown safety message 'no_such_message'"),
        ({"message": "", "reason": "Wait {NO_SUCH_RULE} hours."}, "NO_SUCH_RULE"),
    ],
)
def test_a_rule_must_name_a_real_message_or_give_its_own_reason(edit_table, change, refused):
    edit_table("safety_rules.csv", lambda rows: [{**rows[0], **change}, *rows[1:]])
    with pytest.raises(DataError, match=refused) as raised:
        load_rules()
    # the edited copy has no comment lines: its first rule is on line 2
    assert "safety_rules.csv, line 2 (ICE_MAX_DURATION)" in str(raised.value)
