"""A forest plot of the medicines with a number: how much more often bad night cramps followed starting them.

Log scale, because a ratio of 2 and a ratio of 0.5 are the same distance from "no link" (1). Each group has
its own colour *and* marker shape, every point carries its value as text, and the "no link" line is
labelled, so the plot reads in greyscale.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
from matplotlib.figure import Figure
from matplotlib.ticker import NullFormatter

from helpers import style
from helpers.night_cramps import MedicineLink, medicines_by_strength

#: Group -> (colour, marker).
GROUP_STYLE: dict[str, tuple[str, str]] = {
    "Airway inhalers": (style.BLUE, "s"),
    "Water tablets": (style.VERMILLION, "o"),
    "Cholesterol": (style.BLUISH_GREEN, "D"),
}
TITLE = (
    "Bad night cramps followed airway inhalers and water tablets\n"
    "more than statins (Garrison 2012, adults aged 50+)"
)
CAPTION = (
    "Figure: adjusted sequence ratios with 95% confidence intervals (Garrison 2012, observational). A ratio "
    "of 2 means new quinine prescriptions, a marker of bad night cramps, were twice as common in the year "
    "after starting the medicine as in the year before; 1 (dashed line) means no link. Squares: airway "
    "inhalers; circles: water tablets; diamond: statins. Rows without a confidence interval show the point "
    "only. Medicines with no number in the sources are in the table, not here."
)


def plot_medicine_ratios(links: list[MedicineLink] | None = None) -> Figure:
    """Forest plot of every row that has a ratio, largest first."""
    rows = [m for m in (links if links is not None else medicines_by_strength()) if m.has_number]
    rows.sort(key=lambda m: m.estimate or 0)
    figure, ax = plt.subplots(figsize=(10, 0.45 * len(rows) + 1.8), dpi=80, layout="constrained")
    for y, m in enumerate(rows):
        colour, marker = GROUP_STYLE.get(m.group, (style.GREY, "^"))
        if m.ci_low is not None:
            ax.plot([m.ci_low, m.ci_high], [y, y], color=colour, linewidth=2)
        ax.plot(m.estimate, y, marker=marker, color=colour, markeredgecolor=style.BLACK, markersize=9)
        interval = f" ({m.ci_low:.2f}-{m.ci_high:.2f})" if m.ci_low is not None else " (no CI given)"
        ax.text((m.ci_high or m.estimate) * 1.04, y, f"{m.estimate:.2f}{interval}", va="center", fontsize=9)
    ax.axvline(1, color=style.BLACK, linestyle="--", linewidth=1)
    ax.text(1.01, len(rows) - 0.4, "no link (1)", fontsize=9)
    ax.set_xscale("log")
    ax.set_xlim(0.9, 4.5)
    ax.set_xticks([1, 1.5, 2, 3, 4], ["1", "1.5", "2", "3", "4"])
    ax.xaxis.set_minor_formatter(NullFormatter())
    ax.set_yticks(range(len(rows)), [m.medicine for m in rows])
    ax.set_ylim(-0.6, len(rows) - 0.2)
    ax.set_xlabel("Adjusted sequence ratio (times as likely, log scale)")
    ax.set_ylabel("Medicine started (group)")
    ax.set_title(TITLE, fontsize=11)
    return figure
