"""One application explored: options, warnings from the rules and bands, readout and the fit tables."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers.ice_heat import (
    BARRIER_LABELS,
    MAX_MINUTES,
    MIN_MINUTES,
    agent_options,
    application_warnings,
    contraindications_markdown,
    dykstra_markers,
    dykstra_treatment,
    end_of_ice_rows,
    explore,
    fit_rows,
)
from helpers.messages import safety_text
from helpers.rules import Limits, default_limits
from helpers.thermal import BARRIERS, TemperatureTrace, get_agent, load_agents, load_bands
from helpers.timeline import PlanInputError


def _trace(skin_low: float) -> TemperatureTrace:
    time = np.array([0.0, 10.0, 20.0])
    return TemperatureTrace(time, np.array([30.0, skin_low, 20.0]), np.array([35.0, 34.0, 33.0]))


def test_menu_lists_every_agent_once_home_items_first_and_marks_uncalibrated_ones():
    options = agent_options()
    ids = [agent_id for _, agent_id in options]
    assert sorted(ids) == sorted(load_agents())
    assert ids[:3] == ["ice_pack_crushed", "frozen_peas", "gel_pack"]
    for label, agent_id in options:
        agent = get_agent(agent_id)
        assert label.startswith(agent.label)
        assert label.endswith("(model not calibrated)") == (not agent.calibrated)


def test_barrier_menu_covers_the_model_barriers_and_says_never_bare_ice():
    assert set(BARRIER_LABELS) == set(BARRIERS)
    assert "never" in BARRIER_LABELS["none"]


def test_dykstra_comparison_only_for_the_three_ice_types_with_no_barrier():
    assert dykstra_treatment("ice_pack_crushed", "none") == "crushed"
    assert dykstra_treatment("ice_wet", "none") == "wet"
    assert dykstra_treatment("ice_cubed", "damp_cloth") is None
    assert dykstra_treatment("frozen_peas", "none") is None


def test_limits_come_from_the_rules_not_from_code():
    peas = get_agent("frozen_peas")
    limits = replace(default_limits(), ice_max_min=10)
    assert isinstance(limits, Limits)
    assert application_warnings(peas, 12, "damp_cloth", _trace(20.0), limits=limits)
    assert not application_warnings(peas, 12, "damp_cloth", _trace(20.0))


def test_cold_injury_and_frostbite_warnings_follow_the_bands():
    bands = load_bands()
    peas = get_agent("frozen_peas")
    cold_edge = bands["cold_injury_warning_unverified"].high_c
    assert not application_warnings(peas, 10, "damp_cloth", _trace(cold_edge + 0.5))
    (warning,) = application_warnings(peas, 10, "damp_cloth", _trace(cold_edge - 0.5))
    assert "cold-injury warning band" in warning and "unverified" in warning
    (warning,) = application_warnings(peas, 10, "damp_cloth", _trace(-1.0))
    assert "Frostbite" in warning or "frostbite" in warning


def test_a_heat_source_in_the_burn_band_is_warned_about():
    burn = load_bands()["burn_risk"].low_c
    pad = get_agent("heat_pad")
    assert not application_warnings(pad, 10, "damp_cloth", _trace(30.0))
    hot = replace(pad, source_temp_c=burn)
    (warning,) = application_warnings(hot, 10, "damp_cloth", _trace(30.0))
    assert f"{burn:.0f} °C where burn risk starts" in warning


def test_bare_ice_is_warned_about_with_the_rule_text():
    result = explore("gel_pack", 10, "none")
    cloth = safety_text("ice_cloth")  # the rule ICE_BARRIER says it with this safety message
    assert any(w.startswith("Bare ice on the skin.") and cloth in w for w in result.warnings)
    assert not explore("gel_pack", 10, "damp_cloth").warnings


@pytest.mark.parametrize("bad", [0, MAX_MINUTES + 1, 12.5, "20", None, True])
def test_time_outside_the_explorer_range_is_refused(bad):
    with pytest.raises(PlanInputError, match="Time on the skin"):
        explore("ice_pack_crushed", bad)


def test_unknown_agent_and_barrier_are_refused_with_the_allowed_values():
    with pytest.raises(PlanInputError, match="known agents"):
        explore("dry_ice", 10)
    with pytest.raises(PlanInputError, match="damp_cloth"):
        explore("ice_wet", 10, "foil")


def test_ice_after_drop_matches_the_model_and_the_readout():
    result = explore("ice_pack_crushed", 20, "none")
    assert result.muscle_extreme_min > 20  # the muscle keeps cooling after removal
    assert result.muscle_extreme_c < result.muscle_end_c
    assert result.readout().startswith(f"After 20 min: skin {result.skin_end_c:.1f} °C")
    assert f"lowest muscle {result.muscle_extreme_c:.1f} °C" in result.readout()
    assert "highest muscle" in explore("heat_pad", 20).readout()


@settings(max_examples=25, deadline=None)
@given(minutes=st.integers(MIN_MINUTES, MAX_MINUTES), agent=st.sampled_from(sorted(load_agents())))
def test_longer_application_moves_the_skin_further(minutes, agent):
    result = explore(agent, minutes, "damp_cloth")
    base = result.trace.at(-1)[0]
    if result.is_ice:
        assert result.skin_end_c < base
    else:
        assert result.skin_end_c > base


def test_recomputed_fit_errors_do_not_exceed_the_stated_ones():
    rows = fit_rows()
    assert len(rows) == 6
    for row in rows:
        assert 0 < row.rmse_c <= row.stated_rmse_c + 1e-9


def test_end_of_ice_table_reproduces_the_brief_numbers():
    measured = {t: (skin, muscle) for t, skin, muscle, _, _ in end_of_ice_rows()}
    assert measured["crushed"] == pytest.approx((15.76, 32.50), abs=0.005)
    assert measured["cubed"] == pytest.approx((16.36, 31.18), abs=0.005)
    assert measured["wet"] == pytest.approx((13.22, 30.42), abs=0.005)
    with pytest.raises(PlanInputError):
        end_of_ice_rows(19.7)


def test_markers_are_every_five_minutes_inside_the_window():
    time, mean, sd = dykstra_markers("cubed", "surface")
    assert time[0] == -5 and time[-1] == 100
    assert np.all(np.diff(time) == 5)
    assert len(mean) == len(sd) == len(time)


def test_contraindication_tables_split_by_modality():
    ice, heat = contraindications_markdown("ice"), contraindications_markdown("heat")
    assert "Raynaud" in ice and "Raynaud" not in heat
    assert "Fever" in heat and "Fever" not in ice
    assert "Impaired circulation" in ice and "Impaired circulation" in heat
    with pytest.raises(PlanInputError):
        contraindications_markdown("both")
