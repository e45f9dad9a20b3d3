"""Reading notebooks for the content tests (cells, tags, citations)."""

from __future__ import annotations

import json
import re
from pathlib import Path

from helpers.citations import CITATION_LINK, cited_ids


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
    """Ids cited in Markdown cells, as links (``[NHS](#ref-id)``) or not yet converted (``[@id]``)."""
    ids: set[str] = set()
    for cell in markdown_cells(notebook):
        ids.update(cited_ids(source(cell)))
    return ids


def citation_links(cell: dict) -> list[tuple[str, str]]:
    """(label, id) of every citation link in a Markdown cell."""
    return [(m.group(1), m.group(2)) for m in CITATION_LINK.finditer(source(cell))]


def output_texts(cell: dict) -> list[str]:
    """Every text a code cell's stored outputs show (plain, Markdown, HTML, streams)."""
    texts = []
    for output in cell.get("outputs", []):
        if "text" in output:
            texts.append("".join(output["text"]) if isinstance(output["text"], list) else output["text"])
        for mime, value in output.get("data", {}).items():
            if mime.startswith("text/"):
                texts.append("".join(value) if isinstance(value, list) else value)
    return texts


def listed_in_references_cell(notebook: dict) -> set[str]:
    """Ids passed to show_references([...]) in the notebook's code."""
    ids: set[str] = set()
    for cell in code_cells(notebook):
        for call in re.findall(r"show_references\(\s*\[(.*?)\]\s*\)", source(cell), flags=re.S):
            ids.update(re.findall(r"[\"']([a-z][a-z0-9_]*)[\"']", call))
    return ids
