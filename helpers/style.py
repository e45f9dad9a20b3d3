"""Colours, hatches and labels shared by every plot, chosen for colour-blind readers.

The Okabe-Ito palette stays distinct under the common colour-vision deficiencies; every series also gets a
hatch or a text label, so nothing is told apart by colour alone (greyscale print included).
"""

from __future__ import annotations

from typing import Final

# Okabe & Ito (2008) colour-universal-design palette.
BLUE: Final = "#0072B2"
VERMILLION: Final = "#D55E00"
ORANGE: Final = "#E69F00"
SKY_BLUE: Final = "#56B4E9"
BLUISH_GREEN: Final = "#009E73"
YELLOW: Final = "#F0E442"
REDDISH_PURPLE: Final = "#CC79A7"
BLACK: Final = "#000000"
GREY: Final = "#999999"

#: Modality -> (face colour, hatch, label): ice blue with forward hatching, heat vermillion with crosses.
MODALITY_STYLE: Final = {
    "ice": (BLUE, "///", "Ice"),
    "heat": (VERMILLION, "xx", "Heat"),
}
SLEEP_COLOUR: Final = "#DDDDDD"
SLEEP_HATCH: Final = ".."
SKIN_LINE: Final = {"color": BLACK, "linestyle": "-", "linewidth": 1.8}
MUSCLE_LINE: Final = {"color": REDDISH_PURPLE, "linestyle": "--", "linewidth": 1.8}
DATA_MARKERS: Final = {"color": GREY, "marker": "o", "markersize": 3, "linestyle": "none"}
