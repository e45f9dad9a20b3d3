"""Core types of a day plan: what is applied (ice or heat), when, for how long, inside which waking hours.

Times are whole minutes after midnight of the day the waking window starts. A window that crosses
midnight (a night shift, say 22:00 to 06:00) simply has ``bed_min > 1440``, so ordering and gaps are plain
subtraction and nothing special happens at midnight.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import time
from enum import StrEnum

from helpers.errors import PlanInputError  # the project's InputError, under the name older code imports

MINUTES_PER_DAY = 24 * 60
_CLOCK = re.compile(r"^\s*(\d{1,2})[:.h](\d{2})\s*$")


class Modality(StrEnum):
    """What is put on the skin."""

    ICE = "ice"
    HEAT = "heat"


class Event(StrEnum):
    """What happened, in words a patient knows: the sources support different care for each."""

    CRAMP_GONE = "cramp_gone"
    SORE_AFTER_CRAMP = "sore_after_cramp"
    STRAIN = "strain"


def parse_clock(value: str | time, field: str = "time") -> int:
    """Minutes after midnight for ``"07:30"``, ``"7.30"``, ``"7h30"`` or a ``datetime.time``.

    ``field`` names the input in the error ("wake time", "bed time"), so a person knows which box to fix.
    """
    if isinstance(value, time):
        return value.hour * 60 + value.minute
    if not isinstance(value, str):
        raise PlanInputError(f"{field} must be written like 07:30, not {value!r}")
    match = _CLOCK.match(value)
    if not match:
        raise PlanInputError(
            f"{field} {value!r} is not a time; write it on the 24-hour clock, like 07:30 or 22:15"
        )
    hours, minutes = int(match.group(1)), int(match.group(2))
    if hours > 23 or minutes > 59:
        raise PlanInputError(
            f"{field} {value!r} is not a time; hours go from 00 to 23 and minutes from 00 to 59"
        )
    return hours * 60 + minutes


def format_clock(minutes: float) -> str:
    """``"14:05"`` for 845 or 2285 minutes (the clock wraps at midnight)."""
    whole = round(minutes) % MINUTES_PER_DAY
    return f"{whole // 60:02d}:{whole % 60:02d}"


@dataclass(frozen=True)
class WakingWindow:
    """The hours someone is awake: ice and heat are never used while asleep."""

    wake_min: int
    bed_min: int

    def __post_init__(self) -> None:
        if not 0 <= self.wake_min < MINUTES_PER_DAY:
            raise PlanInputError(f"wake time must be between 00:00 and 23:59, got minute {self.wake_min}")
        if not self.wake_min < self.bed_min <= self.wake_min + MINUTES_PER_DAY:
            raise PlanInputError("bed time must come after wake time, within 24 hours of it")

    @classmethod
    def from_clock(cls, wake: str | time, bed: str | time) -> WakingWindow:
        """Build from clock times; a bed time earlier than the wake time means the next day."""
        wake_min, bed_min = parse_clock(wake, "wake time"), parse_clock(bed, "bed time")
        if bed_min == wake_min:
            raise PlanInputError(
                f"wake and bed time are both {format_clock(wake_min)}: the waking window is empty; "
                "choose a bed time later than the wake time"
            )
        if bed_min < wake_min:
            bed_min += MINUTES_PER_DAY
        return cls(wake_min, bed_min)

    @property
    def length_min(self) -> int:
        return self.bed_min - self.wake_min

    @property
    def crosses_midnight(self) -> bool:
        return self.bed_min > MINUTES_PER_DAY

    def contains(self, start_min: float, end_min: float) -> bool:
        """True when [start, end] lies inside waking hours."""
        return self.wake_min <= start_min and end_min <= self.bed_min


@dataclass(frozen=True)
class Application:
    """One ice or heat application."""

    modality: Modality
    start_min: int
    duration_min: int

    @property
    def end_min(self) -> int:
        return self.start_min + self.duration_min

    def describe(self) -> str:
        """Plain words, e.g. ``"09:00-09:20 ice (20 min)"``."""
        return (
            f"{format_clock(self.start_min)}-{format_clock(self.end_min)} "
            f"{self.modality.value} ({self.duration_min} min)"
        )


@dataclass(frozen=True)
class DayPlan:
    """A day of applications inside a waking window, with notes on what was left out and why.

    ``event`` is what happened (a hand-made plan counts as a strain or knock, the case the injury sources
    describe); ``red_flags`` and ``screening`` are the answers the plan was made for, so an export can
    refuse a plan whose answers stop self-care.
    """

    window: WakingWindow
    applications: tuple[Application, ...]
    hours_since_onset: float
    notes: tuple[str, ...] = ()
    event: Event = Event.STRAIN
    red_flags: frozenset[str] = frozenset()
    screening: frozenset[str] = frozenset()

    def of(self, modality: Modality) -> tuple[Application, ...]:
        return tuple(app for app in self.applications if app.modality is modality)
