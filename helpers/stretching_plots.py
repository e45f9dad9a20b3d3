"""The hold-and-rest timeline of one stretching round, drawn once and updated in place.

Holds are blue with forward hatching and a "Hold n" label; rests are grey with dots and a "Rest" label, so
the two are told apart without colour (greyscale print, colour-blind readers). The figure is built once
and only its bars, labels, limits and title change on update, which keeps a slider move quick.
"""

from __future__ import annotations

from matplotlib.figure import Figure
from matplotlib.patches import Patch, Rectangle

from helpers import style
from helpers.render import figure_to_png, new_figure
from helpers.stretching import Segment, hold_rest_schedule, seconds_in_words, total_seconds

#: phase -> (face colour, hatch, legend label)
PHASE_STYLE = {
    "hold": (style.BLUE, "///", "Hold (stretch held still)"),
    "rest": (style.SLEEP_COLOUR, "..", "Rest (let the muscle relax)"),
}


class RoutineTimeline:
    """A one-row timeline of holds and rests; call ``update`` then ``png`` for each new routine."""

    def __init__(self, width_in: float = 9.0, height_in: float = 2.6, dpi: int = 90) -> None:
        self.figure: Figure = new_figure(width_in, height_in, dpi)
        self.axes = self.figure.add_axes((0.06, 0.3, 0.9, 0.5))
        self.axes.set_ylim(0, 1)
        self.axes.set_yticks([])
        self.axes.set_xlabel("Time from the start of the round (seconds)")
        for side in ("left", "right", "top"):
            self.axes.spines[side].set_visible(False)
        handles = [
            Patch(facecolor=c, hatch=h, edgecolor=style.BLACK, label=lbl)
            for c, h, lbl in PHASE_STYLE.values()
        ]
        self.figure.legend(
            handles=handles, loc="lower center", ncol=2, frameon=False, bbox_to_anchor=(0.5, 0.0)
        )
        self._artists: list = []
        self.segments: list[Segment] = []

    def update(self, hold_s: int, rest_s: int, reps: int) -> list[Segment]:
        """Redraw for a new routine; invalid values raise before anything on screen changes."""
        segments = hold_rest_schedule(hold_s, rest_s, reps)  # validates first: the old plot stays on error
        for artist in self._artists:
            artist.remove()
        self._artists = []
        total = total_seconds(segments)
        hold_number = 0
        for segment in segments:
            colour, hatch, _ = PHASE_STYLE[segment.phase]
            width = segment.end_s - segment.start_s
            bar = Rectangle(
                (segment.start_s, 0.15), width, 0.7, facecolor=colour, hatch=hatch, edgecolor=style.BLACK
            )
            self.axes.add_patch(bar)
            self._artists.append(bar)
            if segment.phase == "hold":
                hold_number += 1
                text = f"Hold {hold_number}"
            else:
                text = "Rest"
            # a label only where the block is wide enough to hold it (about 7% of the axis)
            if width >= 0.07 * total:
                label = self.axes.text(
                    segment.start_s + width / 2,
                    0.5,
                    text,
                    ha="center",
                    va="center",
                    fontsize=10,
                    bbox={"facecolor": "white", "edgecolor": "none", "pad": 1.5},
                )
                self._artists.append(label)
        self.axes.set_xlim(0, total)
        rests = [segment.end_s - segment.start_s for segment in segments if segment.phase == "rest"]
        holds = f"{hold_number} hold{'s' if hold_number != 1 else ''} of {segments[0].end_s} s"
        gaps = f", {rests[0]} s rests" if rests else ""
        self.axes.set_title(f"{holds}{gaps}: one round takes {seconds_in_words(total)}", fontsize=11)
        self.segments = segments
        return segments

    def png(self) -> bytes:
        """The current figure as PNG bytes for an ``ipywidgets.Image`` or ``IPython.display.Image``."""
        return figure_to_png(self.figure)


def routine_png(hold_s: int, rest_s: int, reps: int) -> bytes:
    """A static timeline image of one routine (for a notebook figure that shows without a kernel)."""
    timeline = RoutineTimeline()
    timeline.update(hold_s, rest_s, reps)
    return timeline.png()
