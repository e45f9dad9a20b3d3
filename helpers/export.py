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
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from helpers.messages import safety_plain, warning_signs_plain
from helpers.planner import describe_plan, plan_reminder_ids
from helpers.planner_notes import note_text
from helpers.timeline import DayPlan, Modality, PlanInputError, format_clock
from helpers.triage import require_self_care

if TYPE_CHECKING:
    from matplotlib.figure import Figure

PRODUCT_ID = "-//Cramp Care Notebooks//Session planner//EN"
REMINDER_MINUTES_BEFORE = 5
_WHAT = {Modality.ICE: "Ice pack in a thin cloth", Modality.HEAT: "Heat pad (warm, not hot)"}
DISCLAIMER = note_text("schedule_disclaimer")
#: The handout's title: a schedule within limits, not a prescription ("your plan").
SCHEDULE_TITLE = note_text("schedule_title")


class ExportError(PlanInputError):
    """An export cannot be made or saved; the message says what was wrong and what is allowed."""


def check_exportable(plan: DayPlan) -> None:
    """Refuse a plan whose answers stop self-care, or one with nothing to take home.

    The plan carries the red flags and screening answers it was made for; a ticked urgent or emergency
    answer raises :class:`~helpers.triage.SelfCareStopped` with the advice, so no handout or calendar of
    self-care is ever made next to a warning sign.
    """
    if not isinstance(plan, DayPlan):
        raise ExportError(f"plan must be a DayPlan (from generate_plan), not {type(plan).__name__}")
    require_self_care(plan.red_flags, plan.screening)
    if not plan.applications:
        raise ExportError("this plan has no ice or heat sessions, so there is nothing to export")


def _start_datetime(day: date, minutes: int) -> datetime:
    return datetime(day.year, day.month, day.day) + timedelta(minutes=minutes)


#: SEQUENCE counts seconds from this moment, so a later export of the same day always has a higher one.
SEQUENCE_EPOCH = datetime(2024, 1, 1, tzinfo=UTC)


def day_uid(day: date) -> str:
    """The one stable UID of a day's schedule: the same day always gives the same UID."""
    return f"heat-and-ice-{day.isoformat()}@cramp-care-notebooks"


def _sequence(stamp: datetime) -> int:
    """RFC 5545 SEQUENCE for an export made at ``stamp``: grows with time, fits a 32-bit integer."""
    return max(0, int((stamp - SEQUENCE_EPOCH).total_seconds()))


def _session_line(app_start: int, app_end: int, modality: Modality) -> str:
    return f"{format_clock(app_start)} to {format_clock(app_end)}: {_WHAT[modality]}"


def plan_to_ics(plan: DayPlan, day: date, *, stamp: datetime | None = None) -> bytes:
    """An RFC 5545 calendar holding ONE event for the day, with one reminder per session.

    Why one event: a calendar updates an event it already holds when a file brings the same UID with a
    higher SEQUENCE (RFC 5545, 3.8.7.4), but it never deletes events that a new file simply leaves out.
    With one event per day (stable UID from the day, SEQUENCE from the export time), importing a revised
    schedule replaces the old one whole: the calendar then holds exactly the revised sessions, each with
    its own VALARM 5 minutes before it (triggers relative to the event start). The event is TRANSPARENT,
    so it does not block the day as busy. Times are "floating" local times (no time zone), which is what
    a patient means by "09:00". ``stamp`` (UTC) fixes DTSTAMP and SEQUENCE for reproducible files.
    """
    if not isinstance(day, date):
        raise ExportError(f"the plan's day must be a date such as 2026-11-25, not {day!r}")
    check_exportable(plan)
    # Imported here, not at the top: only an export needs it, and every app that offers one imports this
    # module, so a top-level import would slow every first view (see benchmarks/first_view.py).
    from icalendar import Alarm, Calendar, Event

    created = stamp or datetime.now(UTC).replace(microsecond=0)
    if created.tzinfo is None:
        created = created.replace(tzinfo=UTC)
    apps = sorted(plan.applications, key=lambda a: a.start_min)
    first, last = apps[0].start_min, max(app.end_min for app in apps)
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", "Heat and ice schedule")
    event = Event()
    event.add("uid", day_uid(day))
    event.add("sequence", _sequence(created))
    event.add("dtstamp", created)
    event.add("last-modified", created)
    event.add("dtstart", _start_datetime(day, first))
    event.add("dtend", _start_datetime(day, last))
    event.add("transp", "TRANSPARENT")
    event.add("summary", f"Ice and heat: {len(apps)} {'session' if len(apps) == 1 else 'sessions'}")
    sessions = [_session_line(app.start_min, app.end_min, app.modality) for app in apps]
    safety = safety_plain(plan_reminder_ids(plan), cite=False)
    event.add("description", "\n".join([SCHEDULE_TITLE + ":", *sessions, *safety, DISCLAIMER]))
    for app in apps:
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        line = _session_line(app.start_min, app.end_min, app.modality)
        alarm.add("description", f"In {REMINDER_MINUTES_BEFORE} minutes: {line}")
        alarm.add("trigger", timedelta(minutes=app.start_min - first - REMINDER_MINUTES_BEFORE))
        event.add_component(alarm)
    calendar.add_component(event)
    return calendar.to_ical()


