"""Course pieces a notebook displays: the map of the series (from ``data/notebooks.csv``)."""

from __future__ import annotations

from IPython.display import Markdown

from helpers.course import series_map_markdown


def show_series_map() -> Markdown:
    """The map in 00: every notebook with what it covers, who it is for and its time, from the one table."""
    return Markdown(series_map_markdown())
