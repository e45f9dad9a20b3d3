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


@pytest.fixture
def jupyter_env(tmp_path: Path) -> dict[str, str]:
    """Environment variables that keep Jupyter's runtime files inside a temporary folder."""
    env = dict(os.environ)
    for variable, folder in {
        "JUPYTER_RUNTIME_DIR": "runtime",
        "IPYTHONDIR": "ipython",
        "MPLCONFIGDIR": "mpl",
        "JUPYTERLAB_WORKSPACES_DIR": "workspaces",
    }.items():
        (tmp_path / folder).mkdir()
        env[variable] = str(tmp_path / folder)
    return env
