"""A night-cramp diary: one row per night, the weekly figures trials report, and a plain CSV the person owns.

Why a diary: trials of night-cramp treatments count cramps per week, rate how bad they were and time them
from a daily log [@tan2024; @sebo2019], and Cochrane reports the change in cramp frequency and the share
of "responders" with at least 25% fewer cramps [@garrison2020]. Placebo groups improved by about 29%, so
a change is only believable against a baseline of at least two weeks [@garrison2020]. A person who keeps
the same log can bring it to a review, and a student learns what the outcome measures mean.

This module is the domain: dataclasses, checks, statistics and CSV text. No matplotlib, no ipywidgets.
Every check raises :class:`DiaryError` (a ``ValueError``) whose message says what was wrong and what is
allowed, naming the row for a CSV file, so a widget can show it as it is.

The limits (at most 20 cramps a night, at most 60 minutes) are this series' form limits, not clinical
values; a cramp that lasts more than 10 minutes and does not ease is a warning sign in its own right
(``data/red_flags.csv``, ``long_cramp_not_easing``).
"""

from __future__ import annotations

import csv
import io
import math
import os
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from helpers.data import Column, DataError, Table, load_table
from helpers.errors import InputError

#: The CSV header, in order. Plain names a spreadsheet user understands.
COLUMNS: tuple[str, ...] = ("night", "cramps", "worst_0_10", "longest_min", "sleep_0_10", "note")
MAX_CRAMPS = 20
SCALE = (0, 10)
MAX_MINUTES = 60.0
MAX_NOTE = 200
#: A "responder" in the Cochrane magnesium review: at least 25% fewer cramps [@garrison2020].
RESPONDER_DROP = 0.25
#: Placebo groups in that review had about 29% fewer cramps at 4 weeks [@garrison2020].
PLACEBO_DROP = 0.287
#: Count for at least 2 weeks before a change and at least 4 weeks after it (addendum teaching point).
BASELINE_WEEKS = 2
FOLLOW_UP_WEEKS = 4
#: A cramp longer than this that does not ease is a warning sign (NHS inform).
LONG_CRAMP_MIN = 10.0


class DiaryError(InputError):
    """A diary value or file is not valid; the message names the problem and what is allowed.

    An :class:`~helpers.errors.InputError`: the person can fix it, so a widget shows the message.
    """


@dataclass(frozen=True)
class DiaryEntry:
    """One night. ``worst`` and ``longest_min`` are 0 on a night with no cramps; ``sleep`` may be unknown.

    worst: how bad the worst cramp was, 0 (none) to 10 (worst imaginable), as trials ask [@tan2024].
    longest_min: how long the longest cramp lasted, in minutes (decimals allowed: 0.5 = 30 seconds).
    sleep: how much cramps disturbed sleep, 0 (not at all) to 10 (no sleep), as Sebo et al. asked
    [@sebo2019]; ``None`` when not recorded.
    """

    night: date
    cramps: int
    worst: int
    longest_min: float
    sleep: int | None = None
    note: str = ""

    def __post_init__(self) -> None:
        check_entry(self)


def _whole(value: object, name: str, low: int, high: int) -> int:
    allowed = f"allowed: a whole number from {low} to {high}"
    if isinstance(value, bool):
        raise DiaryError(f"{name} must be a number, not {value!r} ({allowed})")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if not isinstance(value, int):
        raise DiaryError(f"{name} must be a whole number, got {value!r} ({allowed})")
    if not low <= value <= high:
        raise DiaryError(f"{name} {value} is out of range ({allowed})")
    return value


def check_entry(entry: DiaryEntry) -> None:
    """Raise DiaryError if a field is out of range or the fields disagree (cramps but no severity)."""
    if not isinstance(entry.night, date):
        raise DiaryError(f"night must be a date such as 2026-11-02, got {entry.night!r}")
    cramps = _whole(entry.cramps, "cramps", 0, MAX_CRAMPS)
    worst = _whole(entry.worst, "worst cramp (0-10)", *SCALE)
    if entry.sleep is not None:
        _whole(entry.sleep, "sleep disturbed (0-10)", *SCALE)
    minutes = entry.longest_min
    if isinstance(minutes, bool) or not isinstance(minutes, int | float) or not math.isfinite(minutes):
        raise DiaryError(f"longest cramp must be a number of minutes, got {minutes!r}")
    if not 0 <= minutes <= MAX_MINUTES:
        raise DiaryError(
            f"longest cramp {minutes:g} min is out of range (allowed: 0 to {MAX_MINUTES:g} minutes)"
        )
    if cramps == 0 and (worst or minutes):
        raise DiaryError("with 0 cramps, worst cramp and longest cramp must be 0 (or left empty)")
    if cramps > 0 and worst == 0:
        raise DiaryError("with 1 or more cramps, rate the worst one from 1 to 10")
    if cramps > 0 and minutes == 0:
        raise DiaryError(
            "with 1 or more cramps, give how long the longest lasted (for example 0.5 for 30 seconds)"
        )
    if not isinstance(entry.note, str) or len(entry.note) > MAX_NOTE or "\n" in entry.note:
        raise DiaryError(f"note must be one line of at most {MAX_NOTE} characters")


