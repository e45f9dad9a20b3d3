"""The README's present command (`make present`) serves the patient session with Voila, code hidden."""

from __future__ import annotations

import pytest

from tests.conftest import free_port
from tests.make_commands import get, make_server

pytestmark = pytest.mark.slow


def test_make_present_serves_the_patient_session_without_code(jupyter_env, tmp_path):
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    target = ["present", f"PRESENT_PORT={port}"]
    with make_server(target, jupyter_env, base, "/voila/static/", tmp_path / "voila.log"):
        status, page = get(f"{base}/")  # Voila runs the notebook for this request
    assert status == 200
    assert "Your cramp care session" in page
    for code in ("from helpers", "PatientSession(", "show_references("):
        assert code not in page, f"the patient page shows code: {code}"
