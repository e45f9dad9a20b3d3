"""Shared test fixtures: paths, and isolated Jupyter folders for anything that starts a server."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


#: Where Jupyter, IPython and matplotlib write per-user files, and the folder each gets in a test.
JUPYTER_DIRS = {
    "JUPYTER_RUNTIME_DIR": "runtime",
    "IPYTHONDIR": "ipython",
    "MPLCONFIGDIR": "mpl",
    "JUPYTERLAB_WORKSPACES_DIR": "workspaces",
}


def isolated_jupyter_env(folder: Path, extra: dict[str, str] | None = None) -> dict[str, str]:
    """os.environ with Jupyter's per-user folders (plus ``extra`` ones) moved inside ``folder``."""
    env = dict(os.environ)
    for variable, name in {**JUPYTER_DIRS, **(extra or {})}.items():
        (folder / name).mkdir(parents=True, exist_ok=True)
        env[variable] = str(folder / name)
    return env


@pytest.fixture
def jupyter_env(tmp_path: Path) -> dict[str, str]:
    """Environment variables that keep Jupyter's runtime files inside a temporary folder."""
    return isolated_jupyter_env(tmp_path)


@pytest.fixture(scope="session")
def built_book(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The book built once per test run, as `make book` does, in a temporary folder: (html, warnings)."""
    import sys

    sys.path.insert(0, str(ROOT / "scripts"))
    import build_book

    out = tmp_path_factory.mktemp("book") / "html"
    _seconds, warnings = build_book.build(out)
    return out, warnings


@pytest.fixture
def edit_table(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Point helpers.data at a copy of the data folder; ``edit_table(name, edit)`` rewrites one table.

    ``edit(rows) -> rows`` works on the raw rows (dicts of text); comment lines are dropped from the
    rewritten table. Every cached table is cleared before and after, so no other test sees the copy.
    """
    import csv

    from helpers import data

    source = data.data_dir()
    folder = tmp_path / "data"
    folder.mkdir()
    for path in source.glob("*.csv"):
        (folder / path.name).write_bytes(path.read_bytes())

    def edit(name: str, change) -> Path:
        """Rewrite ``name`` as ``change(original rows)`` (each call starts from the shipped table)."""
        with (source / name).open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(line for line in handle if not line.startswith("#"))
            original = list(reader)
            header = list(reader.fieldnames or ())
        rows = change(original)
        header = [*header, *(name for name in (rows[0] if rows else {}) if name not in header)]
        header = [name for name in header if not rows or name in rows[0]]
        with (folder / name).open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=header)
            writer.writeheader()
            writer.writerows(rows)
        data.clear_caches()
        return folder / name

    monkeypatch.setenv(data.DATA_ENV, str(folder))
    data.clear_caches()
    yield edit
    data.clear_caches()
