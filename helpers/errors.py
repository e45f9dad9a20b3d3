"""The project's two error types, and the one check for "a whole number in a range".

Why two types: a person can fix an :class:`InputError` (they typed 45 minutes where 20 is the most), so its
message is written for them and a widget shows it. A :class:`DataError` means a table in ``data/`` is
broken: only a maintainer can fix it, so a widget logs it and shows a short apology instead (see
:func:`helpers.widgets_base.guarded`). Any other exception is a bug and is treated the same way.

No matplotlib, no ipywidgets, no imports from the rest of ``helpers``: every layer may import this module.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable

_UNSET = object()


def as_sentence(text: str) -> str:
    """``text`` with a capital first letter and a full stop (or ? or !) at the end, to show a person."""
    text = " ".join(str(text).split())
    if not text:
        return ""
    text = text[0].upper() + text[1:]
    return text if text[-1] in ".?!" else text + "."


class InputError(ValueError):
    """A value given by a person or a caller cannot be used; the message says what and what is allowed.

    Build it from its parts, so every message has the same shape and names the field::

        InputError(field="ice time", given=45, allowed="a whole number of minutes from 1 to 20")
        # "Ice time cannot be 45. Allowed: a whole number of minutes from 1 to 20."

    or from a whole message (older call sites): ``InputError("unknown muscle 'x'; choose one of: calf")``.
    ``field``, ``given`` and ``allowed`` stay on the error for code that wants them.
    """

    def __init__(
        self,
        message: str = "",
        *,
        field: str = "",
        given: object = _UNSET,
        allowed: str = "",
        problem: str = "",
    ) -> None:
        self.field = field
        self.given = None if given is _UNSET else given
        self.allowed = allowed
        if not message:
            shown = "" if given is _UNSET else f" {_show(given)}"
            problem = problem or (f"cannot be{shown}" if shown else "is missing")
            message = as_sentence(f"{field or 'this value'} {problem}")
            if allowed:
                message += " " + as_sentence(f"Allowed: {allowed}")
        super().__init__(message)


#: The name older modules and notebooks import; the same class.
PlanInputError = InputError


class DataError(ValueError):
    """A data file is missing, malformed, or refers to something that does not exist (a maintainer's fix)."""


def _show(value: object) -> str:
    """A value as it appears in a message: text in quotes, numbers bare, anything else by its type name."""
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, bool | numbers.Number) or value is None:
        return str(value)
    return f"a {type(value).__name__}"


def whole_number(value: object) -> int | None:
    """``value`` as an int if it is a whole number (``5``, ``5.0``, a numpy integer), else None.

    The one rule for the whole series: a number with no fractional part counts as whole (a JSON file or
    a float widget gives ``5.0``); True/False, text, NaN and infinity never do.
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        return None
    if isinstance(value, numbers.Integral):
        return int(value)
    number = float(value)
    if not math.isfinite(number) or not number.is_integer():
        return None
    return int(number)


def whole_in_range(
    value: object,
    field: str,
    low: int | None,
    high: int | None = None,
    *,
    unit: str = "",
    error: type = InputError,
) -> int:
    """``value`` as a whole number from ``low`` to ``high`` (None: no upper limit), else ``error``.

    ``unit`` is a plural word such as ``"minutes"``; the message then reads "... 45 minutes is not allowed".
    Pass ``error=DataError`` when the value comes from a data file.
    """
    units = f" {unit}" if unit else ""
    bounds = (f" from {low}" if low is not None else "") + (
        f" to {high}" if high is not None else (" or more" if low is not None else "")
    )
    allowed = f"a whole number{' of ' + unit if unit else ''}{bounds}"
    number = whole_number(value)
    if number is not None and (low is None or low <= number) and (high is None or number <= high):
        return number
    if number is None:
        if error is InputError:
            raise InputError(field=field, given=value, allowed=allowed)
        raise error(f"{field} must be {allowed}, not {_show(value)}")
    message = f"{field} must be {allowed}. {number}{units} is not allowed."
    if error is InputError:
        raise InputError(as_sentence(message), field=field, given=value, allowed=allowed)
    raise error(message)


def require_type(value: object, field: str, expected: type | tuple[type, ...], allowed: str) -> None:
    """Raise :class:`InputError` naming ``field`` unless ``value`` is an instance of ``expected``.

    True and False are refused where a number is expected (``bool`` is an ``int`` in Python).
    """
    wants_bool = expected is bool or (isinstance(expected, tuple) and bool in expected)
    if not isinstance(value, expected) or (isinstance(value, bool) and not wants_bool):
        raise InputError(field=field, given=value, allowed=allowed)


def known_ids(given: object, known: Iterable[str], field: str) -> list[str]:
    """``given`` (a list, tuple or set of ids, never one string) as a list, each id checked against ``known``.

    One string is refused rather than read letter by letter; unknown ids are named with the allowed ones.
    """
    allowed = list(known)
    if isinstance(given, str | bytes) or not isinstance(given, Iterable):
        raise InputError(field=field, given=given, allowed=f"a list of ids from {', '.join(allowed)}")
    chosen = list(dict.fromkeys(given))
    unknown = [str(item) for item in chosen if item not in allowed]
    if unknown:
        raise InputError(
            field=field,
            given=unknown,
            allowed=f"ids from {', '.join(allowed)}",
            problem=f"include the unknown id(s) {', '.join(unknown)}",
        )
    return chosen
