"""What every interactive widget in the series shares: a message area and an update guard.

A student or patient must never see a traceback. An update that fails with an :class:`InputError` (a value
the person can change) shows its message and leaves the last good plot in place. Anything else (a broken
data file, a bug, an error from numpy or matplotlib) is written with its traceback to the maintainers' log
(:func:`helpers.errorlog.log_path`) and the person sees a short apology with a reference to quote.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from functools import wraps
from typing import Any

import ipywidgets as widgets
from IPython.display import Javascript, display

from helpers.errorlog import log_unexpected
from helpers.errors import InputError, as_sentence

#: ipywidgets 8 sliders draw their handle as a <div role="slider"> with no accessible name: the description
#: label is not tied to it, and noUiSlider's `handleAttributes` option is not exposed by ipywidgets. This
#: names every slider handle after its description (and keeps doing so for sliders drawn later), so a screen
#: reader says "Ice each time (min), 15" instead of "slider, 15". Runs in Voila and JupyterLab alike.
SLIDER_NAMES_JS = """
(function () {
  function nameHandles(root) {
    root.querySelectorAll('.widget-slider, .jupyter-widget-slider').forEach(function (slider) {
      var label = slider.querySelector('.widget-label, .jupyter-widget-label');
      var text = label ? label.textContent.trim() : '';
      if (!text) { text = slider.getAttribute('title') || ''; }
      slider.querySelectorAll('.noUi-handle').forEach(function (handle) {
        if (text && handle.getAttribute('aria-label') !== text) { handle.setAttribute('aria-label', text); }
      });
    });
  }
  if (!window.ccSliderNames) {
    window.ccSliderNames = new MutationObserver(function () { nameHandles(document); });
    window.ccSliderNames.observe(document.body, { childList: true, subtree: true });
  }
  nameHandles(document);
})();
"""

#: Checkbox labels are one line cut off with "..." by default. A checklist item is often a sentence (a warning
#: sign, a caution, a screening question), and a cut-off sentence hides its end, so every tick box made by
#: :func:`tick_box` wraps instead. The style is global to the page: one copy on screen serves every box (an
#: app that swaps pages, like the patient session, keeps it in a part that never leaves the screen).
TICK_BOX_CLASS = "cc-tick"
TICK_BOX_CSS = (
    "<style>.cc-tick .widget-label-basic, .cc-tick .jupyter-widget-label-basic "
    "{white-space: normal; line-height: 1.3;} "
    ".cc-tick.widget-checkbox, .cc-tick.jupyter-widget-checkbox "
    "{height: auto; min-height: var(--jp-widgets-inline-height, 28px);}</style>"
)


def tick_box(label: str, ticked: bool = False) -> widgets.Checkbox:
    """One yes/no question of a checklist: full width, its whole label readable (it wraps), its hover text
    the same words. Show :data:`TICK_BOX_CSS` once on the page (``tick_box_style()``)."""
    box = widgets.Checkbox(
        value=ticked,
        description=label,
        tooltip=label,
        indent=False,
        layout=widgets.Layout(width="auto", height="auto"),
    )
    box.add_class(TICK_BOX_CLASS)
    return box


def tick_box_style() -> widgets.HTML:
    """The page style that lets :func:`tick_box` labels wrap (an invisible widget to put beside them)."""
    return widgets.HTML(TICK_BOX_CSS, layout=widgets.Layout(display="none"))


#: The only errors whose message is written for the person at the screen (what was wrong, what is allowed).
USER_ERRORS: tuple[type[Exception], ...] = (InputError,)
#: Added after an input error's own sentences.
KEPT = "The last valid result is still shown."


def apology(reference: str) -> str:
    """What a person sees when something that is not their fault went wrong (short words, a code to quote)."""
    return (
        f"Sorry, something went wrong on our side. {KEPT} Please try other values. "
        f"If this keeps happening, tell the person who runs this session the code {reference}."
    )


class MessageArea:
    """An HTML line under a widget for warnings and errors, readable by screen readers (role=status)."""

    def __init__(self) -> None:
        self.widget = widgets.HTML(value="", layout=widgets.Layout(min_height="1.5em"))

    def clear(self) -> None:
        self.widget.value = ""

    def show(self, text: str, kind: str = "warning") -> None:
        # JupyterLab's theme colours (readable in light and dark themes), with fixed fallbacks elsewhere
        colours = {
            "warning": "var(--jp-warn-color0, #8a4b00)",
            "error": "var(--jp-error-color0, #a00000)",
            "info": "var(--jp-info-color0, #004c7a)",
            "apology": "var(--jp-error-color0, #a00000)",
        }
        prefix = {"warning": "Warning: ", "error": "Please check: ", "info": "", "apology": ""}[kind]
        self.widget.value = (
            f'<div role="status" style="color:{colours[kind]};font-size:1.05em">'
            + (f"<strong>{prefix}</strong>" if prefix else "")
            + f"{html.escape(text)}</div>"
        )


def guarded(message: MessageArea) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Decorate a widget callback so errors become a message and the last good state stays on screen."""

    def decorate(update: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(update)
        def run(*args: Any, **kwargs: Any) -> Any:
            try:
                result = update(*args, **kwargs)
            except USER_ERRORS as error:
                message.show(f"{as_sentence(str(error))} {KEPT}", kind="error")
                return None
            except Exception as error:  # a student must never see a traceback; a maintainer must see it
                reference = log_unexpected(error, where=getattr(update, "__qualname__", repr(update)))
                message.show(apology(reference), kind="apology")
                return None
            return result

        return run

    return decorate


def show(widget: widgets.Widget, summary: str, picture_png: bytes | None = None) -> None:
    """Display ``widget`` with a short plain-text stand-in instead of its full repr.

    Static viewers (GitHub, nbviewer without widget state) cannot draw a live widget: they show
    ``summary`` instead, or ``picture_png`` (a still of the widget's opening plot) when given. Strict nbval
    compares the stable sentence rather than every nested value of the widget tree, and skips images.
    """
    bundle = widget._repr_mimebundle_()
    bundle["text/plain"] = summary
    if picture_png is not None:
        bundle["image/png"] = picture_png
    display(bundle, raw=True)
    global _slider_names_shown
    if not _slider_names_shown:  # once per kernel: the script keeps naming sliders drawn later
        display(Javascript(SLIDER_NAMES_JS))
        _slider_names_shown = True


_slider_names_shown = False


def png_html(png: bytes, alt_text: str, width_px: int | None = None) -> str:
    """An ``<img>`` with alternative text for screen readers (ipywidgets.Image has no alt attribute)."""
    import base64

    size = f' width="{width_px}"' if width_px else ""
    encoded = base64.b64encode(png).decode("ascii")
    return (
        f'<img src="data:image/png;base64,{encoded}" alt="{html.escape(alt_text, quote=True)}"{size} '
        'style="max-width:100%;height:auto">'
    )


def download_link(data: bytes, filename: str, mime: str, label: str) -> str:
    """A link that saves ``data`` as ``filename`` from the browser: no server file, works offline."""
    import base64

    encoded = base64.b64encode(data).decode("ascii")
    return (
        f'<a download="{html.escape(filename, quote=True)}" href="data:{mime};base64,{encoded}" '
        f'style="font-size:1.1em;margin-right:1.5em">{html.escape(label)}</a>'
    )
