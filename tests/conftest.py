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
