"""The session planner app: controls on the left, the day's plot, the plan in words and warnings.

The notebook only creates :class:`PlannerApp` and shows it. Every change of a control runs one guarded
update: new request -> plan -> checks -> model -> figure -> PNG. If the request is impossible (a 45-minute
ice pack, bed time equal to wake time...), the message says why and the last good plot stays.

The first view is quick on purpose (issue 11): this module does not import matplotlib. The figure, and
matplotlib with it, is made on the first draw, so an app built with ``draw=False`` can show its controls
(:attr:`PlannerApp.controls_view`) while the plot is still being drawn, and the patient session can build
its planner only when a patient is about to need it.
"""

from __future__ import annotations

import html
from datetime import date, time
from pathlib import Path
from typing import TYPE_CHECKING

import ipywidgets as widgets
from IPython.display import Javascript

from helpers.export import Exports, export_files, write_new_file
from helpers.planner import (
    MAX_SESSIONS_ASKED,
    PlanRequest,
    Violation,
    describe_plan,
    generate_plan,
    validate_plan,
)
from helpers.planner_notes import note_text
from helpers.rules import default_limits, load_rules
from helpers.screening import load_contraindications, screen
from helpers.thermal import simulate
from helpers.timeline import MINUTES_PER_DAY, DayPlan, Event, PlanInputError, parse_clock
from helpers.triage import self_care_gate, stop_flags
from helpers.triage_widgets import gate_html
from helpers.widgets_base import MessageArea, download_link, guarded, png_html, tick_box, tick_box_style

if TYPE_CHECKING:
    from helpers.planner_plots import DayPlanFigure

#: Slider ranges reach one step past what the rules allow at both ends, on purpose: a browser slider
#: silently moves a typed value that is out of its range to its nearest end (typing 0 or -5 gives its
#: minimum), so every end must be a value the planner refuses with a message, or one that shows a note.
#: Every value the rules allow (1 to 20 minutes of ice...) can be chosen.
ICE_RANGE = (0, 45)
HEAT_RANGE = (0, 45)
SPACING_RANGE = (30, MINUTES_PER_DAY + 15)
#: -1 is refused ("0 or more"); the top shows a note (the schedule no longer changes after it).
HOURS_RANGE = (-1, 240)
#: Where "Save copies" writes: a folder of the project that git ignores (never a path typed by a user).
EXPORT_FOLDER = Path(__file__).resolve().parent.parent / "exports"
#: Model resolution for the day plot: 1 minute is finer than a pixel at this figure size.
STEP_MIN = 1.0
_WIDE = {"description_width": "initial"}


#: The day picker's CSS class, so the browser script can find it in Lab and Voila.
DAY_CLASS = "cc-day"
#: Sets every day picker that still shows the kernel's "today" to the browser's own local date, once per
#: page. Binder and Voila kernels run in UTC: near midnight their "today" is not the patient's today.
#: A person who then picks a day keeps it (the script never runs twice on one page).
BROWSER_DAY_JS = """
(function (kernelDay) {
  function localDay() {
    var now = new Date();
    var pad = function (n) { return (n < 10 ? '0' : '') + n; };
    return now.getFullYear() + '-' + pad(now.getMonth() + 1) + '-' + pad(now.getDate());
  }
  function fix(root) {
    if (window.ccDaySet) { return; }
    var input = root.querySelector('.%s input[type=date]');
    if (!input) { return; }
    window.ccDaySet = true;
    var today = localDay();
    if (input.value === kernelDay && today !== kernelDay) {
      input.value = today;
      input.dispatchEvent(new Event('change', { bubbles: true }));
    }
  }
  if (!window.ccDayObserver) {
    window.ccDayObserver = new MutationObserver(function () { fix(document); });
    window.ccDayObserver.observe(document.body, { childList: true, subtree: true });
  }
  fix(document);
})('%s');
"""


def browser_day_script(kernel_day: date | None = None) -> Javascript:
    """The script above for display under an app: the day pickers follow the browser's calendar day."""
    day = kernel_day or date.today()
    return Javascript(BROWSER_DAY_JS % (DAY_CLASS, day.isoformat()))


