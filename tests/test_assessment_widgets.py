"""The "what fits?" sorter app: nothing starts ticked, a tick shows the matching warning sign and its
red-flag advice, and bad input shows a message and keeps the last good state."""

from __future__ import annotations

from helpers.assessment import load_sorter
from helpers.assessment_widgets import WhatFitsSorter
from helpers.triage import flags_by_id


def test_nothing_starts_ticked_and_every_feature_has_a_labelled_box():
    app = WhatFitsSorter()
    assert app.picked() == []
    assert [box.description for box in app.checkboxes.values()] == [
        feature.label for feature in load_sorter().features.values()
    ]
    assert "Nothing picked yet" in app.panel.value


def test_ticking_a_swollen_calf_shows_the_dvt_warning_and_the_red_flag_advice():
    app = WhatFitsSorter()
    app.checkboxes["one_calf_swollen"].value = True
    assert "Signs of a clot in the leg (DVT)" in app.panel.value
    assert flags_by_id()["one_leg_swollen"].advice in app.panel.value
    assert "URGENT: TODAY" in app.panel.value
    assert not app.result.self_care_allowed


def test_a_typical_cramp_shows_patterns_and_no_warning_and_clear_resets():
    app = WhatFitsSorter()
    for feature_id in ("calf_or_foot", "at_rest_or_night", "hard_tight_muscle"):
        app.checkboxes[feature_id].value = True
    assert "No warning sign" in app.panel.value
    assert app.result.patterns[0].pattern.id == "idiopathic_night_cramp"
    app.clear_button.click()
    assert app.picked() == [] and "Nothing picked yet" in app.panel.value


def test_a_bad_id_shows_a_message_and_keeps_the_last_good_state():
    app = WhatFitsSorter()
    app.set_picked(["pregnant"])
    before = (app.picked(), app.panel.value)
    app.set_picked(["pregnantt"])
    assert "unknown feature id" in app.message.widget.value.lower()
    assert (app.picked(), app.panel.value) == before
