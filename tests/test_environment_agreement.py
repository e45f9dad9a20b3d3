"""requirements.txt (pip) and environment.yml (conda, Binder) must pin the same packages and versions."""

from __future__ import annotations

import pytest

from helpers.environment import pin_differences, requirements_pins
from tests.conftest import ROOT

REQUIREMENTS = (ROOT / "requirements.txt").read_text(encoding="utf-8")
ENVIRONMENT = (ROOT / "environment.yml").read_text(encoding="utf-8")


def test_the_two_lists_agree():
    assert pin_differences(REQUIREMENTS, ENVIRONMENT) == []


def test_the_lists_are_not_empty_and_name_the_core_packages():
    pins = requirements_pins(REQUIREMENTS)
    for name in ("jupyterlab", "ipywidgets", "matplotlib", "nbval", "pytest"):
        assert name in pins


def test_constraints_pin_the_same_versions_as_requirements():
    constraints = requirements_pins((ROOT / "constraints.txt").read_text(encoding="utf-8"))
    requirements = requirements_pins(REQUIREMENTS)
    browser = requirements_pins((ROOT / "requirements-browser.txt").read_text(encoding="utf-8"))
    for name, version in {**requirements, **browser}.items():
        assert constraints.get(name) == version, f"constraints.txt disagrees on {name}"


def _drop_line(text: str, startswith: str) -> str:
    return "\n".join(line for line in text.splitlines() if not line.strip().startswith(startswith))


@pytest.mark.parametrize(
    ("requirements", "environment", "expected"),
    [
        (_drop_line(REQUIREMENTS, "matplotlib=="), ENVIRONMENT, "matplotlib is pinned in environment.yml"),
        (REQUIREMENTS, _drop_line(ENVIRONMENT, "- nbval=="), "nbval is pinned in requirements.txt"),
        (REQUIREMENTS.replace("pytest==9.2.0", "pytest==9.1.0"), ENVIRONMENT, "pytest: requirements.txt"),
        (REQUIREMENTS, ENVIRONMENT.replace("numpy==2.4.6", "numpy==2.4.5"), "numpy: requirements.txt"),
    ],
    ids=["missing-in-pip", "missing-in-conda", "changed-in-pip", "changed-in-conda"],
)
def test_a_missing_or_changed_pin_is_reported(requirements, environment, expected):
    problems = pin_differences(requirements, environment)
    assert any(expected in problem for problem in problems), problems


def test_a_loose_pin_is_refused():
    with pytest.raises(ValueError, match="not an exact pin"):
        pin_differences(REQUIREMENTS.replace("pytest==9.2.0", "pytest>=9"), ENVIRONMENT)
    with pytest.raises(ValueError, match="not an exact pin"):
        pin_differences(REQUIREMENTS, ENVIRONMENT.replace("pytest==9.2.0", "pytest"))
