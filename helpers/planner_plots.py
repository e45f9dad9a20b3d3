"""The session planner's picture of a day: sessions as labelled blocks, sleep shaded, modelled temperature.

One :class:`DayPlanFigure` is built once and updated in place: the axes, bands and labels are drawn once,
and an update only moves the blocks, the sleep shading and the two lines. With a fixed layout (no tight
bounding box) and light PNG compression this keeps a redraw well under the inline backend's cost
(``make bench`` prints both).
"""

from __future__ import annotations

import numpy as np
from matplotlib.patches import Patch, Rectangle
from matplotlib.ticker import FixedLocator, FuncFormatter

from helpers.render import figure_to_png, new_figure, rgba_to_png
from helpers.style import MODALITY_STYLE, MUSCLE_LINE, SKIN_LINE, SLEEP_COLOUR, SLEEP_HATCH, VERMILLION
from helpers.thermal import TemperatureTrace, load_bands
from helpers.timeline import MINUTES_PER_DAY, DayPlan, Modality, format_clock

#: Bands drawn on the temperature panel: id -> (face colour, hatch).
BAND_STYLE = {
    "analgesia_sourced": ("#56B4E9", "\\\\", 9.0),
    "cold_injury_warning_unverified": ("#0072B2", "..", 2.5),
    "burn_risk": (VERMILLION, "//", 46.0),
}
#: The x axis shows one full day starting this long before wake time, so the sleep before it is visible.
LEAD_MIN = 60
TEMPERATURE_LIMITS = (-2.0, 48.0)
#: Rows of the sessions panel (axes fraction): ice on top, heat below, each labelled on the y axis.
ICE_ROW, HEAT_ROW, ROW_HEIGHT = 0.55, 0.1, 0.35


def day_span(plan: DayPlan) -> tuple[int, int]:
    """The 24 hours the figure shows: from an hour before waking to the same clock time next day."""
    start = plan.window.wake_min - LEAD_MIN
    return start, start + MINUTES_PER_DAY


def _clock_label(hours: float, _position: int) -> str:
    return format_clock(hours * 60)


class DayPlanFigure:
    """A two-panel figure of one day's plan, reused across updates."""

    def __init__(self, *, width_in: float = 9.5, height_in: float = 5.4, dpi: int = 80) -> None:
        self.figure = new_figure(width_in, height_in, dpi)
        grid = self.figure.add_gridspec(2, 1, height_ratios=(1, 2.4), hspace=0.08)
        self.ax_plan = self.figure.add_subplot(grid[0])
        self.ax_temp = self.figure.add_subplot(grid[1], sharex=self.ax_plan)
        self.figure.subplots_adjust(left=0.08, right=0.74, top=0.90, bottom=0.11)
        self._blocks: list = []
        self._sleep: list = []
        self._background_key: tuple[int, int] | None = None
        self._background = None
        self._draw_static()

    def _draw_static(self) -> None:
        ax_plan, ax_temp = self.ax_plan, self.ax_temp
        ax_plan.set_ylim(0, 1)
        ax_plan.set_yticks([ICE_ROW + ROW_HEIGHT / 2, HEAT_ROW + ROW_HEIGHT / 2], ["Ice", "Heat"])
        ax_plan.tick_params(axis="y", length=0)
        ax_plan.tick_params(labelbottom=False)
        bands = load_bands()
        for band_id, (colour, hatch, label_y) in BAND_STYLE.items():
            band = bands[band_id]
            low = max(band.low_c, TEMPERATURE_LIMITS[0])
            high = min(band.high_c, TEMPERATURE_LIMITS[1])
            ax_temp.axhspan(low, high, facecolor=colour, alpha=0.25, hatch=hatch, edgecolor=colour, lw=0)
            suffix = "\n(unverified)" if band.status == "unverified" else ""
            ax_temp.text(
                1.01,
                label_y,
                f"{band.label}{suffix}",
                transform=ax_temp.get_yaxis_transform(),
                fontsize=8,
                va="center",
            )
        (self.skin_line,) = ax_temp.plot([], [], label="Skin (model)", **SKIN_LINE)
        (self.muscle_line,) = ax_temp.plot([], [], label="Muscle 2 cm deep (model)", **MUSCLE_LINE)
        ax_temp.set_ylim(*TEMPERATURE_LIMITS)
        ax_temp.set_ylabel("Temperature (°C)")
        ax_temp.set_xlabel("Time of day (hours, 24-hour clock)")
        ax_temp.xaxis.set_major_formatter(FuncFormatter(_clock_label))
        ax_temp.grid(axis="y", color="#cccccc", lw=0.5)
        handles = [
            Patch(
                facecolor=MODALITY_STYLE["ice"][0],
                hatch=MODALITY_STYLE["ice"][1],
                edgecolor="white",
                label="Ice session",
            ),
            Patch(
                facecolor=MODALITY_STYLE["heat"][0],
                hatch=MODALITY_STYLE["heat"][1],
                edgecolor="white",
                label="Heat session",
            ),
            Patch(facecolor=SLEEP_COLOUR, hatch=SLEEP_HATCH, edgecolor="#888888", label="Asleep"),
            self.skin_line,
            self.muscle_line,
        ]
        self.figure.legend(
            handles=handles, loc="upper left", bbox_to_anchor=(0.755, 0.90), fontsize=8, frameon=False
        )
        self.title = self.figure.suptitle("", fontsize=11, x=0.08, ha="left")

    def update(self, plan: DayPlan, trace: TemperatureTrace) -> None:
        """Show ``plan`` and its modelled temperatures (``trace`` in minutes, as from thermal.simulate)."""
        for artist in self._blocks:
            artist.remove()
        self._blocks = []
        start, _end = day_span(plan)
        to_h = 1 / 60
        background_key = (start, plan.window.bed_min)
        if background_key != self._background_key:
            self._background_key = background_key
            self._background = None
            self._draw_sleep(plan)
        for app in plan.applications:
            colour, hatch, _label = MODALITY_STYLE[app.modality.value]
            row = ICE_ROW if app.modality is Modality.ICE else HEAT_ROW
            block = Rectangle(
                (app.start_min * to_h, row),
                app.duration_min * to_h,
                ROW_HEIGHT,
                facecolor=colour,
                hatch=hatch,
                edgecolor="white",
                lw=0.5,
            )
            # add_artist, not add_patch: the x range is fixed, so skip the data-limit bookkeeping
            block.set_transform(self.ax_plan.transData)
            block.set_clip_path(self.ax_plan.patch)
            self.ax_plan.add_artist(block)
            self._blocks.append(block)
        hours = trace.time_min * to_h
        self.skin_line.set_data(hours, trace.skin_c)
        self.muscle_line.set_data(hours, trace.muscle_c)
        self.title.set_text(plan_title(plan, trace))

    def _draw_sleep(self, plan: DayPlan) -> None:
        """Set the x range and shade sleep: part of the cached background, redrawn when either changes."""
        for artist in self._sleep:
            artist.remove()
        self._sleep = []
        start, end = day_span(plan)
        to_h = 1 / 60
        self.ax_plan.set_xlim(start * to_h, end * to_h)
        first_tick = int(np.ceil(start / 120)) * 2
        self.ax_temp.xaxis.set_major_locator(FixedLocator(np.arange(first_tick, end * to_h + 0.01, 2)))
        for ax in (self.ax_plan, self.ax_temp):
            for low, high in ((start, plan.window.wake_min), (plan.window.bed_min, end)):
                if high > low:
                    self._sleep.append(
                        ax.axvspan(
                            low * to_h,
                            high * to_h,
                            facecolor=SLEEP_COLOUR,
                            alpha=0.7,
                            hatch=SLEEP_HATCH,
                            edgecolor="#888888",
                            lw=0,
                            zorder=0,
                        )
                    )

    def _dynamic_artists(self) -> list:
        return [*self._blocks, self.skin_line, self.muscle_line, self.title]

    def png(self) -> bytes:
        """PNG of the current state: a cached background (axes, ticks, bands, legend) plus what changed.

        The background depends only on the wake and bed times (x range, sleep shading), so most updates
        redraw just the blocks, the two lines and the title onto a copy of it (blitting).
        """
        canvas = self.figure.canvas
        dynamic = self._dynamic_artists()
        if self._background is None:
            for artist in dynamic:
                artist.set_visible(False)
            canvas.draw()
            self._background = canvas.copy_from_bbox(self.figure.bbox)
            for artist in dynamic:
                artist.set_visible(True)
        canvas.restore_region(self._background)
        renderer = canvas.get_renderer()
        for artist in dynamic:
            artist.draw(renderer)
        return rgba_to_png(canvas)

    def full_redraw_png(self) -> bytes:
        """PNG from a full redraw (no cached background): the reference the blitted image must match."""
        return figure_to_png(self.figure)


