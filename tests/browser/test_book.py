"""The book in a real Chromium from a local server: figures with alt text, no outside requests, axe clean."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pytest

from helpers.course import load_notebooks
from tests.browser.test_accessibility import _blocking_violations
from tests.conftest import free_port

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def site(built_book, chromium_executable) -> Iterator[str]:
    """The built book served by a plain static server on 127.0.0.1 (what a reader's machine would do)."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1", "-d", str(built_book[0])],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        import time
        import urllib.request

        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/index.html", timeout=2).close()
                break
            except OSError:
                time.sleep(0.1)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture
def local_page(page: Any, site: str) -> Any:
    """A tab that may only talk to the local server: any other request is recorded and refused."""
    page.outside = []

    def route(route: Any) -> None:
        if route.request.url.startswith(site):
            route.continue_()
        else:
            page.outside.append(route.request.url)
            route.abort()

    page.route("**/*", route)
    return page


def _open(page: Any, url: str) -> None:
    page.goto(url)
    page.wait_for_load_state("networkidle")


def test_the_site_opens_on_the_start_page(local_page, site):
    _open(local_page, f"{site}/")
    assert local_page.url.endswith(f"{load_notebooks()[0].stem}.html")
    assert "start here" in local_page.title().lower()
    assert local_page.get_by_role("link", name="Warning signs").first.is_visible()
    assert not local_page.outside, local_page.outside


def test_every_page_shows_its_figures_with_alt_text(local_page, site):
    names = [f"{entry.stem}.html" for entry in load_notebooks()]
    names += ["glossary.html", "references.html", "warning-signs.html", "search.html"]
    problems = []
    for name in names:
        _open(local_page, f"{site}/{name}")
        for image in local_page.locator("article img").all():
            image.scroll_into_view_if_needed()
            loaded = image.evaluate("img => img.complete && img.naturalWidth > 0")
            alt = (image.get_attribute("alt") or "").strip()
            if not loaded or not alt:
                problems.append(f"{name}: {image.get_attribute('src')} loaded={loaded} alt={alt!r}")
    assert not problems, problems
    assert not local_page.outside, local_page.outside
    errors = [p for p in local_page.problems if p[0] == "pageerror"]
    assert not errors, errors


def test_offline_search_finds_a_notebook(local_page, site):
    _open(local_page, f"{site}/search.html?q=hallegraeff")
    local_page.wait_for_selector("#search-results li", timeout=60_000)
    assert local_page.locator("#search-results li a[href*='01_stretching']").count() >= 1


@pytest.mark.parametrize("name", ["00_start_here.html", "04_session_planner.html", "glossary.html"])
def test_no_serious_or_critical_axe_violations(local_page, site, name):
    _open(local_page, f"{site}/{name}")
    assert _blocking_violations(local_page) == []
