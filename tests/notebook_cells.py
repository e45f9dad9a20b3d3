"""Reading notebooks for the content tests (cells, tags, citations)."""

from __future__ import annotations

import json
import re
from pathlib import Path

from helpers.data import CITATION_BLOCK, CITATION_PATTERN


def load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def source(cell: dict) -> str:
    text = cell.get("source", "")
    return "".join(text) if isinstance(text, list) else text


def tags(cell: dict) -> list[str]:
    return cell.get("metadata", {}).get("tags", [])


def markdown_cells(notebook: dict) -> list[dict]:
    return [cell for cell in notebook["cells"] if cell["cell_type"] == "markdown"]


def code_cells(notebook: dict) -> list[dict]:
    return [cell for cell in notebook["cells"] if cell["cell_type"] == "code"]


def cited_in_markdown(notebook: dict) -> set[str]:
    ids: set[str] = set()
    for cell in markdown_cells(notebook):
        for block in CITATION_BLOCK.findall(source(cell)):
            ids.update(CITATION_PATTERN.findall(block))
    return ids


def listed_in_references_cell(notebook: dict) -> set[str]:
    """Ids passed to show_references([...]) in the notebook's code."""
    ids: set[str] = set()
    for cell in code_cells(notebook):
        for call in re.findall(r"show_references\(\s*\[(.*?)\]\s*\)", source(cell), flags=re.S):
            ids.update(re.findall(r"[\"']([a-z][a-z0-9_]*)[\"']", call))
    return ids
