"""The planner's views: the day figure (blitting), the .ics and PDF exports, safe saving, and the app."""

from __future__ import annotations

import base64
import dataclasses
import html
import io
import os
import re
from datetime import date, datetime, time, timedelta
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import Calendar
from PIL import Image
from pypdf import PdfReader

from helpers.export import ExportError, day_uid, plan_to_ics, plan_to_pdf, safe_filename, write_new_file
from helpers.planner import PlanRequest, generate_plan
from helpers.planner_plots import DayPlanFigure, day_span, plan_alt_text, plan_caption
from helpers.planner_widgets import PlannerApp
from helpers.rules import default_limits
from helpers.thermal import simulate
from helpers.timeline import Application, DayPlan, Modality, WakingWindow, format_clock
from helpers.triage import flags_by_id, stop_flags

DAY = date(2026, 1, 5)
STAMP = datetime(2026, 1, 5, 8, 0)
TYPICAL = generate_plan(PlanRequest())
NIGHT_SHIFT = generate_plan(
    PlanRequest(
        wake="22:00", bed="06:00", hours_since_onset=96, event="strain", heat_sessions=2, ice_sessions=3
    ),
    dataclasses.replace(default_limits(), ice_repeat_max_h=240),
)
HEAT_ONLY = generate_plan(
    PlanRequest(hours_since_onset=96, event="strain", contraindications=frozenset({"raynauds"}))
)
EMPTY = generate_plan(PlanRequest(contraindications=frozenset({"impaired_sensation"})))
PLANS = {"typical": TYPICAL, "night_shift": NIGHT_SHIFT, "heat_only": HEAT_ONLY}


def test_the_example_plans_cover_the_cases_the_tests_rely_on():
    assert TYPICAL.of(Modality.ICE) and not TYPICAL.of(Modality.HEAT)
    assert NIGHT_SHIFT.of(Modality.HEAT) and NIGHT_SHIFT.window.crosses_midnight
    assert max(app.end_min for app in NIGHT_SHIFT.applications) > 24 * 60
    assert HEAT_ONLY.of(Modality.HEAT) and not HEAT_ONLY.of(Modality.ICE)
    assert not EMPTY.applications


def test_an_empty_plan_is_refused_by_every_export():
    for export in (lambda: plan_to_ics(EMPTY, DAY), lambda: plan_to_pdf(EMPTY)):
        with pytest.raises(ExportError, match="nothing to export"):
            export()


# ---------------------------------------------------------------------------------------------------------
# Calendar (.ics)


def _events(plan: DayPlan) -> list:
    return list(Calendar.from_ical(plan_to_ics(plan, DAY, stamp=STAMP)).walk("VEVENT"))


@pytest.mark.parametrize("name", PLANS)
def test_ics_has_one_event_for_the_day_with_one_reminder_per_session_at_the_plan_times(name):
    plan = PLANS[name]
    events = _events(plan)
    assert len(events) == 1, "one event per day, so a revised schedule replaces the old one whole"
    event = events[0]
    midnight = datetime(DAY.year, DAY.month, DAY.day)
    apps = sorted(plan.applications, key=lambda app: app.start_min)
    assert event.decoded("dtstart") == midnight + timedelta(minutes=apps[0].start_min)
    assert event.decoded("dtend") == midnight + timedelta(minutes=max(app.end_min for app in apps))
    assert event.decoded("dtstart").tzinfo is None, "times must be floating (no time zone)"
    alarms = [component for component in event.subcomponents if component.name == "VALARM"]
    reminders = sorted(event.decoded("dtstart") + alarm.decoded("trigger") for alarm in alarms)
    assert reminders == [midnight + timedelta(minutes=app.start_min - 5) for app in apps]
    assert all(str(alarm["action"]) == "DISPLAY" for alarm in alarms)
    description = str(event["description"])
    for app in apps:
        assert f"{format_clock(app.start_min)} to {format_clock(app.end_min)}" in description
    assert str(event["uid"]) == day_uid(DAY) and str(event["transp"]) == "TRANSPARENT"


def test_ics_names_what_to_use_and_a_later_export_has_a_higher_sequence():
    description = str(_events(NIGHT_SHIFT)[0]["description"])
    assert "Heat pad" in description and "Ice pack" in description
    later = Calendar.from_ical(plan_to_ics(TYPICAL, DAY, stamp=STAMP + timedelta(minutes=1)))
    (event,) = later.walk("VEVENT")
    assert int(event["sequence"]) > int(_events(TYPICAL)[0]["sequence"])


def test_ics_with_a_fixed_stamp_is_reproducible_and_a_non_date_is_refused():
    assert plan_to_ics(TYPICAL, DAY, stamp=STAMP) == plan_to_ics(TYPICAL, DAY, stamp=STAMP)
    with pytest.raises(ExportError, match="must be a date"):
        plan_to_ics(TYPICAL, "2026-01-05")  # type: ignore[arg-type]