def _wrapped(lines: Sequence[str], width: int) -> list[str]:
    out: list[str] = []
    for line in lines:
        out.extend(textwrap.wrap(line, width=width) or [""])
    return out


A4 = (8.27, 11.69)
TOP, BOTTOM = 0.95, 0.04


class _Pages:
    """A4 pages filled top to bottom; text that reaches the bottom continues on a new page."""

    def __init__(self) -> None:
        self.figures: list[Figure] = []
        self.y = 0.0
        self.new_page()

    def new_page(self) -> None:
        # Imported here, not at the top: matplotlib's PDF backend (fontTools) costs ~0.4 s to import and
        # only the handout needs it (see benchmarks/first_view.py).
        from matplotlib.backends.backend_pdf import FigureCanvasPdf
        from matplotlib.figure import Figure

        figure = Figure(figsize=A4)
        FigureCanvasPdf(figure)
        self.figures.append(figure)
        self.y = TOP

    @property
    def page(self) -> Figure:
        return self.figures[-1]

    def line(self, text: str, *, x: float = 0.10, size: float = 12, weight: str = "normal") -> None:
        step = 0.022 * size / 12
        if self.y - step < BOTTOM:
            self.new_page()
        self.page.text(x, self.y, text, fontsize=size, weight=weight, va="top")
        self.y -= step

    def blocks(
        self, blocks: Sequence[tuple[str, Sequence[str]]], *, size: float = 12, width: int = 70
    ) -> None:
        """Headings and wrapped bullet lines; a heading never ends a page alone."""
        for heading, lines in blocks:
            if not lines:
                continue
            if self.y - 0.08 < BOTTOM:
                self.new_page()
            self.line(heading, x=0.08, size=14, weight="bold")
            self.y -= 0.005
            for line in _wrapped(
                [line if line.startswith("- ") else f"- {line}" for line in lines], width=width
            ):
                self.line(line, size=size)
            self.y -= 0.015


def plan_to_pdf(
    plan: DayPlan,
    *,
    title: str = SCHEDULE_TITLE,
    warnings: Sequence[str] = (),
    picture_png: bytes | None = None,
) -> bytes:
    """An A4 handout in plain words.

    First the schedule, screening notes, how a calendar takes a new schedule, and the disclaimer, with the
    day's plot (``picture_png``) under the text when there is room on that page. Then, on a new page,
    every warning sign from ``data/red_flags.csv`` grouped by how soon to get help (rendered by
    :mod:`helpers.messages`). Safety sentences come from ``data/safety_messages.csv``. Long text flows on
    to further pages rather than being cut.
    """
    check_exportable(plan)
    import matplotlib.image  # only the handout needs these (see _Pages.new_page)
    from matplotlib.backends.backend_pdf import PdfPages

    pages = _Pages()
    pages.line(title, x=0.08, size=20, weight="bold")
    pages.y -= 0.015
    pages.blocks(
        [
            ("What to do, and when", describe_plan(plan)),
            ("Things to check", list(warnings)),
            ("Your calendar", [note_text("other_calendar")]),
            ("Please note", [DISCLAIMER]),
        ]
    )
    picture_height = 0.27
    if picture_png is not None and pages.y - 0.01 > picture_height + 0.03:
        image = matplotlib.image.imread(io.BytesIO(picture_png), format="png")
        axes = pages.page.add_axes((0.06, 0.03, 0.88, picture_height))
        axes.imshow(image)
        axes.set_axis_off()
    pages.new_page()
    lead, *signs = warning_signs_plain()
    pages.line("When to get help", x=0.08, size=20, weight="bold")
    pages.line(lead, x=0.08)
    pages.y -= 0.01
    groups: list[tuple[str, list[str]]] = []
    for line in signs:
        if line.startswith("- "):
            groups[-1][1].append(line)
        else:
            groups.append((line, []))
    pages.blocks(groups, size=10.5, width=88)
    buffer = io.BytesIO()
    metadata = {"Title": title, "Creator": "Cramp Care Notebooks", "CreationDate": None}
    with PdfPages(buffer, metadata=metadata) as pdf:
        for figure in pages.figures:
            pdf.savefig(figure)
    return buffer.getvalue()


