"""Is it a cramp? The "what fits?" sorter, special groups and the two-level DVT Wells score (notebook 07).

A physiotherapist's first question is whether a "cramp" is a cramp at all. The sorter lays a student's
picked features of a presentation beside a set of patterns (ordinary night cramp, restless legs,
claudication, a clot, sciatica...) and beside warning signs. It **explains, it never diagnoses**: it says
which picked features fit or argue against each pattern, with sources, and it never ranks by probability
(no bedside accuracy data were found). Every warning sign points at one question of the shared red-flag
table (``data/red_flags.csv``), and the advice shown is that table's advice, chosen by
:func:`helpers.triage.triage`: the sorter has no safety wording of its own.

Everything clinical lives in ``data/`` (features, patterns, links, warnings, special groups, Wells items),
so a clinician edits a table, not code. The parse functions take rows so tests can feed bad rows and check
that the error names the file, the row and what is allowed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

from helpers.citations import cite_markdown
from helpers.data import Column, DataError, Row, Table, cached, load_table
from helpers.markdown_table import markdown_table
from helpers.timeline import PlanInputError
from helpers.triage import RedFlag, TriageResult, Urgency, flags_by_id, triage

#: Feature groups in the order the sorter shows them, with a heading for each.
GROUPS: dict[str, str] = {
    "where": "Where is it?",
    "when": "When does it happen?",
    "feel": "What is it like?",
    "signs": "Other signs",
    "person": "The person and their history",
}
ROLES = ("supports", "against")
SELF_CARE_VALUES = ("yes", "no")


@dataclass(frozen=True)
class Feature:
    """One thing a student can pick about a presentation (a place, a timing, a sign, a risk factor)."""

    id: str
    group: str
    label: str


@dataclass(frozen=True)
class Pattern:
    """A condition that a "cramp" may be, or may be confused with, and what to do about it."""

    id: str
    name: str
    what_it_is: str
    what_to_do: str
    self_care: bool
    refs: tuple[str, ...]
    evidence_note: str


@dataclass(frozen=True)
class Link:
    """A feature that fits (``supports``) or argues against (``against``) a pattern, with its sources."""

    pattern_id: str
    feature_id: str
    role: str
    refs: tuple[str, ...]


@dataclass(frozen=True)
class WarningSign:
    """A combination of features that means "stop self-care": it points at a red-flag question."""

    id: str
    label: str
    when_all: tuple[str, ...]
    when_any: tuple[str, ...]
    red_flag_id: str
    refs: tuple[str, ...]
    note: str

    def applies(self, picked: frozenset[str]) -> bool:
        """True when every ``when_all`` feature and at least one ``when_any`` feature is picked."""
        return set(self.when_all) <= picked and (not self.when_any or bool(picked & set(self.when_any)))


@dataclass(frozen=True)
class SpecialGroup:
    """A group of people for whom the usual advice changes (pregnancy, dialysis, children...)."""

    id: str
    feature_id: str
    group: str
    what_changes: str
    heat_ice: str
    refs: tuple[str, ...]


@dataclass(frozen=True)
class SorterTables:
    """All sorter tables, checked against each other (every id a link or warning uses exists)."""

    features: Mapping[str, Feature]
    patterns: Mapping[str, Pattern]
    links: tuple[Link, ...]
    warnings: tuple[WarningSign, ...]
    special_groups: tuple[SpecialGroup, ...]


@dataclass(frozen=True)
class PatternFit:
    """How the picked features sit with one pattern: which fit, which argue against."""

    pattern: Pattern
    fits: tuple[Feature, ...]
    against: tuple[Feature, ...]
    refs: tuple[str, ...]


@dataclass(frozen=True)
class WarningMatch:
    """A warning sign that applies, the red-flag question it points at, and the features that set it off."""

    warning: WarningSign
    red_flag: RedFlag
    because: tuple[Feature, ...]


@dataclass(frozen=True)
class SortResult:
    """What the sorter shows for a set of picked features.

    ``advice`` is the shared red-flag table's verdict for the matched warning signs (``None`` when none
    applies), so every path through a warning sign ends at that table's advice. ``self_care_allowed`` is
    False whenever a warning sign applies.
    """

    picked: tuple[Feature, ...]
    warnings: tuple[WarningMatch, ...]
    advice: TriageResult | None
    patterns: tuple[PatternFit, ...]
    special_groups: tuple[SpecialGroup, ...]

    @property
    def self_care_allowed(self) -> bool:
        return self.advice is None or self.advice.level is Urgency.SELF_CARE


#: The declarations of the sorter's tables: the one loader (helpers.data.load_table) checks every cell.
FEATURES = Table(
    "assessment_features.csv",
    (Column("id"), Column("group", "choice", choices=tuple(GROUPS)), Column("label")),
)
PATTERNS = Table(
    "assessment_patterns.csv",
    (
        Column("id"),
        Column("name"),
        Column("what_it_is"),
        Column("what_to_do"),
        Column("self_care", "flag", choices=SELF_CARE_VALUES),
        Column("refs", "refs"),
        Column("evidence_note", required=False, default=""),
    ),
)
LINKS = Table(
    "assessment_links.csv",
    (
        Column("pattern_id"),
        Column("feature_id"),
        Column("role", "choice", choices=ROLES),
        Column("refs", "refs", required=False),
    ),
    key=None,
)
WARNINGS = Table(
    "assessment_warnings.csv",
    (
        Column("id"),
        Column("label"),
        Column("when_all", "list", required=False),
        Column("when_any", "list", required=False),
        Column("red_flag_id"),
        Column("refs", "refs"),
        Column("note", required=False, default=""),
    ),
)
SPECIAL_GROUPS = Table(
    "special_groups.csv",
    (
        Column("id"),
        Column("feature_id"),
        Column("group"),
        Column("what_changes"),
        Column("heat_ice"),
        Column("refs", "refs"),
    ),
)
WELLS = Table(
    "wells_dvt.csv",
    (Column("id"), Column("label"), Column("points", "int", low=-2, high=1), Column("refs", "refs")),
)


def _where(row: Row, name: str, number: int) -> str:
    """Where a row sits, for error messages: the loader's file and line, or its position in a list."""
    return getattr(row, "where", f"{name}, data row {number}")


