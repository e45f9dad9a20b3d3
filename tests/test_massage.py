"""Massage routine: techniques and cautions load, routines fit the time, bad input is refused clearly."""

from __future__ import annotations

import html

import pytest
from hypothesis import given
from hypothesis import strategies as st

from helpers import massage
from helpers.errors import DataError, InputError
from helpers.massage import AREAS, MAX_MINUTES, MIN_MINUTES, build_routine, caution_message
from helpers.readability import grade


def test_techniques_cover_the_syllabus_with_honest_evidence_labels():
    techniques = {t.id: t for t in massage.load_techniques()}
    assert {"strokes", "knead", "skin_pinch"} <= techniques.keys()
    pinch = techniques["skin_pinch"]
    assert pinch.muscles == ("back",)
    assert "no study found" in pinch.evidence_status.lower()
    strokes = techniques["strokes"]
    assert "firm" in strokes.pressure.lower() and "gentle" in strokes.pressure.lower()
    assert {"arista_blog", "aaos_cramp", "cleveland_spasms"} <= set(strokes.refs)
    assert "no evidence-based" in strokes.evidence_status.lower()
    assert "nhs_leg_cramps" in techniques["knead"].refs


@pytest.mark.parametrize("technique", massage.load_techniques(), ids=lambda t: t.id)
def test_technique_steps_are_plain_language(technique):
    assert grade(technique.steps) <= 6.0


def test_cautions_include_injury_and_clot_and_mark_gaps():
    cautions = {c.id: c for c in massage.load_cautions()}
    assert "harm_sources" in cautions["recent_injury"].refs
    assert "uclh_dvt" in cautions["clot_signs"].refs
    assert "urgent" in massage.caution_action(cautions["clot_signs"]).lower()
    uncovered = [c for c in cautions.values() if not c.covered]
    assert uncovered, "open wounds are not covered by the brief for massage and must be marked so"
    assert all("not covered" in c.evidence_status.lower() for c in uncovered)


@pytest.mark.parametrize("caution", massage.load_cautions(), ids=lambda c: c.id)
def test_caution_text_is_plain_language(caution):
    assert grade(caution.plain_text + " " + massage.caution_action(caution)) <= 7.0


def test_typical_calf_routine():
    routine = build_routine("calf", 5, include_pinch=False)
    assert [s.technique.id for s in routine.steps] == ["strokes", "knead"]
    assert routine.total_minutes == 5
    assert routine.steps[0].start_min == 0
    assert routine.describe()[0].startswith("Minute 0 to ")


def test_pinch_only_on_request_and_only_for_the_back():
    assert "skin_pinch" not in [s.technique.id for s in build_routine("back", 6, False).steps]
    assert "skin_pinch" in [s.technique.id for s in build_routine("back", 6, True).steps]
    calf = build_routine("calf", 6, True)
    assert "skin_pinch" not in [s.technique.id for s in calf.steps]
    assert any("only described for back" in note for note in calf.notes)


def test_one_minute_keeps_the_first_technique_and_says_what_was_dropped():
    routine = build_routine("calf", 1, False)
    assert [s.technique.id for s in routine.steps] == ["strokes"]
    assert routine.total_minutes == 1
    assert any("left out" in note for note in routine.notes)


def test_long_time_is_not_padded_beyond_the_maximums():
    routine = build_routine("foot", 30, False)
    assert routine.total_minutes == sum(s.technique.max_minutes for s in routine.steps) < 30
    assert any("no source gives a longer dose" in note.lower() for note in routine.notes)


@given(
    area=st.sampled_from(AREAS),
    minutes=st.integers(MIN_MINUTES, MAX_MINUTES),
    pinch=st.booleans(),
)
def test_routine_fits_the_time_and_each_technique_range(area, minutes, pinch):
    routine = build_routine(area, minutes, pinch)
    assert routine.steps, "every area gets at least one technique"
    assert routine.total_minutes <= minutes
    clock = 0
    for step in routine.steps:
        assert step.start_min == clock  # ordered, no gaps, no overlaps
        assert step.technique.applies_to(area)
        assert step.technique.min_minutes <= step.minutes <= step.technique.max_minutes
        clock = step.end_min
    if area != "back" or not pinch:
        assert all(s.technique.id != "skin_pinch" for s in routine.steps)


@pytest.mark.parametrize(
    ("area", "minutes", "pinch", "says"),
    [
        ("neck", 5, False, "calf, thigh, hamstring, foot, back"),
        ("calf", 0, False, "from 1 to 30"),
        ("calf", 31, False, "from 1 to 30"),
        ("calf", 2.5, False, "whole number"),
        ("calf", "5", False, "whole number"),
        ("calf", True, False, "whole number"),
        ("calf", 5, "yes", "True or False"),
    ],
)
def test_invalid_input_names_the_allowed_values(area, minutes, pinch, says):
    with pytest.raises(InputError, match=says):
        build_routine(area, minutes, pinch)


