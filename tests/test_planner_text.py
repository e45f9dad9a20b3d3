"""Text views of the planner: the rules table follows the data file, broken rules read row by row."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from helpers.data import load_references
from helpers.planner import PlanRequest, Violation, generate_plan, validate_plan
from helpers.planner_text import (
    BADGE_DESIGN,
    BADGE_NO_TRIAL,
    evidence_badge,
    plan_lines,
    rules_markdown,
    rules_reference_ids,
    violations_text,
)
from helpers.rules import load_rules
from helpers.timeline import Application, DayPlan, Modality, WakingWindow


def _rows(table: str) -> dict[str, list[str]]:
    """Rule id -> cells, splitting on unescaped pipes."""
    rows = {}
    for line in table.splitlines()[2:]:
        cells = [cell.strip() for cell in re.split(r"(?<!\\)\|", line)[1:-1]]
        rows[cells[0].strip("`")] = cells
    return rows


def test_the_table_has_one_row_of_seven_cells_per_rule_in_file_order():
    rules = load_rules()
    table = rules_markdown()
    assert table.splitlines()[0].count("|") == 8
    rows = _rows(table)
    assert list(rows) == list(rules)
    for rule_id, cells in rows.items():
        rule = rules[rule_id]
        assert len(cells) == 7
        assert cells[1:4] == [rule.value, rule.unit, rule.reason]
        for ref in rule.refs:
            assert f"#ref-{ref}" in cells[6]


def test_badges_come_from_the_data():
    rules = load_rules()
    assert evidence_badge(rules["HEAT_THEN_ICE"]) == BADGE_NO_TRIAL
    assert evidence_badge(rules["NO_OVERLAP"]) == BADGE_DESIGN
    assert evidence_badge(rules["ICE_MAX_DURATION"]) == ""
    rows = _rows(rules_markdown())
    assert rows["HEAT_THEN_ICE"][4].startswith(BADGE_NO_TRIAL)
    assert rows["POSITIVE_DURATION"][6] == "none"


def test_an_edited_rule_changes_the_table_and_pipes_cannot_break_a_row():
    rules = load_rules()
    rules["ICE_MAX_DURATION"] = replace(rules["ICE_MAX_DURATION"], value="15", reason="a | b\nc")
    rows = _rows(rules_markdown(rules))
    assert rows["ICE_MAX_DURATION"][1] == "15"
    assert rows["ICE_MAX_DURATION"][3] == "a \\| b c"
    assert all(len(cells) == 7 for cells in rows.values())


def test_reference_ids_are_every_rule_ref_once_and_all_exist():
    ids = rules_reference_ids()
    assert len(ids) == len(set(ids))
    assert set(ids) == {ref for rule in load_rules().values() for ref in rule.refs}
    assert set(ids) <= set(load_references())


def test_violations_read_row_by_row_with_rule_id_and_reason():
    window = WakingWindow.from_clock("07:00", "22:30")
    plan = DayPlan(
        window,
        (Application(Modality.ICE, 23 * 60, 15), Application(Modality.ICE, 9 * 60, 30)),
        hours_since_onset=12,
    )
    assert plan_lines(plan) == ["#0  23:00-23:15 ice (15 min)", "#1  09:00-09:30 ice (30 min)"]
    lines = violations_text(validate_plan(plan)).splitlines()
    assert [line.split()[:2] for line in lines] == [["NO_SLEEP", "#0"], ["ICE_MAX_DURATION", "#1"]]
    assert "20 minutes at most" in lines[1]
    assert violations_text([Violation("X", None, "whole plan")]).split() == ["X", "plan", "whole", "plan"]


def test_a_generated_plan_gets_the_all_clear():
    plan = generate_plan(PlanRequest())
    assert violations_text(validate_plan(plan)) == "No rule is broken: this plan passes every safety check."


def test_rules_list_shows_only_the_chosen_rules_with_values_and_sources():
    from helpers.planner_text import rules_list_markdown

    text = rules_list_markdown(["ICE_MAX_DURATION", "HEAT_NOT_ACUTE"])
    rules = load_rules()
    assert f"`ICE_MAX_DURATION` = {rules['ICE_MAX_DURATION'].value}" in text
    assert "HEAT_NOT_ACUTE" in text and "ICE_MIN_INTERVAL" not in text
    assert all(f"#ref-{ref}" in text for ref in rules["HEAT_NOT_ACUTE"].refs)
    with pytest.raises(ValueError, match="unknown rule id"):
        rules_list_markdown(["NOT_A_RULE"])


def test_every_planner_note_is_plain_and_cited_where_it_makes_a_claim():
    from helpers.planner_notes import _notes, note_fields, planner_note
    from helpers.readability import PATIENT_MAX_GRADE, grade

    samples = {"hours": 72, "asked": 6, "fit": 4, "what": "ice", "cap": 3, "value": 240, "count": 4}
    for note_id in _notes():
        note = planner_note(note_id, **{name: samples[name] for name in note_fields(note_id)})
        assert grade(note.text) <= PATIENT_MAX_GRADE, (note_id, note.text)
        if note_id.startswith(("ice_", "sore_", "cramp_", "heat_")):
            assert note.refs, f"{note_id} makes a clinical claim and needs its sources"
