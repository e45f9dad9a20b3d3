"""What every interactive widget in the series shares: a message area and an update guard.

A student or patient must never see a traceback. An update that fails with a known input error shows its
message and leaves the last good plot in place; anything unexpected shows a short apology instead.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from functools import wraps
from typing import Any

import ipywidgets as widgets

from helpers.data import DataError
from helpers.timeline import PlanInputError

#: Errors whose message is written for the user (what was wrong and what is allowed).
USER_ERRORS: tuple[type[Exception], ...] = (PlanInputError, DataError, ValueError)


class MessageArea:
    """An HTML line under a widget for warnings and errors, readable by screen readers (role=status)."""

    def __init__(self) -> None:
        self.widget = widgets.HTML(value="", layout=widgets.Layout(min_height="1.5em"))

    def clear(self) -> None:
        self.widget.value = ""

    def show(self, text: str, kind: str = "warning") -> None:
        colours = {"warning": "#8a4b00", "error": "#a00000", "info": "#004c7a"}
        prefix = {"warning": "Warning: ", "error": "Please check: ", "info": ""}[kind]
        self.widget.value = (
            f'<div role="status" style="color:{colours[kind]};font-size:1.05em">'
            f"<strong>{prefix}</strong>{html.escape(text)}</div>"
        )


def guarded(message: MessageArea) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Decorate a widget callback so errors become a message and the last good state stays on screen."""

    def decorate(update: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(update)
        def run(*args: Any, **kwargs: Any) -> Any:
            try:
                result = update(*args, **kwargs)
            except USER_ERRORS as error:
                message.show(f"{error} The last valid result is still shown.", kind="error")
                return None
            except Exception:  # a student must never see a traceback
                message.show(
                    "Something went wrong while updating. The last valid result is still shown; "
                    "please try other values.",
                    kind="error",
                )
                return None
            return result

        return run

    return decorate
