"""Re-execute notebooks in place from a clean kernel, so stored outputs are what the code produces.

Usage: python scripts/execute_notebooks.py [notebooks/NAME.ipynb ...]   (default: every notebook)

Strict nbval (``make test``) compares these stored outputs with a fresh run, so run this after editing a
notebook. Widget state is not stored: it would put random model ids into every diff. Citations written as
``[@id]`` are first rewritten into readable links (``scripts/convert_citations.py``), and each notebook's
``**Time:**`` header line is written from ``data/notebooks.csv`` (the one table of notebook times).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT))

from convert_citations import convert  # noqa: E402

from helpers.course import TIME_LINE, notebook_entry, sync_header_time  # noqa: E402
from helpers.data import DataError  # noqa: E402


def sync_time(notebook: nbformat.NotebookNode, name: str) -> None:
    """Write the header's **Time:** figures from data/notebooks.csv, the one table of notebook times."""
    try:
        entry = notebook_entry(name)
    except DataError as error:  # a new notebook before its row: tests/test_course.py fails on it anyway
        print(f"time not synced: {error}")
        return
    for cell in notebook.cells:
        if cell.cell_type == "markdown" and TIME_LINE.search(cell.source):
            cell.source = sync_header_time(cell.source, entry)
            return


def execute(path: Path) -> float:
    """Execute one notebook with its folder as working directory and write it back; return seconds."""
    notebook = nbformat.read(path, as_version=4)
    sync_time(notebook, path.name)
    started = time.perf_counter()
    client = NotebookClient(
        notebook,
        timeout=600,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
        store_widget_state=False,
        record_timing=False,  # timestamps would change every cell's metadata on every run
    )
    client.execute()
    notebook.metadata.pop("widgets", None)
    for cell in notebook.cells:
        cell.metadata.pop("execution", None)
    nbformat.write(notebook, path)
    return time.perf_counter() - started


def main(argv: list[str]) -> int:
    paths = [Path(arg).resolve() for arg in argv] or sorted((ROOT / "notebooks").glob("*.ipynb"))
    for path in paths:
        convert(path)
        seconds = execute(path)
        print(f"executed {path.relative_to(ROOT)} in {seconds:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
