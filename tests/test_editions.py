"""Student and instructor editions from one source: exercises, answers, marking guides, nbgrader."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from helpers.course import load_notebooks
from helpers.exercises import (
    ExerciseFormatError,
    exercises,
    learning_objectives,
    opening_words,
    plain_text,
)
from tests import notebook_cells as cells
from tests.conftest import NOTEBOOKS, ROOT, isolated_jupyter_env

sys.path.insert(0, str(ROOT / "scripts"))
import editions

ALL = [(path.name, exercise) for path in NOTEBOOKS for exercise in exercises(cells.load(path), path.name)]


def notebook_words(path: Path) -> str:
    """Every source and text output of a notebook file, reduced to plain words."""
    notebook = json.loads(path.read_text(encoding="utf-8"))
    parts = []
    for cell in notebook["cells"]:
        parts.append(cells.source(cell))
        for output in cell.get("outputs", []):
            parts.append("".join(output.get("text", "")))
            for value in output.get("data", {}).values():
                parts.append("".join(value) if isinstance(value, list) else str(value))
    return plain_text("\n".join(parts))


def edition_words(folder: Path) -> str:
    texts = [notebook_words(path) for path in sorted(folder.rglob("*.ipynb"))]
    texts += [plain_text(path.read_text(encoding="utf-8")) for path in sorted(folder.rglob("*.md"))]
    return "\n".join(texts)


@pytest.fixture(scope="module")
def student(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("student")
    editions.build("student", out)
    return out


@pytest.fixture(scope="module")
def instructor(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("instructor")
    editions.build("instructor", out)
    return out


def test_the_series_has_its_exercises_in_the_one_format():
    assert len(ALL) >= 7
    for path in NOTEBOOKS:
        notebook = cells.load(path)
        headed = [
            c for c in cells.markdown_cells(notebook) if re.search(r"^#+ Exercise", cells.source(c), re.M)
        ]
        tagged = [c for c in headed if "exercise" in cells.tags(c)]
        assert headed == tagged, f"{path.name}: an 'Exercise' heading in a cell not tagged exercise"


@pytest.mark.parametrize(("name", "exercise"), ALL, ids=[exercise.exercise_id for _, exercise in ALL])
def test_each_exercise_assesses_a_learning_objective_of_its_notebook(name, exercise):
    objectives = learning_objectives(cells.load(ROOT / "notebooks" / name))
    assert exercise.objective in objectives
    assert exercise.solution and "<details>" not in exercise.solution
    assert exercise.marking_guide.count("\n- ") >= 1, f"{exercise.exercise_id}: guide should list bullets"


def test_a_misplaced_answer_is_refused():
    notebook = cells.load(ROOT / "notebooks" / ALL[0][0])
    first = exercises(notebook, ALL[0][0])[0]
    notebook["cells"][first.solution_cell]["metadata"]["tags"] = []
    with pytest.raises(ExerciseFormatError, match="worked answer"):
        exercises(notebook, ALL[0][0])


def test_the_leak_search_finds_answers_in_the_source():
    """The student-edition search below is meaningful: the same words are found in the source notebooks."""
    source = "\n".join(notebook_words(path) for path in NOTEBOOKS)
    for _, exercise in ALL:
        assert opening_words(exercise.solution) in source
        assert opening_words(exercise.marking_guide) in source


def test_student_edition_has_no_answer_and_no_marking_guide(student):
    words = edition_words(student)
    for _, exercise in ALL:
        assert opening_words(exercise.solution) not in words, f"{exercise.exercise_id}: answer leaked"
        assert opening_words(exercise.marking_guide) not in words, f"{exercise.exercise_id}: guide leaked"
    assert "Marking guide" not in words


def test_student_edition_has_an_answer_cell_after_each_exercise(student):
    for entry in load_notebooks():
        source = cells.load(ROOT / "notebooks" / entry.file)
        edition = cells.load(student / "notebooks" / entry.file)
        expected = exercises(source, entry.file)
        answers = [c for c in edition["cells"] if "nbgrader" in c["metadata"]]
        assert len(answers) == len(expected), entry.file
        for exercise, answer in zip(expected, answers, strict=True):
            meta = answer["metadata"]["nbgrader"]
            assert answer["cell_type"] == "markdown"
            assert cells.source(answer) == editions.ANSWER_STUB
            assert meta["solution"] and meta["grade"] and meta["points"] == exercise.points
            index = edition["cells"].index(answer)
            before = edition["cells"][index - 1]
            between_code = before["cell_type"] == "code"
            question = edition["cells"][index - 2] if between_code else before
            assert exercise.question.splitlines()[0] in cells.source(question)


def test_student_edition_keeps_the_self_check_answers(student):
    for entry in load_notebooks():
        source = cells.load(ROOT / "notebooks" / entry.file)
        edition = cells.load(student / "notebooks" / entry.file)
        kept = "\n".join(cells.source(c) for c in edition["cells"])
        for cell in source["cells"]:
            if re.search(r"^#+ Self-check", cells.source(cell), re.M):
                assert cells.source(cell) in kept, f"{entry.file}: self-check changed"


def test_instructor_edition_shows_answer_guide_objective_and_time(instructor):
    for name, exercise in ALL:
        text = "\n".join(cells.source(c) for c in cells.load(instructor / "notebooks" / name)["cells"])
        assert exercise.solution in text and exercise.marking_guide in text
        assert f'assesses the learning objective "{exercise.objective}"' in text
        assert f"About {exercise.minutes} minutes; {exercise.points} points" in text
        assert "<details><summary>Show answer" not in text.split(exercise.question)[1][:40]
    overview = (instructor / "MARKING.md").read_text(encoding="utf-8")
    for _, exercise in ALL:
        assert f"| {exercise.exercise_id} |" in overview
    assert f"{sum(exercise.points for _, exercise in ALL)} points" in overview


@pytest.mark.slow
def test_nbgrader_generate_assignment_releases_no_answer(student, tmp_path):
    source = tmp_path / "course" / "source" / "cramp-care"
    source.mkdir(parents=True)
    for path in (student / "notebooks").glob("*.ipynb"):
        (source / path.name).write_bytes(path.read_bytes())
    env = isolated_jupyter_env(tmp_path, {"JUPYTER_CONFIG_DIR": "config", "JUPYTER_DATA_DIR": "data"})
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env['PATH']}"  # nbgrader calls alembic
    result = subprocess.run(
        [Path(sys.executable).parent / "nbgrader", "generate_assignment", "cramp-care", "--force"],
        cwd=tmp_path / "course",
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    release = tmp_path / "course" / "release" / "cramp-care"
    assert sorted(p.name for p in release.glob("*.ipynb")) == [e.file for e in load_notebooks()]
    words = edition_words(release)
    for _, exercise in ALL:
        assert opening_words(exercise.solution) not in words, f"{exercise.exercise_id}: answer released"
    points = 0
    for path in release.glob("*.ipynb"):
        for cell in nbformat.read(path, as_version=4).cells:
            meta = cell.metadata.get("nbgrader", {})
            if meta.get("grade"):
                assert cell.source == editions.ANSWER_STUB
                points += meta["points"]
    assert points == sum(exercise.points for _, exercise in ALL)
