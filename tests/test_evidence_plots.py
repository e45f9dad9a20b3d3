"""The evidence overview plot: one labelled marker per claim, a legend per direction, a true title."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt

from helpers.evidence import load_claims
from helpers.evidence_plots import DIRECTION_STYLE, plot_evidence_overview


def test_one_marker_and_one_label_per_claim_and_a_full_legend():
    claims = load_claims()
    figure = plot_evidence_overview(claims)
    ax = figure.axes[0]
    markers = [line for line in ax.get_lines() if line.get_marker() not in (None, "None", "")]
    assert len(markers) == len(claims)
    assert len(ax.texts) == len(claims)
    assert len(ax.get_legend().get_texts()) == len(DIRECTION_STYLE)
    assert ax.get_xlabel() and ax.get_ylabel() and ax.get_title()
    plt.close(figure)


def test_the_title_is_true_trials_in_cramps_are_only_for_stretching_and_quinine():
    strong = [c for c in load_claims() if c.evidence_level in ("RCT", "systematic review")]
    in_cramps = {c.treatment for c in strong if "cramp" in c.condition}
    # the stretching trial a physiotherapist taught counts as stretching, not as a trial of physiotherapy
    assert in_cramps == {"stretching", "quinine"}
