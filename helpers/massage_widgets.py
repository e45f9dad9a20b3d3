"""RoutineBuilder: pick an area and the time you have, tick any safety item, and see a massage routine.

The safety checklist comes first in the logic: any ticked item replaces the routine with a clear
"Do not massage. ..." message, because a routine shown next to a warning invites people to ignore it.
One figure is built once and redrawn into PNG bytes for an ``ipywidgets.Image`` (strict nbval safe).
"""

from __future__ import annotations

import html

import ipywidgets as widgets

from helpers.massage import (
    AREAS,
    MAX_MINUTES,
    MIN_MINUTES,
    Routine,
    build_routine,
    caution_message,
    load_cautions,
)
from helpers.massage_plots import caption, draw_routine, routine_figure
from helpers.render import figure_to_png
from helpers.triage import self_care_gate
from helpers.triage_widgets import gate_html
from helpers.widgets_base import MessageArea, guarded, tick_box, tick_box_style

PINCH_LABEL = "Include skin pinch (back only; no study found)"


class RoutineBuilder:
    """The notebook-02 app. ``widget`` is what a cell displays; the controls are attributes for tests."""

    def __init__(self, area: str = "calf", minutes: int = 5, include_pinch: bool = False) -> None:
        style = {"description_width": "initial"}
        self.area = widgets.Dropdown(
            options=list(AREAS), value=area, description="Area (muscle)", style=style
        )
        self.minutes = widgets.IntSlider(
            value=minutes,
            # One past each end: a typed value out of range lands on a value the builder refuses with a
            # message, never silently on a routine of another length.
            min=MIN_MINUTES - 1,
            max=MAX_MINUTES + 1,
            step=1,
            description="Time you have (min)",
            continuous_update=False,
            style=style,
            layout=widgets.Layout(width="28em"),
        )
        self.pinch = tick_box(PINCH_LABEL, include_pinch)
        self.cautions: dict[str, widgets.Checkbox] = {}
        for c in load_cautions():
            label = c.plain_text + ("" if c.covered else " (not covered by our sources)")
            self.cautions[c.id] = tick_box(label)
        self.message = MessageArea()
        self.text = widgets.HTML()
        self.image = widgets.Image(format="png", layout=widgets.Layout(max_width="720px"))
        self.caption = widgets.HTML()
        self.routine: Routine | None = None
        self._figure, self._ax = routine_figure(build_routine(area, minutes, include_pinch))

        checklist = widgets.VBox(
            [
                tick_box_style(),
                widgets.HTML("<strong>Safety first: tick any that is true for you now.</strong>"),
                *self.cautions.values(),
            ]
        )
        controls = widgets.VBox([self.area, self.minutes, self.pinch])
        self.widget = widgets.VBox(
            [checklist, controls, self.message.widget, self.text, self.image, self.caption]
        )
        self.update = guarded(self.message)(self._update)
        for control in (self.area, self.minutes, self.pinch, *self.cautions.values()):
            control.observe(self.update, names="value")
        self.update()

    def ticked(self) -> list[str]:
        return [caution_id for caution_id, box in self.cautions.items() if box.value]

    def _update(self, _change: object = None) -> None:
        self.pinch.disabled = self.area.value != "back"
        gate = self_care_gate(massage=self.ticked())
        if not gate.allowed:
            # A red flag: the same advice, from data/red_flags.csv, as every other tool shows.
            self.message.clear()
            self.text.value = gate_html(gate)
            self.image.layout.display = "none"
            self.caption.value = ""
            self.routine = None
            return
        stop = caution_message(self.ticked())
        if stop is not None:
            self.message.clear()
            self.text.value = (
                '<div role="alert" style="border:2px solid #a00000;padding:0.5em;font-size:1.1em">'
                f"<strong>{html.escape(stop)}</strong></div>"
            )
            self.image.layout.display = "none"
            self.caption.value = ""
            return
        routine = build_routine(
            self.area.value, self.minutes.value, self.pinch.value and self.area.value == "back"
        )
        draw_routine(self._ax, routine)
        self.image.value = figure_to_png(self._figure)
        self.image.layout.display = None
        self.routine = routine
        self.message.clear()
        items = "".join(f"<li>{html.escape(line)}</li>" for line in routine.describe())
        self.text.value = f"<ol>{items}</ol>"
        self.caption.value = f"<em>{html.escape(caption(routine))}</em>"
        self.image.tooltip = caption(routine)
