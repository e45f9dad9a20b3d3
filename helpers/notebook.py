"""Small pieces every notebook shows: the warning-signs box, its reference list and a set-up check.

Kept here so the notebooks do not copy each other (and so a test can check what they cite).
"""

from __future__ import annotations

from pathlib import Path

from IPython.display import Markdown

from helpers.citations import anchor, reference_labels
from helpers.course import series_map_markdown
from helpers.data import check_reference_ids, load_references
from helpers.messages import safety_markdown, warning_signs, warning_signs_markdown
from helpers.triage import HEADLINES, Urgency

ROOT = Path(__file__).resolve().parent.parent


def references_markdown(ids: list[str]) -> str:
    """A Markdown bullet list of the given references, in the given order, each with its anchor.

    Each entry starts with ``<a id="ref-<id>" name="ref-<id>"></a>`` so a citation link ``#ref-<id>``
    in the notebook's text jumps to it (both attributes: JupyterLab, Voila and Sphinx keep at least one),
    then the labels readers saw in the text (patient label, student label) in bold.
    """
    check_reference_ids(ids, "show_references")
    references = load_references()
    labels = reference_labels()
    lines = []
    for ref_id in ids:
        ref = references[ref_id]
        link = f" <{ref.url}>" if ref.url else ""
        note = f" *Note: {ref.note}*" if ref.note else ""
        shown = labels[ref_id].student
        if labels[ref_id].patient != shown:
            shown = f"{shown} ({labels[ref_id].patient})"
        target = anchor(ref_id)
        lines.append(
            f'- <a id="{target}" name="{target}"></a>**{shown}.** {ref.citation}{link} '
            f"(evidence type: {ref.grade}).{note}"
        )
    return "\n".join(lines)


def show_references(ids: list[str]) -> Markdown:
    """Display the references a notebook cites (ids from data/references.csv), each one a link target."""
    return Markdown(references_markdown(ids))


def warning_signs_box_markdown() -> str:
    """The warning-signs box every notebook opens with: the emergencies in view, every sign one click away.

    Kept short so it fits in the first screen above the notebook's own text; the full list (from
    ``data/red_flags.csv``, with what to do for each) sits in a ``<details>`` that opens on click.
    """
    emergencies = warning_signs((Urgency.EMERGENCY.value,))[Urgency.EMERGENCY.value]
    count = sum(len(flags) for flags in warning_signs().values())
    lines = [
        "> **⚠ Warning signs.** " + warning_signs_markdown("patient", ()),
        ">",
        f"> **{HEADLINES[Urgency.EMERGENCY]} now** if the answer is yes:",
        ">",
        *(f"> - {flag.question}" for flag in emergencies),
        "",
        f"<details><summary><b>Show all {count} warning signs and what to do</b></summary>",
        "",
        warning_signs_markdown("patient", lead=False),
        "",
        "</details>",
    ]
    return "\n".join(lines)


def show_warning_signs_list(audience: str = "patient", ids: list[str] | None = None) -> Markdown:
    """The warning signs in view (all, or the ``ids`` given): each sign, what to do and how soon.

    From data/red_flags.csv: a notebook about one region (the back, say) shows its signs this way
    instead of retyping them.
    """
    return Markdown(warning_signs_markdown(audience, ids=ids))


def show_safety(ids: str | list[str] | tuple[str, ...], audience: str = "patient") -> Markdown:
    """Safety sentences from data/safety_messages.csv as cited bullets; students also see the disagreement.

    The one way a notebook shows a safety sentence: never retype one in Markdown (a test looks for copies).
    """
    return Markdown(safety_markdown(ids, audience))


def show_warning_signs() -> Markdown:
    """Display the warning-signs box. Call it in the first code cell of every notebook (after the title)."""
    return Markdown(warning_signs_box_markdown())


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


def show_series_map() -> Markdown:
    """The map in 00: every notebook with what it covers, who it is for and its time (data/notebooks.csv)."""
    return Markdown(series_map_markdown())
