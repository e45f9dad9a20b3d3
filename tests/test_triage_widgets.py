"""The symptom checklist app: ticks change the result, bad input shows a message and keeps the last result."""

from __future__ import annotations

from helpers.triage import Urgency, load_red_flags
from helpers.triage_widgets import LEVEL_STYLE, SymptomChecklist, result_html


def test_opens_with_nothing_ticked():
    app = SymptomChecklist()
    assert not any(app.answers().values()), "no answer may start ticked"
    assert app.result.level is Urgency.SELF_CARE
    assert "your result" in app.panel.value


def test_a_clot_sign_on_top_of_a_short_cramp_shows_only_the_warning_not_stretch_and_rub():
    app = SymptomChecklist()
    app.set_answers({"typical_short_cramp": True, "one_leg_swollen": True})
    assert "blood clot" in app.panel.value
    assert "Stretch and rub" not in app.panel.value
    app.set_answers({"typical_short_cramp": True})
    assert "Stretch and rub" in app.panel.value


def test_one_checkbox_per_question_labelled_with_the_question():
    app = SymptomChecklist()
    assert [box.description for box in app.checkboxes.values()] == [f.question for f in load_red_flags()]


def test_ticking_a_box_updates_the_panel_and_clearing_resets_it():
    app = SymptomChecklist()
    app.checkboxes["one_leg_swollen"].value = True
    assert app.result.level is Urgency.URGENT
    assert "URGENT: TODAY: Get urgent care</strong>" in app.panel.value
    app.checkboxes["breathless_chest_pain"].value = True
    assert app.result.level is Urgency.EMERGENCY
    app.clear_button.click()
    assert not any(app.answers().values())
    assert app.result.level is Urgency.SELF_CARE


def test_a_bad_id_shows_a_message_and_keeps_the_last_good_state():
    app = SymptomChecklist({"frequent_or_sleep": True})
    before = (app.answers(), app.panel.value)
    app.set_answers({"no_such_question": True})
    assert "Unknown question id" in app.message.widget.value
    assert (app.answers(), app.panel.value) == before
    app.set_answers({"one_leg_swollen": "yes"})
    assert (app.answers(), app.panel.value) == before
    app.set_answers({"heavy_drinking": True})
    assert app.message.widget.value == ""
    assert app.answers()["heavy_drinking"] and not app.answers()["frequent_or_sleep"]


def test_every_level_is_shown_with_a_symbol_and_a_word_not_colour_alone():
    app = SymptomChecklist()
    for level, (_, _, symbol, word) in LEVEL_STYLE.items():
        assert f"{symbol} {word}" in app.panel.value
        app.set_answers({next(f.id for f in load_red_flags() if f.urgency is level): True})
        assert f"{symbol} {word}" in result_html(app.result)
        assert app.result.level is level
