"""One picture of the whole series' evidence: every claim as a marker, by treatment and kind of study.

Why a dot chart and not a bar per treatment: a treatment often has several claims that point different ways
(quinine helps a little *and* harms), and a single bar would hide that. Direction is shown by marker shape
and colour together, and each marker carries a text label saying what condition was studied, so the chart
reads in greyscale and shows at a glance that much "strong" evidence is about back pain, not cramps.
"""

from __future__ import annotations

from collections import defaultdict

import matplotlib.pyplot as plt
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from helpers import style
from helpers.evidence import EVIDENCE_LEVELS, TREATMENT_LABELS, Claim, load_claims

#: Direction -> (colour, marker, legend label). Shape and colour both change, so colour is never alone.
DIRECTION_STYLE: dict[str, tuple[str, str, str]] = {
    "helps": (style.BLUISH_GREEN, "^", "helps (triangle up)"),
    "mixed": (style.ORANGE, "D", "mixed (diamond)"),
    "no clear effect": (style.BLUE, "o", "no clear effect (circle)"),
    "harms": (style.VERMILLION, "X", "harms (cross)"),
    "unknown": (style.GREY, "s", "unknown (square)"),
}

#: Short text labels for the condition each claim was studied in.
CONDITION_LABELS: dict[str, str] = {
    "night leg cramps": "night cramps",
    "leg cramps": "cramps",
    "muscle cramps": "cramps",
    "muscle cramps and spasms": "cramps/spasm",
    "exercise-associated cramps": "exercise cramps",
    "low back pain": "back pain",
    "back spasm": "back spasm",
    "acute soft-tissue injury": "injury",
    "ankle sprain": "sprain",
    "delayed-onset muscle soreness": "DOMS",
    "exercise-induced muscle damage": "muscle damage",
    "exercise recovery": "recovery",
}

TITLE = (
    "Trials in people with cramps exist only for stretching and quinine;\n"
    "most other strong evidence is about back pain, and several self-care tips have none"
)


def condition_label(condition: str) -> str:
    """Short label for a condition; every harm row reads just "harm"."""
    if condition.endswith("(harm)"):
        return "harm"
    return CONDITION_LABELS.get(condition, condition)


def _positions(claims: tuple[Claim, ...], treatments: list[str]) -> list[tuple[Claim, float, float]]:
    """(claim, x, y) with claims sharing a cell stacked vertically, in file order, so none overlap."""
    cells: dict[tuple[str, int], list[Claim]] = defaultdict(list)
    for claim in claims:
        cells[(claim.treatment, claim.level_rank)].append(claim)
    placed = []
    for (treatment, rank), members in cells.items():
        row = treatments.index(treatment)
        for index, claim in enumerate(members):
            offset = (index - (len(members) - 1) / 2) * 0.22
            placed.append((claim, float(rank) - 0.3, row + offset))
    return placed


def plot_evidence_overview(claims: tuple[Claim, ...] | None = None, ax: Axes | None = None) -> Figure:
    """Dot chart: treatments down the side, kind of evidence across, one labelled marker per claim."""
    claims = load_claims() if claims is None else claims
    if ax is None:
        figure, ax = plt.subplots(figsize=(12.5, 9.5), dpi=80, layout="constrained")
    else:
        figure = ax.get_figure()
    treatments = [name for name in TREATMENT_LABELS if any(claim.treatment == name for claim in claims)]
    for column in range(len(EVIDENCE_LEVELS)):
        if column % 2:
            ax.axvspan(column - 0.5, column + 0.5, color="#F2F2F2", zorder=0)
    for claim, x, y in _positions(claims, treatments):
        colour, marker, _ = DIRECTION_STYLE[claim.direction]
        ax.plot(
            x, y, marker=marker, color=colour, markersize=8, markeredgecolor=style.BLACK, linestyle="none"
        )
        ax.text(x + 0.1, y, condition_label(claim.condition), fontsize=7.5, va="center", ha="left")
    ax.set_yticks(range(len(treatments)), [TREATMENT_LABELS[name] for name in treatments])
    ax.set_ylim(len(treatments) - 0.5, -0.5)
    ax.set_xticks(range(len(EVIDENCE_LEVELS)), EVIDENCE_LEVELS)
    ax.set_xlim(-0.5, len(EVIDENCE_LEVELS) - 0.5)
    for row in range(len(treatments)):
        ax.axhline(row + 0.5, color="#CCCCCC", linewidth=0.6, zorder=0)
    ax.set_xlabel("Kind of evidence found (category, weakest on the left, strongest on the right)")
    ax.set_ylabel("Treatment (category)")
    ax.set_title(TITLE, fontsize=11)
    handles = [
        Line2D(
            [], [], marker=marker, color=colour, markeredgecolor=style.BLACK, linestyle="none", label=label
        )
        for colour, marker, label in DIRECTION_STYLE.values()
    ]
    ax.legend(
        handles=handles,
        title="Direction of the evidence\n(text: condition studied)",
        loc="upper left",
        bbox_to_anchor=(1.01, 1.0),
        fontsize=8.5,
        title_fontsize=8.5,
    )
    return figure
