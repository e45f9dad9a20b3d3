"""Exercises in one source format, read from a notebook so the student and instructor editions come from it.

In a notebook an exercise is a Markdown cell tagged ``exercise`` whose metadata ``cramp_care`` holds
``exercise_id`` (``NN-exK``), ``objective`` (the text of one of the notebook's "What you will learn"
items), ``minutes`` and ``points``. The next Markdown cell (code cells may come between, for the student to
run) is the worked answer, tagged ``solution``; the Markdown cell after it, tagged ``marking-guide``, lists
what a full answer contains. Both are wrapped in ``<details>`` in the source, so a self-learner in Lab
opens them on demand; ``scripts/editions.py`` drops them for students and opens them for instructors.

Works on notebook JSON as plain dicts (``nbformat`` nodes are dicts too): no kernel, no widgets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

METADATA_KEY = "cramp_care"
DETAILS = re.compile(r"^\s*<details><summary>[^<]*</summary>\s*(.*?)\s*</details>\s*$", re.S)
EXERCISE_ID = re.compile(r"(\d\d)-ex(\d+)")


class ExerciseFormatError(ValueError):
    """A notebook's exercise cells do not follow the exercise / solution / marking-guide form."""


@dataclass(frozen=True)
class Exercise:
    """One exercise as stored in a notebook, with the cell positions the edition builders need."""

    exercise_id: str
    objective: str
    minutes: int
    points: int
    question: str
    solution: str
    marking_guide: str
    cell: int
    solution_cell: int
    guide_cell: int


def cell_text(cell: dict[str, Any]) -> str:
    """A cell's source as one string (notebook files store it as a list of lines)."""
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


def cell_tags(cell: dict[str, Any]) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []))


def unwrap_details(text: str) -> str:
    """The body of a ``<details><summary>...</summary> body </details>`` block (the text itself if none)."""
    match = DETAILS.match(text)
    return match.group(1).strip() if match else text.strip()


def learning_objectives(notebook: dict[str, Any]) -> list[str]:
    """The numbered items under **What you will learn** in the notebook's opening, one line each."""
    for cell in notebook["cells"][:3]:
        text = cell_text(cell)
        if "**What you will learn**" not in text:
            continue
        block = text.split("**What you will learn**", 1)[1]
        block = re.split(r"\n\s*\n", block.strip(), maxsplit=1)[0]
        items = re.split(r"^\d+\.\s+", block, flags=re.M)
        return [" ".join(item.split()) for item in items if item.strip()]
    return []


def _next_markdown(cells: list[dict[str, Any]], start: int) -> int | None:
    for index in range(start, len(cells)):
        if cells[index]["cell_type"] == "markdown":
            return index
    return None


def _int_field(meta: dict[str, Any], name: str, where: str, low: int, high: int) -> int:
    value = meta.get(name)
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise ExerciseFormatError(f"{where}: metadata {name!r} must be a whole number from {low} to {high}")
    return value


def exercises(notebook: dict[str, Any], name: str = "notebook") -> list[Exercise]:
    """Every exercise of a notebook, in order; raises ExerciseFormatError naming the cell that is wrong."""
    cells = notebook["cells"]
    objectives = learning_objectives(notebook)
    found: list[Exercise] = []
    for index, cell in enumerate(cells):
        if "exercise" not in cell_tags(cell):
            continue
        meta = cell.get("metadata", {}).get(METADATA_KEY, {})
        where = f"{name}, cell {index}"
        exercise_id = meta.get("exercise_id", "")
        if not EXERCISE_ID.fullmatch(str(exercise_id)) or not name.startswith(str(exercise_id)[:2]):
            raise ExerciseFormatError(f"{where}: exercise_id must be 'NN-exK' with this notebook's number")
        objective = " ".join(str(meta.get("objective", "")).split())
        if objective not in objectives:
            raise ExerciseFormatError(
                f"{where}: objective {objective!r} is not one of the notebook's learning objectives"
            )
        solution_cell = _next_markdown(cells, index + 1)
        if solution_cell is None or "solution" not in cell_tags(cells[solution_cell]):
            raise ExerciseFormatError(
                f"{where}: the next Markdown cell must be the worked answer (tag: solution)"
            )
        guide_cell = solution_cell + 1
        if guide_cell >= len(cells) or "marking-guide" not in cell_tags(cells[guide_cell]):
            raise ExerciseFormatError(f"{where}: the worked answer must be followed by a marking-guide cell")
        found.append(
            Exercise(
                exercise_id=str(exercise_id),
                objective=objective,
                minutes=_int_field(meta, "minutes", where, 1, 120),
                points=_int_field(meta, "points", where, 1, 100),
                question=cell_text(cell).strip(),
                solution=unwrap_details(cell_text(cells[solution_cell])),
                marking_guide=unwrap_details(cell_text(cells[guide_cell])),
                cell=index,
                solution_cell=solution_cell,
                guide_cell=guide_cell,
            )
        )
    ids = [exercise.exercise_id for exercise in found]
    if len(set(ids)) != len(ids):
        raise ExerciseFormatError(f"{name}: an exercise_id appears twice: {ids}")
    return found


def plain_text(text: str) -> str:
    """Markdown reduced to its words (no emphasis, bullets, citations or line breaks), for text searches."""
    text = re.sub(r"\[@[^\]]*\]|\]\(#ref-[^)]*\)", " ", text)
    text = re.sub(r"^\s*(?:[-*]|\d+\.)\s", " ", text, flags=re.M)
    return " ".join(re.sub(r"[*_`>#\[\]]", " ", text).split())


def opening_words(text: str, count: int = 8) -> str:
    """The first ``count`` words of Markdown text as plain text: what a leak test searches for."""
    return " ".join(plain_text(text).split()[:count])