def parse_features(rows: Sequence[Row]) -> Mapping[str, Feature]:
    """Features by id (cells already checked by the loader)."""
    return MappingProxyType(
        {row["id"]: Feature(id=row["id"], group=row["group"], label=row["label"]) for row in rows}
    )


def parse_patterns(rows: Sequence[Row]) -> Mapping[str, Pattern]:
    """Patterns by id (cells already checked by the loader)."""
    return MappingProxyType({row["id"]: Pattern(**row) for row in rows})


def parse_links(
    rows: Sequence[Row], features: Mapping[str, Feature], patterns: Mapping[str, Pattern]
) -> tuple[Link, ...]:
    """Feature-pattern links; both ids must exist, a pair only once; empty refs mean the pattern's."""
    links: list[Link] = []
    seen: set[tuple[str, str]] = set()
    for number, row in enumerate(rows, start=1):
        pattern_id, feature_id = row["pattern_id"], row["feature_id"]
        where = f"{_where(row, LINKS.file, number)} ({pattern_id}, {feature_id})"
        if pattern_id not in patterns:
            raise DataError(f"{where}: unknown pattern_id {pattern_id!r}; see data/assessment_patterns.csv")
        if feature_id not in features:
            raise DataError(f"{where}: unknown feature_id {feature_id!r}; see data/assessment_features.csv")
        if (pattern_id, feature_id) in seen:
            raise DataError(f"{where}: this pattern and feature are linked twice")
        seen.add((pattern_id, feature_id))
        refs = tuple(row["refs"]) or patterns[pattern_id].refs
        links.append(Link(pattern_id=pattern_id, feature_id=feature_id, role=row["role"], refs=refs))
    return tuple(links)


def parse_warnings(
    rows: Sequence[Row], features: Mapping[str, Feature], red_flags: Mapping[str, RedFlag]
) -> tuple[WarningSign, ...]:
    """Warning signs; features must exist, at least one is required, and the red-flag id must exist."""
    warnings: list[WarningSign] = []
    for number, row in enumerate(rows, start=1):
        where = _where(row, WARNINGS.file, number)
        when_all, when_any = tuple(row["when_all"]), tuple(row["when_any"])
        if not when_all and not when_any:
            raise DataError(f"{where}: when_all and when_any are both empty; a warning needs a feature")
        unknown = [feature for feature in when_all + when_any if feature not in features]
        if unknown:
            raise DataError(
                f"{where}: unknown feature id(s) {', '.join(unknown)}; see data/assessment_features.csv"
            )
        red_flag_id = row["red_flag_id"]
        if red_flag_id not in red_flags:
            raise DataError(f"{where}: red_flag_id {red_flag_id!r} is not an id in data/red_flags.csv")
        if red_flags[red_flag_id].urgency is Urgency.SELF_CARE:
            raise DataError(f"{where}: red_flag_id {red_flag_id!r} is the self-care question, not a warning")
        warnings.append(WarningSign(**{**row, "when_all": when_all, "when_any": when_any}))
    return tuple(warnings)


