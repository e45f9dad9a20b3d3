"""IceHeatExplorer: pick what goes on the skin, for how long and through what, and see the tissue respond.

One guarded update runs explore -> figure -> PNG -> alt text, readout, caption and warnings. The time slider
goes past the series' limits on purpose, so a student sees the warning rather than a silent clamp; every
limit and threshold in the warnings comes from the data files, not from here.
"""

from __future__ import annotations

import html

import ipywidgets as widgets

from helpers.ice_heat import (
    MAX_MINUTES,
    MIN_MINUTES,
    SingleApplication,
    agent_options,
    barrier_options,
    explore,
)
from helpers.render import figure_to_png
from helpers.thermal_plots import SingleApplicationFigure, single_alt_text, single_caption
from helpers.widgets_base import MessageArea, guarded, png_html

_WIDE = {"description_width": "initial"}


def warnings_html(result: SingleApplication) -> str:
    """Warnings (with a symbol and the word, never colour alone) and then plain notes."""
    parts = [
        '<div role="alert" style="border-left:4px solid #8a4b00;padding:0.2em 0.6em;margin:0.3em 0;'
        f'color:#8a4b00"><strong>⚠ Warning:</strong> {html.escape(text)}</div>'
        for text in result.warnings
    ]
    parts += [
        f'<div style="padding:0.1em 0.6em;color:#004c7a"><strong>ℹ Note:</strong> {html.escape(text)}</div>'
        for text in result.notes
    ]
    return "".join(parts)


class IceHeatExplorer:
    """The notebook-03 app. ``widget`` is what a cell shows; controls and outputs are attributes for tests."""

    def __init__(
        self, agent: str = "ice_pack_crushed", minutes: int = 20, barrier: str = "damp_cloth"
    ) -> None:
        self.agent = widgets.Dropdown(
            options=agent_options(), value=agent, description="On the skin", style=_WIDE
        )
        self.minutes = widgets.IntSlider(
            value=minutes,
            min=MIN_MINUTES,
            max=MAX_MINUTES,
            step=1,
            description="Time on the skin (min)",
            continuous_update=False,
            style=_WIDE,
            layout=widgets.Layout(width="30em"),
        )
        self.barrier = widgets.Dropdown(
            options=barrier_options(), value=barrier, description="Between it and the skin", style=_WIDE
        )
        self.message = MessageArea()
        self.readout = widgets.HTML()
        self.warnings = widgets.HTML()
        self.image = widgets.HTML(layout=widgets.Layout(max_width="780px"))
        self.caption = widgets.HTML()
        self.figure = SingleApplicationFigure()
        self.result: SingleApplication | None = None
        self.alt_text = ""
        self.widget = widgets.VBox(
            [
                widgets.VBox([self.agent, self.minutes, self.barrier]),
                self.message.widget,
                self.readout,
                self.warnings,
                self.image,
                self.caption,
            ]
        )
        self._syncing = False
        self.show_case = guarded(self.message)(self._show_case)
        self.update = guarded(self.message)(self._update)
        for control in (self.agent, self.minutes, self.barrier):
            control.observe(self.update, names="value")
        self.update()

    def _update(self, _change: object = None) -> None:
        if self._syncing:
            return
        self._render(explore(self.agent.value, self.minutes.value, self.barrier.value))

    def _show_case(self, agent: str, minutes: int, barrier: str) -> None:
        """Show a case given in code (ids, not labels). Invalid values raise before anything changes."""
        result = explore(agent, minutes, barrier)
        self._syncing = True
        try:
            self.agent.value, self.minutes.value, self.barrier.value = agent, minutes, barrier
        finally:
            self._syncing = False
        self._render(result)

    def _render(self, result: SingleApplication) -> None:
        self.figure.update(result)
        png = figure_to_png(self.figure.figure)
        self.alt_text = single_alt_text(result)
        self.image.value = png_html(png, self.alt_text)
        self.result = result
        self.message.clear()
        self.readout.value = (
            f'<p style="font-size:1.1em"><strong>{html.escape(result.readout())}</strong></p>'
        )
        self.warnings.value = warnings_html(result)
        self.caption.value = f"<em>{html.escape(single_caption(result))}</em>"

    def summary(self) -> str:
        """A stable plain-text stand-in for static viewers and strict nbval."""
        if self.result is None:
            return "Ice and heat explorer (no result yet)."
        return (
            f"Ice and heat explorer: {self.result.agent.label}, {self.result.duration_min} min. "
            f"{self.result.readout()}."
        )
