"""Look a glossary term up inside a notebook (JupyterLab or Voila), from ``data/glossary.csv``."""

from __future__ import annotations

import html

import ipywidgets as widgets
from IPython.display import Markdown

from helpers.data import load_references
from helpers.glossary import Term, load_glossary, lookup
from helpers.widgets_base import MessageArea, guarded


def sources_text(term: Term) -> str:
    """The term's sources by their short labels, or a note that the definition makes no clinical claim."""
    if not term.refs:
        return "A general research or everyday term: no clinical claim, so no source."
    references = load_references()
    return "Sources: " + "; ".join(references[ref_id].short for ref_id in term.refs) + "."


def definition_markdown(term: Term) -> str:
    return f"**{term.term}**: {term.plain}\n\n*For students:* {term.student}\n\n*{sources_text(term)}*"


def define(query: str) -> Markdown:
    """Show one term's definitions in a cell, e.g. ``define("SMD")``."""
    return Markdown(definition_markdown(lookup(query)))


class GlossaryLookup:
    """A text box with suggestions and a button: type a term (or pick one) and read its definitions."""

    def __init__(self, initial: str = "SMD") -> None:
        names = sorted({form for term in load_glossary() for form in term.forms}, key=str.lower)
        self.box = widgets.Combobox(
            value=initial,
            options=names,
            placeholder="Type a term, e.g. RCT",
            description="Term",
            ensure_option=False,
            layout=widgets.Layout(width="24em"),
        )
        self.button = widgets.Button(description="Look up", tooltip="Show the definition")
        self.message = MessageArea()
        self.answer = widgets.HTML()
        self.widget = widgets.VBox([widgets.HBox([self.box, self.button]), self.message.widget, self.answer])
        self.button.on_click(lambda _button: self.update())
        self.box.observe(lambda _change: self.update(), names="value")
        self.update()

    def update(self) -> None:
        guarded(self.message)(self._update)()

    def _update(self) -> None:
        if not self.box.value.strip():
            return
        term = lookup(self.box.value)
        self.message.clear()
        self.answer.value = (
            f"<p><strong>{html.escape(term.term)}</strong>: {html.escape(term.plain)}</p>"
            f"<p><em>For students:</em> {html.escape(term.student)}</p>"
            f"<p><em>{html.escape(sources_text(term))}</em></p>"
        )
