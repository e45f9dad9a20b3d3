"""The offline rule is enforced: a notebook cell run by nbval cannot reach beyond this machine.

Proved end to end: a throwaway notebook whose stored output says "blocked by the offline rule" is run by
pytest with the project's own settings (strict nbval), as ``make test`` runs every notebook. It passes only
if the connection attempt was refused *by the guard*: on a machine with no network the attempt fails in
another way, the printed line differs, and strict nbval fails. A plain kernel started outside the test run
is not guarded, which shows the guard, not the machine, did the blocking.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.slow
IPYTHON = Path(sys.executable).with_name("ipython")

#: One attempt per way out: a TCP connection by address, a name lookup, an HTTP request, UDP to a host.
PROBE = """import socket, urllib.request

def attempt(label, action):
    try:
        action()
        print(label, "reached")
    except OSError as error:
        print(label, "blocked by the offline rule" if "offline rule" in str(error) else "failed otherwise")

attempt("tcp", lambda: socket.create_connection(("192.0.2.1", 80), timeout=3))
attempt("dns", lambda: socket.getaddrinfo("example.org", 443))
attempt("http", lambda: urllib.request.urlopen("http://192.0.2.1/", timeout=3))
attempt("udp", lambda: socket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(b"x", ("192.0.2.1", 53)))
"""
EXPECTED = "".join(f"{label} blocked by the offline rule\n" for label in ("tcp", "dns", "http", "udp"))


def _notebook(expected: str) -> dict:
    return {
        "cells": [
            {
                "cell_type": "code",
                "execution_count": 1,
                "id": "probe",
                "metadata": {},
                "outputs": [{"name": "stdout", "output_type": "stream", "text": expected}],
                "source": PROBE,
            }
        ],
        "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }


@pytest.fixture
def probe_folder():
    """A folder inside the repository (so the project's conftest applies, as to notebooks/), removed after."""
    folder = ROOT / "build" / f"offline-probe-{uuid.uuid4().hex[:8]}"
    folder.mkdir(parents=True)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def _nbval(path: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("IPYTHONDIR", "CRAMP_CARE_LOG")}
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:randomly", "--rootdir", str(ROOT), str(path)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_a_notebook_cell_run_by_nbval_cannot_open_a_socket_beyond_localhost(probe_folder):
    path = probe_folder / "probe.ipynb"
    path.write_text(json.dumps(_notebook(EXPECTED)), encoding="utf-8")
    result = _nbval(path)
    assert result.returncode == 0, result.stdout[-3000:]


def test_the_probe_would_fail_if_a_connection_got_through(probe_folder):
    """The same notebook expecting one 'reached' line fails: the probe's output really is compared."""
    path = probe_folder / "probe.ipynb"
    path.write_text(json.dumps(_notebook(EXPECTED.replace("tcp blocked by the offline rule", "tcp reached"))))
    result = _nbval(path)
    assert result.returncode == 1 and "tcp reached" in result.stdout, result.stdout[-3000:]


def test_an_unguarded_kernel_is_not_blocked_by_the_rule(tmp_path):
    """Outside the test run's IPython folder the same cell is not refused by the guard."""
    env = {**os.environ, "IPYTHONDIR": str(tmp_path)}
    result = subprocess.run(
        [str(IPYTHON), "--no-banner", "-c", PROBE], env=env, capture_output=True, text=True, timeout=120
    )
    assert "tcp blocked by the offline rule" not in result.stdout, result.stdout + result.stderr


def test_loopback_still_works():
    code = (
        "import socket; s = socket.socket(); s.bind(('127.0.0.1', 0)); s.listen(); "
        "c = socket.create_connection(s.getsockname()); print('loopback ok')"
    )
    result = subprocess.run(
        [str(IPYTHON), "--no-banner", "-c", code], capture_output=True, text=True, timeout=60
    )
    assert "loopback ok" in result.stdout, result.stdout + result.stderr
