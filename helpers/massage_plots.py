"""The massage routine as a horizontal timeline: one lane per step, minutes from the start on the x-axis.

Each technique has its own Okabe-Ito colour and hatch and every block carries its name and minutes, so the
steps are told apart without colour (greyscale print, colour-blind readers). A dashed line marks the time
the person has, so a routine that stops early is visible at a glance.
"""

from __future__ import annotations

from typing import Final

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from helpers import style
from helpers.massage import Routine
from helpers.render import new_figure

#: Technique id -> (face colour, hatch). Unknown ids fall back to grey dots.
TECHNIQUE_STYLE: Final = {
    "strokes": (style.ORANGE, "//"),
    "knead": (style.SKY_BLUE, ".."),
    "skin_pinch": (style.REDDISH_PURPLE, "xx"),
}
FALLBACK_STYLE: Final = (style.GREY, "oo")


def draw_routine(ax: Axes, routine: Routine) -> None:
    """Draw ``routine`` on ``ax`` from scratch (the axes is cleared first, the figure is reused)."""
    ax.clear()
    steps = routine.steps
    for lane, step in enumerate(steps):
        colour, hatch = TECHNIQUE_STYLE.get(step.technique.id, FALLBACK_STYLE)
        ax.barh(
            lane,
            step.minutes,
            left=step.start_min,
            height=0.6,
            color=colour,
            hatch=hatch,
            edgecolor=style.BLACK,
            linewidth=1.0,
        )
        ax.text(
            step.start_min,
            lane - 0.34,
            f"{step.technique.name}: {step.minutes} min",
            ha="left",
            va="bottom",
            fontsize=10,
            color=style.BLACK,
        )
    ax.axvline(routine.minutes_available, color=style.BLACK, linestyle="--", linewidth=1.2)
    ax.text(
        0.99,
        0.96,
        f"dashed line = time you have ({routine.minutes_available} min)",
        transform=ax.transAxes,
        ha="right",
        va="top",
        fontsize=9,
        bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.8},
    )
    ax.set_yticks(range(len(steps)), [f"Step {i + 1}" for i in range(len(steps))])
    ax.set_ylim(len(steps) - 0.5 if steps else 0.5, -1.1)
    ax.set_xlim(0, max(routine.minutes_available, 1) + 0.5)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel("Time from the start of the massage (min)")
    ax.set_ylabel("Step, in order")
    ax.set_title(
        f"{routine.area.capitalize()} routine: {routine.total_minutes} of "
        f"{routine.minutes_available} min used, steps in order from top to bottom",
        fontsize=11,
    )
    ax.grid(axis="x", color=style.GREY, linewidth=0.5, alpha=0.5)
    ax.set_axisbelow(True)


def routine_figure(routine: Routine) -> tuple[Figure, Axes]:
    """A new (pyplot-free) figure with the routine drawn; reuse it with :func:`draw_routine` to update."""
    figure = new_figure(8.0, 3.2, dpi=90)
    ax = figure.add_subplot(1, 1, 1)
    figure.subplots_adjust(left=0.12, right=0.97, top=0.86, bottom=0.17)
    draw_routine(ax, routine)
    return figure, ax


def caption(routine: Routine) -> str:
    """A plain caption for the figure: what each block is and where the time limit is."""
    parts = [f"step {i + 1}, {s.technique.name}, {s.minutes} min" for i, s in enumerate(routine.steps)]
    return (
        f"Figure: the {routine.area} routine as a timeline ({'; '.join(parts)}). Each block is one step, "
        "with its own colour, pattern and label. The dashed line is the time you have. "
        "The minutes are this series' suggestions: no evidence-based dose was found."
    )