def plan_title(plan: DayPlan, trace: TemperatureTrace) -> str:
    """A title that says what to see."""
    ice, heat = len(plan.of(Modality.ICE)), len(plan.of(Modality.HEAT))
    if not plan.applications:
        return "No ice or heat today: see the notes under the plot"
    coldest, warmest = float(np.min(trace.skin_c)), float(np.max(trace.skin_c))
    parts = []
    if ice:
        parts.append(f"{ice} ice session{'s' if ice != 1 else ''} cool the skin to about {coldest:.0f} °C")
    if heat:
        parts.append(f"{heat} heat session{'s' if heat != 1 else ''} warm it to about {warmest:.0f} °C")
    sentence = "; ".join(parts)
    return sentence[0].upper() + sentence[1:] + ", all while awake"


def plan_caption(plan: DayPlan, trace: TemperatureTrace) -> str:
    """The caption under the figure: how to read it, and what the model is."""
    start, end = day_span(plan)
    return (
        f"The day from {format_clock(start)} to {format_clock(end)}. Top: each session as a block in "
        "its row (row labelled Ice: blue with forward hatching; row labelled Heat: orange-red with crosses); "
        "dotted grey is sleep. "
        "Bottom: skin (solid black) and muscle about 2 cm deep (dashed) as modelled by the series' teaching "
        "model, with hatched bands for cold enough for pain relief, the unverified cold-injury warning and "
        "burn risk. The model is calibrated to ice data only; its heat curves are assumptions."
    )


def plan_alt_text(plan: DayPlan, trace: TemperatureTrace) -> str:
    """Alternative text for screen readers: the plan and the temperature range in one sentence."""
    sessions = "; ".join(app.describe() for app in sorted(plan.applications, key=lambda a: a.start_min))
    return (
        f"Timeline of the day, awake {format_clock(plan.window.wake_min)} to "
        f"{format_clock(plan.window.bed_min)}. Sessions: {sessions or 'none'}. Modelled skin temperature "
        f"ranges from {float(np.min(trace.skin_c)):.0f} to {float(np.max(trace.skin_c)):.0f} °C."
    )
