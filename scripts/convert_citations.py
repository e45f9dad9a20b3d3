"""Rewrite ``[@id]`` citations in notebook Markdown into readable links to the reference list.

Usage: python scripts/convert_citations.py [notebooks/NAME.ipynb ...]   (default: every notebook)

Authors may keep writing ``[@nhs_leg_cramps]`` or ``[@a; @b]``. This turns them into
``([NHS](#ref-nhs_leg_cramps))`` in cells tagged ``patient`` and ``([NHS, Leg cramps](#ref-...))`` (author
and year for papers) in every other Markdown cell, and re-labels existing links when a label in
``data/references.csv`` changes. ``scripts/execute_notebooks.py`` runs it first, so ``make notebooks`` does.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from helpers.citations import convert_markdown  # noqa: E402


def audience_of(cell: nbformat.NotebookNode) -> str:
    """``patient`` for cells tagged patient, else ``student``."""
    return "patient" if "patient" in cell.get("metadata", {}).get("tags", []) else "student"


def convert_notebook(notebook: nbformat.NotebookNode) -> int:
    """Convert every Markdown cell in place; return how many cells changed."""
    changed = 0
    for cell in notebook.cells:
        if cell.cell_type != "markdown":
            continue
        new = convert_markdown(cell.source, audience_of(cell))
        if new != cell.source:
            cell.source = new
            changed += 1
    return changed


def convert(path: Path) -> int:
    """Convert one notebook file; write it back only if something changed."""
    notebook = nbformat.read(path, as_version=4)
    changed = convert_notebook(notebook)
    if changed:
        nbformat.write(notebook, path)
    return changed


def main(argv: list[str]) -> int:
    paths = [Path(arg).resolve() for arg in argv] or sorted((ROOT / "notebooks").glob("*.ipynb"))
    for path in paths:
        changed = convert(path)
        print(f"citations: {path.relative_to(ROOT)}: {changed} cell(s) converted")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