def parse_entry(fields: Mapping[str, object]) -> DiaryEntry:
    """Build an entry from text, as typed in a form or read from a CSV row.

    Empty worst and longest count as 0 (a night with no cramps); empty sleep means "not recorded".
    Dates are ISO, ``YYYY-MM-DD``, the one format every spreadsheet reads back the same way.
    """

    def text(name: str) -> str:
        value = fields.get(name, "")
        return "" if value is None else str(value).strip()

    raw_night = text("night")
    try:
        night = date.fromisoformat(raw_night)
    except ValueError:
        raise DiaryError(
            f"night {raw_night!r} is not a date; write it as YYYY-MM-DD, e.g. 2026-11-02"
        ) from None

    def number(name: str, label: str, *, whole: bool, empty: float | None) -> float | None:
        raw = text(name)
        if not raw:
            return empty
        try:
            value = float(raw.replace(",", "."))
        except ValueError:
            kind = "a whole number" if whole else "a number"
            raise DiaryError(f"{label} {raw!r} is not {kind}") from None
        if whole and not value.is_integer():
            raise DiaryError(f"{label} must be a whole number, got {raw!r}")
        return value

    cramps = number("cramps", "cramps", whole=True, empty=None)
    if cramps is None:
        raise DiaryError("cramps is empty; write 0 for a night with no cramps")
    worst = number("worst_0_10", "worst cramp (0-10)", whole=True, empty=0)
    longest = number("longest_min", "longest cramp (min)", whole=False, empty=0)
    sleep = number("sleep_0_10", "sleep disturbed (0-10)", whole=True, empty=None)
    assert worst is not None and longest is not None
    return DiaryEntry(
        night=night,
        cramps=int(cramps),
        worst=int(worst),
        longest_min=float(longest),
        sleep=None if sleep is None else int(sleep),
        note=text("note"),
    )


class Diary:
    """Nights in date order, one entry per night. Adding a night that is already there replaces it."""

    def __init__(self, entries: Iterable[DiaryEntry] = ()) -> None:
        self._entries: dict[date, DiaryEntry] = {}
        for entry in entries:
            if entry.night in self._entries:
                raise DiaryError(f"night {entry.night.isoformat()} appears twice; keep one row per night")
            self._entries[entry.night] = entry

    @property
    def entries(self) -> tuple[DiaryEntry, ...]:
        return tuple(self._entries[night] for night in sorted(self._entries))

    def __len__(self) -> int:
        return len(self._entries)

    def add(self, entry: DiaryEntry) -> bool:
        """Add or replace the entry for its night; True if it replaced one."""
        if not isinstance(entry, DiaryEntry):
            raise DiaryError(f"expected a DiaryEntry, got {type(entry).__name__}")
        replaced = entry.night in self._entries
        self._entries[entry.night] = entry
        return replaced

    def remove(self, night: date) -> DiaryEntry:
        if night not in self._entries:
            raise DiaryError(f"there is no entry for {night.isoformat()}")
        return self._entries.pop(night)

    def next_night(self, today: date | None = None) -> date:
        """The night after the last one logged (or ``today``), so a form can offer it as the default."""
        if not self._entries:
            return today or date.today()
        return max(self._entries) + timedelta(days=1)


@dataclass(frozen=True)
class WeekSummary:
    """What a trial reports for one week of a diary (week 1 starts on the first night logged).

    ``cramps_per_week`` is the count scaled to 7 nights when fewer were logged (``nights_logged``), the
    series' choice for a gap in the log; ``complete`` says whether all 7 nights were there.
    ``mean_worst`` and ``mean_longest_min`` average the nights that had cramps (None if there were none).
    """

    week: int
    start: date
    nights_logged: int
    cramps: int
    cramps_per_week: float
    nights_with_cramps: int
    mean_worst: float | None
    mean_longest_min: float | None
    mean_sleep: float | None

    @property
    def complete(self) -> bool:
        return self.nights_logged == 7


