"""Pictures of the tissue-temperature teaching model: one application, and the model against the data.

:class:`SingleApplicationFigure` is built once (axes, temperature bands, labels, the Dykstra marker sets)
and updated in place: an update moves the two model lines and the shaded application period, shows or
hides the measured markers and rewrites the title. Bands are hatched and labelled in words, lines differ in
style, measured markers differ in shape, so nothing is told apart by colour alone.
"""

from __future__ import annotations

import textwrap

import numpy as np
from matplotlib.container import ErrorbarContainer
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from helpers import style
from helpers.ice_heat import (
    BARRIER_LABELS,
    SITE_WORDS,
    VIEW_BEFORE_MIN,
    VIEW_END_MIN,
    SingleApplication,
    dykstra_markers,
    fit_rows,
)
from helpers.render import new_figure
from helpers.thermal import get_agent, load_bands, load_thermal_params
from helpers.thermal_calibration import (
    DYKSTRA_AGENTS,
    DYKSTRA_ICE_MIN,
    LOCATIONS,
    TREATMENTS,
    dykstra_means,
    model_dykstra,
)

TEMPERATURE_LIMITS = (-2.0, 48.0)
#: Hatched bands: id -> (face colour, hatch, y of the label in °C). The 13.6 °C line is drawn separately.
BAND_STYLE = {
    "analgesia_sourced": (style.SKY_BLUE, "\\\\", 8.0),
    "cold_injury_warning_unverified": (style.BLUE, "..", 2.0),
    "burn_risk": (style.VERMILLION, "//", 46.0),
}
UNVERIFIED_LINE = "analgesia_13_6_unverified"
#: Measured markers: site -> (marker, colour, words). Shape is the second cue beside the legend text.
MARKER_STYLE = {
    "surface": ("s", style.BLACK, "Skin, measured"),
    "intramuscular": ("^", style.REDDISH_PURPLE, "Muscle, measured"),
}


def _band_label(band_id: str) -> str:
    band = load_bands()[band_id]
    return band.label + ("\n(unverified)" if band.status == "unverified" else "")


def draw_bands(ax, *, labels: bool = True) -> None:
    """The skin-temperature bands as hatched spans with word labels (right of the axes)."""
    bands = load_bands()
    for band_id, (colour, hatch, label_y) in BAND_STYLE.items():
        band = bands[band_id]
        low = max(band.low_c, TEMPERATURE_LIMITS[0])
        high = min(band.high_c, TEMPERATURE_LIMITS[1])
        ax.axhspan(low, high, facecolor=colour, alpha=0.22, hatch=hatch, edgecolor=colour, lw=0, zorder=0)
        if labels:
            ax.text(
                1.01,
                label_y,
                _band_label(band_id),
                transform=ax.get_yaxis_transform(),
                fontsize=8,
                va="center",
            )
    line = bands[UNVERIFIED_LINE]
    ax.axhline(line.high_c, color=style.GREY, linestyle=(0, (4, 3)), lw=1.2, zorder=1)
    if labels:
        ax.text(
            1.01,
            line.high_c + 1.5,
            f"{line.high_c:g} °C, often quoted\nfor pain relief (unverified)",
            transform=ax.get_yaxis_transform(),
            fontsize=8,
            va="center",
        )


