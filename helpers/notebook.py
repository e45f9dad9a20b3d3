"""Small pieces every notebook shows: its reference list and a set-up check.

Kept here so the notebooks do not copy each other (and so a test can check what they cite).
"""

from __future__ import annotations

from pathlib import Path

from IPython.display import Markdown

from helpers.data import check_reference_ids, load_references

ROOT = Path(__file__).resolve().parent.parent


def references_markdown(ids: list[str]) -> str:
    """A Markdown bullet list of the given references, in the given order."""
    check_reference_ids(ids, "show_references")
    references = load_references()
    lines = []
    for ref_id in ids:
        ref = references[ref_id]
        link = f" <{ref.url}>" if ref.url else ""
        note = f" *Note: {ref.note}*" if ref.note else ""
        lines.append(f"- **[@{ref.id}]** {ref.citation}{link} (evidence type: {ref.grade}).{note}")
    return "\n".join(lines)


def show_references(ids: list[str]) -> Markdown:
    """Display the references a notebook cites (ids from data/references.csv)."""
    return Markdown(references_markdown(ids))


def pinned_versions(requirements: Path | None = None) -> dict[str, str]:
    """Package -> pinned version from requirements.txt (parsed as the environment agreement test does)."""
    from helpers.environment import requirements_pins  # needs yaml; only the set-up check uses it

    path = requirements or ROOT / "requirements.txt"
    return requirements_pins(path.read_text(encoding="utf-8"))


def setup_report(packages: tuple[str, ...] = ("jupyterlab", "ipywidgets", "matplotlib", "numpy")) -> str:
    """One line per key package: is the installed version the pinned one? Helps when Binder misbehaves."""
    from importlib import metadata  # only this check reads installed versions; kept off the import path

    pins = pinned_versions()
    lines = []
    mismatches = 0
    for name in packages:
        try:
            installed = metadata.version(name)
        except metadata.PackageNotFoundError:
            installed = "not installed"
        ok = installed == pins.get(name)
        mismatches += not ok
        lines.append(f"{'ok ' if ok else 'NO '} {name}: pinned {pins.get(name, '?')}, installed {installed}")
    verdict = (
        "All key packages match the pinned versions."
        if not mismatches
        else f"{mismatches} package(s) differ from the pins: widgets or plots may misbehave; see README."
    )
    return "\n".join([*lines, verdict])
