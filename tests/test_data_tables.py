"""One loader for every CSV: declarations, real line numbers, read-only caches, data found when installed."""

from __future__ import annotations

import importlib
import os
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import helpers
from helpers import data
from helpers.data import DataError, Table, load_table
from helpers.stretching import load_equipment, load_stretches
from helpers.thermal import load_agents, load_bands
from tests.conftest import ROOT


def _declared_tables() -> dict[str, Table]:
    """Every Table declared in any helpers module, by file name."""
    tables: dict[str, Table] = {}
    for module in pkgutil.iter_modules(helpers.__path__):
        loaded = importlib.import_module(f"helpers.{module.name}")
        for value in vars(loaded).values():
            if isinstance(value, Table):
                tables[value.file] = value
    return tables


def test_every_csv_has_one_declaration_and_loads_through_it():
    tables = _declared_tables()
    files = sorted(path.name for path in data.data_dir().glob("*.csv"))
    assert sorted(tables) == files
    for table in tables.values():
        assert load_table(table), table.file


#: A module that reads a CSV which is not a data table: the cramp diary reads the person's own file (text
#: they upload or saved), checked row by row by its own rules; its teaching example in data/ uses load_table.
PERSON_FILES = {"cramp_diary.py": ("csv.reader",)}


def test_no_module_reads_a_csv_any_other_way():
    for path in sorted((ROOT / "helpers").glob("*.py")):
        source = path.read_text(encoding="utf-8")
        if path.name == "data.py":
            continue
        for forbidden in ("read_csv(", "csv.DictReader", "csv.reader", "DATA_DIR", "data_path("):
            if forbidden in PERSON_FILES.get(path.name, ()):
                assert "load_table" in source, f"{path.name}: its data/ tables still load with load_table"
                continue
            assert forbidden not in source, f"{path.name} uses {forbidden}: load tables with load_table"


def _line_of(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text in line)


def test_errors_name_the_real_line_with_comment_lines_counted(edit_table):
    folder = Path(os.environ[data.DATA_ENV])
    path = folder / "stretches.csv"
    assert path.read_text(encoding="utf-8").startswith("#"), "this test needs a table with comment lines"
    line = _line_of(path, "calf_wall,")
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[line - 1] = (
        lines[line - 1].replace("calf_wall,", "calf_wall,", 1).replace(",body,", ",spaceship,", 1)
    )
    path.write_text("".join(lines), encoding="utf-8")
    data.clear_caches()
    with pytest.raises(DataError, match=rf"stretches\.csv, line {line} \(calf_wall\): equipment 'spaceship'"):
        load_stretches()


def test_a_repeated_id_names_both_lines(edit_table):
    edit_table("equipment.csv", lambda rows: [*rows, rows[0]])
    path = Path(os.environ[data.DATA_ENV]) / "equipment.csv"
    last = len(path.read_text(encoding="utf-8").splitlines())
    with pytest.raises(
        DataError, match=rf"line {last} \(body\): id 'body' appears twice \(first on line 2\)"
    ):
        load_equipment()


def test_an_undeclared_or_missing_column_is_refused(edit_table):
    edit_table("equipment.csv", lambda rows: [{**row, "colour": "red"} for row in rows])
    with pytest.raises(DataError, match=r"undeclared column.*colour"):
        load_equipment()
    edit_table("equipment.csv", lambda rows: [{k: v for k, v in row.items() if k != "label"} for row in rows])
    with pytest.raises(DataError, match=r"missing column.*label"):
        load_equipment()


def test_whole_numbers_in_tables_follow_the_same_rule_as_input(edit_table):
    edit_table(
        "stretches.csv", lambda rows: [{**r, "reps": "3.0"} if r["id"] == "calf_wall" else r for r in rows]
    )
    assert next(s for s in load_stretches() if s.id == "calf_wall").reps == 3
    edit_table(
        "stretches.csv", lambda rows: [{**r, "reps": "2.5"} if r["id"] == "calf_wall" else r for r in rows]
    )
    with pytest.raises(DataError, match=r"'reps' must be a whole number from 1 to 10, not 2\.5"):
        load_stretches()


@pytest.mark.parametrize(
    ("loader", "key"),
    [
        (load_agents, "heat_pad"),
        (load_bands, "burn_risk"),
        (data.load_references, "dykstra2009"),
        (load_equipment, "towel"),
    ],
    ids=["agents", "bands", "references", "equipment"],
)
def test_cached_tables_cannot_be_changed_by_a_caller(loader, key):
    table = loader()
    assert key in table
    with pytest.raises((TypeError, AttributeError)):
        table.pop(key)
    with pytest.raises(TypeError):
        table[key] = None
    assert key in loader(), "a caller removed an entry for the whole kernel"


def test_loaded_rows_are_read_only():
    row = load_table(data.REFERENCES)[0]
    with pytest.raises(TypeError):
        row["id"] = "changed"  # type: ignore[index]


def test_a_configured_data_folder_is_used(tmp_path, monkeypatch):
    monkeypatch.setenv(data.DATA_ENV, str(tmp_path))
    assert data.data_dir() == tmp_path
    with pytest.raises(DataError, match=f"not found in {tmp_path}"):
        data.data_path("references.csv")


@pytest.mark.slow
def test_a_normal_install_finds_its_data(tmp_path):
    """Build the wheel, install it (not editable) into a folder, and load every table from there."""
    wheels, target = tmp_path / "wheels", tmp_path / "site"
    quiet = {"capture_output": True, "text": True, "timeout": 300}
    built = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(wheels),
            str(ROOT),
        ],
        **quiet,
    )
    assert built.returncode == 0, built.stderr[-2000:]
    wheel = next(wheels.glob("*.whl"))
    installed = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "--no-index",
            "--target",
            str(target),
            str(wheel),
        ],
        **quiet,
    )
    assert installed.returncode == 0, installed.stderr[-2000:]
    probe = (
        "import helpers, helpers.data as d, importlib, pkgutil\n"
        "names = [m.name for m in pkgutil.iter_modules(helpers.__path__)]\n"
        "mods = [importlib.import_module('helpers.' + name) for name in names]\n"
        "tables = {v.file: v for m in mods for v in vars(m).values() if isinstance(v, d.Table)}\n"
        "rows = sum(len(d.load_table(t)) for t in tables.values())\n"
        "print(helpers.__file__); print(d.data_dir()); print(len(tables), rows)\n"
    )
    env = {k: v for k, v in os.environ.items() if k != data.DATA_ENV}
    env["PYTHONPATH"] = str(target)
    result = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, env=env, **quiet)
    assert result.returncode == 0, result.stderr[-3000:]
    module_file, folder, counts = result.stdout.strip().splitlines()[-3:]
    assert Path(module_file).is_relative_to(target), "the installed copy, not the source tree, was imported"
    assert Path(folder) == target / data.DATA_PACKAGE
    tables = _declared_tables().values()
    assert counts == f"{len(tables)} {sum(len(load_table(table)) for table in tables)}"
