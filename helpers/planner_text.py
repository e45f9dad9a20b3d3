"""Text views of the planner for the session-planner notebook: the rules table and a list of broken rules.

Kept out of ``rules.py`` and ``planner.py`` on purpose: those modules decide what is safe; this one only
says it. The rules table is built from ``data/safety_rules.csv``, so a clinician who edits a value, a
reason or a reference sees the notebook's table change with no code change.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from helpers.citations import cite_markdown
from helpers.markdown_table import markdown_table
from helpers.planner import Violation
from helpers.rules import SafetyRule, load_rules
from helpers.timeline import DayPlan, PlanInputError

#: Badges for how strong the support for a rule is. A reader must see at a glance that a rule is common
#: advice or a design choice, not a tested treatment.
BADGE_NO_TRIAL = "**⚠ Common advice: no trial evidence**"
BADGE_DESIGN = "**Design rule (no source)**"


def evidence_badge(rule: SafetyRule) -> str:
    """A badge for rules without trial or guideline support, or ``""`` for a sourced rule.

    Read from the data, not from a list of ids: a rule with no references is a design rule of the
    planner; a rule whose evidence text says it has no trial evidence is common advice. So a new rule in
    the CSV is badged by what its row says.
    """
    if not rule.refs:
        return BADGE_DESIGN
    if rule.evidence.lower().startswith("no trial evidence"):
        return BADGE_NO_TRIAL
    return ""


def rules_markdown(rules: Mapping[str, SafetyRule] | None = None) -> str:
    """The safety rules as a Markdown table: id, value, unit, reason, evidence, disagreement, sources.

    Sources are citation links to the notebook's reference list (``helpers.citations``, student labels).
    """
    rules = load_rules() if rules is None else rules
    rows = []
    for rule in rules.values():
        badge = evidence_badge(rule)
        rows.append(
            (
                f"`{rule.rule_id}`",
                rule.value,
                rule.unit,
                rule.reason,
                f"{badge} {rule.evidence}" if badge else rule.evidence,
                rule.disagreement,
                cite_markdown(rule.refs, "student") if rule.refs else "none",
            )
        )
    return markdown_table(
        ("Rule", "Value", "Unit", "What the planner does", "Evidence", "Where sources disagree", "Sources"),
        rows,
    )


def rules_reference_ids(rules: Mapping[str, SafetyRule] | None = None) -> list[str]:
    """Every reference id the rules table cites, in first-seen order (for the notebook's reference list)."""
    rules = load_rules() if rules is None else rules
    seen: dict[str, None] = {}
    for rule in rules.values():
        seen.update(dict.fromkeys(rule.refs))
    return list(seen)


def plan_lines(plan: DayPlan) -> list[str]:
    """Each application as ``"#0  09:00-09:30 ice (30 min)"``, numbered as ``validate_plan`` numbers it."""
    return [f"#{index}  {app.describe()}" for index, app in enumerate(plan.applications)]


def violations_text(violations: Iterable[Violation]) -> str:
    """Broken rules one per line: rule id, the application's number, and the reason; or a plain all-clear.

    Sorted by application number, then rule id, so a reader can go down the plan row by row.
    """
    ordered = sorted(
        violations,
        key=lambda item: (item.application_index is None, item.application_index or 0, item.rule_id),
    )
    if not ordered:
        return "No rule is broken: this plan passes every safety check."
    lines = []
    for violation in ordered:
        where = "plan" if violation.application_index is None else f"#{violation.application_index}"
        lines.append(f"{violation.rule_id:<18} {where:>4}  {violation.message}")
    return "\n".join(lines)


def rules_list_markdown(rule_ids: list[str]) -> str:
    """Chosen safety rules as a Markdown list: each rule, what it rests on, how disagreements were resolved.

    The full table is :func:`rules_markdown`; this shorter form sits beside the text that explains a rule.
    """
    rules = load_rules()
    unknown = [rule_id for rule_id in rule_ids if rule_id not in rules]
    if unknown:
        raise PlanInputError(f"unknown rule id(s) {', '.join(unknown)}; known: {', '.join(rules)}")
    blocks = []
    for rule_id in rule_ids:
        rule = rules[rule_id]
        cite = f" {cite_markdown(rule.refs, 'student')}" if rule.refs else ""
        blocks.append(
            f"- **{rule.reason}** (`{rule_id}` = {rule.value} {rule.unit}){cite}\n"
            f"  - *Evidence:* {rule.evidence}\n  - *Where sources disagree:* {rule.disagreement}"
        )
    return "\n".join(blocks)