class SingleApplicationFigure:
    """Modelled skin and muscle temperature for one application; one figure reused across updates."""

    def __init__(self, *, width_in: float = 9.5, height_in: float = 5.2, dpi: int = 80) -> None:
        self.figure: Figure = new_figure(width_in, height_in, dpi)
        self.ax = self.figure.add_subplot(1, 1, 1)
        self.figure.subplots_adjust(left=0.08, right=0.72, top=0.86, bottom=0.11)
        ax = self.ax
        draw_bands(ax)
        (self.skin_line,) = ax.plot([], [], label="Skin (model)", zorder=4, **style.SKIN_LINE)
        (self.muscle_line,) = ax.plot([], [], label="Muscle 2 cm deep (model)", zorder=4, **style.MUSCLE_LINE)
        self.period = ax.axvspan(0, 1, alpha=0.18, lw=0, zorder=0.5)
        self.period_label = ax.text(0.5, 38.5, "", ha="center", va="bottom", fontsize=9, zorder=5)
        #: (treatment, location) -> error-bar container, all drawn now and shown only when they apply.
        self.markers: dict[tuple[str, str], ErrorbarContainer] = {}
        for treatment in TREATMENTS:
            for location in LOCATIONS:
                marker, colour, words = MARKER_STYLE[location]
                time, mean, sd = dykstra_markers(treatment, location)
                container = ax.errorbar(
                    time,
                    mean,
                    yerr=sd,
                    fmt=marker,
                    color=colour,
                    markerfacecolor="white",
                    markersize=5,
                    elinewidth=0.9,
                    capsize=2,
                    zorder=3,
                    label=f"{words} (Dykstra 2009, mean ± SD, n = 12)",
                )
                self.markers[(treatment, location)] = container
        ax.set_xlim(-VIEW_BEFORE_MIN, VIEW_END_MIN)
        ax.set_ylim(*TEMPERATURE_LIMITS)
        ax.set_xlabel("Time since the pack went on (min)")
        ax.set_ylabel("Temperature (°C)")
        ax.grid(axis="y", color="#cccccc", lw=0.5)
        self.title = self.figure.suptitle("", fontsize=11, x=0.08, ha="left")
        self.legend = None
        self.result: SingleApplication | None = None

    @property
    def dykstra_shown(self) -> str | None:
        """Which Dykstra ice type's markers are visible now (None if none)."""
        for (treatment, _location), container in self.markers.items():
            if _visible(container):
                return treatment
        return None

    def update(self, result: SingleApplication) -> None:
        """Show ``result`` (from :func:`helpers.ice_heat.explore`)."""
        trace = result.trace
        self.skin_line.set_data(trace.time_min, trace.skin_c)
        self.muscle_line.set_data(trace.time_min, trace.muscle_c)
        modality = result.agent.modality.value
        colour, hatch, word = style.MODALITY_STYLE[modality]
        self.period.set_bounds(0, TEMPERATURE_LIMITS[0], result.duration_min, np.ptp(TEMPERATURE_LIMITS))
        self.period.set_facecolor(colour)
        self.period.set_hatch(hatch)
        self.period.set_edgecolor(colour)
        self.period_label.set_position((result.duration_min / 2, 38.5))
        self.period_label.set_text(f"{word} on\n{result.duration_min} min")
        for (treatment, _location), container in self.markers.items():
            _set_visible(container, treatment == result.dykstra)
        self._legend(result)
        self.title.set_text(single_title(result))
        self.result = result

    def _legend(self, result: SingleApplication) -> None:
        if self.legend is not None:
            self.legend.remove()
        colour, hatch, word = style.MODALITY_STYLE[result.agent.modality.value]
        handles: list = [
            self.skin_line,
            self.muscle_line,
            Patch(facecolor=colour, alpha=0.35, hatch=hatch, edgecolor=colour, label=f"{word} on the skin"),
        ]
        if result.dykstra:
            handles += [self.markers[(result.dykstra, location)] for location in LOCATIONS]
        self.legend = self.figure.legend(
            handles=handles,
            labels=[_handle_label(h) for h in handles],
            loc="upper left",
            bbox_to_anchor=(0.73, 0.80),
            fontsize=8,
            frameon=False,
        )


def _handle_label(handle) -> str:
    label = handle.get_label()
    return "\n".join(textwrap.wrap(label, 32))


def _visible(container: ErrorbarContainer) -> bool:
    return bool(container.lines[0].get_visible())


def _set_visible(container: ErrorbarContainer, visible: bool) -> None:
    for artist in container.get_children():
        artist.set_visible(visible)


def single_title(result: SingleApplication) -> str:
    """What to see, e.g. "Crushed-ice pack, 20 min: skin reaches 17 °C; muscle keeps cooling for 17 min
    after removal"."""
    verb = "cooling" if result.is_ice else "warming"
    if result.after_drop_min >= 1:
        tail = f"muscle keeps {verb} for {result.after_drop_min:.0f} min after removal"
    else:
        tail = f"muscle stops {verb} when it comes off"
    barrier = BARRIER_LABELS[result.barrier].split(" (")[0]
    text = (
        f"{result.agent.label}, {result.duration_min} min, barrier: {barrier}: skin reaches "
        f"{result.skin_end_c:.0f} °C; {tail}"
    )
    return "\n".join(textwrap.wrap(text, 78))


