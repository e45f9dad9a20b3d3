"""Running a README `make` command that starts a server, for the tests that check those commands."""

from __future__ import annotations

import contextlib
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from tests.browser.servers import Server, start_server


def get(url: str) -> tuple[int, str]:
    """Status and text of a GET on this machine (loopback only)."""
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.status, response.read().decode("utf-8", "replace")


@contextlib.contextmanager
def make_server(
    target: list[str], env: dict[str, str], base: str, probe: str, log: Path, token: str = ""
) -> Iterator[Server]:
    """Run ``make TARGET...`` until ``base + probe`` gives any HTTP answer; stop it and its children after."""
    # 120 s: `make present` also heats a kernel as it starts, and the machine may be shared (not a speed test)
    server = start_server(["make", "--no-print-directory", *target], env, log, base, token, probe, 120)
    try:
        yield server
    finally:
        server.stop()
