"""Fixtures for the browser tests: Chromium through Playwright, and JupyterLab and Voila servers.

Offline is enforced, not hoped for: every request or websocket to anything but 127.0.0.1 is blocked by
Playwright routing and recorded, and a test during which the page tried one fails (see ``page``).

Without Chromium (or Playwright) the tests are skipped with a hint on how to install it, so `make test`
still runs everywhere. In CI (environment variable CI=true, as .ci/run sets) a missing browser is a
failure instead: a silently skipped browser suite would look like a pass.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.browser import servers

LOCAL_HOSTS = ("127.0.0.1",)


def is_outside(url: str) -> bool:
    """True for a network URL whose host is not this machine's loopback address (data:, blob: are local)."""
    parts = urlsplit(url)
    return parts.scheme in ("http", "https", "ws", "wss", "ftp") and parts.hostname not in LOCAL_HOSTS


def _missing(what: str) -> None:
    message = f"{what}; the browser tests need it"
    if os.environ.get("CI") == "true":
        pytest.fail(f"{message} and CI=true, so this is a failure, not a skip", pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session")
def chromium_executable() -> str:
    executable = servers.find_chromium()
    if executable is None:
        _missing(f"Chromium not found (/usr/bin/chromium or `chromium` on PATH): {servers.INSTALL_HINT}")
    return executable


@pytest.fixture(scope="session")
def browser_context(chromium_executable: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("Python Playwright is not installed (pip install -r requirements-test.txt)")
    with sync_playwright() as playwright:
        context = servers.launch_chromium(
            playwright, tmp_path_factory.mktemp("chromium-profile"), chromium_executable
        )
        context.outside_attempts = []  # URLs the pages tried to reach beyond 127.0.0.1

        def block(route: Any) -> None:
            context.outside_attempts.append(route.request.url)
            route.abort("blockedbyclient")

        def block_socket(socket: Any) -> None:
            context.outside_attempts.append(socket.url)
            socket.close()

        # Only outside URLs match, so local requests are not slowed by a round trip through Python.
        context.route(is_outside, block)
        context.route_web_socket(is_outside, block_socket)
        yield context
        context.close()


@pytest.fixture
def page(browser_context: Any) -> Iterator[Any]:
    """A new tab that records console errors, page errors and failed requests while the test runs."""
    tab = browser_context.new_page()
    tab.problems = []  # (kind, text, url)

    def on_console(message: Any) -> None:
        if message.type == "error":
            tab.problems.append(("console", message.text, message.location["url"]))

    tab.on("console", on_console)
    tab.on("pageerror", lambda error: tab.problems.append(("pageerror", str(error), "")))
    tab.requests = []  # every URL the page requested, local or not
    tab.on("request", lambda request: tab.requests.append(request.url))
    already = len(browser_context.outside_attempts)
    yield tab
    tab.close()
    attempts = browser_context.outside_attempts[already:]
    attempts += [url for url in tab.requests if is_outside(url) and url not in attempts]
    del browser_context.outside_attempts[already:]
    if attempts:
        pytest.fail(f"the page tried to reach beyond 127.0.0.1 (offline rule): {attempts}", pytrace=False)


@pytest.fixture(scope="session")
def lab(chromium_executable: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[servers.Server]:
    server = servers.start_lab(tmp_path_factory.mktemp("lab"))
    yield server
    server.stop()


@pytest.fixture(scope="session")
def voila(chromium_executable: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[servers.Server]:
    server = servers.start_voila(tmp_path_factory.mktemp("voila"), "notebooks/06_patient_session.ipynb")
    yield server
    server.stop()