def single_caption(result: SingleApplication) -> str:
    """The caption under the figure: how to read it and what the model is (and is not)."""
    parts = [
        "Modelled skin (solid black) and calf muscle about 2 cm deep (dashed) before, during and after one "
        f"application; the shaded, hatched column is the {result.duration_min} min the "
        f"{result.agent.modality.value} is on. Hatched bands with word labels: cold enough for pain relief "
        "(sourced), the cold-injury warning below about 5 °C (unverified) and burn risk from 44 °C; the "
        "dashed grey line is the often-quoted 13.6 °C, which no retrieved source supports."
    ]
    if result.dykstra:
        extra = (
            ""
            if result.duration_min == DYKSTRA_ICE_MIN
            else f" Those volunteers had {DYKSTRA_ICE_MIN:.0f} min of ice, not {result.duration_min}."
        )
        parts.append(
            f"Open squares (skin) and triangles (muscle) with error bars: the measured group mean ± SD for "
            f"{result.dykstra} ice in Dykstra 2009, every 5 min.{extra}"
        )
    status = "fitted to ice data" if result.agent.calibrated else "NOT calibrated for this agent"
    parts.append(f"A teaching model ({status}), not a dose calculator.")
    return " ".join(parts)


def single_alt_text(result: SingleApplication) -> str:
    """Alternative text: the agent, the barrier and the key numbers, in one or two sentences."""
    trace = result.trace
    start_skin, start_muscle = trace.at(0)
    word = "lowest" if result.is_ice else "highest"
    data = (
        f" Measured Dykstra 2009 {result.dykstra}-ice means are shown as markers." if result.dykstra else ""
    )
    return (
        f"Line chart of the teaching model: {result.agent.label} for {result.duration_min} min, barrier "
        f"{BARRIER_LABELS[result.barrier]}. Skin goes from {start_skin:.1f} to {result.skin_end_c:.1f} °C at "
        f"{result.duration_min} min; muscle from {start_muscle:.1f} to {result.muscle_end_c:.1f} °C, "
        f"{word} {result.muscle_extreme_c:.1f} °C at {result.muscle_extreme_min:.0f} min.{data}"
    )


def model_vs_data_figure(*, width_in: float = 10.0, height_in: float = 6.2, dpi: int = 80) -> Figure:
    """Model against the Dykstra 2009 group means for the three ice types (columns) at skin and muscle (rows).

    The legend of each panel gives the RMSE recomputed from the data (see :func:`helpers.ice_heat.fit_rows`).
    """
    figure = new_figure(width_in, height_in, dpi)
    axes = figure.subplots(2, 3, sharex=True, sharey="row")
    figure.subplots_adjust(left=0.08, right=0.98, top=0.86, bottom=0.09, hspace=0.12, wspace=0.08)
    params = load_thermal_params()
    rmse = {(row.treatment, row.location): row.rmse_c for row in fit_rows()}
    for column, treatment in enumerate(TREATMENTS):
        coupling = get_agent(DYKSTRA_AGENTS[treatment]).coupling
        for row, location in enumerate(LOCATIONS):
            ax = axes[row][column]
            time, mean, sd = dykstra_means(location, treatment)
            keep = time >= 0
            marker, colour, words = MARKER_STYLE[location]
            ax.fill_between(
                time[keep], (mean - sd)[keep], (mean + sd)[keep], color=style.GREY, alpha=0.3, lw=0
            )
            ax.plot(
                time[keep][::4],
                mean[keep][::4],
                marker,
                color=colour,
                markerfacecolor="white",
                markersize=3.5,
                label=f"{words} mean (± SD shaded)",
            )
            grid = np.linspace(0, float(time[-1]), 281)
            skin, muscle = model_dykstra(params, coupling, grid)
            line = style.SKIN_LINE if location == "surface" else style.MUSCLE_LINE
            ax.plot(
                grid,
                skin if location == "surface" else muscle,
                label=f"Model, RMSE {rmse[(treatment, location)]:.2f} °C",
                **line,
            )
            ax.axvspan(0, DYKSTRA_ICE_MIN, color=style.BLUE, alpha=0.12, hatch="///", lw=0)
            ax.legend(fontsize=7.5, loc="lower right", frameon=True, framealpha=0.9)
            ax.grid(axis="y", color="#cccccc", lw=0.5)
            if row == 0:
                ax.set_title(f"{treatment.capitalize()} ice", fontsize=10)
            if column == 0:
                ax.set_ylabel(f"{SITE_WORDS[location].capitalize()} temperature (°C)")
            if row == 1:
                ax.set_xlabel("Time since the ice went on (min)")
    worst = max(rmse.values())
    figure.suptitle(
        f"The model follows all six measured mean curves with an RMSE of {worst:.2f} °C or less, "
        f"after-drop included\n(hatched: {DYKSTRA_ICE_MIN:.0f} min of ice; Dykstra 2009, 12 volunteers)",
        fontsize=11,
        x=0.08,
        ha="left",
    )
    return figure
