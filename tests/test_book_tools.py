"""The book and edition tools (requirements-book.txt) sit beside the series' pins without changing them."""

from __future__ import annotations

from importlib import metadata

import pytest

from helpers.environment import requirements_pins
from tests.conftest import ROOT

BOOK = requirements_pins((ROOT / "requirements-book.txt").read_text(encoding="utf-8"))
CONSTRAINTS = requirements_pins((ROOT / "constraints.txt").read_text(encoding="utf-8"))
SERIES = requirements_pins((ROOT / "requirements.txt").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", sorted(BOOK))
def test_book_tools_are_pinned_in_constraints_too(name):
    assert CONSTRAINTS.get(name) == BOOK[name], f"constraints.txt should pin {name}=={BOOK[name]}"


@pytest.mark.parametrize("name", sorted(SERIES))
def test_installing_the_book_tools_left_every_series_pin_in_place(name):
    assert metadata.version(name) == SERIES[name], f"{name} is not at its pinned version {SERIES[name]}"
