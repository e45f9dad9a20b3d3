"""The patient session app (notebook 06, shown with Voila): five steps, one at a time, with Back and Next.

Wiring only. The content comes from the domain helpers and the other apps' parts: the warning-sign
checklist is :class:`helpers.triage_widgets.SymptomChecklist`, the stretches come from
:func:`helpers.stretching.find_stretches` (shown as :func:`helpers.stretching_widgets.stretch_cards_html`
cards), the rub from :func:`helpers.massage.build_routine`, the day plan is the controls, plot and checks of
:class:`helpers.planner_widgets.PlannerApp`, and the take-home files are :mod:`helpers.export` bytes in
data-URI links (made in the browser page: nothing is stored on a server or sent anywhere).

The first step shows before anything heavy is made: the planner (and matplotlib with it) is built once the
patient moves past step 1, after the next step is on screen, so a patient never waits for it (issue 11).

One step at a time because a person in pain reads little: a step indicator ("Step 2 of 5"), one heading,
a few short sentences, large text and large buttons. A ticked warning sign puts its advice in a box above
every step, so it cannot be scrolled past.
"""

from __future__ import annotations

import html
from datetime import date
from typing import TYPE_CHECKING

import ipywidgets as widgets

from helpers.data import load_references
from helpers.export import export_files
from helpers.massage import build_routine
from helpers.planner_notes import note_text
from helpers.session import CareGroup, SessionStep, care_groups, load_steps, step_indicator
from helpers.stretching import find_stretches, load_equipment, muscles
from helpers.stretching_widgets import stretch_cards_html
from helpers.triage import SelfCareGate, self_care_gate
from helpers.triage_widgets import LEVEL_STYLE, SymptomChecklist, gate_html
from helpers.widgets_base import MessageArea, download_link, guarded

if TYPE_CHECKING:
    from helpers.planner_widgets import PlannerApp

#: Minutes a patient can pick for the rub (massage.build_routine accepts 1-30; these are the useful ones).
MASSAGE_MINUTES: tuple[int, ...] = (2, 3, 5, 10)
_WIDE = {"description_width": "initial"}

#: Large, readable text for the whole app (scoped to .cc-session so nothing else on the page changes).
#: Checkbox labels wrap here too: tick_box's own style sits in step 1's checklist, which leaves the page
#: when another step shows, so this sheet (always on screen) must keep the warning signs readable.
#: The link rule reaches the notebook's own Markdown too (the references list under the app).
SESSION_CSS = """<style>
.cc-session { font-size: 20px; line-height: 1.5; max-width: 62em; color: #111; }
.cc-session h2 { font-size: 30px; margin: 0.3em 0; }
.cc-session h3 { font-size: 24px; margin: 0.5em 0 0.2em; }
.cc-session .widget-html-content, .cc-session .widget-label, .cc-session .widget-label-basic,
.cc-session .widget-readout, .cc-session label, .cc-session select, .cc-session input,
.cc-session .widget-radio-box label { font-size: 20px; }
.cc-session .widget-label-basic { white-space: normal; line-height: 1.35; }
.cc-session .widget-checkbox { height: auto; min-height: 2em; margin: 0.15em 0; }
.cc-session .widget-checkbox input { width: 1.2em; height: 1.2em; }
.cc-session .widget-radio-box label { line-height: 1.8; margin-bottom: 0.35em; }
/* The day plot: as wide as the text, so its labels are readable on a shared screen. */
.cc-session img { width: 100%; max-width: 1100px; height: auto; }
.cc-session .widget-radio-box input { width: 1.1em; height: 1.1em; margin: 0 0.5em 0 0; }
.cc-session .widget-slider, .cc-session .widget-dropdown, .cc-session .widget-inline-hbox { height: auto; }
.cc-session .cc-step { font-size: 18px; font-weight: bold; color: #1f1f1f; margin: 0.4em 0 0; }
.cc-session .cc-sources { font-size: 16px; color: #333; }
.cc-session a { color: #004c7a; }
/* Links in the page's text are told apart by an underline, not by colour alone (axe link-in-text-block). */
.cc-session a, body .jp-RenderedHTMLCommon a:link, body .jp-RenderedHTMLCommon a:visited {
  text-decoration: underline;
}
</style>"""


def _sources(ids: tuple[str, ...]) -> str:
    references = load_references()
    names = "; ".join(html.escape(references[ref].short) for ref in ids)
    return f"<p class='cc-sources'>Sources: {names}.</p>" if names else ""


def step_heading_html(step: SessionStep) -> str:
    """The step's heading, its plain words and their sources."""
    return f"<h2>{html.escape(step.title)}</h2><p>{html.escape(step.intro)}</p>{_sources(step.refs)}"


