"""The symptom checklist: one tick box per red-flag question and a panel that says what level of care fits.

The logic is :func:`helpers.triage.triage`; this module only wires it to widgets. Each level is shown by a
colour, a symbol and a word together, and all four levels stay visible as a ladder with the current one
marked, so the result never depends on colour alone and a patient sees what the other levels would mean.
"""

from __future__ import annotations

import html
from collections.abc import Mapping

import ipywidgets as widgets

from helpers import style
from helpers.data import load_references
from helpers.triage import (
    ACTIONS,
    HEADLINES,
    URGENCY_ORDER,
    SelfCareGate,
    TriageResult,
    Urgency,
    load_red_flags,
    self_care_gate,
    triage,
)
from helpers.widgets_base import MessageArea, guarded, tick_box, tick_box_style

#: Level -> (border colour, light background, symbol, short word). Okabe-Ito borders; text stays black.
LEVEL_STYLE: dict[Urgency, tuple[str, str, str, str]] = {
    Urgency.SELF_CARE: (style.BLUISH_GREEN, "#E5F5F0", "\u2713", "SELF-CARE"),
    Urgency.SEE_GP: (style.BLUE, "#E5F0F8", "\u2192", "SEE GP SOON"),
    Urgency.URGENT: (style.ORANGE, "#FCF1DC", "\u26a0", "URGENT: TODAY"),
    Urgency.EMERGENCY: (style.VERMILLION, "#FBE7DA", "\u260e", "EMERGENCY: NOW"),
}

#: Nothing is ticked when a checklist opens: a pre-ticked reassuring answer would read as an answer given.
OPENING_CASE: dict[str, bool] = {}


def result_html(result: TriageResult) -> str:
    """The result panel: a four-step ladder with the current level marked, then the reasons and sources."""
    rungs = []
    for level in reversed(URGENCY_ORDER):
        border, background, symbol, word = LEVEL_STYLE[level]
        if level is result.level:
            rungs.append(
                f'<div style="border:3px solid {border};background:{background};padding:6px 10px;'
                f'margin:3px 0;color:#000"><strong>{symbol} {word}: {html.escape(HEADLINES[level])}</strong>'
                f" &nbsp;&larr; your result<br>{html.escape(ACTIONS[level])}</div>"
            )
        else:
            rungs.append(
                f'<div style="border:1px dashed #999;padding:3px 10px;margin:3px 0;color:#444">'
                f"{symbol} {word}: {html.escape(HEADLINES[level])}</div>"
            )
    references = load_references()
    gate = self_care_gate(result.matched)
    # While an answer stops self-care, only its advice is shown: never "stretch and rub" beside a clot sign.
    shown = gate.reasons if not gate.allowed else result.reasons
    reasons = "".join(f"<li>{html.escape(reason)}</li>" for reason in shown)
    sources = "; ".join(html.escape(references[ref].short) for ref in (gate.refs or result.refs))
    return (
        '<div role="status" aria-live="polite" style="font-size:1.05em;max-width:52em">'
        f"{''.join(rungs)}<p style='margin:8px 0 2px'><strong>Why:</strong></p><ul>{reasons}</ul>"
        f"<p style='font-size:0.9em;color:#333'>Sources: {sources}. "
        "This checklist is for learning. It does not replace a doctor.</p></div>"
    )


class SymptomChecklist:
    """Tick the questions you would answer "yes"; the panel shows the most urgent level that applies."""

    def __init__(self, initial: Mapping[str, bool] | None = None) -> None:
        answers = dict(OPENING_CASE if initial is None else initial)
        self.result = triage(answers)  # fails loudly on a bad initial case: that is a programming error
        self.message = MessageArea()
        self.checkboxes: dict[str, widgets.Checkbox] = {
            flag.id: tick_box(flag.question, answers.get(flag.id, False)) for flag in load_red_flags()
        }
        self.clear_button = widgets.Button(
            description="Clear all answers",
            tooltip="Untick every question",
            icon="eraser",
        )
        self.panel = widgets.HTML(value=result_html(self.result))
        self._syncing = False
        self._update = guarded(self.message)(self._recompute)
        self._set = guarded(self.message)(self._apply)
        for box in self.checkboxes.values():
            box.observe(self._update, names="value")
        self.clear_button.on_click(guarded(self.message)(self._clear))
        heading = widgets.HTML(
            "<strong>Symptom checklist (tick yes; leave blank for no).</strong> "
            "Tick every question you would answer yes to."
        )
        self.widget = widgets.VBox(
            [
                tick_box_style(),
                heading,
                widgets.VBox(list(self.checkboxes.values())),
                self.clear_button,
                self.message.widget,
                self.panel,
            ]
        )

    def answers(self) -> dict[str, bool]:
        """The current ticks, question id -> True for "yes"."""
        return {flag_id: bool(box.value) for flag_id, box in self.checkboxes.items()}

    def _show(self, result: TriageResult) -> None:
        self.result = result
        self.panel.value = result_html(result)
        self.message.clear()

    def _recompute(self, _change: object = None) -> None:
        if not self._syncing:
            self._show(triage(self.answers()))

    def _apply(self, answers: Mapping[str, bool]) -> None:
        result = triage(answers)  # raises before any tick changes, so a bad call leaves the last good state
        self._syncing = True
        try:
            for flag_id, box in self.checkboxes.items():
                box.value = answers.get(flag_id, False)
        finally:
            self._syncing = False
        self._show(result)

    def _clear(self, _button: object = None) -> None:
        self._apply({})

    def set_answers(self, answers: Mapping[str, bool]) -> None:
        """Tick ``answers`` and show their result; bad ids or values show a message and change nothing."""
        self._set(answers)


def gate_html(gate: SelfCareGate) -> str:
    """The box shown instead of every self-care tool while a ticked answer stops self-care."""
    border, background, symbol, word = LEVEL_STYLE[gate.level]
    references = load_references()
    reasons = "".join(f"<li>{html.escape(reason)}</li>" for reason in gate.reasons)
    sources = "; ".join(html.escape(references[ref].short) for ref in gate.refs)
    return (
        f'<div role="alert" class="cc-stop" style="border:4px solid {border};background:{background};'
        f'color:#000;padding:0.5em 1em;margin:0.5em 0">'
        f"<strong>{symbol} {word}: {html.escape(gate.headline)}.</strong> {html.escape(gate.action)}"
        f"<ul>{reasons}</ul><p>No self-care steps are shown while this is ticked.</p>"
        f"<p style='font-size:0.9em'>Sources: {sources}.</p></div>"
    )
