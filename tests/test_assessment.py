"""The "what fits?" sorter, special groups and the Wells score: tables load, bad rows are named, every
warning sign ends at the shared red-flag advice, and the sorter explains rather than diagnoses."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers.assessment import (
    GROUPS,
    features_by_group,
    load_sorter,
    load_wells,
    sort_features,
    wells_dvt,
)
from helpers.data import DataError, load_references
from helpers.triage import Urgency, flags_by_id

TABLES = load_sorter()
FEATURE_IDS = sorted(TABLES.features)


# --- the tables -----------------------------------------------------------------------------------------


def test_tables_load_and_hold_what_notebook_07_teaches():
    assert {"idiopathic_night_cramp", "restless_legs", "claudication", "dvt", "radicular_pain"} <= set(
        TABLES.patterns
    )
    assert {"focal_dystonia", "back_spasm_guarding", "muscle_strain", "possible_mnd"} <= set(TABLES.patterns)
    assert {"pregnancy", "dialysis", "cirrhosis", "mnd", "diabetes", "children"} == {
        group.id for group in TABLES.special_groups
    }
    assert set(features_by_group()) == set(GROUPS)
    assert sum(len(group) for group in features_by_group().values()) == len(TABLES.features)


def test_every_feature_is_used_by_a_pattern_or_a_warning():
    used = {link.feature_id for link in TABLES.links}
    for warning in TABLES.warnings:
        used.update(warning.when_all + warning.when_any)
    assert set(TABLES.features) - used == set()


def test_every_pattern_has_a_supporting_feature_and_cited_sources():
    references = load_references()
    for pattern in TABLES.patterns.values():
        assert any(link.pattern_id == pattern.id and link.role == "supports" for link in TABLES.links), (
            pattern.id
        )
        assert pattern.refs and set(pattern.refs) <= references.keys()


def test_the_back_pain_warning_signs_all_reach_the_shared_table():
    red_flags = flags_by_id()
    by_id = {warning.id: warning for warning in TABLES.warnings}
    for warning_id in (
        "cauda_equina",
        "major_trauma",
        "cancer_infection_fracture",
        "back_with_cancer_history",
    ):
        assert by_id[warning_id].red_flag_id in red_flags
    assert red_flags[by_id["cauda_equina"].red_flag_id].urgency is Urgency.EMERGENCY


# --- bad rows give a clear message naming the row ----------------------------------------------------------


def _set(index: int, **changes: str):
    """An edit for edit_table: change some cells of the row at ``index`` (0 = first data row)."""

    def change(rows: list[dict[str, str]]) -> list[dict[str, str]]:
        rows[index] = {**rows[index], **changes}
        return rows

    return change


def test_a_feature_in_an_unknown_group_is_named_with_its_line(edit_table):
    edit_table("assessment_features.csv", _set(2, group="whenever"))
    with pytest.raises(
        DataError, match=r"assessment_features.csv, line 4 \(low_back\): column 'group' is 'whenever'"
    ):
        load_sorter()


def test_a_duplicate_feature_is_refused(edit_table):
    edit_table("assessment_features.csv", lambda rows: [*rows, rows[0]])
    with pytest.raises(DataError, match=r"id 'calf_or_foot' appears twice \(first on line 2\)"):
        load_sorter()


def test_a_pattern_with_a_bad_self_care_value_or_no_source_is_named(edit_table):
    edit_table("assessment_patterns.csv", _set(0, self_care="maybe"))
    with pytest.raises(DataError, match=r"line 2 \(idiopathic_night_cramp\): column 'self_care' is 'maybe'"):
        load_sorter()
    edit_table("assessment_patterns.csv", _set(1, refs=""))
    with pytest.raises(DataError, match=r"line 3 \(exercise_cramp\): column 'refs' is empty"):
        load_sorter()
    edit_table("assessment_patterns.csv", _set(1, refs="nobody2099"))
    with pytest.raises(DataError, match=r"exercise_cramp.*nobody2099"):
        load_sorter()


def test_a_link_to_an_unknown_feature_or_with_a_bad_role_is_named(edit_table):
    edit_table("assessment_links.csv", _set(4, feature_id="calfx"))
    with pytest.raises(
        DataError, match=r"assessment_links.csv, line 6 \(idiopathic_night_cramp, calfx\): unknown"
    ):
        load_sorter()
    edit_table("assessment_links.csv", _set(0, role="maybe"))
    with pytest.raises(DataError, match=r"assessment_links.csv, line 2: column 'role' is 'maybe'"):
        load_sorter()


def test_a_warning_pointing_at_a_missing_or_self_care_red_flag_is_refused(edit_table):
    edit_table("assessment_warnings.csv", _set(0, red_flag_id="one_leg_swolen"))
    with pytest.raises(
        DataError, match=r"line 2 \(possible_dvt\): red_flag_id 'one_leg_swolen' is not an id"
    ):
        load_sorter()
    edit_table("assessment_warnings.csv", _set(0, red_flag_id="typical_short_cramp"))
    with pytest.raises(DataError, match="is the self-care question, not a warning"):
        load_sorter()


def test_a_warning_with_no_features_or_an_unknown_feature_is_refused(edit_table):
    edit_table("assessment_warnings.csv", _set(1, when_all="", when_any=""))
    with pytest.raises(DataError, match=r"line 3 \(possible_pe\): when_all and when_any are both empty"):
        load_sorter()
    edit_table("assessment_warnings.csv", _set(1, when_any="breathles"))
    with pytest.raises(DataError, match=r"unknown feature id\(s\) breathles"):
        load_sorter()


def test_a_special_group_with_an_unknown_feature_is_named(edit_table):
    edit_table("special_groups.csv", _set(0, feature_id="pregnancy"))
    with pytest.raises(DataError, match=r"special_groups.csv, line 2 \(pregnancy\): unknown feature_id"):
        load_sorter()


def test_a_wells_item_with_points_that_are_not_whole_is_named(edit_table):
    edit_table("wells_dvt.csv", _set(3, points="1.5"))
    with pytest.raises(DataError, match=r"wells_dvt.csv, line 5 \(tender_deep_veins\): column 'points'"):
        load_wells()


# --- the sorter ----------------------------------------------------------------------------------------


def test_nothing_picked_shows_nothing_and_allows_self_care():
    result = sort_features([])
    assert result.picked == result.warnings == result.patterns == result.special_groups == ()
    assert result.advice is None and result.self_care_allowed


def test_a_typical_night_cramp_fits_the_night_cramp_pattern_first_with_no_warning():
    result = sort_features(["calf_or_foot", "at_rest_or_night", "hard_tight_muscle", "seconds_to_10_min"])
    assert result.patterns[0].pattern.id == "idiopathic_night_cramp"
    assert len(result.patterns[0].fits) == 4 and result.patterns[0].against == ()
    assert result.warnings == () and result.self_care_allowed


def test_an_urge_to_move_argues_against_a_cramp_and_fits_restless_legs():
    result = sort_features(["at_rest_or_night", "urge_to_move", "both_legs"])
    fits = {fit.pattern.id: fit for fit in result.patterns}
    assert fits["restless_legs"] is result.patterns[0]
    assert [feature.id for feature in fits["idiopathic_night_cramp"].against] == ["urge_to_move"]


def test_a_swollen_calf_ends_at_the_dvt_advice_of_the_red_flag_table():
    result = sort_features(["calf_or_foot", "one_calf_swollen"])
    assert [match.warning.id for match in result.warnings] == ["possible_dvt"]
    assert result.advice is not None and result.advice.level is Urgency.URGENT
    assert result.advice.reasons == (flags_by_id()["one_leg_swollen"].advice,)
    assert not result.self_care_allowed


def test_several_warnings_show_every_advice_most_urgent_first():
    result = sort_features(["low_back", "saddle_bladder_both_legs", "fever_weight_loss_night_pain"])
    assert result.advice is not None and result.advice.level is Urgency.EMERGENCY
    flags = flags_by_id()
    assert result.advice.reasons == (flags["back_emergency"].advice, flags["back_serious_signs"].advice)


def test_a_special_group_feature_shows_what_changes():
    result = sort_features(["pregnant", "calf_or_foot"])
    assert [group.id for group in result.special_groups] == ["pregnancy"]
    assert "38.9" in result.special_groups[0].heat_ice


def test_unknown_or_badly_typed_picks_are_refused_with_the_valid_ids():
    with pytest.raises(ValueError, match="unknown feature id") as error:
        sort_features(["calf"])
    assert "calf_or_foot" in str(error.value)
    with pytest.raises(ValueError, match="as a list of ids"):
        sort_features("calf_or_foot")


@pytest.mark.parametrize("warning", TABLES.warnings, ids=lambda w: w.id)
def test_every_warning_path_ends_at_red_flag_advice(warning):
    result = sort_features(warning.when_all + warning.when_any[:1])
    assert warning in [match.warning for match in result.warnings]
    flag = flags_by_id()[warning.red_flag_id]
    assert flag.advice in result.advice.reasons
    assert not result.self_care_allowed


@settings(max_examples=150, deadline=None)
@given(st.sets(st.sampled_from(FEATURE_IDS)))
def test_any_picked_set_warns_exactly_when_a_warning_applies_and_never_ranks_without_a_fit(picked):
    result = sort_features(picked)
    expected = [warning.id for warning in TABLES.warnings if warning.applies(frozenset(picked))]
    assert [match.warning.id for match in result.warnings] == expected
    assert result.self_care_allowed is (not expected)
    if expected:
        flags = flags_by_id()
        assert {flags[match.red_flag.id].advice for match in result.warnings} == set(result.advice.reasons)
    for fit in result.patterns:
        assert fit.fits and {feature.id for feature in fit.fits + fit.against} <= set(picked)
    counts = [len(fit.fits) for fit in result.patterns]
    assert counts == sorted(counts, reverse=True)


# --- Wells ---------------------------------------------------------------------------------------------


def test_wells_two_levels_as_nice_uses_them():
    assert wells_dvt(["entire_leg_swollen", "previous_dvt"], age_years=60, pregnant=False).level == "likely"
    one = wells_dvt(["calf_3cm_larger"], age_years=60, pregnant=False)
    assert (one.score, one.level) == (1, "unlikely")
    offset = wells_dvt(
        ["calf_3cm_larger", "pitting_oedema", "alternative_as_likely"], age_years=40, pregnant=False
    )
    assert (offset.score, offset.level) == (0, "unlikely")
    assert (
        "within 4 hours"
        in wells_dvt(["active_cancer", "tender_deep_veins"], age_years=70, pregnant=False).next_step
    )


@pytest.mark.parametrize(("age", "pregnant"), [(30, True), (17, False), (12, True)])
def test_wells_is_not_scored_in_pregnancy_or_under_18(age, pregnant):
    result = wells_dvt(["entire_leg_swollen", "previous_dvt"], age_years=age, pregnant=pregnant)
    assert not result.applicable and result.score is None
    assert "same-day" in result.next_step


def test_wells_refuses_unknown_items_and_bad_ages():
    with pytest.raises(ValueError, match="unknown Wells item"):
        wells_dvt(["swollen"], age_years=50, pregnant=False)
    with pytest.raises(ValueError, match="age_years"):
        wells_dvt([], age_years=-1, pregnant=False)


def test_wells_items_are_nine_plus_one_minus_two():
    points = sorted(item.points for item in load_wells().values())
    assert points == [-2] + [1] * 9