def _mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


def weekly_summary(entries: Iterable[DiaryEntry]) -> list[WeekSummary]:
    """Seven-night blocks from the first night logged; weeks with no night logged are left out."""
    ordered = sorted(entries, key=lambda e: e.night)
    if not ordered:
        return []
    first = ordered[0].night
    weeks: dict[int, list[DiaryEntry]] = {}
    for entry in ordered:
        weeks.setdefault((entry.night - first).days // 7 + 1, []).append(entry)
    summaries = []
    for week, nights in sorted(weeks.items()):
        cramp_nights = [e for e in nights if e.cramps > 0]
        sleep = [e.sleep for e in nights if e.sleep is not None]
        total = sum(e.cramps for e in nights)
        summaries.append(
            WeekSummary(
                week=week,
                start=first + timedelta(days=7 * (week - 1)),
                nights_logged=len(nights),
                cramps=total,
                cramps_per_week=total * 7 / len(nights),
                nights_with_cramps=len(cramp_nights),
                mean_worst=_mean([e.worst for e in cramp_nights]),
                mean_longest_min=_mean([e.longest_min for e in cramp_nights]),
                mean_sleep=_mean([float(s) for s in sleep]),
            )
        )
    return summaries


@dataclass(frozen=True)
class Comparison:
    """Cramps per week before and after a change, read the way the Cochrane review reads a trial."""

    before_per_week: float
    after_per_week: float
    before_weeks: int
    after_weeks: int

    @property
    def percent_change(self) -> float:
        """Negative means fewer cramps. 0 cramps before gives 0 % (nothing to reduce)."""
        if self.before_per_week == 0:
            return 0.0
        return 100 * (self.after_per_week - self.before_per_week) / self.before_per_week

    @property
    def responder(self) -> bool:
        """At least 25% fewer cramps per week [@garrison2020]."""
        return self.before_per_week > 0 and self.after_per_week <= (1 - RESPONDER_DROP) * self.before_per_week

    @property
    def within_placebo_range(self) -> bool:
        """A fall no bigger than the ~29% seen with placebo: it may not be the treatment [@garrison2020]."""
        return -100 * PLACEBO_DROP <= self.percent_change <= 0

    def sentence(self) -> str:
        """Plain words for a review: the two rates, the change, and how to read it."""
        change = self.percent_change
        trend = (
            f"{abs(change):.0f}% fewer"
            if change < 0
            else f"{change:.0f}% more"
            if change > 0
            else "no change in"
        )
        text = (
            f"Before: {self.before_per_week:.1f} cramps a week ({self.before_weeks} weeks). "
            f"After: {self.after_per_week:.1f} a week ({self.after_weeks} weeks). That is {trend} cramps."
        )
        if self.responder:
            text += " In a trial this would count as a response (25% fewer or more)."
        if self.within_placebo_range and change < 0:
            text += " A fall this size was also seen with dummy pills, so it may not be the treatment."
        if self.before_weeks < BASELINE_WEEKS or self.after_weeks < FOLLOW_UP_WEEKS:
            text += (
                f" Trials count for at least {BASELINE_WEEKS} weeks before and {FOLLOW_UP_WEEKS} weeks after;"
                " keep going before you judge."
            )
        return text


def compare(weeks: Sequence[WeekSummary], change_week: int) -> Comparison:
    """Mean cramps per week in the weeks before ``change_week`` against that week and after."""
    if not weeks:
        raise DiaryError("the diary is empty: log some nights first")
    numbers = [w.week for w in weeks]
    if isinstance(change_week, bool) or not isinstance(change_week, int):
        raise DiaryError(f"the week of the change must be a whole number, got {change_week!r}")
    before = [w for w in weeks if w.week < change_week]
    after = [w for w in weeks if w.week >= change_week]
    if not before or not after:
        raise DiaryError(
            f"week {change_week} leaves no weeks on one side; choose a week from {min(numbers) + 1} "
            f"to {max(numbers)}"
        )
    return Comparison(
        before_per_week=sum(w.cramps_per_week for w in before) / len(before),
        after_per_week=sum(w.cramps_per_week for w in after) / len(after),
        before_weeks=len(before),
        after_weeks=len(after),
    )


# -- CSV: plain text the person owns ------------------------------------------------------------------------
def _format_minutes(value: float) -> str:
    return f"{value:g}"


def to_csv_text(entries: Iterable[DiaryEntry]) -> str:
    """The diary as CSV text with a header, one row per night in date order."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for e in sorted(entries, key=lambda entry: entry.night):
        writer.writerow(
            [
                e.night.isoformat(),
                e.cramps,
                e.worst,
                _format_minutes(e.longest_min),
                "" if e.sleep is None else e.sleep,
                e.note,
            ]
        )
    return buffer.getvalue()


def from_csv_text(text: str) -> list[DiaryEntry]:
    """Read diary CSV text back. A bad row raises DiaryError naming the row, the problem and what is allowed.

    Rows are numbered as a spreadsheet shows them (the header is row 1). Blank lines are skipped. Extra
    columns are refused rather than silently dropped, so nothing the person wrote disappears.
    """
    if text.startswith("\ufeff"):
        text = text[1:]  # a byte-order mark, as some spreadsheets write
    reader = csv.reader(io.StringIO(text))
    try:
        header = next(reader)
    except StopIteration:
        raise DiaryError("the file is empty; a diary starts with the header " + ",".join(COLUMNS)) from None
    header = [name.strip().lower() for name in header]
    if tuple(header) != COLUMNS:
        raise DiaryError(f"row 1 (header) must be {','.join(COLUMNS)}; got {','.join(header)}")
    entries: list[DiaryEntry] = []
    seen: dict[date, int] = {}
    for row_number, row in enumerate(reader, start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(COLUMNS):
            raise DiaryError(
                f"row {row_number} has {len(row)} values; allowed: {len(COLUMNS)} ({','.join(COLUMNS)})"
            )
        try:
            entry = parse_entry(dict(zip(COLUMNS, row, strict=True)))
        except DiaryError as error:
            raise DiaryError(f"row {row_number}: {error}") from None
        if entry.night in seen:
            raise DiaryError(
                f"row {row_number}: night {entry.night.isoformat()} is already in row {seen[entry.night]}; "
                "keep one row per night"
            )
        seen[entry.night] = row_number
        entries.append(entry)
    return entries


def default_filename(today: date | None = None) -> str:
    """A dated name such as ``cramp-diary-2026-11-30.csv`` (letters, digits and dashes only)."""
    return f"cramp-diary-{(today or date.today()).isoformat()}.csv"


def save_diary(entries: Iterable[DiaryEntry], path: Path) -> Path:
    """Write the diary to ``path``, refusing if a file is already there: an old diary is never replaced.

    The write is atomic (a half-written file never appears) and the check-and-create is one step
    (``os.link`` fails if the name exists), so two saves can never overwrite each other either.
    """
    path = Path(path)
    if path.suffix.lower() != ".csv":
        raise DiaryError(f"a diary file must end in .csv, got {path.name!r}")
    if path.exists():
        raise DiaryError(
            f"{path.name} already exists and was not changed; choose a new name (for example "
            f"{path.stem}-2.csv) or load that file first"
        )
    folder = path.parent
    if not folder.is_dir():
        raise DiaryError(f"folder {folder} does not exist")
    data = to_csv_text(entries).encode("utf-8")
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=".partial-", suffix=".csv")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        try:
            os.link(temporary, path)
        except FileExistsError:
            raise DiaryError(
                f"{path.name} appeared while saving and was not changed; choose a new name"
            ) from None
    finally:
        os.unlink(temporary)
    return path


def load_diary(path: Path) -> list[DiaryEntry]:
    """Read a diary CSV file; errors name the file and the row."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DiaryError(f"no file named {path.name} in {path.parent}") from None
    except UnicodeDecodeError:
        raise DiaryError(f"{path.name} is not a text (CSV) file saved as UTF-8") from None
    try:
        return from_csv_text(text)
    except DiaryError as error:
        raise DiaryError(f"{path.name}: {error}") from None


#: The invented teaching diary in ``data/``; every cell is read as text and checked by :func:`parse_entry`.
EXAMPLE_DIARY = Table(
    "example_cramp_diary.csv",
    tuple(Column(name, required=name in ("night", "cramps"), default="") for name in COLUMNS),
    key="night",
)


def example_diary() -> list[DiaryEntry]:
    """An invented six-week diary for teaching (``data/example_cramp_diary.csv``): not a real patient."""
    entries = []
    for row in load_table(EXAMPLE_DIARY):
        try:
            entries.append(parse_entry(dict(row)))
        except DiaryError as error:
            raise DataError(f"{row.where}: {error}") from None
    return entries
