"""The cramp diary as a picture: cramps per week (bars) over the average worst cramp (line), week by week.

Two stacked panels share the week axis, so a reader sees both things trials measure: how often
(cramps per week) and how bad (0-10). Bars for weeks with a gap in the log are hatched differently and
labelled with the nights logged, so a scaled-up estimate is never mistaken for a full count. When a
change week is given, the baseline average and the "25% fewer" line a responder must reach are drawn.
"""

from __future__ import annotations

from collections.abc import Sequence

from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from helpers import style
from helpers.cramp_diary import RESPONDER_DROP, SCALE, Comparison, WeekSummary
from helpers.render import new_figure

FULL_WEEK = (style.BLUE, "///", "7 nights logged")
PART_WEEK = (style.SKY_BLUE, "..", "fewer nights logged (scaled to 7)")
TITLE = "Your cramp diary: are the bars getting shorter?"
EMPTY_TEXT = "No nights logged yet.\nAdd your first night above to see your weeks here."


def diary_figure() -> tuple[Figure, tuple]:
    """One figure with two panels, built once; :func:`draw_diary` redraws it for every change."""
    figure = new_figure(8.5, 5.6, dpi=90)
    top, bottom = figure.subplots(2, 1, sharex=True, gridspec_kw={"height_ratios": [3, 2]})
    figure.subplots_adjust(left=0.1, right=0.97, top=0.9, bottom=0.1, hspace=0.12)
    return figure, (top, bottom)


def draw_diary(axes: tuple, weeks: Sequence[WeekSummary], comparison: Comparison | None = None) -> None:
    """Draw the weeks on the two panels (cleared first)."""
    top, bottom = axes
    figure = top.get_figure()
    top.clear()
    bottom.clear()
    figure.suptitle(TITLE, fontsize=12, weight="bold")
    top.set_ylabel("Cramps per week\n(count)")
    bottom.set_ylabel("Worst cramp\n(0-10, average)")
    bottom.set_xlabel("Week of the diary (week 1 starts on the first night logged)")
    bottom.set_ylim(SCALE[0], SCALE[1] + 0.5)
    if not weeks:
        top.text(0.5, 0.5, EMPTY_TEXT, ha="center", va="center", transform=top.transAxes, fontsize=11)
        top.set_ylim(0, 5)
        top.set_xticks([])
        bottom.set_xticks([])
        return
    numbers = [w.week for w in weeks]
    for w in weeks:
        colour, hatch, _ = FULL_WEEK if w.complete else PART_WEEK
        top.bar(w.week, w.cramps_per_week, width=0.7, color=colour, hatch=hatch, edgecolor=style.BLACK)
        label = (
            f"{w.cramps_per_week:.1f}"
            if w.complete
            else f"{w.cramps_per_week:.1f}\n({w.nights_logged} nights)"
        )
        top.text(w.week, w.cramps_per_week, label, ha="center", va="bottom", fontsize=8.5)
    peak = max(w.cramps_per_week for w in weeks)
    top.set_ylim(0, max(5.0, peak * 1.35))
    handles: list = [
        Patch(facecolor=c, hatch=h, edgecolor=style.BLACK, label=t) for c, h, t in (FULL_WEEK, PART_WEEK)
    ]
    if comparison is not None:
        base = comparison.before_per_week
        top.axhline(base, color=style.BLACK, linestyle="--", linewidth=1.2)
        top.axhline(base * (1 - RESPONDER_DROP), color=style.BLUISH_GREEN, linestyle=":", linewidth=2)
        handles.append(Line2D([], [], color=style.BLACK, linestyle="--", label="average before the change"))
        handles.append(
            Line2D(
                [], [], color=style.BLUISH_GREEN, linestyle=":", linewidth=2, label="25% fewer (a response)"
            )
        )
    top.legend(handles=handles, loc="upper right", fontsize=8.5)
    rated = [w for w in weeks if w.mean_worst is not None]
    if rated:
        bottom.plot(
            [w.week for w in rated],
            [w.mean_worst for w in rated],
            color=style.VERMILLION,
            marker="o",
            linestyle="-",
            linewidth=1.8,
        )
        for w in rated:
            bottom.text(w.week, w.mean_worst + 0.4, f"{w.mean_worst:.1f}", ha="center", fontsize=8.5)
    bottom.set_xticks(numbers, [f"Week {n}" for n in numbers])
    bottom.set_xlim(min(numbers) - 0.6, max(numbers) + 1.2)


def alt_text(weeks: Sequence[WeekSummary], comparison: Comparison | None = None) -> str:
    """The same information in words, for screen readers and as the figure caption."""
    if not weeks:
        return "Cramp diary chart: no nights logged yet."
    parts = []
    for w in weeks:
        how_bad = f", worst cramp {w.mean_worst:.1f} out of 10 on average" if w.mean_worst is not None else ""
        gap = "" if w.complete else f" (from {w.nights_logged} nights, scaled to 7)"
        parts.append(f"week {w.week}: {w.cramps_per_week:.1f} cramps{gap}{how_bad}")
    text = "Cramp diary chart, cramps per week and how bad: " + "; ".join(parts) + "."
    if comparison is not None:
        text += " " + comparison.sentence()
    return text
