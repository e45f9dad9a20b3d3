"""The explanations for exercise cramps side by side: which studies back which, by kind and size of study.

Columns are the explanations, rows the kind of study (weakest at the bottom). Each study is a labelled
marker whose shape and colour follow its column, and whose label gives its size, so the reader sees at
once that the largest data set and the prospective cohort point different ways, and why that is possible.
"""

from __future__ import annotations

from collections import defaultdict

import matplotlib.pyplot as plt
from matplotlib.figure import Figure

from helpers import style
from helpers.sport_cramps import DESIGNS, EXPLANATIONS, SportEvidence, rows_for

#: Explanation -> (colour, marker).
EXPLANATION_STYLE: dict[str, tuple[str, str]] = {
    "fatigue": (style.BLUE, "s"),
    "fluid_salt": (style.VERMILLION, "o"),
    "several": (style.BLUISH_GREEN, "D"),
    "neither": (style.GREY, "X"),
}
TITLE = (
    "Exercise cramps: the cohort backs fatigue, the largest records back dehydration,\n"
    "and the reviews settle on several causes"
)
CAPTION = (
    "Figure: each study or statement about the cause of exercise cramps (data/sport_cramp_evidence.csv), "
    "placed by the explanation it supports (columns; also shown by marker shape: square fatigue, circle "
    "fluid or salt, diamond several causes) and by kind of study (rows, weakest at the bottom). Labels give "
    "the number of people where a single study had one. The two largest data sets disagree: a prospective "
    "cohort of 210 triathletes found no fluid or salt difference, while 10,553 medical-tent records linked "
    "cramps with dehydration but not with low sodium."
)


def plot_explanations(rows: tuple[SportEvidence, ...] | None = None) -> Figure:
    """Dot grid: explanation (x) by kind of study (y), one labelled marker per study."""
    rows = rows_for("cause") if rows is None else rows
    columns = [name for name in EXPLANATIONS if any(r.supports == name for r in rows)]
    levels = [name for name in DESIGNS if name != "none found"]
    figure, ax = plt.subplots(figsize=(10, 5.2), dpi=80, layout="constrained")
    cells: dict[tuple[int, int], list[SportEvidence]] = defaultdict(list)
    for row in rows:
        cells[(columns.index(row.supports), levels.index(row.design))].append(row)
    for (x, y), members in cells.items():
        for index, row in enumerate(members):
            offset = (index - (len(members) - 1) / 2) * 0.28
            colour, marker = EXPLANATION_STYLE[row.supports]
            ax.plot(
                x - 0.42, y + offset, marker=marker, color=colour, markeredgecolor=style.BLACK, markersize=10
            )
            size = f" (n = {row.people:,})" if row.people else ""
            ax.text(x - 0.35, y + offset, f"{row.study}{size}", va="center", fontsize=8.5)
    for x in range(len(columns)):
        if x % 2:
            ax.axvspan(x - 0.5, x + 0.5, color="#F2F2F2", zorder=0)
    ax.set_xticks(range(len(columns)), [EXPLANATIONS[name] for name in columns])
    ax.set_xlim(-0.5, len(columns) - 0.5)
    ax.set_yticks(range(len(levels)), [DESIGNS[name] for name in levels])
    ax.set_ylim(-0.6, len(levels) - 0.4)
    ax.set_xlabel("Explanation the study supports (category)")
    ax.set_ylabel("Kind of study (category, weakest at the bottom)")
    ax.set_title(TITLE, fontsize=11)
    return figure
