"""Every data table is described next to it: what it is, where it came from, and its licence."""

from __future__ import annotations

import re

import pytest

from helpers.data import DATA_DIR

README = (DATA_DIR / "README.md").read_text(encoding="utf-8")
SECTIONS = dict(re.findall(r"^## (\S+)\n(.*?)(?=^## |\Z)", README, flags=re.M | re.S))


@pytest.mark.parametrize("path", sorted(DATA_DIR.glob("*.csv")), ids=lambda p: p.name)
def test_each_csv_has_a_section_with_source_and_licence(path):
    assert path.name in SECTIONS, f"data/README.md has no '## {path.name}' section"
    section = SECTIONS[path.name].lower()
    assert "licen" in section or "cc by" in section, f"{path.name}: say its licence in data/README.md"
    assert any(word in section for word in ("source", "came from", "written by", "from the")), path.name


def test_no_section_describes_a_missing_file():
    missing = [name for name in SECTIONS if not (DATA_DIR / name).exists()]
    assert not missing, f"data/README.md describes files that do not exist: {missing}"
