"""Build the series as a static HTML book (``make book``): from the stored outputs, offline, in seconds.

Usage: python scripts/build_book.py [OUT]   (default OUT: build/book/html; the pages go to OUT/../src)

Steps: copy the notebooks listed in ``data/notebooks.csv`` (so new notebooks join the book by adding a row),
prepare each for a public static page, generate the Warning signs, Glossary and References pages from
``data/``, then run Sphinx (myst-nb, sphinx-book-theme; ``book/conf.py``) with warnings as errors.

Preparing a notebook for the book:
- citations (``[label](#ref-id)``, or ``[@id]`` not yet converted) link to the References page;
- the first use of each glossary term on a page links to the Glossary;
- worked answers and marking guides are left out (they belong to the instructor edition);
- live widgets become their stored still (or their one-line stand-in) plus a line on how to run them live;
- every figure gets alt text from the caption under it;
- headings never skip a level (Sphinx would warn, and screen-reader outlines need it).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import nbformat

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from helpers.course import NotebookEntry, load_notebooks  # noqa: E402
from helpers.data import CITATION_BLOCK, CITATION_PATTERN, load_references  # noqa: E402
from helpers.exercises import cell_tags, exercises  # noqa: E402
from helpers.glossary import Term, load_glossary, terms_in  # noqa: E402
from helpers.messages import warning_signs_markdown  # noqa: E402

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
CITATION_LINK = re.compile(r"\[([^\[\]]+)\]\(#ref-([a-z][a-z0-9_]*)\)")
#: Spans where no glossary link may go: code, links, roles, HTML tags, URLs, headings and raw HTML lines.
PROTECTED = re.compile(
    r"`[^`]*`|\{[a-z]+\}`[^`]*`|!?\[[^\]]*\]\([^)]*\)|<[^>\n]*>|https?://\S+|^#+ .*$|^\s*<.*$|\$[^$\n]+\$",
    re.M,
)
REPOSITORY = "https://github.com/cramp-care/cramp-care-notebooks"
BINDER = "https://mybinder.org/v2/gh/cramp-care/cramp-care-notebooks/HEAD"
LIVE_NOTE = (
    "*This is a still of a live widget.* To use it, open this notebook in JupyterLab with the launch"
    " button (rocket) at the top of the page, or run `make lab` on your computer."
)
LIVE_NOTE_NO_STILL = (
    "*A live widget runs here in JupyterLab or Voila; a static page cannot show it.* To use it, open this"
    " notebook with the launch button (rocket) at the top of the page, or run `make lab` on your computer."
)
ANSWERS_NOTE = (
    "*Worked answers and marking guides for the exercises are in the instructor edition (`make instructor`).*"
)


def role_text(text: str) -> str:
    """Text made safe inside a MyST role's backticks and angle brackets."""
    return text.replace("`", "'").replace("<", "‹").replace(">", "›")


def cite_role(label: str, ref_id: str) -> str:
    return f"{{ref}}`{role_text(label)} <ref-{ref_id}>`"


def convert_citations(text: str) -> str:
    """Citation links and any leftover ``[@id]`` become links to the References page."""
    references = load_references()

    def from_keys(match: re.Match[str]) -> str:
        ids = CITATION_PATTERN.findall(match.group(1))
        return "(" + "; ".join(cite_role(references[ref_id].short, ref_id) for ref_id in ids) + ")"

    text = CITATION_BLOCK.sub(from_keys, text)
    return CITATION_LINK.sub(lambda m: cite_role(m.group(1), m.group(2)), text)


def link_first_uses(text: str, seen: set[str]) -> str:
    """Link the first use on the page of each glossary term (outside code, links, headings and HTML)."""
    pieces, last = [], 0
    for match in PROTECTED.finditer(text):
        pieces.append((text[last : match.start()], True))
        pieces.append((match.group(0), False))
        last = match.end()
    pieces.append((text[last:], True))
    out = []
    for piece, linkable in pieces:
        if not linkable:
            out.append(piece)
            continue
        cursor, parts = 0, []
        for term, match in terms_in(piece):
            if term.term in seen:
                continue
            seen.add(term.term)
            parts.append(piece[cursor : match.start()])
            parts.append(f"{{term}}`{role_text(match.group(0))} <{term.term}>`")
            cursor = match.end()
        parts.append(piece[cursor:])
        out.append("".join(parts))
    return "".join(out)


