"""Taking a plan home: a calendar file (.ics) and a one-page printable handout (PDF).

Both are built in memory as bytes, so a widget can offer them as downloads without touching the disk.
When they are saved, file names come from a fixed pattern (never a path typed by a user), writes are
atomic (a half-written file never appears), and an existing file is never silently overwritten.
"""

from __future__ import annotations

import io
import os
import re
import tempfile
import textwrap
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from helpers.planner import describe_plan
from helpers.timeline import DayPlan, Modality

PRODUCT_ID = "-//Cramp Care Notebooks//Session planner//EN"
REMINDER_MINUTES_BEFORE = 5
_WHAT = {Modality.ICE: "Ice pack in a thin cloth", Modality.HEAT: "Heat pad (warm, not hot)"}
_SAFETY = {
    Modality.ICE: "Put a thin cloth between the ice and your skin. Stop if the skin goes numb, white or "
    "blistered, or if it hurts more.",
    Modality.HEAT: "It should feel warm, not hot. Check your skin every 5 minutes. "
    "Never sleep on a heat pad.",
}
WHEN_TO_GET_HELP = (
    "Get help the same day if one calf is swollen, warm, red or dark. Call emergency services if you are "
    "short of breath or have chest pain. Speak to a doctor soon if a cramp lasts more than 10 minutes and "
    "does not ease when you move, or if cramps come often, get worse or spread."
)
DISCLAIMER = "This plan is for education. It is not medical advice. Ask your clinician if you are unsure."


class ExportError(ValueError):
    """An export cannot be made or saved; the message says what was wrong and what is allowed."""


def _start_datetime(day: date, minutes: int) -> datetime:
    return datetime(day.year, day.month, day.day) + timedelta(minutes=minutes)


def plan_to_ics(plan: DayPlan, day: date, *, stamp: datetime | None = None) -> bytes:
    """An RFC 5545 calendar: one event per application, each with a reminder 5 minutes before.

    Times are "floating" local times (no time zone), which is what a patient means by "09:00".
    ``stamp`` (UTC) fixes DTSTAMP for reproducible files; by default it is the time of export in UTC.
    """
    if not isinstance(day, date):
        raise ExportError(f"the plan's day must be a date such as 2026-11-25, not {day!r}")
    # Imported here, not at the top: only an export needs it, and every app that offers one imports this
    # module, so a top-level import would slow every first view (see benchmarks/first_view.py).
    from icalendar import Alarm, Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", "Heat and ice plan")
    created = stamp or datetime.now(UTC).replace(microsecond=0)
    for index, app in enumerate(sorted(plan.applications, key=lambda a: a.start_min)):
        event = Event()
        event.add("uid", f"{day.isoformat()}-{index:02d}-{app.modality.value}@cramp-care-notebooks")
        event.add("dtstamp", created)
        event.add("dtstart", _start_datetime(day, app.start_min))
        event.add("dtend", _start_datetime(day, app.end_min))
        event.add("summary", f"{_WHAT[app.modality]}: {app.duration_min} min")
        event.add("description", f"{_SAFETY[app.modality]}\n{DISCLAIMER}")
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", f"In {REMINDER_MINUTES_BEFORE} minutes: {_WHAT[app.modality].lower()}")
        alarm.add("trigger", timedelta(minutes=-REMINDER_MINUTES_BEFORE))
        event.add_component(alarm)
        calendar.add_component(event)
    return calendar.to_ical()


def _wrapped(lines: Sequence[str], width: int) -> list[str]:
    out: list[str] = []
    for line in lines:
        out.extend(textwrap.wrap(line, width=width) or [""])
    return out


def plan_to_pdf(
    plan: DayPlan,
    *,
    title: str = "Your heat and ice plan for today",
    warnings: Sequence[str] = (),
    picture_png: bytes | None = None,
) -> bytes:
    """A one-page A4 handout in plain words: the plan, safety notes, when to get help, and the disclaimer.

    Text is wrapped to fit; a plan too long for one page raises ExportError rather than spilling over.
    ``picture_png`` (the day's plot) goes under the text when there is room, and is left out when not.
    """
    # Imported here, not at the top: matplotlib's PDF backend (fontTools) costs ~0.4 s to import and only
    # the handout needs it (see benchmarks/first_view.py).
    import matplotlib.image
    from matplotlib.backends.backend_pdf import FigureCanvasPdf
    from matplotlib.figure import Figure

    figure = Figure(figsize=(8.27, 11.69))
    FigureCanvasPdf(figure)
    blocks: list[tuple[str, list[str]]] = [
        ("What to do, and when", describe_plan(plan)),
        ("Things to check", list(warnings)) if warnings else ("", []),
        ("When to get help", [WHEN_TO_GET_HELP]),
        ("Please note", [DISCLAIMER]),
    ]
    y = 0.95
    figure.text(0.08, y, title, fontsize=20, weight="bold", va="top")
    y -= 0.05
    for heading, lines in blocks:
        if not heading:
            continue
        figure.text(0.08, y, heading, fontsize=14, weight="bold", va="top")
        y -= 0.03
        for line in _wrapped([f"- {line}" for line in lines], width=70):
            figure.text(0.10, y, line, fontsize=12, va="top")
            y -= 0.022
            if y < 0.04:
                raise ExportError("the plan is too long for a one-page handout; shorten the waking day")
        y -= 0.015
    picture_height = 0.27
    if picture_png is not None and y - 0.01 > picture_height + 0.03:
        image = matplotlib.image.imread(io.BytesIO(picture_png), format="png")
        axes = figure.add_axes((0.06, 0.03, 0.88, picture_height))
        axes.imshow(image)
        axes.set_axis_off()
    buffer = io.BytesIO()
    metadata = {"Title": title, "Creator": "Cramp Care Notebooks", "CreationDate": None}
    figure.savefig(buffer, format="pdf", metadata=metadata)
    return buffer.getvalue()


_UNSAFE = re.compile(r"[^a-z0-9]+")


def safe_filename(label: str, suffix: str, *, max_length: int = 40) -> str:
    """A file name made only of ``a-z``, ``0-9`` and ``-`` from any user text, plus a fixed suffix.

    Path separators, dots and other characters all become ``-``, so user text can never name a folder.
    """
    if suffix not in {".ics", ".pdf"}:
        raise ExportError(f"unknown export type {suffix!r}; allowed: .ics, .pdf")
    stem = _UNSAFE.sub("-", (label or "").lower()).strip("-")[:max_length].strip("-")
    return f"{stem or 'plan'}{suffix}"


def write_new_file(folder: Path, filename: str, data: bytes) -> Path:
    """Write ``data`` atomically to ``folder/filename``, or to ``name-2``, ``name-3``... if taken.

    Never overwrites: an existing file stays as it was, and the returned path says where the data went.
    """
    if Path(filename).name != filename or filename.startswith("."):
        raise ExportError(f"{filename!r} is not a plain file name; use safe_filename() to make one")
    folder.mkdir(parents=True, exist_ok=True)
    stem, dot, suffix = filename.rpartition(".")
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=".partial-", suffix=f".{suffix}")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        for attempt in range(1, 1000):
            candidate = folder / (filename if attempt == 1 else f"{stem}-{attempt}{dot}{suffix}")
            try:
                os.link(temporary, candidate)  # atomic, and fails if the name exists
            except FileExistsError:
                continue
            return candidate
        raise ExportError(f"too many files named like {filename} in {folder}; tidy the folder")
    finally:
        os.unlink(temporary)
