"""The "what fits?" sorter as tick boxes and a result panel (notebook 07).

The logic is :func:`helpers.assessment.sort_features`; this module only wires it to widgets. Nothing starts
ticked. A matched warning sign is shown first, with the shared red-flag table's advice drawn by the symptom
checklist's own panel (:func:`helpers.triage_widgets.result_html`), so the wording and the look of "what to
do instead" are the same everywhere.
"""

from __future__ import annotations

import html
from collections.abc import Iterable

import ipywidgets as widgets

from helpers.assessment import GROUPS, SortResult, features_by_group, sort_features
from helpers.data import load_references
from helpers.triage_widgets import result_html
from helpers.widgets_base import MessageArea, guarded, tick_box, tick_box_style

DISCLAIMER = "This sorter explains how features fit patterns. It does not diagnose anyone."


def _sources(ref_ids: Iterable[str]) -> str:
    references = load_references()
    return "; ".join(html.escape(references[ref].short) for ref in ref_ids)


def _names(features: Iterable[object]) -> str:
    return ", ".join(html.escape(feature.label) for feature in features)  # type: ignore[attr-defined]


def sorter_html(result: SortResult) -> str:
    """Warning signs (with the red-flag advice), then patterns that fit, then special groups."""
    parts = ['<div role="status" aria-live="polite" style="font-size:1.02em;max-width:56em">']
    if not result.picked:
        parts.append("<p>Nothing picked yet. Tick the features of the presentation to see what fits.</p>")
    if result.warnings and result.advice is not None:
        parts.append("<h4 style='margin:6px 0'>\u26a0 Warning signs: stop self-care for this part</h4><ul>")
        for match in result.warnings:
            parts.append(
                f"<li><strong>{html.escape(match.warning.label)}</strong> "
                f"(because: {_names(match.because)}). "
                f"Checklist question: <em>{html.escape(match.red_flag.question)}</em> "
                f"<span style='font-size:0.9em'>Sources: {_sources(match.warning.refs)}.</span>"
                + (
                    f"<br><span style='font-size:0.9em'>{html.escape(match.warning.note)}</span>"
                    if match.warning.note
                    else ""
                )
                + "</li>"
            )
        parts.append(
            "</ul><p style='margin:4px 0'><strong>What to do instead "
            "(from the shared red-flag table):</strong></p>"
        )
        parts.append(result_html(result.advice))
    elif result.picked:
        parts.append("<p>\u2713 No warning sign in the table matches these features.</p>")
    if result.patterns:
        parts.append(
            "<h4 style='margin:6px 0'>Patterns that fit "
            "(most matching features first; not a likelihood)</h4><ol>"
        )
        for fit in result.patterns:
            against = f"<br>Argues against: {_names(fit.against)}." if fit.against else ""
            parts.append(
                f"<li><strong>{html.escape(fit.pattern.name)}</strong>: fits {_names(fit.fits)}.{against}"
                f"<br>{html.escape(fit.pattern.what_it_is)}"
                f"<br><em>What the sources say to do:</em> {html.escape(fit.pattern.what_to_do)}"
                f"<br><span style='font-size:0.9em'>Sources: {_sources(fit.refs)}. "
                f"{html.escape(fit.pattern.evidence_note)}</span></li>"
            )
        parts.append("</ol>")
    if result.special_groups:
        parts.append("<h4 style='margin:6px 0'>Special groups: what changes</h4><ul>")
        for group in result.special_groups:
            parts.append(
                f"<li><strong>{html.escape(group.group)}</strong>: {html.escape(group.what_changes)} "
                f"<em>Heat and ice:</em> {html.escape(group.heat_ice)} "
                f"<span style='font-size:0.9em'>Sources: {_sources(group.refs)}.</span></li>"
            )
        parts.append("</ul>")
    parts.append(f"<p style='font-size:0.9em;color:#333'>{DISCLAIMER}</p></div>")
    return "".join(parts)


class WhatFitsSorter:
    """Tick boxes grouped by where, when, feel, signs and person; nothing starts ticked."""

    def __init__(self) -> None:
        self.message = MessageArea()
        self.result = sort_features(())
        self.checkboxes: dict[str, widgets.Checkbox] = {}
        sections: list[widgets.Widget] = []
        for group, features in features_by_group().items():
            boxes = []
            for feature in features:
                box = tick_box(feature.label)
                self.checkboxes[feature.id] = box
                boxes.append(box)
            sections.append(widgets.HTML(f"<strong>{html.escape(GROUPS[group])}</strong>"))
            sections.append(widgets.VBox(boxes, layout=widgets.Layout(margin="0 0 6px 12px")))
        self.clear_button = widgets.Button(
            description="Clear all ticks", tooltip="Untick every feature", icon="eraser"
        )
        self.panel = widgets.HTML(value=sorter_html(self.result))
        self._syncing = False
        update = guarded(self.message)(self._recompute)
        for box in self.checkboxes.values():
            box.observe(update, names="value")
        self.clear_button.on_click(guarded(self.message)(self._clear))
        heading = widgets.HTML(
            "<strong>What fits? Tick the features of the presentation.</strong> " + html.escape(DISCLAIMER)
        )
        self.widget = widgets.VBox(
            [
                tick_box_style(),
                heading,
                widgets.VBox(sections),
                self.clear_button,
                self.message.widget,
                self.panel,
            ]
        )

    def picked(self) -> list[str]:
        """Ids of the ticked features, in table order."""
        return [feature_id for feature_id, box in self.checkboxes.items() if box.value]

    def _recompute(self, _change: object = None) -> None:
        if not self._syncing:
            self._show(sort_features(self.picked()))

    def _show(self, result: SortResult) -> None:
        self.result = result
        self.panel.value = sorter_html(result)
        self.message.clear()

    def _apply(self, picked: Iterable[str]) -> None:
        chosen = list(picked)
        result = sort_features(chosen)  # raises before any tick changes: a bad call keeps the last good state
        self._syncing = True
        try:
            for feature_id, box in self.checkboxes.items():
                box.value = feature_id in chosen
        finally:
            self._syncing = False
        self._show(result)

    def _clear(self, _button: object = None) -> None:
        self._apply(())

    def set_picked(self, picked: Iterable[str]) -> None:
        """Tick exactly ``picked``; unknown ids show a message and change nothing."""
        guarded(self.message)(self._apply)(picked)