def test_area_is_case_and_space_tolerant():
    assert build_routine(" Calf ", 5, False).area == "calf"


def test_caution_message():
    assert caution_message([]) is None
    message = caution_message(["clot_signs"])
    assert message is not None and message.startswith("Do not massage.")
    assert "urgent" in message.lower()
    both = caution_message(["recent_injury", "breathless"])
    assert both is not None and both.index("emergency") < both.index("days")  # most urgent first
    with pytest.raises(InputError, match=r"unknown id.*not_a_caution.*Allowed: ids from breathless"):
        caution_message(["not_a_caution"])


def test_markdown_tables_cite_every_reference_of_the_data():
    table = massage.techniques_table_markdown()
    cautions = massage.cautions_markdown()
    for technique in massage.load_techniques():
        assert all(f"#ref-{ref}" in table for ref in technique.refs)
    for caution in massage.load_cautions():
        assert all(f"#ref-{ref}" in cautions for ref in caution.refs)
    assert "Not covered" in cautions


def test_timeline_labels_every_step_and_the_time_limit():
    from helpers.massage_plots import routine_figure

    routine = build_routine("back", 6, True)
    _figure, ax = routine_figure(routine)
    texts = [t.get_text() for t in ax.texts]
    for step in routine.steps:
        assert any(step.technique.name in text for text in texts)
    hatches = {patch.get_hatch() for patch in ax.patches}
    assert len(hatches) == len(routine.steps) and None not in hatches
    assert "(min)" in ax.get_xlabel()
    assert "6 min" in " ".join(texts)


def test_app_shows_a_routine_then_a_stop_message_when_a_caution_is_ticked():
    from helpers.massage_widgets import RoutineBuilder

    app = RoutineBuilder()
    assert app.minutes.description == "Time you have (min)"
    assert app.pinch.disabled  # calf: the back-only pinch cannot be chosen
    assert app.routine is not None and app.routine.area == "calf"
    assert bytes(app.image.value).startswith(b"\x89PNG")
    app.cautions["clot_signs"].value = True
    assert "blood clot" in app.text.value and "URGENT" in app.text.value, "a red flag shows its advice"
    assert app.image.layout.display == "none"
    app.cautions["clot_signs"].value = False
    app.cautions["recent_injury"].value = True
    assert "Do not massage." in app.text.value
    app.cautions["recent_injury"].value = False
    app.area.value = "back"
    app.pinch.value = True
    assert not app.pinch.disabled
    assert "Pinch and hold the skin" in app.text.value
    assert app.image.layout.display is None


def test_app_keeps_the_last_routine_when_an_update_fails(monkeypatch):
    from helpers import massage_widgets
    from helpers.massage_widgets import RoutineBuilder

    app = RoutineBuilder()
    before = app.text.value

    def broken(*_args, **_kwargs):
        raise InputError("time must be from 1 to 30 minutes")

    monkeypatch.setattr(massage_widgets, "build_routine", broken)
    app.minutes.value = 7
    assert app.text.value == before
    assert "1 to 30" in app.message.widget.value
    assert "Traceback" not in app.message.widget.value


def test_every_massage_caution_that_is_a_red_flag_shows_that_red_flags_advice():
    from helpers.massage_widgets import RoutineBuilder
    from helpers.triage import flags_by_id, red_flag_links

    app = RoutineBuilder()
    linked = {item: flags for (checklist, item), flags in red_flag_links().items() if checklist == "massage"}
    assert {"clot_signs", "breathless", "long_cramp"} <= set(linked)
    for item, flags in linked.items():
        app.cautions[item].value = True
        assert all(html.escape(flags_by_id()[flag].advice) in app.text.value for flag in flags), item
        assert app.routine is None and "Do not massage." not in app.text.value
        app.cautions[item].value = False
        assert app.routine is not None


def test_a_caution_that_is_a_red_flag_says_what_the_red_flag_table_says_and_nothing_else():
    """One copy of each warning: linked cautions carry no advice of their own (data/red_flag_links.csv)."""
    from helpers.triage import flags_by_id, red_flag_links

    flags = flags_by_id()
    linked = {item: ids for (checklist, item), ids in red_flag_links().items() if checklist == "massage"}
    assert linked, "the massage checklist has cautions that are red flags"
    for caution in massage.load_cautions():
        if caution.id in linked:
            assert caution.action == ""
            shown = massage.caution_action(caution)
            assert all(flags[flag_id].advice in shown for flag_id in linked[caution.id])
        else:
            assert massage.caution_action(caution) == caution.action != ""


def test_a_linked_caution_with_its_own_advice_is_refused():
    import dataclasses

    clot = next(c for c in massage.load_cautions() if c.id == "clot_signs")
    with pytest.raises(DataError, match="leave its action empty"):
        massage.caution_action(dataclasses.replace(clot, action="Rub it gently."))
