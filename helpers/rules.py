"""The planner's safety rules, read from ``data/safety_rules.csv``.

The numbers (20 minutes, 2 hours, 3 a day, 72 hours...) are clinical choices that a clinician may want to
review or change, and the sources disagree on several of them. Keeping them in a CSV, each with its reason,
references and the disagreement we resolved, means a change is made in one reviewed place and flows into
the planner, its checks and the notebooks without touching code.

A rule's reason is said once. Where a patient-facing safety sentence already says it
(``data/safety_messages.csv``), the rule names that message in its ``message`` column and leaves ``reason``
empty; otherwise ``reason`` is its own sentence. Numbers in a reason are never typed: ``{ICE_MAX_DURATION}``
is filled in from the rule's value (``{RULE:h}`` gives minutes as hours, ``{RULE:d}`` hours as days), as in
the safety messages, so a changed limit changes every sentence that states it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from helpers.data import Column, DataError, Row, Table, cached, load_table
from helpers.errors import whole_number

RULES_FILE = "safety_rules.csv"
MODALITIES = ("ice", "heat", "both")
_PLACEHOLDER = re.compile(r"\{([A-Z][A-Z0-9_]*)(?::([hd]))?\}")
_UNIT_DIVISOR = {"": 1, "h": 60, "d": 24}

#: Every rule the planner and ``validate_plan`` rely on; a missing row is a broken data file.
RULE_IDS = (
    "ICE_MAX_DURATION",
    "ICE_MIN_INTERVAL",
    "HEAT_MAX_DURATION",
    "HEAT_MIN_INTERVAL",
    "HEAT_MAX_PER_DAY",
    "HEAT_NOT_ACUTE",
    "ICE_BARRIER",
    "NO_SLEEP",
    "NO_OVERLAP",
    "POSITIVE_DURATION",
    "ICE_CONTRAINDICATED",
    "HEAT_CONTRAINDICATED",
    "HEAT_THEN_ICE",
    "RED_FLAG_STOP",
    "CRAMP_GONE_NO_PLAN",
    "ICE_REPEAT_MAX_H",
    "ICE_SESSIONS_DEFAULT",
    "HEAT_SESSIONS_DEFAULT",
    "SORE_AFTER_CRAMP_MAX_H",
)


@dataclass(frozen=True)
class SafetyRule:
    """One row of ``safety_rules.csv``: a value, the unit it is in, and why (in words and references).

    ``reason`` is the sentence to show: the named safety message's text, or the rule's own sentence, with
    its numbers filled in. ``message`` is that message's id, or ``""``.
    """

    rule_id: str
    modality: str
    value: str
    unit: str
    message: str
    reason: str
    refs: tuple[str, ...]
    evidence: str
    disagreement: str

    def number(self) -> float:
        """The value as a number; a rule such as ``ICE_BARRIER`` (``true``) has none and raises DataError."""
        try:
            return float(self.value)
        except ValueError:
            raise DataError(
                f"{RULES_FILE}: rule {self.rule_id} has value {self.value!r}, not a number"
            ) from None

    def whole_number(self) -> int:
        """The value as a whole number, for limits counted in whole minutes or sessions."""
        value = whole_number(self.number())
        if value is None:
            raise DataError(f"{RULES_FILE}: rule {self.rule_id} must be a whole number, got {self.value!r}")
        return value


RULES = Table(
    RULES_FILE,
    (
        Column("rule_id"),
        Column("modality", "choice", choices=MODALITIES),
        Column("value"),
        Column("unit"),
        Column("message", required=False, default=""),
        Column("reason", required=False, default=""),
        Column("refs", "refs", required=False),
        Column("evidence"),
        Column("disagreement"),
    ),
    key="rule_id",
)


@cached
def _rows() -> tuple[Row, ...]:
    """The table as read (reasons not yet filled in): what :func:`fill_rule_values` needs."""
    return tuple(load_table(RULES))


def fill_rule_values(text: str, where: str) -> str:
    """``text`` with each ``{RULE_ID}`` (or ``{RULE_ID:h}`` / ``{RULE_ID:d}``) replaced by that rule's value.

    Used for the rules' own reasons and for the safety messages, so no sentence retypes a limit.
    """
    values = {row["rule_id"]: row["value"] for row in _rows()}

    def value(match: re.Match[str]) -> str:
        rule, unit = match.group(1), match.group(2) or ""
        if rule not in values:
            raise DataError(f"{where}: {{{rule}}} is not a rule_id in {RULES_FILE}")
        try:
            number = float(values[rule]) / _UNIT_DIVISOR[unit]
        except ValueError as error:
            raise DataError(f"{where}: rule {rule} has value {values[rule]!r}, not a number") from error
        return f"{number:g}"

    return _PLACEHOLDER.sub(value, text)


@cached
def _load_rules() -> tuple[SafetyRule, ...]:
    # Imported here: the messages fill their numbers from this module's table.
    from helpers.messages import safety_text

    rules = []
    for row in _rows():
        message, reason = row["message"], row["reason"]
        if bool(message) == bool(reason):
            said = "both a message and a reason" if message else "neither a message nor a reason"
            raise DataError(
                f"{row.where}: the rule has {said}; give one: the id of the safety message that says it, "
                "or its own sentence"
            )
        if message:
            try:
                text = safety_text(message)
            except DataError as error:
                raise DataError(f"{row.where}: {error}") from None
        else:
            text = fill_rule_values(reason, row.where)
        rules.append(SafetyRule(**{**row, "reason": text}))
    rules_tuple = tuple(rules)
    missing = [rule_id for rule_id in RULE_IDS if rule_id not in {rule.rule_id for rule in rules_tuple}]
    if missing:
        raise DataError(f"{RULES_FILE}: rule(s) {', '.join(missing)} missing; the planner needs them all")
    return rules_tuple


def load_rules() -> dict[str, SafetyRule]:
    """All safety rules by id, in file order (a fresh dict, so a caller may edit it for a what-if)."""
    return {rule.rule_id: rule for rule in _load_rules()}


#: Which rule sets each field of ``Limits`` and the unit that rule must be written in.
_LIMIT_FIELDS: dict[str, tuple[str, str]] = {
    "ice_max_min": ("ICE_MAX_DURATION", "min"),
    "ice_min_interval_min": ("ICE_MIN_INTERVAL", "min"),
    "heat_max_min": ("HEAT_MAX_DURATION", "min"),
    "heat_min_interval_min": ("HEAT_MIN_INTERVAL", "min"),
    "heat_max_per_day": ("HEAT_MAX_PER_DAY", "count"),
    "heat_earliest_h": ("HEAT_NOT_ACUTE", "h"),
    "min_duration_min": ("POSITIVE_DURATION", "min"),
    "ice_repeat_max_h": ("ICE_REPEAT_MAX_H", "h"),
    "ice_sessions_default": ("ICE_SESSIONS_DEFAULT", "count"),
    "heat_sessions_default": ("HEAT_SESSIONS_DEFAULT", "count"),
    "sore_after_cramp_max_h": ("SORE_AFTER_CRAMP_MAX_H", "h"),
}


@dataclass(frozen=True)
class Limits:
    """The numeric limits the planner obeys, all taken from the rules so there are no numbers in code.

    Intervals are start to start. ``heat_earliest_h`` is the hours after onset before heat is allowed.
    ``min_duration_min`` (from POSITIVE_DURATION) is the shortest session the planner accepts.
    ``ice_repeat_max_h`` is how long after a strain or knock repeated ice is supported (borrowed for a sore
    muscle after a cramp); ``sore_after_cramp_max_h`` is how long soreness after a cramp is expected, after
    which the planner sends the person to a clinician; the ``*_sessions_default`` are suggested counts a day.
    """

    ice_max_min: int
    ice_min_interval_min: int
    heat_max_min: int
    heat_min_interval_min: int
    heat_max_per_day: int
    heat_earliest_h: float
    min_duration_min: int
    ice_repeat_max_h: float = 72
    ice_sessions_default: int = 4
    heat_sessions_default: int = 2
    sore_after_cramp_max_h: float = 24

    def __post_init__(self) -> None:
        if self.min_duration_min < 1:
            raise DataError(f"limit min_duration_min must be at least 1 minute, got {self.min_duration_min}")
        for name in ("ice_max_min", "ice_min_interval_min", "heat_max_min", "heat_min_interval_min"):
            if getattr(self, name) < self.min_duration_min:
                raise DataError(
                    f"limit {name} = {getattr(self, name)} min is shorter than the shortest session "
                    f"({self.min_duration_min} min)"
                )
        if self.heat_max_per_day < 0 or self.heat_earliest_h < 0:
            raise DataError("limits heat_max_per_day and heat_earliest_h cannot be negative")
        if self.ice_repeat_max_h < 0 or self.sore_after_cramp_max_h < 0:
            raise DataError("limits ice_repeat_max_h and sore_after_cramp_max_h cannot be negative")
        if self.ice_sessions_default < 1 or self.heat_sessions_default < 1:
            raise DataError("suggested sessions a day must be at least 1")

    @classmethod
    def from_rules(cls, rules: Mapping[str, SafetyRule]) -> Limits:
        """Build limits from a rule dict (from ``load_rules()`` or an edited copy of it)."""
        values: dict[str, float] = {}
        for field_name, (rule_id, unit) in _LIMIT_FIELDS.items():
            if rule_id not in rules:
                raise DataError(f"rule {rule_id} is missing; it sets the planner limit {field_name}")
            rule = rules[rule_id]
            if rule.unit != unit:
                raise DataError(f"rule {rule_id} must be in {unit!r}, got {rule.unit!r}")
            values[field_name] = rule.number() if unit == "h" else rule.whole_number()
        return cls(**values)  # type: ignore[arg-type]


@cached
def default_limits() -> Limits:
    """The limits in ``data/safety_rules.csv`` as shipped."""
    return Limits.from_rules(load_rules())