def _time(value: str | time) -> time:
    minutes = parse_clock(value)
    return time(minutes // 60, minutes % 60)


class PlannerApp:
    """Interactive planner. ``PlannerApp().widget`` is what the notebook shows."""

    def __init__(
        self,
        request: PlanRequest | None = None,
        day: date | None = None,
        ask_warning_signs: bool = True,
        draw: bool = True,
    ) -> None:
        """Build the controls and, unless ``draw`` is False, plan and draw the opening day at once.

        With ``draw=False`` nothing is planned or drawn until :meth:`refresh` or :meth:`still` is called:
        the notebook shows :attr:`controls_view` first, then draws, so the controls do not wait for
        matplotlib.
        """
        request = request or PlanRequest()
        limits = default_limits()
        layout = widgets.Layout(width="360px")
        self.day_picker = widgets.DatePicker(
            value=day or date.today(), description="Day of the schedule", style=_WIDE
        )
        self.day_picker.add_class(DAY_CLASS)
        self.event = widgets.Dropdown(
            options=[(note_text(f"event_{event.value}"), event.value) for event in Event],
            value=Event(request.event).value,
            description="What happened",
            style=_WIDE,
            layout=widgets.Layout(width="auto"),
        )
        self.ice_sessions = widgets.IntSlider(
            value=request.ice_sessions or limits.ice_sessions_default,
            min=0,
            max=MAX_SESSIONS_ASKED + 1,
            layout=layout,
            style=_WIDE,
            description="Ice sessions a day",
        )
        self.heat_sessions = widgets.IntSlider(
            value=request.heat_sessions or limits.heat_sessions_default,
            min=0,
            max=limits.heat_max_per_day + 1,
            layout=layout,
            style=_WIDE,
            description="Heat sessions a day",
        )
        #: Red flags ticked elsewhere (the patient session's own checklist); the planner asks its own too.
        self.external_red_flags: frozenset[str] = frozenset()
        self.warning_signs = {
            flag.id: tick_box(flag.question, flag.id in request.red_flags)
            for flag in (stop_flags() if ask_warning_signs else ())
        }
        self.stop_box = widgets.HTML()
        self.wake = widgets.TimePicker(value=_time(request.wake), description="Wake time", step=60)
        self.bed = widgets.TimePicker(value=_time(request.bed), description="Bed time", step=60)
        self.hours = widgets.IntSlider(
            value=int(request.hours_since_onset),
            min=HOURS_RANGE[0],
            max=HOURS_RANGE[1],
            step=1,
            layout=layout,
            style=_WIDE,
            description="Hours since it began (h)",
        )
        self.ice = widgets.IntSlider(
            value=request.ice_minutes,
            min=ICE_RANGE[0],
            max=ICE_RANGE[1],
            layout=layout,
            style=_WIDE,
            description="Ice each time (min)",
        )
        self.heat = widgets.IntSlider(
            value=request.heat_minutes,
            min=HEAT_RANGE[0],
            max=HEAT_RANGE[1],
            layout=layout,
            style=_WIDE,
            description="Heat each time (min)",
        )
        self.spacing = widgets.IntSlider(
            value=request.spacing_minutes,
            min=SPACING_RANGE[0],
            max=SPACING_RANGE[1],
            step=15,
            layout=layout,
            style=_WIDE,
            description="Start to start (min)",
        )
        self.barrier = widgets.Checkbox(
            value=request.barrier, description="I will put a thin cloth under the ice", indent=False
        )
        self.screening = {
            item.id: tick_box(item.plain_label, item.id in request.contraindications)
            for item in load_contraindications().values()
        }
        self.controls = [
            self.day_picker,
            self.event,
            self.wake,
            self.bed,
            self.hours,
            self.ice,
            self.ice_sessions,
            self.heat,
            self.heat_sessions,
            self.spacing,
            self.barrier,
        ]
        self._figure: DayPlanFigure | None = None
        self.image = widgets.HTML()
        self.caption = widgets.HTML()
        self.words = widgets.HTML()
        self.checks = widgets.HTML()
        self.message = MessageArea()
        self.export_button = widgets.Button(
            description="Make handout and calendar",
            icon="download",
            tooltip="Build a PDF and a .ics file",
            layout=widgets.Layout(width="auto"),
        )
        self.save_button = widgets.Button(
            description="Save copies in the exports folder",
            icon="save",
            tooltip="Write the PDF and .ics files into the project's exports folder (never overwrites)",
            layout=widgets.Layout(width="auto"),
        )
        self.downloads = widgets.HTML()
        self.plan: DayPlan | None = None
        self.violations: list[Violation] = []
        self.warnings: tuple[str, ...] = ()

        screening_box = widgets.VBox(
            [
                widgets.HTML("<b>Warning signs: tick any that you have</b>"),
                *self.warning_signs.values(),
                widgets.HTML("<b>Screening: tick anything that applies</b>"),
                *self.screening.values(),
            ]
        )
        self.tools = widgets.VBox(
            [
                self.image,
                self.caption,
                self.checks,
                self.words,
                widgets.HBox([self.export_button, self.save_button]),
                self.downloads,
            ]
        )
        #: The two halves of the app, which a notebook may show one after the other (controls first).
        self.controls_view = widgets.VBox(
            [
                tick_box_style(),
                widgets.HBox(
                    [widgets.VBox(self.controls, layout=widgets.Layout(width="380px")), screening_box]
                ),
                self.message.widget,
            ]
        )
        self.results_view = widgets.VBox([self.stop_box, self.tools])
        self.widget = widgets.VBox([self.controls_view, self.results_view])
        for view in (self.controls_view, self.results_view, self.widget):
            view.add_class("cc-planner")
        for control in [*self.controls, *self.warning_signs.values(), *self.screening.values()]:
            control.observe(self._on_change, names="value")
        self.export_button.on_click(self._on_export)
        self.save_button.on_click(self._on_save)
        self._drawn = False
        if draw:
            self.refresh()

    @property
    def figure(self) -> DayPlanFigure:
        """The day's figure, made on first use: matplotlib is imported here, not when the app opens."""
        if self._figure is None:
            from helpers.planner_plots import DayPlanFigure  # the one matplotlib import on the app's path

            self._figure = DayPlanFigure()
        return self._figure

    def still(self) -> bytes:
        """The plot as PNG (a still for static viewers of the notebook), drawing the first day if needed."""
        if not self._drawn:
            self.refresh()
        return self.figure.png()

    # -- reading the controls ------------------------------------------------------------------------
    @property
    def day(self) -> date:
        """The day the calendar is for: the person picks it (today by default)."""
        if self.day_picker.value is None:
            raise PlanInputError("day of the schedule: please pick a day, for example today")
        return self.day_picker.value

    def red_flags(self) -> frozenset[str]:
        """Warning signs ticked here or in the checklist of the app around the planner."""
        return self.external_red_flags | frozenset(k for k, box in self.warning_signs.items() if box.value)

    def request(self) -> PlanRequest:
        """The PlanRequest the controls describe now."""
        if self.wake.value is None or self.bed.value is None:
            raise PlanInputError("please enter both a wake time and a bed time, like 07:00 and 22:30")
        return PlanRequest(
            event=self.event.value,
            ice_sessions=self.ice_sessions.value,
            heat_sessions=self.heat_sessions.value,
            red_flags=self.red_flags(),
            wake=self.wake.value,
            bed=self.bed.value,
            hours_since_onset=self.hours.value,
            ice_minutes=self.ice.value,
            heat_minutes=self.heat.value,
            spacing_minutes=self.spacing.value,
            contraindications=frozenset(key for key, box in self.screening.items() if box.value),
            barrier=self.barrier.value,
        )

    # -- updating ------------------------------------------------------------------------------------
    def _on_change(self, _change: object = None) -> None:
        self.refresh()

    def refresh(self) -> None:
        """Re-plan from the controls; on bad input show why and keep the last good state."""
        guarded(self.message)(self._refresh)()

    def _refresh(self) -> None:
        from helpers.planner_plots import day_span, plan_alt_text, plan_caption  # see ``figure``

        self._drawn = True
        request = self.request()
        gate = self_care_gate(request.red_flags, request.contraindications)
        if not gate.allowed:
            # No plot, no plan, no checks, no export: the advice instead, until the answer is unticked.
            self.stop_box.value = gate_html(gate)
            self._show_tools(False)
            self.plan, self.violations, self.warnings = None, [], ()
            self.downloads.value = ""
            self.message.clear()
            return
        self.stop_box.value = ""
        self._show_tools(True)
        plan = generate_plan(request)
        violations = validate_plan(plan, contraindications=request.contraindications, barrier=request.barrier)
        start, end = day_span(plan)
        trace = simulate(plan.applications, start, end, step_min=STEP_MIN)
        self.figure.update(plan, trace)
        self.image.value = png_html(self.figure.png(), plan_alt_text(plan, trace))
        self.caption.value = f"<p><i>{html.escape(plan_caption(plan, trace))}</i></p>"
        screening = screen(request.contraindications)
        self.warnings = tuple(screening.messages)
        self.words.value = _plan_html(plan)
        self.checks.value = _checks_html(violations, self.warnings)
        self.plan, self.violations = plan, violations
        self.downloads.value = ""
        self.message.clear()
        if self.hours.value == self.hours.max:
            # A typed value above the top was moved down to it by the browser: say so, never silently.
            top = note_text("slider_top", value=self.hours.max, what="hours")
            self.message.show(top, kind="info")

    def _show_tools(self, shown: bool) -> None:
        """Show or hide every self-care output, wherever an app around the planner has placed it."""
        display = None if shown else "none"
        self.tools.layout.display = display
        for part in (self.image, self.caption, self.checks, self.words, self.downloads):
            part.layout.display = display

    def _on_export(self, _button: object = None) -> None:
        guarded(self.message)(self._export)()

    def exports(self) -> Exports:
        """The handout and calendar of the current plan, through the one export path."""
        if self.plan is None:
            raise PlanInputError("there is no valid plan yet; change the settings first")
        return export_files(self.plan, self.day, warnings=self.warnings, picture_png=self.figure.png())

    def _export(self) -> None:
        files = self.exports()
        self.downloads.value = (
            download_link(files.pdf, files.pdf_name, "application/pdf", "Download the handout (PDF)")
            + download_link(files.ics, files.ics_name, "text/calendar", "Download the calendar (.ics)")
            + (f"<p>{html.escape(note_text('other_calendar'))}</p>")
        )

    def _on_save(self, _button: object = None) -> None:
        guarded(self.message)(self._save)()

    def _save(self, folder: Path | None = None) -> list[Path]:
        """Write both files into ``folder`` (default: exports/), never overwriting; report where."""
        folder = folder or EXPORT_FOLDER
        files = self.exports()
        saved = [
            write_new_file(folder, files.pdf_name, files.pdf),
            write_new_file(folder, files.ics_name, files.ics),
        ]
        names = ", ".join(html.escape(path.name) for path in saved)
        self.downloads.value = f"<p role='status'>Saved in the exports folder: {names}</p>"
        return saved


def _plan_html(plan: DayPlan) -> str:
    items = "".join(f"<li>{html.escape(line)}</li>" for line in describe_plan(plan))
    title = html.escape(note_text("schedule_title"))
    return f"<h4>{title}, in words</h4><ul style='font-size:1.05em'>{items}</ul>"


def _checks_html(violations: list[Violation], warnings: tuple[str, ...]) -> str:
    """The safety check result: every broken rule with its reason, or a plain all-clear."""
    rules = load_rules()
    parts = []
    for message in warnings:
        parts.append(f"<li><b>Screening:</b> {html.escape(message)}</li>")
    for violation in violations:
        reason = rules[violation.rule_id].reason if violation.rule_id in rules else ""
        parts.append(
            f"<li><b>Rule {html.escape(violation.rule_id)}:</b> {html.escape(violation.message)} "
            f"<i>{html.escape(reason)}</i></li>"
        )
    if not parts:
        return "<p role='status'><b>Safety check: passed.</b> Every session keeps to the safety rules.</p>"
    return f"<div role='status'><b>Safety check: please read</b><ul>{''.join(parts)}</ul></div>"
