"""The README's open command (`make lab`) starts JupyterLab serving the start page."""

from __future__ import annotations

import json
import time

import pytest

from tests.conftest import free_port
from tests.make_commands import get, make_server

pytestmark = pytest.mark.slow


def _address_opened(opened, seconds: float = 15) -> str:
    """What the stand-in browser was asked to open (following Jupyter's local redirect file)."""
    deadline = time.monotonic() + seconds
    while not opened.exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert opened.exists(), "make lab did not ask a browser to open anything"
    target = opened.read_text(encoding="utf-8").strip().splitlines()[0]
    if target.startswith("file://"):
        with open(target.removeprefix("file://"), encoding="utf-8") as redirect:
            return redirect.read()
    return target


def test_make_lab_serves_the_start_page(jupyter_env, tmp_path):
    port, token = free_port(), "cramp-test-token"
    lab_args = f"--ip=127.0.0.1 --port={port} --IdentityProvider.token={token}"
    # Stand in for the user's web browser: record the address `make lab` asks it to open.
    opened = tmp_path / "opened.txt"
    fake_browser = tmp_path / "browser.sh"
    fake_browser.write_text(f'#!/bin/sh\necho "$1" >> {opened}\n', encoding="utf-8")
    fake_browser.chmod(0o755)
    jupyter_env["BROWSER"] = str(fake_browser)
    base = f"http://127.0.0.1:{port}"
    target = ["lab", f"LAB_ARGS={lab_args}"]
    with make_server(target, jupyter_env, base, "/api/status", tmp_path / "lab.log", token=token):
        status, page = get(f"{base}/lab/tree/notebooks/00_start_here.ipynb?token={token}")
        assert status == 200 and "JupyterLab" in page
        status, body = get(f"{base}/api/contents/notebooks/00_start_here.ipynb?token={token}")
        notebook = json.loads(body)["content"]
        assert status == 200
        opening = ["".join(cell["source"]) for cell in notebook["cells"][:4]]
        assert opening[0].startswith("# ") and "start here" in opening[0]
        assert any("Who this is for" in text for text in opening), "the start page opens with its audience"
        assert "lab/tree/notebooks/00_start_here.ipynb" in _address_opened(opened)


def test_lab_serves_the_patient_session_page_as_binder_does_with_the_project_template(jupyter_env, tmp_path):
    """Binder opens the session at /voila/render/... in Jupyter Server (no `make present`, no JUPYTER_PATH).

    Voila's server extension reads voila.json from the folder the server starts in, which names the
    project's template; postBuild (run by Binder and by `make install`) puts that template where Voila looks.
    So Binder's page, like `make present`'s, asks no CDN for fonts before it can draw.
    """
    port, token = free_port(), "cramp-test-token"
    lab_args = f"--ip=127.0.0.1 --port={port} --IdentityProvider.token={token} --no-browser"
    jupyter_env.pop("JUPYTER_PATH", None)
    base = f"http://127.0.0.1:{port}"
    with make_server(["lab", f"LAB_ARGS={lab_args}"], jupyter_env, base, "/api/status", tmp_path / "lab.log"):
        status, page = get(f"{base}/voila/render/notebooks/06_patient_session.ipynb?token={token}")
    assert status == 200 and "Your cramp care session" in page
    assert "/voila/templates/cramp-care/" in page, "Binder's Voila page does not use the project's template"
    assert "cdn.jsdelivr.net" not in page
