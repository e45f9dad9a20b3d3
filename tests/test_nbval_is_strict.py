"""Strict nbval really compares stored outputs: a hand-edited output makes the test command fail."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.slow
START = ROOT / "notebooks" / "00_start_here.ipynb"


def _run_nbval(notebook_path) -> subprocess.CompletedProcess:
    """Run pytest on one notebook with the project's own settings (pyproject addopts)."""
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "--rootdir",
            str(ROOT),
            "-c",
            str(ROOT / "pyproject.toml"),
            str(notebook_path),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )


def _first_text_output(notebook: dict) -> dict:
    for cell in notebook["cells"]:
        for output in cell.get("outputs", []):
            if output["output_type"] == "stream" or "text/plain" in output.get("data", {}):
                return output
    raise AssertionError("the start page has no text output to tamper with")


def test_an_edited_output_fails_and_the_original_passes(tmp_path):
    untouched = tmp_path / "untouched.ipynb"
    edited = tmp_path / "edited.ipynb"
    shutil.copy(START, untouched)
    notebook = json.loads(START.read_text(encoding="utf-8"))
    output = _first_text_output(notebook)
    if output["output_type"] == "stream":
        output["text"] = ["a number a reader would trust, edited by hand\n"]
    else:
        output["data"]["text/plain"] = ["'edited by hand'"]
    edited.write_text(json.dumps(notebook), encoding="utf-8")

    assert _run_nbval(untouched).returncode == 0
    result = _run_nbval(edited)
    assert result.returncode == 1, result.stdout[-2000:]
    assert "edited by hand" in result.stdout
