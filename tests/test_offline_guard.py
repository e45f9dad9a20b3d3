"""The offline rule is enforced: kernels in the test run cannot reach the network, but loopback works."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

IPYTHON = Path(sys.executable).with_name("ipython")


def _ipython(code: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(IPYTHON), "--no-banner", "-c", code],
        env=dict(os.environ),
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_the_test_run_points_kernels_at_the_guarded_ipython_folder():
    startup = Path(os.environ["IPYTHONDIR"]) / "profile_default" / "startup" / "00-no-network.py"
    assert startup.is_file()


def test_a_connection_beyond_this_machine_is_refused():
    result = _ipython("import urllib.request; urllib.request.urlopen('http://192.0.2.1/', timeout=5)")
    assert "network access is blocked" in result.stdout + result.stderr


def test_loopback_still_works():
    code = (
        "import socket; s = socket.socket(); s.bind(('127.0.0.1', 0)); s.listen(); "
        "c = socket.create_connection(s.getsockname()); print('loopback ok')"
    )
    result = _ipython(code)
    assert "loopback ok" in result.stdout, result.stdout + result.stderr
