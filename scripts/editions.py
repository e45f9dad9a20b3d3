"""Build the student or the instructor edition of the series from the one source (the notebooks).

Usage: python scripts/editions.py student|instructor [OUT]   (default OUT: build/student, build/instructor)

- Student edition (``make student``): worked answers and marking guides removed; after each exercise (and
  the code cells it asks the student to run) a Markdown answer cell to write in. That cell is an nbgrader
  manually graded answer cell (solution + grade, with the exercise's points), so the folder is valid
  nbgrader source: copy ``notebooks/`` to ``<course>/source/<assignment>/`` and run
  ``nbgrader generate_assignment``. Self-check answers stay: they are for self-study.
- Instructor edition (``make instructor``): each exercise shows the learning objective it assesses, its
  time and points, the worked answer and the marking guide, opened; ``MARKING.md`` lists them all.

Notebooks are taken in the order of ``data/notebooks.csv``; stored outputs are kept (nothing re-runs).
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from helpers.course import load_notebooks  # noqa: E402
from helpers.exercises import Exercise, exercises  # noqa: E402

ANSWER_STUB = "YOUR ANSWER HERE"


def answer_cell(exercise: Exercise) -> nbformat.NotebookNode:
    """An nbgrader manually graded Markdown answer cell for one exercise (what the student writes in)."""
    cell = nbformat.v4.new_markdown_cell(ANSWER_STUB)
    cell.metadata["tags"] = ["answer"]
    cell.metadata["nbgrader"] = {
        "grade": True,
        "solution": True,
        "locked": False,
        "task": False,
        "points": exercise.points,
        "grade_id": f"{exercise.exercise_id}-answer",
        "schema_version": 3,
    }
    return cell


def exercise_footer(exercise: Exercise) -> str:
    return (
        f"*Exercise {exercise.exercise_id}: about {exercise.minutes} minutes, {exercise.points} points."
        " Write your answer in the cell below.*"
    )


def student_notebook(notebook: nbformat.NotebookNode, name: str) -> nbformat.NotebookNode:
    """The notebook with answers and marking guides replaced by one answer cell per exercise."""
    found = exercises(notebook, name)
    drop = {index for exercise in found for index in (exercise.solution_cell, exercise.guide_cell)}
    answers = {exercise.solution_cell: exercise for exercise in found}
    by_cell = {exercise.cell: exercise for exercise in found}
    cells = []
    for index, cell in enumerate(notebook.cells):
        if index in answers:
            cells.append(answer_cell(answers[index]))
        if index in drop:
            continue
        if index in by_cell:
            cell = nbformat.from_dict(dict(cell))
            cell.source = f"{cell.source.rstrip()}\n\n{exercise_footer(by_cell[index])}"
            cell.metadata.pop("cramp_care", None)
        cells.append(cell)
    notebook.cells = cells
    return notebook


def instructor_notebook(notebook: nbformat.NotebookNode, name: str) -> nbformat.NotebookNode:
    """The notebook with each exercise's objective, time, points, worked answer and marking guide in view."""
    for exercise in exercises(notebook, name):
        notebook.cells[exercise.cell].source = (
            f"{notebook.cells[exercise.cell].source.rstrip()}\n\n"
            f"> **For instructors.** Exercise {exercise.exercise_id} assesses the learning objective"
            f' "{exercise.objective}" About {exercise.minutes} minutes; {exercise.points} points.'
        )
        notebook.cells[exercise.solution_cell].source = f"**Worked answer**\n\n{exercise.solution}"
        notebook.cells[exercise.guide_cell].source = (
            f"**Marking guide: what a full answer contains** ({exercise.points} points; the sources are those"
            f" cited in the worked answer)\n\n{exercise.marking_guide}"
        )
    return notebook


def marking_overview(rows: list[tuple[str, Exercise]]) -> str:
    lines = [
        "# Marking overview (instructor edition)",
        "",
        "Every exercise in the series, the learning objective it assesses, its time and its points. The",
        "worked answer and the marking guide follow each exercise in its notebook.",
        "",
        "| Exercise | Notebook | Learning objective assessed | Minutes | Points |",
        "|---|---|---|---|---|",
    ]
    for name, exercise in rows:
        cells = (exercise.exercise_id, name, exercise.objective, exercise.minutes, exercise.points)
        lines.append("| " + " | ".join(str(cell) for cell in cells) + " |")
    total_minutes = sum(exercise.minutes for _, exercise in rows)
    total_points = sum(exercise.points for _, exercise in rows)
    lines += ["", f"In all: {len(rows)} exercises, about {total_minutes} minutes, {total_points} points.", ""]
    return "\n".join(lines)


STUDENT_README = """# Student edition

The notebooks of the series with the exercises' worked answers and marking guides taken out. After each
exercise there is a cell that says {stub}: write your answer there (double-click it in JupyterLab).
Self-check answers are still in the notebooks, behind *Show answer*: they are for your own study.

Run the notebooks in the series' environment (see the repository's README: `make lab`).

For lecturers: the notebooks are nbgrader source. Each answer cell is a manually graded answer cell with its
points. Copy `notebooks/*.ipynb` to `<course>/source/<assignment>/` and run
`nbgrader generate_assignment <assignment>` to release them; mark the answers in nbgrader's formgrader.
"""


def build(edition: str, out: Path) -> list[Path]:
    """Write one edition to ``out`` (cleared first); return the notebooks written."""
    if edition not in ("student", "instructor"):
        raise SystemExit(f"edition must be 'student' or 'instructor', not {edition!r}")
    if out.exists():
        shutil.rmtree(out)
    (out / "notebooks").mkdir(parents=True)
    written, rows = [], []
    for entry in load_notebooks():
        notebook = nbformat.read(ROOT / "notebooks" / entry.file, as_version=4)
        rows += [(entry.file, exercise) for exercise in exercises(notebook, entry.file)]
        if edition == "student":
            notebook = student_notebook(notebook, entry.file)
        else:
            notebook = instructor_notebook(notebook, entry.file)
        path = out / "notebooks" / entry.file
        nbformat.write(notebook, path)
        written.append(path)
    if edition == "student":
        (out / "README.md").write_text(STUDENT_README.format(stub=ANSWER_STUB), encoding="utf-8")
    else:
        (out / "MARKING.md").write_text(marking_overview(rows), encoding="utf-8")
    return written


def main(argv: list[str]) -> int:
    if not argv:
        raise SystemExit(__doc__)
    edition = argv[0]
    out = Path(argv[1]) if len(argv) > 1 else ROOT / "build" / edition
    written = build(edition, out.resolve())
    print(f"{edition} edition: {len(written)} notebooks in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