# ---------------------------------------------------------------------------------------------------------
# Handout (PDF)


@pytest.mark.parametrize("name", PLANS)
def test_pdf_opens_with_the_schedule_and_lists_every_session_time(name):
    plan = PLANS[name]
    reader = PdfReader(io.BytesIO(plan_to_pdf(plan)))
    assert len(reader.pages) >= 2, "the schedule, then the warning signs on their own page"
    text = reader.pages[0].extract_text()
    for app in plan.applications:
        assert f"{format_clock(app.start_min)} to {format_clock(app.end_min)}" in text
    assert "not" in text and "medical advice" in text
    assert "A schedule within these limits" in text and "your plan" not in text.lower()
    assert "delete the older one" in " ".join(text.split()), "what to do in another calendar app"


def test_the_handout_lists_every_warning_sign_with_its_advice():
    from helpers.triage import load_red_flags

    pages = PdfReader(io.BytesIO(plan_to_pdf(TYPICAL))).pages[1:]
    text = " ".join(" ".join(page.extract_text() for page in pages).split())
    assert text.startswith("When to get help")
    for flag in load_red_flags():
        if flag.urgency.value != "self_care":
            assert " ".join(flag.question.split()) in text, flag.id
            assert " ".join(flag.advice.split())[:40] in text, flag.id


def test_pdf_includes_screening_warnings_and_a_long_schedule_flows_on_to_more_pages():
    text = PdfReader(io.BytesIO(plan_to_pdf(TYPICAL, warnings=["Check the skin often."]))).pages[0]
    assert "Check the skin often." in text.extract_text()
    window = WakingWindow(0, 24 * 60)
    crowded = DayPlan(window, tuple(Application(Modality.ICE, 30 * k, 10) for k in range(45)), 12)
    pages = PdfReader(io.BytesIO(plan_to_pdf(crowded))).pages
    text = " ".join(page.extract_text() for page in pages)
    assert all(
        f"{format_clock(app.start_min)} to {format_clock(app.end_min)}" in text
        for app in crowded.applications
    )


# ---------------------------------------------------------------------------------------------------------
# File names and saving


def test_safe_filename_strips_paths_and_dots():
    name = safe_filename("../../etc/passwd", ".ics")
    assert "/" not in name and "\\" not in name
    assert name.count(".") == 1 and name.endswith(".ics")
    assert name == "etc-passwd.ics"
    assert safe_filename("..\\..\\Windows", ".pdf") == "windows.pdf"
    with pytest.raises(ExportError, match="unknown export type"):
        safe_filename("plan", ".exe")


@pytest.mark.parametrize("label", ["", ".", "...", "///...", "  ", "\u2603\u2603"])
def test_safe_filename_refuses_text_with_no_safe_name(label):
    with pytest.raises(ExportError, match="no safe file name"):
        safe_filename(label, ".pdf")


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("CON", "con-file.ics"),
        ("nul", "nul-file.ics"),
        ("Com1", "com1-file.ics"),
        ("Crème brûlée", "creme-brulee.ics"),
        ("x" * 300, "x" * 40 + ".ics"),
    ],
)
def test_safe_filename_handles_reserved_accented_and_long_names(label, expected):
    assert safe_filename(label, ".ics") == expected


@settings(max_examples=200, deadline=None)
@given(label=st.text(max_size=200), suffix=st.sampled_from([".ics", ".pdf"]))
def test_safe_filename_is_always_a_short_plain_name(label, suffix):
    try:
        name = safe_filename(label, suffix)
    except ExportError as error:
        assert "no safe file name" in str(error)
        assert not any(ch.isascii() and ch.isalnum() for ch in label.lower())
        return
    assert name.removesuffix(suffix) not in {"con", "prn", "aux", "nul"}
    assert re.fullmatch(r"[a-z0-9]([a-z0-9-]*[a-z0-9])?\.(ics|pdf)", name)
    assert name.endswith(suffix) and len(name) <= 40 + len(suffix)


def test_write_new_file_never_overwrites(tmp_path: Path):
    first = write_new_file(tmp_path, "plan.pdf", b"first")
    second = write_new_file(tmp_path, "plan.pdf", b"second")
    third = write_new_file(tmp_path, "plan.pdf", b"third")
    assert (first.name, second.name, third.name) == ("plan.pdf", "plan-2.pdf", "plan-3.pdf")
    assert first.read_bytes() == b"first" and second.read_bytes() == b"second"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["plan-2.pdf", "plan-3.pdf", "plan.pdf"]


