"""Running a README `make` command that starts a server, for the tests that check those commands."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from tests.conftest import ROOT


def get(url: str) -> tuple[int, str]:
    """Status and text of a GET on this machine (loopback only)."""
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.status, response.read().decode("utf-8", "replace")


@contextlib.contextmanager
def make_server(
    target: list[str], env: dict[str, str], ready_url: str, log: Path, seconds: float = 60
) -> Iterator[subprocess.Popen]:
    """Run ``make TARGET...`` until ``ready_url`` gives any HTTP answer; stop it and its children after."""
    with log.open("w") as stream:
        process = subprocess.Popen(
            ["make", "--no-print-directory", *target],
            cwd=ROOT,
            env=env,
            stdout=stream,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            deadline = time.monotonic() + seconds
            while True:
                if process.poll() is not None:
                    raise AssertionError(f"`make {target[0]}` exited with code {process.returncode}")
                try:
                    get(ready_url)
                    break
                except urllib.error.HTTPError:
                    break  # any HTTP answer means the server is up
                except OSError:
                    if time.monotonic() > deadline:
                        raise AssertionError(f"nothing answered at {ready_url} within {seconds} s") from None
                    time.sleep(0.3)
            yield process
        finally:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