def care_groups_html(groups: tuple[CareGroup, ...]) -> str:
    """The clinician step: each level of care as a box (colour, symbol and word), its signs and sources."""
    parts = []
    for group in groups:
        border, background, symbol, word = LEVEL_STYLE[group.level]
        signs = "".join(f"<li>{html.escape(sign)}</li>" for sign in group.signs)
        parts.append(
            f'<section aria-label="{html.escape(group.headline)}" style="border:3px solid {border};'
            f'background:{background};color:#000;padding:0.4em 0.8em;margin:0.6em 0">'
            f"<h3>{symbol} {word}: {html.escape(group.headline)}</h3>"
            f"<p><strong>{html.escape(group.action)}</strong> Do this if you answer yes to any of these:</p>"
            f"<ul>{signs}</ul>{_sources(group.refs)}</section>"
        )
    return "".join(parts)


def routine_html(area: str, minutes: int) -> str:
    """The rub for ``area`` in ``minutes``, as numbered plain steps."""
    routine = build_routine(area, minutes, include_pinch=False)
    items = "".join(f"<li>{html.escape(line)}</li>" for line in routine.describe())
    return f"<h3>A short rub ({routine.total_minutes} min)</h3><ol>{items}</ol>"


class PatientSession:
    """The five-step session. ``PatientSession().widget`` is what the notebook shows."""

    def __init__(
        self, muscle: str = "calf", equipment: str = "body", massage_minutes: int = 5, day: date | None = None
    ) -> None:
        self.steps = load_steps()
        self.index = 0
        self.message = MessageArea()
        self.banner = widgets.HTML()
        self.indicator = widgets.HTML()

        # Step 1: where, and the warning signs.
        self.muscle = widgets.RadioButtons(
            options=[(label, key) for key, label in muscles().items()],
            value=muscle,
            description="The muscle with the cramp",
            style=_WIDE,
            layout=widgets.Layout(width="auto"),
        )
        self.checklist = SymptomChecklist()

        # Step 2: a stretch and a rub for that muscle.
        self.equipment = widgets.Dropdown(
            options=[(kit.label, key) for key, kit in load_equipment().items()],
            value=equipment,
            description="What you have at home",
            style=_WIDE,
            layout=widgets.Layout(width="auto"),
        )
        self.minutes = widgets.Dropdown(
            options=[(f"{m} min", m) for m in MASSAGE_MINUTES],
            value=massage_minutes,
            description="Time for a rub (min)",
            style=_WIDE,
            layout=widgets.Layout(width="auto"),
        )
        self.stretches = widgets.HTML()
        self.routine = widgets.HTML()
        self.try_stop = widgets.HTML()
        self.try_tools = widgets.VBox([self.equipment, self.stretches, self.minutes, self.routine])

        # Step 3: the planner's own controls, plot, checks and words (not its export row: that is step 4).
        # Built when a patient moves on from step 1 (see ``planner``), not before the first step shows.
        self._day = day
        self._planner: PlannerApp | None = None

        # Step 4: the take-home files, rebuilt from the current plan each time the step opens.
        self.downloads = widgets.HTML()

        # Step 5: when to call a doctor.
        self.clinician = widgets.HTML(care_groups_html(care_groups()))

        contents: dict[str, list[widgets.Widget]] = {
            "where": [self.muscle, self.checklist.widget],
            "try_now": [self.try_stop, self.try_tools],
            "plan": [],  # filled with the planner's parts when it is built
            "take_home": [self.downloads],
            "clinician": [self.clinician],
        }
        self.pages = [
            widgets.VBox([widgets.HTML(step_heading_html(step)), *contents[step.id]]) for step in self.steps
        ]
        self.page = widgets.VBox([self.pages[0]])

        def big() -> widgets.Layout:
            return widgets.Layout(width="auto", min_width="9em", height="2.6em", margin="0 1.5em 0 0")

        big_text = {"font_size": "22px", "font_weight": "bold"}
        self.back = widgets.Button(
            description="\u2190 Back", tooltip="Go to the step before", layout=big(), style=big_text
        )
        self.next = widgets.Button(
            description="Next \u2192", tooltip="Go to the next step", layout=big(), style=big_text
        )
        nav = widgets.HBox([self.back, self.next], layout=widgets.Layout(margin="0.8em 0"))
        nav.add_class("cc-nav")

        self.widget = widgets.VBox(
            [widgets.HTML(SESSION_CSS), self.banner, self.indicator, self.page, self.message.widget, nav]
        )
        self.widget.add_class("cc-session")

        self._update_try = guarded(self.message)(self._show_try_now)
        self._update_banner = guarded(self.message)(self._show_banner)
        for control in (self.muscle, self.equipment, self.minutes):
            control.observe(self._update_try, names="value")
        for box in self.checklist.checkboxes.values():  # after the checklist's own observer, so it is current
            box.observe(self._update_banner, names="value")
        self.back.on_click(guarded(self.message)(lambda _button: self.go(self.index - 1)))
        self.next.on_click(guarded(self.message)(lambda _button: self.go(self.index + 1)))
        self._update_try()
        self._update_banner()
        self.go(0)

    # -- showing ------------------------------------------------------------------------------------------
    def go(self, index: int) -> None:
        """Show step ``index`` (0-based); out of range raises ValueError (a guarded click shows it)."""
        label = step_indicator(index, len(self.steps))
        if self.steps[index].id == "take_home":
            self._show_downloads()
        self.index = index
        self.page.children = [self.pages[index]]
        self.indicator.value = (
            f"<p class='cc-step' aria-live='polite'>{label}: {html.escape(self.steps[index].title)}</p>"
        )
        self.back.disabled = index == 0
        self.next.disabled = index == len(self.steps) - 1
        self.message.clear()
        if index > 0:
            # Built now, after this step is on screen: while the patient reads it, the planner is made ready,
            # so the plan step opens at once and the first step never waited for it.
            _ = self.planner

    @property
    def planner(self) -> PlannerApp:
        """The day planner of step 3, built on first use (it needs matplotlib and ~100 widgets)."""
        if self._planner is None:
            from helpers.planner_widgets import PlannerApp  # deferred: see the property's docstring

            planner = PlannerApp(day=self._day, ask_warning_signs=False, draw=False)
            # The planner stops on the same answers: it is told the warning signs ticked in step 1.
            planner.external_red_flags = self._ticked_warning_signs()
            planner.refresh()
            screening = widgets.VBox(
                [widgets.HTML("<h3>Tick anything that is true for you</h3>"), *planner.screening.values()]
            )
            plan_page = self.pages[self._step_index("plan")]
            plan_page.children = [
                *plan_page.children,
                *planner.controls,
                screening,
                planner.message.widget,
                planner.stop_box,
                planner.checks,
                planner.image,
                planner.caption,
                planner.words,
            ]
            for box in planner.screening.values():  # a screening item can be a red flag in its own right
                box.observe(self._update_banner, names="value")
            self._planner = planner
        return self._planner

    def _step_index(self, step_id: str) -> int:
        return next(index for index, step in enumerate(self.steps) if step.id == step_id)

    def _ticked_warning_signs(self) -> frozenset[str]:
        return frozenset(key for key, ticked in self.checklist.answers().items() if ticked)

    @property
    def day(self) -> date:
        """The calendar's day, picked in the planner step (today by default)."""
        return self.planner.day

    def gate(self) -> SelfCareGate:
        """Self-care allowed or not for the warning signs ticked in step 1 (and the planner's screening)."""
        planner = self._planner  # not built yet: nothing can be ticked in its screening
        screening = [key for key, box in planner.screening.items() if box.value] if planner else []
        return self_care_gate(self.checklist.answers(), screening)

    def _show_try_now(self, _change: object = None) -> None:
        gate = self.gate()
        if not gate.allowed:
            self.try_stop.value = gate_html(gate)
            self.try_tools.layout.display = "none"
            self.stretches.value = self.routine.value = ""
            return
        self.try_stop.value = ""
        self.try_tools.layout.display = None
        stretches = find_stretches(self.muscle.value, self.equipment.value)
        self.stretches.value = f"<h3>A stretch to try</h3>{stretch_cards_html(stretches)}"
        self.routine.value = routine_html(self.muscle.value, self.minutes.value)
        self.message.clear()

    def _show_banner(self, _change: object = None) -> None:
        gate = self.gate()
        if self._planner is not None:
            # The planner stops on the same answers: it is told the warning signs ticked in step 1.
            self._planner.external_red_flags = self._ticked_warning_signs()
            self._planner.refresh()
        self._show_try_now()
        if self.steps[self.index].id == "take_home":
            self._show_downloads()
        result = self.checklist.result
        if gate.allowed and not result.matched:
            self.banner.value = ""
            return
        if gate.allowed:
            # A "see your GP" answer: self-care may go on; the advice stays on every step.
            self.banner.value = (
                f'<div role="alert" class="cc-see-gp" style="border:4px solid #0072B2;padding:0.5em 1em;'
                f'margin:0.5em 0;font-size:22px"><strong>{html.escape(result.headline)}.</strong> '
                f"{html.escape(result.action)}</div>"
                if result.level.value != "self_care"
                else ""
            )
            return
        self.banner.value = gate_html(gate)

    def _show_downloads(self) -> None:
        gate = self.gate()
        if not gate.allowed:
            self.downloads.value = gate_html(gate)
            return
        plan = self.planner.plan
        if plan is None or not plan.applications:
            self.downloads.value = (
                "<p>There is no schedule to take home. Go back one step to see why, "
                "or change the settings.</p>"
            )
            return
        files = export_files(
            plan, self.day, warnings=self.planner.warnings, picture_png=self.planner.figure.png()
        )
        self.downloads.value = (
            "<p>"
            + download_link(files.pdf, files.pdf_name, "application/pdf", "Save the handout (PDF)")
            + download_link(files.ics, files.ics_name, "text/calendar", "Save the calendar (.ics)")
            + "</p><p>Open the calendar file to add each ice or heat time to your phone, with a reminder "
            f"5 minutes before. {html.escape(note_text('other_calendar'))}</p>"
        )

    def shown_text(self) -> str:
        """The words of the step on screen now (HTML widgets only), for the reading-level test."""
        parts: list[str] = []

        def walk(widget: widgets.Widget) -> None:
            if isinstance(widget, widgets.HTML):
                parts.append(widget.value)
            for child in getattr(widget, "children", ()):
                walk(child)

        walk(self.page)
        return "\n".join(parts)
