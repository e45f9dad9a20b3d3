"""Notebooks 08 and 09: medicine table, tonic-water arithmetic, sport evidence table, warning signs."""

from __future__ import annotations

import pytest

from helpers.data import DataError
from helpers.night_cramps import (
    QUININE_DOSE_MG,
    STRENGTH_LABELS,
    load_medicines,
    medicines_by_strength,
    medicines_markdown,
    tonic_litres_for_dose,
)
from helpers.night_cramps_plots import plot_medicine_ratios
from helpers.sport_cramps import causes_markdown, load_sport_evidence, remedies_markdown, rows_for
from helpers.sport_cramps_plots import plot_explanations
from helpers.triage import Urgency, flags_by_id
from helpers.warning_signs import warning_signs_markdown

SPORT_FLAGS = ("heat_collapse_confused", "drank_too_much", "dark_urine_weak", "sickle_collapse")


def test_the_garrison_ratios_are_as_published_and_inside_their_intervals():
    links = {m.id: m for m in load_medicines()}
    assert (links["laba_all"].estimate, links["laba_all"].ci_low, links["laba_all"].ci_high) == (
        2.42,
        2.02,
        2.89,
    )
    assert links["statins"].strength == "small" and links["loop"].ci_low == 1.0
    for m in load_medicines():
        if m.ci_low is not None:
            assert m.ci_low <= m.estimate <= m.ci_high


def test_rows_without_a_number_say_what_kind_of_source_lists_them():
    for m in load_medicines():
        assert m.has_number == (m.strength in ("clear", "small")), m.id
        assert m.refs, m.id
    assert load_medicines()[0].strength_label in STRENGTH_LABELS.values()


def test_table_is_sorted_by_kind_of_evidence_then_ratio_and_cites_every_row():
    ordered = medicines_by_strength()
    ranks = [list(STRENGTH_LABELS).index(m.strength) for m in ordered]
    assert ranks == sorted(ranks)
    clear = [m.estimate for m in ordered if m.strength == "clear"]
    assert clear == sorted(clear, reverse=True)
    table = medicines_markdown()
    assert table.count("\n") == len(ordered) + 1 and "(#ref-garrison2012)" in table
    assert "never" not in table.lower() or "stop" not in table.lower()


def test_tonic_water_needed_for_one_quinine_dose():
    low, high = (tonic_litres_for_dose(dose) for dose in QUININE_DOSE_MG)
    assert low == pytest.approx(2.41, abs=0.01) and high == pytest.approx(3.61, abs=0.01)
    for bad in (0, -5, float("nan"), True, "200"):
        with pytest.raises(ValueError, match="positive number"):
            tonic_litres_for_dose(bad)


def test_sport_evidence_sets_both_explanations_side_by_side():
    causes = rows_for("cause")
    assert {row.supports for row in causes} >= {"fatigue", "fluid_salt", "several"}
    kona = next(row for row in causes if row.id == "kona_records")
    assert kona.people == 10553 and "1.63" in kona.finding
    table = causes_markdown()
    assert table.index("Fatigue") < table.index("Fluid or salt loss") < table.index("Several causes")


def test_folklore_is_kept_as_a_visible_gap_and_quinine_as_do_not_use():
    remedies = {row.id: row for row in rows_for("remedy")}
    assert remedies["bananas"].supports == "none found" and remedies["bananas"].refs == ()
    assert remedies["quinine_sport"].supports_label == "do not use"
    assert "(no source: a gap)" in remedies_markdown()
    assert all(row.refs for row in load_sport_evidence() if row.supports != "none found")


def test_sport_warning_signs_come_from_the_shared_table_with_their_levels():
    flags = flags_by_id()
    assert all(flag in flags for flag in SPORT_FLAGS)
    assert flags["heat_collapse_confused"].urgency is Urgency.EMERGENCY
    assert flags["dark_urine_weak"].urgency is Urgency.URGENT
    text = warning_signs_markdown(["dark_urine_weak", "sickle_collapse"])
    assert text.index("sickle cell") < text.index("tea or cola"), "most urgent first"
    assert flags["sickle_collapse"].advice in text and "(#ref-nata_sct)" in text
    with pytest.raises(DataError, match="unknown red-flag id"):
        warning_signs_markdown(["no_such_flag"])


def test_plots_have_labelled_axes_and_a_title():
    for figure in (plot_medicine_ratios(), plot_explanations()):
        ax = figure.axes[0]
        assert ax.get_xlabel() and ax.get_ylabel() and ax.get_title()
        assert "(" in ax.get_xlabel(), "units or scale in the axis label"
