"""Sphinx configuration of the series' book (``make book``): static HTML from the stored outputs, offline.

``scripts/build_book.py`` writes the pages (the notebooks in the order of ``data/notebooks.csv``, plus the
warning signs, glossary and references pages generated from ``data/``) and runs Sphinx with this file.
Nothing is executed, nothing is fetched: every script, style and font comes with the theme.
"""

from __future__ import annotations

project = "Self-care for muscle cramps and spasms"
author = "Cramp Care Notebooks contributors"
copyright = "Cramp Care Notebooks contributors; text and figures CC BY 4.0, code Apache-2.0"
root_doc = "00_start_here"
language = "en"

extensions = ["myst_nb"]
exclude_patterns = ["_build", "**.ipynb_checkpoints"]
suppress_warnings: list[str] = []

# myst-nb: render the stored outputs (never execute), Markdown outputs as MyST so citations and glossary
# links inside them work, and no ipywidgets JavaScript from a CDN (widgets are shown as stills instead).
nb_execution_mode = "off"
nb_render_markdown_format = "myst"
nb_ipywidgets_js: dict[str, dict[str, str]] = {}
nb_mime_priority_overrides = [("html", "application/vnd.jupyter.widget-view+json", None)]
myst_enable_extensions = ["colon_fence"]
myst_heading_anchors = 3

html_theme = "sphinx_book_theme"
html_title = "Cramp care: a teaching series"
html_static_path = ["_static"]
html_css_files = ["book.css"]
html_extra_path = ["_extra"]
html_last_updated_fmt = None
html_show_sourcelink = False
html_copy_source = False
REPOSITORY = "https://github.com/cramp-care/cramp-care-notebooks"
html_theme_options = {
    "repository_url": REPOSITORY,
    "repository_branch": "HEAD",
    "path_to_docs": "notebooks",
    "use_repository_button": True,
    "launch_buttons": {"binderhub_url": "https://mybinder.org", "notebook_interface": "jupyterlab"},
    "announcement": (
        '<a href="warning-signs.html"><strong>⚠ Warning signs:</strong> when to stop self-care and get'
        " help</a> &middot; Education, not medical advice."
    ),
    "home_page_in_toc": True,
    "show_toc_level": 2,
}