def parse_special_groups(rows: Sequence[Row], features: Mapping[str, Feature]) -> tuple[SpecialGroup, ...]:
    """Special groups; each names the sorter feature that shows it."""
    groups: list[SpecialGroup] = []
    for number, row in enumerate(rows, start=1):
        if row["feature_id"] not in features:
            raise DataError(
                f"{_where(row, SPECIAL_GROUPS.file, number)}: unknown feature_id {row['feature_id']!r}; "
                "see data/assessment_features.csv"
            )
        groups.append(SpecialGroup(**row))
    return tuple(groups)


@cached
def load_sorter() -> SorterTables:
    """Load and cross-check the five sorter tables in ``data/`` (cached, read-only)."""
    features = parse_features(load_table(FEATURES))
    patterns = parse_patterns(load_table(PATTERNS))
    return SorterTables(
        features=features,
        patterns=patterns,
        links=parse_links(load_table(LINKS), features, patterns),
        warnings=parse_warnings(load_table(WARNINGS), features, flags_by_id()),
        special_groups=parse_special_groups(load_table(SPECIAL_GROUPS), features),
    )


def _check_picked(picked: Iterable[str], features: Mapping[str, Feature]) -> frozenset[str]:
    if isinstance(picked, str):
        raise PlanInputError(
            "pick features as a list of ids, for example ['calf_or_foot', 'at_rest_or_night']"
        )
    chosen = frozenset(picked)
    unknown = sorted(chosen - features.keys())
    if unknown:
        raise PlanInputError(f"unknown feature id(s) {', '.join(unknown)}; valid ids: {', '.join(features)}")
    return chosen


def sort_features(picked: Iterable[str], tables: SorterTables | None = None) -> SortResult:
    """Which warning signs apply and which patterns fit the picked feature ids.

    Patterns are listed when at least one picked feature fits them, most fitting features first, then
    fewest against, then table order. The order is a reading aid, not a likelihood. An unknown id raises
    :class:`~helpers.timeline.PlanInputError` naming the valid ids, because a silently ignored typo could
    hide a warning sign.
    """
    tables = tables or load_sorter()
    chosen = _check_picked(picked, tables.features)
    picked_features = tuple(feature for key, feature in tables.features.items() if key in chosen)

    matches = []
    red_flags = flags_by_id()
    for warning in tables.warnings:
        if warning.applies(chosen):
            because = tuple(
                tables.features[key] for key in (*warning.when_all, *warning.when_any) if key in chosen
            )
            matches.append(
                WarningMatch(warning=warning, red_flag=red_flags[warning.red_flag_id], because=because)
            )
    advice = triage({match.red_flag.id: True for match in matches}) if matches else None

    fits: list[PatternFit] = []
    for pattern in tables.patterns.values():
        links = [link for link in tables.links if link.pattern_id == pattern.id and link.feature_id in chosen]
        supporting = tuple(tables.features[link.feature_id] for link in links if link.role == "supports")
        if not supporting:
            continue
        against = tuple(tables.features[link.feature_id] for link in links if link.role == "against")
        refs: list[str] = []
        for link in links:
            refs.extend(ref for ref in link.refs if ref not in refs)
        fits.append(PatternFit(pattern=pattern, fits=supporting, against=against, refs=tuple(refs)))
    fits.sort(key=lambda fit: (-len(fit.fits), len(fit.against)))  # stable: table order breaks ties

    groups = tuple(group for group in tables.special_groups if group.feature_id in chosen)
    return SortResult(
        picked=picked_features,
        warnings=tuple(matches),
        advice=advice,
        patterns=tuple(fits),
        special_groups=groups,
    )


def features_by_group(tables: SorterTables | None = None) -> dict[str, tuple[Feature, ...]]:
    """Features grouped in :data:`GROUPS` order, table order within a group (for tick-box layouts)."""
    tables = tables or load_sorter()
    return {
        group: tuple(feature for feature in tables.features.values() if feature.group == group)
        for group in GROUPS
    }


# --- The two-level DVT Wells score, for students -------------------------------------------------------


@dataclass(frozen=True)
class WellsItem:
    """One item of the two-level DVT Wells score and its points."""

    id: str
    label: str
    points: int
    refs: tuple[str, ...]


@dataclass(frozen=True)
class WellsResult:
    """The score and NICE's two levels, or why the score does not apply to this person."""

    applicable: bool
    score: int | None
    level: str
    next_step: str
    refs: tuple[str, ...]