def test_write_new_file_refuses_paths_and_hidden_names(tmp_path: Path):
    for bad in ("../plan.pdf", "sub/plan.pdf", ".plan.pdf"):
        with pytest.raises(ExportError, match="plain file name"):
            write_new_file(tmp_path, bad, b"x")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("bad", ["", "plan", "x" * 300 + ".pdf", "Plan.PDF", "plan.exe", "-.pdf"])
def test_write_new_file_refuses_unsafe_names_with_what_is_allowed(tmp_path: Path, bad):
    # Empty once wrote "-2", a long name raised a bare OSError, "plan" gave "-2plan".
    with pytest.raises(ExportError, match="safe_filename"):
        write_new_file(tmp_path, bad, b"x")
    assert list(tmp_path.iterdir()) == []


def test_write_new_file_needs_no_hard_links(tmp_path: Path, monkeypatch):
    def no_links(*_args, **_kwargs):
        raise OSError("hard links are not supported on this drive")

    monkeypatch.setattr(os, "link", no_links)
    first = write_new_file(tmp_path, "plan.ics", b"first")
    second = write_new_file(tmp_path, "plan.ics", b"second")
    assert (first.read_bytes(), second.read_bytes()) == (b"first", b"second")
    assert sorted(path.name for path in tmp_path.iterdir()) == ["plan-2.ics", "plan.ics"]


def test_write_new_file_leaves_no_partial_file_when_the_write_fails(tmp_path: Path, monkeypatch):
    write_new_file(tmp_path, "plan.ics", b"kept")

    def broken_replace(*_args, **_kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError, match="disk full"):
        write_new_file(tmp_path, "plan.ics", b"new")
    assert [path.name for path in tmp_path.iterdir()] == ["plan.ics"]
    assert (tmp_path / "plan.ics").read_bytes() == b"kept"


# ---------------------------------------------------------------------------------------------------------
# The day figure


def _trace(plan: DayPlan):
    start, end = day_span(plan)
    return simulate(plan.applications, start, end, step_min=1.0)


