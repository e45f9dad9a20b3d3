"""The planner's safety rules, read from ``data/safety_rules.csv``.

The numbers (20 minutes, 2 hours, 3 a day, 72 hours...) are clinical choices that a clinician may want to
review or change, and the sources disagree on several of them. Keeping them in a CSV, each with its reason,
references and the disagreement we resolved, means a change is made in one reviewed place and flows into
the planner, its checks and the notebooks without touching code.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from helpers.data import Column, DataError, Table, cached, load_table

RULES_FILE = "safety_rules.csv"
MODALITIES = ("ice", "heat", "both")

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
)


@dataclass(frozen=True)
class SafetyRule:
    """One row of ``safety_rules.csv``: a value, the unit it is in, and why (in words and references)."""

    rule_id: str
    modality: str
    value: str
    unit: str
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
        value = self.number()
        if value != int(value):
            raise DataError(f"{RULES_FILE}: rule {self.rule_id} must be a whole number, got {self.value!r}")
        return int(value)


RULES = Table(
    RULES_FILE,
    (
        Column("rule_id"),
        Column("modality", "choice", choices=MODALITIES),
        Column("value"),
        Column("unit"),
        Column("reason"),
        Column("refs", "refs", required=False),
        Column("evidence"),
        Column("disagreement"),
    ),
    key="rule_id",
)


@cached
def _load_rules() -> tuple[SafetyRule, ...]:
    rules = tuple(SafetyRule(**row) for row in load_table(RULES))
    missing = [rule_id for rule_id in RULE_IDS if rule_id not in {rule.rule_id for rule in rules}]
    if missing:
        raise DataError(f"{RULES_FILE}: rule(s) {', '.join(missing)} missing; the planner needs them all")
    return rules


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
}


@dataclass(frozen=True)
class Limits:
    """The numeric limits the planner obeys, all taken from the rules so there are no numbers in code.

    Intervals are start to start. ``heat_earliest_h`` is the hours after onset before heat is allowed.
    ``min_duration_min`` (from POSITIVE_DURATION) is the shortest session the planner accepts.
    """

    ice_max_min: int
    ice_min_interval_min: int
    heat_max_min: int
    heat_min_interval_min: int
    heat_max_per_day: int
    heat_earliest_h: float
    min_duration_min: int

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
            values[field_name] = rule.number() if field_name == "heat_earliest_h" else rule.whole_number()
        return cls(**values)  # type: ignore[arg-type]


@cached
def default_limits() -> Limits:
    """The limits in ``data/safety_rules.csv`` as shipped."""
    return Limits.from_rules(load_rules())