#: NICE NG158: 2 points or more is "DVT likely", 1 or less "DVT unlikely".
WELLS_LIKELY_FROM = 2
WELLS_NOT_FOR = (
    "The Wells score is not used for a pregnant person or anyone under 18: NICE's diagnostic rules do not "
    "cover them. Refer for same-day medical assessment instead."
)
WELLS_NEXT = {
    "likely": (
        "DVT likely: NICE says offer a proximal leg vein ultrasound with the result within 4 hours if "
        "possible, and a D-dimer test if the scan is negative."
    ),
    "unlikely": (
        "DVT unlikely (1 point or less). The next test for this level was not in the NICE text the series "
        "read; the person still needs a medical assessment, not a self-care plan."
    ),
}


@cached
def load_wells() -> Mapping[str, WellsItem]:
    """The Wells items from ``data/wells_dvt.csv`` (points checked as whole numbers from -2 to 1)."""
    return MappingProxyType({row["id"]: WellsItem(**row) for row in load_table(WELLS)})


def wells_dvt(ticked: Iterable[str], *, age_years: int, pregnant: bool) -> WellsResult:
    """The two-level DVT Wells score as NICE NG158 uses it, for teaching.

    It refuses to score a pregnant person or anyone under 18 (``applicable=False``): NICE's diagnostic
    rules were written without them, and a score would look more certain than it is.
    """
    items = load_wells()
    if isinstance(ticked, str):
        raise PlanInputError("tick Wells items as a list of ids, for example ['entire_leg_swollen']")
    chosen = set(ticked)
    unknown = sorted(chosen - items.keys())
    if unknown:
        raise PlanInputError(f"unknown Wells item(s) {', '.join(unknown)}; valid ids: {', '.join(items)}")
    if isinstance(age_years, bool) or not isinstance(age_years, int) or not 0 <= age_years <= 120:
        raise PlanInputError(f"age_years must be a whole number of years from 0 to 120, not {age_years!r}")
    refs = ("nice_ng158",)
    if pregnant or age_years < 18:
        return WellsResult(
            applicable=False, score=None, level="not applicable", next_step=WELLS_NOT_FOR, refs=refs
        )
    score = sum(items[key].points for key in chosen)
    level = "likely" if score >= WELLS_LIKELY_FROM else "unlikely"
    return WellsResult(applicable=True, score=score, level=level, next_step=WELLS_NEXT[level], refs=refs)


# --- Tables for readers without a kernel ---------------------------------------------------------------


def _cite(refs: Iterable[str]) -> str:
    return cite_markdown(tuple(refs), "student")


def patterns_markdown(tables: SorterTables | None = None) -> str:
    """A Markdown table of every pattern: what it is, what to do, self-care or refer, sources."""
    tables = tables or load_sorter()
    return markdown_table(
        ("Pattern", "What the sources describe", "What to do", "Self-care?", "Sources"),
        (
            (
                f"**{pattern.name}**",
                pattern.what_it_is,
                pattern.what_to_do,
                "yes" if pattern.self_care else "no: explain and refer",
                _cite(pattern.refs),
            )
            for pattern in tables.patterns.values()
        ),
    )


def warnings_markdown(tables: SorterTables | None = None) -> str:
    """A Markdown table of every warning sign, the red-flag question it leads to, and its level."""
    tables = tables or load_sorter()
    flags = flags_by_id()
    return markdown_table(
        ("Warning sign", "Leads to the checklist question", "Level", "What the sources add", "Sources"),
        (
            (
                warning.label,
                flags[warning.red_flag_id].question,
                flags[warning.red_flag_id].urgency.value,
                warning.note or "-",
                _cite(warning.refs),
            )
            for warning in tables.warnings
        ),
    )


def special_groups_markdown(tables: SorterTables | None = None) -> str:
    """A Markdown table of the special groups: what changes, and what changes for heat and ice."""
    tables = tables or load_sorter()
    return markdown_table(
        ("Group", "What changes", "Heat and ice", "Sources"),
        (
            (f"**{group.group}**", group.what_changes, group.heat_ice, _cite(group.refs))
            for group in tables.special_groups
        ),
    )


def cited_ids(tables: SorterTables | None = None) -> tuple[str, ...]:
    """Every reference id the sorter tables cite (patterns, links, warnings, special groups, Wells)."""
    tables = tables or load_sorter()
    ids: list[str] = []
    groups: list[Iterable[str]] = [pattern.refs for pattern in tables.patterns.values()]
    groups += [link.refs for link in tables.links]
    groups += [warning.refs for warning in tables.warnings]
    groups += [group.refs for group in tables.special_groups]
    groups += [item.refs for item in load_wells().values()]
    groups += [flags_by_id()[warning.red_flag_id].refs for warning in tables.warnings]
    for refs in groups:
        ids.extend(ref for ref in refs if ref not in ids)
    return tuple(ids)