def _pixels(png: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"), dtype=np.int16)


def _share_equal(a: bytes, b: bytes) -> float:
    left, right = _pixels(a), _pixels(b)
    assert left.shape == right.shape
    return float(np.mean(np.all(np.abs(left - right) <= 2, axis=-1)))


def test_blitted_png_matches_a_full_redraw_and_changes_with_the_plan():
    figure = DayPlanFigure()
    figure.update(TYPICAL, _trace(TYPICAL))
    first = figure.png()
    assert _share_equal(first, figure.full_redraw_png()) > 0.999

    other = generate_plan(PlanRequest(hours_since_onset=96))  # same window: the cached background is reused
    figure.update(other, _trace(other))
    blitted = figure.png()
    assert _share_equal(blitted, figure.full_redraw_png()) > 0.999
    assert _share_equal(first, blitted) < 0.99, "adding heat sessions must change the picture"

    figure.update(NIGHT_SHIFT, _trace(NIGHT_SHIFT))  # new window: the background must be rebuilt
    night = figure.png()
    assert _share_equal(night, figure.full_redraw_png()) > 0.999
    assert _share_equal(blitted, night) < 0.95


def test_day_span_caption_and_alt_text_describe_the_plan():
    start, end = day_span(TYPICAL)
    assert (start, end) == (TYPICAL.window.wake_min - 60, TYPICAL.window.wake_min - 60 + 24 * 60)
    trace = _trace(TYPICAL)
    assert "The day from 06:00 to 06:00" in plan_caption(TYPICAL, trace)
    alt = plan_alt_text(TYPICAL, trace)
    assert "awake 07:00 to 22:30" in alt
    for app in TYPICAL.applications:
        assert app.describe() in alt
    assert "Sessions: none" in plan_alt_text(EMPTY, _trace(EMPTY))


# ---------------------------------------------------------------------------------------------------------
# The app (public attributes only)


def _png_of(app: PlannerApp) -> bytes:
    match = re.search(r'src="data:image/png;base64,([^"]+)"', app.image.value)
    assert match, "the app shows no PNG"
    return base64.b64decode(match.group(1))


@pytest.fixture
def app() -> PlannerApp:
    return PlannerApp(day=DAY)


def test_app_opens_on_the_typical_day_with_a_plot_and_no_message(app):
    assert app.plan == TYPICAL
    assert app.message.widget.value == ""
    assert _png_of(app).startswith(b"\x89PNG")


def test_moving_a_slider_changes_the_image_and_the_plan(app):
    before = app.image.value
    app.ice.value = 18
    assert app.message.widget.value == ""
    assert app.image.value != before
    assert {item.duration_min for item in app.plan.of(Modality.ICE)} == {18}


def test_ice_over_the_limit_shows_the_limit_and_keeps_the_last_good_state(app):
    limit = default_limits().ice_max_min
    before_image, before_plan = app.image.value, app.plan
    app.ice.value = 45
    message = app.message.widget.value
    assert "ice time" in message.lower() and str(limit) in message and "45" in message
    assert app.image.value == before_image
    assert app.plan == before_plan
    app.ice.value = 10
    assert app.message.widget.value == ""
    assert app.image.value != before_image


def test_bed_time_equal_to_wake_time_shows_a_message(app):
    before = app.image.value
    app.bed.value = time(7, 0)
    assert "07:00" in app.message.widget.value and "bed time" in app.message.widget.value
    assert app.image.value == before


def test_ticking_a_contraindication_removes_that_modality(app):
    app.event.value = "strain"
    app.hours.value = 96
    assert app.plan.of(Modality.HEAT) and not app.plan.of(Modality.ICE)
    app.screening["fever"].value = True
    assert not app.plan.of(Modality.HEAT)
    app.screening["fever"].value = False
    app.hours.value = 12
    app.screening["raynauds"].value = True
    assert not app.plan.of(Modality.ICE)


@pytest.mark.parametrize("flag_id", [flag.id for flag in stop_flags()])
def test_an_urgent_warning_sign_replaces_plot_plan_and_export_with_its_advice(app, flag_id):
    app.warning_signs[flag_id].value = True
    assert app.plan is None and app.tools.layout.display == "none"
    assert html.escape(flags_by_id()[flag_id].advice) in app.stop_box.value
    app.export_button.click()
    assert app.downloads.value == ""
    app.warning_signs[flag_id].value = False
    assert app.plan is not None and app.stop_box.value == "" and app.tools.layout.display is None


def test_the_day_is_the_persons_choice_and_names_the_files(app):
    app.day_picker.value = date(2026, 2, 1)
    app.export_button.click()
    assert "heat-and-ice-schedule-2026-02-01.ics" in app.downloads.value


def test_ice_sliders_allow_every_minute_the_rules_allow(app):
    assert (
        app.ice.min <= default_limits().min_duration_min and app.heat.min <= default_limits().min_duration_min
    )
    app.ice.value = 2
    assert {a.duration_min for a in app.plan.of(Modality.ICE)} == {2} and app.message.widget.value == ""


def test_untick_the_cloth_removes_ice(app):
    app.barrier.value = False
    assert not app.plan.of(Modality.ICE)


def test_export_makes_two_download_links_that_hold_the_plan(app):
    assert app.downloads.value == ""
    app.export_button.click()
    links = re.findall(r'<a download="([^"]+)" href="data:([^;]+);base64,([^"]+)"', app.downloads.value)
    assert [(name, mime) for name, mime, _ in links] == [
        ("heat-and-ice-schedule-2026-01-05.pdf", "application/pdf"),
        ("heat-and-ice-schedule-2026-01-05.ics", "text/calendar"),
    ]
    pdf, ics = (base64.b64decode(data) for _, _, data in links)
    assert PdfReader(io.BytesIO(pdf)).pages[0].extract_text().startswith("A schedule within these limits")
    events = list(Calendar.from_ical(ics).walk("VEVENT"))
    assert len(events) == 1 and len(events[0].walk("VALARM")) == len(app.plan.applications)
    app.ice.value = 12
    assert app.downloads.value == "", "stale downloads must go when the plan changes"


def _sliders(widget) -> list:
    import ipywidgets as widgets

    found = []

    def walk(item) -> None:
        if isinstance(item, widgets.IntSlider):
            found.append(item)
        for child in getattr(item, "children", ()):
            walk(child)

    walk(widget)
    return found


def test_no_slider_end_is_a_silent_change(app):
    # A browser moves a typed out-of-range value to the slider's nearest end (typing 0 or -5 for ice
    # minutes gave a 5-minute plan with no word). Every end must show a message or a note.
    sliders = _sliders(app.widget)
    assert {app.ice, app.heat, app.hours, app.spacing, app.ice_sessions, app.heat_sessions} <= set(sliders)
    for slider in sliders:
        start = slider.value
        for end in (slider.min, slider.max):
            slider.value = end
            assert app.message.widget.value != "", f"{slider.description} at {end} says nothing"
        slider.value = start
        assert app.message.widget.value == ""


def test_typing_zero_ice_minutes_is_refused_with_a_message(app):
    app.ice.value = app.ice.min
    assert "0 minutes is not allowed" in app.message.widget.value


def test_massage_minutes_slider_ends_are_refused_with_a_message():
    from helpers.massage_widgets import RoutineBuilder

    builder = RoutineBuilder()
    for end in (builder.minutes.min, builder.minutes.max):
        builder.minutes.value = end
        assert (
            "from 1 to 30" in builder.message.widget.value
            and "is not allowed" in builder.message.widget.value
        )
    builder.minutes.value = 5
    assert builder.message.widget.value == ""
