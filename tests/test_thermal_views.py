"""The single-application figure, the model-versus-data figure and the ice-and-heat explorer app."""

from __future__ import annotations

import re

import numpy as np
import pytest

from helpers.ice_heat import MAX_MINUTES, explore
from helpers.rules import default_limits
from helpers.thermal import BARRIERS, load_agents
from helpers.thermal_calibration import DYKSTRA_AGENTS
from helpers.thermal_plots import (
    SingleApplicationFigure,
    model_vs_data_figure,
    single_alt_text,
    single_title,
)
from helpers.thermal_widgets import IceHeatExplorer


@pytest.fixture(scope="module")
def figure() -> SingleApplicationFigure:
    return SingleApplicationFigure()


def test_an_update_changes_the_plotted_lines_period_and_title(figure):
    figure.update(explore("ice_pack_crushed", 20, "damp_cloth"))
    before = (figure.skin_line.get_ydata().copy(), figure.muscle_line.get_ydata().copy())
    width_before, title_before = figure.period.get_width(), figure.title.get_text()
    figure.update(explore("heat_pad", 10, "damp_cloth"))
    assert not np.allclose(before[0], figure.skin_line.get_ydata())
    assert not np.allclose(before[1], figure.muscle_line.get_ydata())
    assert figure.period.get_width() == 10 != width_before
    assert figure.title.get_text() != title_before
    assert "Heat" in figure.period_label.get_text()


def test_the_plotted_line_is_the_model_trace(figure):
    result = explore("frozen_peas", 15, "dry_towel")
    figure.update(result)
    np.testing.assert_array_equal(figure.skin_line.get_xdata(), result.trace.time_min)
    np.testing.assert_array_equal(figure.skin_line.get_ydata(), result.trace.skin_c)


@pytest.mark.parametrize("agent_id", list(load_agents()))
@pytest.mark.parametrize("barrier", BARRIERS)
def test_dykstra_markers_only_for_the_dykstra_ice_types_with_no_barrier(figure, agent_id, barrier):
    figure.update(explore(agent_id, 20, barrier))
    expected = {v: k for k, v in DYKSTRA_AGENTS.items()}.get(agent_id) if barrier == "none" else None
    assert figure.dykstra_shown == expected
    visible = {key for key, box in figure.markers.items() if box.lines[0].get_visible()}
    assert visible == ({(expected, "surface"), (expected, "intramuscular")} if expected else set())
    labels = [text.get_text() for text in figure.legend.get_texts()]
    assert any("Dykstra" in label for label in labels) == bool(expected)


def test_the_title_says_what_to_see():
    title = single_title(explore("ice_pack_crushed", 20, "none")).replace("\n", " ")
    assert title.startswith("Crushed-ice pack, 20 min")
    assert re.search(r"skin reaches \d+ °C; muscle keeps cooling for \d+ min after removal", title)


def test_alt_text_names_the_agent_and_the_numbers():
    result = explore("gel_pack", 12, "dry_towel")
    text = single_alt_text(result)
    assert "Frozen gel pack" in text and "12 min" in text and "dry towel" in text
    assert f"{result.skin_end_c:.1f} °C" in text and f"{result.muscle_extreme_c:.1f} °C" in text


def test_model_vs_data_figure_has_six_panels_with_rmse_in_the_legends():
    fig = model_vs_data_figure()
    axes = fig.get_axes()
    assert len(axes) == 6
    for ax in axes:
        labels = [t.get_text() for t in ax.get_legend().get_texts()]
        assert any(re.fullmatch(r"Model, RMSE 0\.\d\d °C", label) for label in labels), labels


# --- the app --------------------------------------------------------------------------------------------


def test_opens_on_a_typical_case_with_an_image_and_alt_text():
    app = IceHeatExplorer()
    assert app.result is not None and app.result.agent.id == "ice_pack_crushed"
    assert app.image.value.startswith('<img src="data:image/png;base64,')
    assert 'alt="Line chart of the teaching model: Crushed-ice pack for 20 min' in app.image.value
    assert "After 20 min: skin" in app.readout.value
    assert "Warning" not in app.warnings.value
    assert app.message.widget.value == ""


def test_slider_goes_past_the_rule_limits_and_warns_above_them():
    limits = default_limits()
    assert max(limits.ice_max_min, limits.heat_max_min) < MAX_MINUTES
    app = IceHeatExplorer()
    app.minutes.value = limits.ice_max_min
    assert "longer than this series" not in app.warnings.value
    app.minutes.value = limits.ice_max_min + 1
    assert f"limit of {limits.ice_max_min} min for ice" in app.warnings.value
    app.agent.value = "heat_pad"
    app.minutes.value = limits.heat_max_min + 5
    assert f"limit of {limits.heat_max_min} min for heat" in app.warnings.value


def test_warns_for_bare_ice_but_not_for_bare_heat():
    app = IceHeatExplorer()
    app.barrier.value = "none"
    assert "Bare ice on the skin" in app.warnings.value
    app.agent.value = "warm_bath"
    assert "Bare ice" not in app.warnings.value


def test_bad_values_show_a_message_and_keep_the_last_image():
    app = IceHeatExplorer(agent="ice_wet", minutes=15, barrier="none")
    image, readout = app.image.value, app.readout.value
    for bad in (
        ("ice_wet", 0, "none"),
        ("ice_wet", 90, "none"),
        ("dry_ice", 10, "none"),
        ("ice_wet", 10, "foil"),
    ):
        app.show_case(*bad)
        assert "Please check" in app.message.widget.value
        assert "last valid result is still shown" in app.message.widget.value
        assert (app.image.value, app.readout.value) == (image, readout)
        assert (app.agent.value, app.minutes.value, app.barrier.value) == ("ice_wet", 15, "none")
    app.show_case("gel_pack", 10, "damp_cloth")
    assert app.message.widget.value == ""
    assert app.image.value != image
    assert (app.agent.value, app.minutes.value, app.barrier.value) == ("gel_pack", 10, "damp_cloth")


def test_an_unexpected_error_becomes_an_apology_not_a_traceback(monkeypatch):
    app = IceHeatExplorer()
    image = app.image.value

    def broken(*_args, **_kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(app.figure, "update", broken)
    app.minutes.value = 12
    assert "Sorry, something went wrong" in app.message.widget.value
    assert app.image.value == image


def test_summary_is_a_stable_sentence():
    app = IceHeatExplorer()
    assert app.summary() == IceHeatExplorer().summary()
    assert app.summary().startswith("Ice and heat explorer: Crushed-ice pack, 20 min. After 20 min: skin")
