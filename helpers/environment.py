"""Keeping the two dependency lists (pip's requirements.txt and conda's environment.yml) identical.

Binder and conda users get environment.yml, pip users requirements.txt; if they drift apart, one group
runs code nobody tested. The agreement test calls :func:`pin_differences` on the real files.
"""

from __future__ import annotations

import re

import yaml

_PIN = re.compile(r"^([A-Za-z0-9_.\-]+)\s*==\s*([A-Za-z0-9_.\-+]+)$")
#: Entries of environment.yml that are the interpreter and installer, not packages of the series.
CONDA_ONLY = {"python", "pip"}


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def requirements_pins(text: str) -> dict[str, str]:
    """Package -> version from requirements text; any line that is not an exact ``==`` pin is an error."""
    pins: dict[str, str] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        match = _PIN.match(line)
        if not match:
            raise ValueError(f"requirements line {number} {raw.strip()!r}: not an exact pin like name==1.2.3")
        pins[_normalise(match.group(1))] = match.group(2)
    return pins


def environment_pins(text: str) -> dict[str, str]:
    """Package -> version from environment.yml text (conda ``name==version`` entries)."""
    document = yaml.safe_load(text) or {}
    pins: dict[str, str] = {}
    for entry in document.get("dependencies", []):
        if not isinstance(entry, str):
            raise ValueError(f"environment.yml: nested entry {entry!r}; list every package at the top level")
        name = re.split(r"[=<>!~ ]", entry, maxsplit=1)[0]
        if _normalise(name) in CONDA_ONLY:
            continue
        match = _PIN.match(entry.strip())
        if not match:
            raise ValueError(f"environment.yml entry {entry!r} is not an exact pin like name==1.2.3")
        pins[_normalise(match.group(1))] = match.group(2)
    return pins


def pin_differences(requirements_text: str, environment_text: str) -> list[str]:
    """Every way the two lists differ, in words; empty when they agree."""
    pip_pins, conda_pins = requirements_pins(requirements_text), environment_pins(environment_text)
    problems = []
    for name in sorted(pip_pins.keys() | conda_pins.keys()):
        if name not in conda_pins:
            problems.append(f"{name} is pinned in requirements.txt but missing from environment.yml")
        elif name not in pip_pins:
            problems.append(f"{name} is pinned in environment.yml but missing from requirements.txt")
        elif pip_pins[name] != conda_pins[name]:
            problems.append(
                f"{name}: requirements.txt pins {pip_pins[name]}, environment.yml pins {conda_pins[name]}"
            )
    return problems
