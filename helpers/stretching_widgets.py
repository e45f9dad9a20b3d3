"""Two small apps for 01_stretching: a stretch finder (muscle x kit -> cards) and a routine viewer (sliders ->
hold-and-rest timeline). Also the HTML for stretch cards and the trials table, so notebooks only call these.

Every callback is wrapped with ``guarded``: a bad value shows a message and the last good view stays.

matplotlib is imported only by the routine viewer, when it is built: the patient session shows stretch
cards from this module on its second step and must not wait for a plotting library it does not use.
"""

from __future__ import annotations

import html

import ipywidgets as widgets
from IPython.display import HTML, Markdown

from helpers.citations import cite_markdown
from helpers.data import load_references
from helpers.markdown_table import markdown_table
from helpers.stretching import (
    HOLD_RANGE_S,
    REPS_RANGE,
    REST_RANGE_S,
    Stretch,
    Trial,
    find_stretches,
    load_equipment,
    load_trials,
    muscles,
    routine_summary,
)
from helpers.widgets_base import MessageArea, guarded

_CARD_STYLE = (
    "border:1px solid #767676;border-radius:6px;padding:0.6em 0.9em;margin:0.5em 0;"
    "background:var(--jp-layout-color1, #ffffff);color:var(--jp-ui-font-color1, #111111);max-width:46em"
)


def _sources(ids: tuple[str, ...]) -> str:
    references = load_references()
    return "; ".join(f"{html.escape(references[i].short)} [{html.escape(i)}]" for i in ids)


def stretch_card_html(stretch: Stretch) -> str:
    """One stretch as an HTML card: name, when, numbered steps, dose, cautions, evidence and sources."""
    steps = "".join(f"<li>{html.escape(step)}</li>" for step in stretch.steps)
    fallback = (
        f'<p style="border-left:4px solid #E69F00;padding-left:0.5em"><strong>Note:</strong> '
        f"{html.escape(stretch.fallback_note)}</p>"
        if stretch.fallback_note
        else ""
    )
    return (
        f'<section style="{_CARD_STYLE}" aria-label="{html.escape(stretch.name)}">'
        f"<h4 style='margin:0.2em 0'>{html.escape(stretch.name)}</h4>"
        f"{fallback}"
        f"<p style='margin:0.2em 0'><strong>When:</strong> {html.escape(stretch.when)}</p>"
        f"<ol>{steps}</ol>"
        f"<p style='margin:0.2em 0'><strong>How long:</strong> {html.escape(stretch.dose_text())}</p>"
        f"<p style='margin:0.2em 0'><strong>Take care:</strong> {html.escape(stretch.cautions)}</p>"
        f"<details><summary>What the evidence says</summary><p>{html.escape(stretch.evidence_note)}</p>"
        f"<p><em>Sources:</em> {_sources(stretch.refs)}</p></details>"
        "</section>"
    )


def stretch_cards_html(stretches: list[Stretch]) -> str:
    """Several cards one under another."""
    return "".join(stretch_card_html(stretch) for stretch in stretches)


def show_stretches(muscle: str, equipment: str) -> HTML:
    """Static cards for one muscle and kit, for a notebook cell (they show without a running kernel)."""
    return HTML(stretch_cards_html(find_stretches(muscle, equipment)))


def trials_markdown(trials: tuple[Trial, ...] | None = None) -> str:
    """The trials and reviews as a Markdown table, each row citing its source id."""
    return markdown_table(
        ("Study", "Design", "Who", "What they did", "Compared with", "Result", "Verdict"),
        (
            (
                f"{trial.study} {cite_markdown(trial.refs, 'student')}",
                trial.design,
                trial.population,
                trial.intervention,
                trial.comparison,
                trial.result,
                f"**{trial.verdict}**",
            )
            for trial in (trials if trials is not None else load_trials())
        ),
    )


def show_trials() -> Markdown:
    """Display the trials table from data/stretching_trials.csv."""
    return Markdown(trials_markdown())


class StretchFinder:
    """Pick a muscle and the kit you have; see stretch cards. Opens on the calf with no equipment."""

    def __init__(self, muscle: str = "calf", equipment: str = "body") -> None:
        self.message = MessageArea()
        self.muscle = widgets.Dropdown(
            options=[(label, key) for key, label in muscles().items()],
            value=muscle,
            description="Muscle (where it cramps):",
            style={"description_width": "initial"},
        )
        self.equipment = widgets.Dropdown(
            options=[(item.label, key) for key, item in load_equipment().items()],
            value=equipment,
            description="Equipment you have:",
            style={"description_width": "initial"},
        )
        self.cards = widgets.HTML()
        self.status = widgets.HTML()
        self.update = guarded(self.message)(self._update)
        self.muscle.observe(self.update, names="value")
        self.equipment.observe(self.update, names="value")
        self.widget = widgets.VBox(
            [widgets.HBox([self.muscle, self.equipment]), self.message.widget, self.status, self.cards]
        )
        self.update()

    def _update(self, _change: object = None) -> None:
        stretches = find_stretches(self.muscle.value, self.equipment.value)
        self.message.clear()
        count = len(stretches)
        self.status.value = (
            f'<p role="status">{count} stretch{"es" if count != 1 else ""} for '
            f"{html.escape(muscles()[self.muscle.value].lower())} with "
            f"{html.escape(load_equipment()[self.equipment.value].label.lower())}.</p>"
        )
        self.cards.value = stretch_cards_html(stretches)


class RoutineViewer:
    """Sliders for hold (s), rest (s) and repetitions -> a live hold-and-rest timeline and its total time.

    Opens on the one positive cramp trial's dose (10 s hold, 10 s rest, 3 times).
    """

    def __init__(self, hold_s: int = 10, rest_s: int = 10, reps: int = 3) -> None:
        self.message = MessageArea()
        common = {"continuous_update": False, "style": {"description_width": "initial"}}
        self.hold = widgets.IntSlider(
            value=hold_s, min=HOLD_RANGE_S[0], max=HOLD_RANGE_S[1], description="Hold (s):", **common
        )
        self.rest = widgets.IntSlider(
            value=rest_s, min=REST_RANGE_S[0], max=REST_RANGE_S[1], description="Rest (s):", **common
        )
        self.reps = widgets.IntSlider(
            value=reps, min=REPS_RANGE[0], max=REPS_RANGE[1], description="Repetitions (times):", **common
        )
        from helpers.stretching_plots import RoutineTimeline  # matplotlib: only this viewer needs it

        self.timeline = RoutineTimeline()
        self.image = widgets.Image(format="png", layout=widgets.Layout(max_width="100%"))
        self.summary = widgets.HTML()
        self.update = guarded(self.message)(self._update)
        for slider in (self.hold, self.rest, self.reps):
            slider.observe(self.update, names="value")
        self.widget = widgets.VBox(
            [widgets.VBox([self.hold, self.rest, self.reps]), self.message.widget, self.summary, self.image]
        )
        self.update()

    def _update(self, _change: object = None) -> None:
        values = (self.hold.value, self.rest.value, self.reps.value)
        sentence = routine_summary(*values)  # validates before the plot changes
        self.timeline.update(*values)
        self.image.value = self.timeline.png()
        self.message.clear()
        # the sentence is also the image's text alternative for screen-reader users
        self.summary.value = (
            f'<p role="status" style="font-size:1.1em"><strong>{html.escape(sentence)}</strong></p>'
        )