_UNSAFE = re.compile(r"[^a-z0-9]+")
#: What a saved file's name must look like: letters, digits and dashes, one dot, a known suffix.
_SAFE_NAME = re.compile(r"[a-z0-9]([a-z0-9-]*[a-z0-9])?\.(ics|pdf)")
SUFFIXES = (".ics", ".pdf")
#: Names Windows reserves for devices, whatever the suffix (a file "con.pdf" cannot be made there).
RESERVED_STEMS = frozenset(
    {"con", "prn", "aux", "nul", *(f"com{n}" for n in range(1, 10)), *(f"lpt{n}" for n in range(1, 10))}
)
MAX_STEM = 40
#: How many numbered copies (name-2 ... name-999) a save tries before asking the person to tidy up.
MAX_COPIES = 999


def safe_filename(label: str, suffix: str, *, max_length: int = MAX_STEM) -> str:
    """A file name made only of ``a-z``, ``0-9`` and ``-`` from any user text, plus a fixed suffix.

    Accents are dropped (``é`` -> ``e``); path separators, dots and other characters become ``-``, so user
    text can never name a folder; long text is cut to ``max_length``; a name Windows reserves (CON, NUL,
    COM1...) gets ``-file`` added. Text with no letter or digit at all (empty, only dots) has no safe name:
    ExportError says so, rather than inventing one the person did not choose.
    """
    if suffix not in SUFFIXES:
        raise ExportError(f"unknown export type {suffix!r}; allowed: {', '.join(SUFFIXES)}")
    if not isinstance(label, str):
        raise ExportError(f"a file name must be text, not {label!r}")
    if not isinstance(max_length, int) or max_length < 1:
        raise ExportError(f"max_length must be a whole number of at least 1, not {max_length!r}")
    ascii_text = unicodedata.normalize("NFKD", label).encode("ascii", "ignore").decode("ascii")
    stem = _UNSAFE.sub("-", ascii_text.lower()).strip("-")[:max_length].strip("-")
    if not stem:
        raise ExportError(
            f"no safe file name can be made from {label!r}; use letters or digits, for example 'schedule'"
        )
    if stem in RESERVED_STEMS:
        stem = f"{stem}-file"
    return f"{stem}{suffix}"


def write_new_file(folder: Path, filename: str, data: bytes) -> Path:
    """Write ``data`` to ``folder/filename``, or to ``name-2``, ``name-3``... if taken; never overwrite.

    The data go to a hidden temporary file first, so a failed write leaves nothing behind. The final name
    is then claimed with ``O_CREAT | O_EXCL`` (the system refuses a name that exists, even if another
    program creates it at the same moment) and the temporary file is renamed onto the claimed name. No
    hard links are needed, so this works on FAT and network drives too.
    """
    if not isinstance(filename, str) or Path(filename).name != filename or filename.startswith("."):
        raise ExportError(f"{filename!r} is not a plain file name; use safe_filename() to make one")
    if not _SAFE_NAME.fullmatch(filename) or len(filename) > MAX_STEM + len(".pdf"):
        raise ExportError(
            f"{filename!r} is not a safe file name: use safe_filename() (letters, digits and dashes, "
            f"at most {MAX_STEM} of them, then .ics or .pdf)"
        )
    folder.mkdir(parents=True, exist_ok=True)
    stem, _, suffix = filename.rpartition(".")
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=".partial-", suffix=f".{suffix}")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        for attempt in range(1, MAX_COPIES + 1):
            candidate = folder / (filename if attempt == 1 else f"{stem}-{attempt}.{suffix}")
            try:
                claim = os.open(candidate, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
            except FileExistsError:
                continue
            os.close(claim)
            try:
                os.replace(temporary, candidate)
            except BaseException:
                candidate.unlink(missing_ok=True)
                raise
            return candidate
        raise ExportError(f"too many files named like {filename} in {folder}; tidy the folder")
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


@dataclass(frozen=True)
class Exports:
    """The handout and the calendar of one plan, with their file names: the one export path."""

    pdf_name: str
    pdf: bytes
    ics_name: str
    ics: bytes


def export_files(
    plan: DayPlan,
    day: date,
    *,
    warnings: Sequence[str] = (),
    picture_png: bytes | None = None,
    stamp: datetime | None = None,
) -> Exports:
    """The PDF handout (with the day's plot when given) and the .ics calendar, named after the day.

    The planner app and the patient session both call this, so their files never drift apart. Refuses
    (SelfCareStopped or ExportError) a plan whose answers stop self-care or that has no sessions.
    """
    check_exportable(plan)
    if not isinstance(day, date):
        raise ExportError(f"the day must be a date such as 2026-11-25, not {day!r}")
    stem = f"heat-and-ice-schedule-{day.isoformat()}"
    return Exports(
        pdf_name=safe_filename(stem, ".pdf"),
        pdf=plan_to_pdf(plan, warnings=warnings, picture_png=picture_png),
        ics_name=safe_filename(stem, ".ics"),
        ics=plan_to_ics(plan, day, stamp=stamp),
    )