def even_headings(text: str, last: list[int]) -> str:
    """Headings that never skip a level (a page outline screen readers can follow): an H3 straight
    after an H1 becomes an H2. ``last`` carries the previous heading level across the page's cells."""

    def fix(match: re.Match[str]) -> str:
        level = min(len(match.group(1)), last[0] + 1)
        last[0] = level
        return "#" * level + match.group(2)

    return re.sub(r"^(#{1,6})( .*)$", fix, text, flags=re.M)


def caption_alt(cells: list[Any], index: int) -> str:
    """Alt text for a figure: the caption in the Markdown cell under it, as plain text, else its section."""
    for cell in cells[index + 1 : index + 2]:
        if cell.cell_type == "markdown" and not cell.source.lstrip().startswith("#"):
            plain = re.sub(r"\{[a-z]+\}`([^`<]*)(?:<[^>]*>)?`", r"\1", cell.source)
            plain = re.sub(r"\[([^\]]*)\]\([^)]*\)|[*_`>#]", r"\1", plain)
            plain = " ".join(plain.split())
            if plain:
                return plain[:400]
    for cell in reversed(cells[:index]):
        heading = re.search(r"^#+ (.*)$", cell.source, re.M) if cell.cell_type == "markdown" else None
        if heading:
            return f"Figure for the section: {heading.group(1).strip()}"
    return "Figure from this notebook"


def prepare_outputs(cell: Any) -> bool:
    """Replace live widget views by their still; return True if the cell showed a live widget."""
    had_widget = False
    kept = []
    for output in cell.get("outputs", []):
        data = output.get("data", {})
        if "application/javascript" in data:
            continue  # the slider-naming script is for live widgets only
        if WIDGET_VIEW in data:
            had_widget = True
            data.pop(WIDGET_VIEW)
        if "text/markdown" in data:
            data["text/markdown"] = convert_citations("".join(data["text/markdown"]))
        kept.append(output)
    cell.outputs = kept
    return had_widget


def prepare_notebook(entry: NotebookEntry) -> nbformat.NotebookNode:
    """The notebook as a public book page (see the module docstring)."""
    notebook = nbformat.read(ROOT / "notebooks" / entry.file, as_version=4)
    drop = {
        i
        for exercise in exercises(notebook, entry.file)
        for i in (exercise.solution_cell, exercise.guide_cell)
    }
    exercise_cells = {exercise.cell for exercise in exercises(notebook, entry.file)}
    cells = notebook.cells
    result, seen, level = [], set(), [0]
    for index, cell in enumerate(cells):
        if index in drop:
            continue
        if cell.cell_type == "markdown":
            cell.source = even_headings(link_first_uses(convert_citations(cell.source), seen), level)
            if index in exercise_cells:
                cell.source += "\n\n" + ANSWERS_NOTE
            result.append(cell)
            continue
        if cell.cell_type != "code":
            result.append(cell)
            continue
        live = prepare_outputs(cell)
        has_image = any("image/png" in output.get("data", {}) for output in cell.outputs)
        if has_image:
            cell.metadata["mystnb"] = {"image": {"alt": caption_alt(cells, index)}}
        cell.metadata.setdefault("tags", [])
        if "remove-input" not in cell.metadata["tags"]:
            cell.metadata["tags"] = [*cell_tags(cell), "hide-input"]
        result.append(cell)
        if live:
            result.append(nbformat.v4.new_markdown_cell(LIVE_NOTE if has_image else LIVE_NOTE_NO_STILL))
    notebook.cells = result
    return notebook


def launch_cell(entry: NotebookEntry) -> nbformat.NotebookNode:
    lab = f"{BINDER}?labpath=notebooks%2F{entry.file}"
    lines = [f"[Open this notebook in JupyterLab on Binder]({lab}) (live widgets; nothing to install)."]
    if entry.number in ("00", "06"):
        voila = f"{BINDER}?urlpath=voila/render/notebooks/06_patient_session.ipynb"
        lines.append(
            f"[Open the patient session as an app (Voila) on Binder]({voila}): no code, one step at a time."
        )
    return nbformat.v4.new_markdown_cell("\n\n".join(lines))


def toctree(entries: tuple[NotebookEntry, ...]) -> nbformat.NotebookNode:
    notebooks = "\n".join(entry.stem for entry in entries[1:])
    return nbformat.v4.new_markdown_cell(
        f"```{{toctree}}\n:hidden:\n:caption: Notebooks\n\n{notebooks}\n```\n\n"
        "```{toctree}\n:hidden:\n:caption: Look-up\n\nwarning-signs\nglossary\nreferences\n```"
    )


