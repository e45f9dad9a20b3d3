"""Where unexpected errors go: a log file a maintainer can read, and a reference a patient can quote.

A patient never sees a traceback (see :func:`helpers.widgets_base.guarded`), but the author must still be
able to find the bug. Every unexpected error is appended, with its traceback, to one log file; the person
at the screen is shown a short reference such as ``CC-3f9a1c2b`` that appears in the log entry's first line.

The file is ``$CRAMP_CARE_LOG`` if that is set, else ``errors.log`` in ``$XDG_CACHE_HOME/cramp-care``
(``~/.cache/cramp-care`` by default). Standard library only: every layer may use it.
"""

from __future__ import annotations

import logging
import os
import traceback
import uuid
from datetime import UTC, datetime
from pathlib import Path

#: Also told every entry, for a server that configures logging; silent by default, so nothing reaches a
#: notebook's output (which would show a traceback to a student and break strict nbval).
LOGGER = logging.getLogger("cramp_care")
LOGGER.addHandler(logging.NullHandler())


def log_path() -> Path:
    """The maintainers' error log (read at every call, so a test or a server may point it elsewhere)."""
    configured = os.environ.get("CRAMP_CARE_LOG")
    if configured:
        return Path(configured).expanduser()
    cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(cache) / "cramp-care" / "errors.log"


def new_reference() -> str:
    """A short code that is unique in practice and easy to read out: ``CC-`` and 8 hex digits."""
    return f"CC-{uuid.uuid4().hex[:8]}"


def log_unexpected(error: BaseException, where: str = "") -> str:
    """Append ``error`` and its traceback to the log; return the reference to show the person.

    Never raises: if the file cannot be written (read-only home, full disk) the entry still goes to the
    ``cramp_care`` logger, for a server that configures logging.
    """
    reference = new_reference()
    stamp = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    trace = "".join(traceback.format_exception(type(error), error, error.__traceback__))
    entry = f"{stamp} {reference} in {where or 'a widget update'}: {type(error).__name__}: {error}\n{trace}\n"
    try:
        path = log_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as handle:
            handle.write(entry)
    except OSError as problem:
        LOGGER.error("could not write the error log %s (%s)", log_path(), problem)
    LOGGER.error("%s", entry.rstrip())
    return reference
