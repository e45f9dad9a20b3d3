"""Logic behind the cramp-care notebook series.

Data flows one way: ``data/`` CSV files -> domain modules (``rules``, ``screening``, ``planner``,
``thermal``, ``stretching``, ...; no matplotlib, no ipywidgets) -> views (``plots``, ``export``) ->
``widgets`` -> notebooks. Domain modules never import a view, so they are tested without a kernel.
"""

__version__ = "0.1.0"