def references_page() -> str:
    lines = [
        "# References",
        "",
        "Every source the series cites, from `data/references.csv`, in the order of that table. Each",
        "citation in the text links here. The evidence type is the team's grade of the source.",
        "",
    ]
    for ref in load_references().values():
        link = f" <{ref.url}>" if ref.url else ""
        note = f" *Note: {ref.note}*" if ref.note else ""
        lines += [
            f"(ref-{ref.id})=",
            # the span keeps the contract's exact anchor (#ref-<id>): Sphinx's label id turns "_" into "-"
            f'<span id="ref-{ref.id}"></span>**{ref.short}.** {ref.citation}{link}'
            f" (evidence type: {ref.grade}).{note}",
            "",
        ]
    return "\n".join(lines)


def glossary_page(terms: tuple[Term, ...]) -> str:
    references = load_references()
    lines = [
        "# Glossary",
        "",
        "Terms the series uses, from `data/glossary.csv`: a plain definition first, then one for students.",
        'Each page links the first use of a term here. In a notebook, `define("term")` shows the same text.',
        "",
        "```{glossary}",
    ]
    for term in sorted(terms, key=lambda t: t.term.lower()):
        sources = (
            "Sources: " + "; ".join(cite_role(references[r].short, r) for r in term.refs) + "."
            if term.refs
            else "A general research or everyday term: no clinical claim."
        )
        lines += [
            term.term,
            f"   {term.plain}",
            "",
            f"   *For students:* {term.student}",
            "",
            f"   *{sources}*",
            "",
        ]
    lines.append("```")
    return "\n".join(lines)


def warning_signs_page() -> str:
    return "\n".join(
        [
            "# Warning signs: when to stop self-care and get help",
            "",
            "The same list every notebook opens with, from `data/red_flags.csv`. If any of these applies,",
            "do not start or go on with self-care for that part of the body.",
            "",
            convert_citations(warning_signs_markdown("patient")),
            "",
            "*Education, not medical advice.*",
            "",
        ]
    )


def write_sources(src: Path) -> list[NotebookEntry]:
    """Write every page of the book into ``src`` (cleared first); return the notebooks in order."""
    if src.exists():
        shutil.rmtree(src)
    (src / "_static").mkdir(parents=True)
    (src / "_extra").mkdir()
    shutil.copy(ROOT / "book" / "conf.py", src / "conf.py")
    shutil.copy(ROOT / "book" / "book.css", src / "_static" / "book.css")
    entries = load_notebooks()
    for entry in entries:
        notebook = prepare_notebook(entry)
        title = next(i for i, c in enumerate(notebook.cells) if c.cell_type == "markdown")
        notebook.cells.insert(title + 1, launch_cell(entry))
        if entry is entries[0]:
            notebook.cells.append(toctree(entries))
        nbformat.write(notebook, src / entry.file)
    (src / "references.md").write_text(references_page(), encoding="utf-8")
    (src / "glossary.md").write_text(glossary_page(load_glossary()), encoding="utf-8")
    (src / "warning-signs.md").write_text(warning_signs_page(), encoding="utf-8")
    home = f"{entries[0].stem}.html"
    (src / "_extra" / "index.html").write_text(
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Cramp care</title>'
        f'<meta http-equiv="refresh" content="0; url={home}"></head>'
        f'<body><p><a href="{home}">Start here</a></p></body></html>\n',
        encoding="utf-8",
    )
    return list(entries)


def build(out: Path, src: Path | None = None) -> tuple[float, str]:
    """Write the pages and run Sphinx; return (seconds, Sphinx's warnings). Raises on a failed build."""
    started = time.perf_counter()
    src = src or out.parent / "src"
    write_sources(src)
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", "-q", "-W", "--keep-going", "-E",
         "-d", str(out.parent / "doctrees"), str(src), str(out)],
        capture_output=True,
        text=True,
        check=False,
    )  # fmt: skip
    if result.returncode != 0:
        raise SystemExit(f"Sphinx failed:\n{result.stderr}")
    return time.perf_counter() - started, result.stderr


def main(argv: list[str]) -> int:
    out = Path(argv[0]).resolve() if argv else ROOT / "build" / "book" / "html"
    seconds, warnings = build(out)
    size = sum(path.stat().st_size for path in out.rglob("*") if path.is_file())
    print(
        f"book: {out / 'index.html'} in {seconds:.1f} s, {size / 1e6:.1f} MB; warnings: {warnings or 'none'}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
