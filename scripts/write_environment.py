"""Write environment.yml (Binder, conda) from requirements.txt and constraints.txt, the pins CI tests.

Usage: .venv/bin/python scripts/write_environment.py [--check]      (or: make environment)

Run it with the project's .venv (after ``make install``): what requirements.txt pulls in is read from the
installed packages' metadata, for Linux and Python 3.11 as on Binder. ``--check`` writes nothing and exits 1
when the committed file differs from what would be written.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from helpers.environment import CONSTRAINTS, plan_environment, render_environment  # noqa: E402


def project_files(root: Path = ROOT) -> dict[str, str]:
    """Text of constraints.txt and every requirements*.txt file, by file name."""
    paths = [root / CONSTRAINTS, *sorted(root.glob("requirements*.txt"))]
    return {path.name: path.read_text(encoding="utf-8") for path in paths}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only compare with the committed file")
    args = parser.parse_args()
    if sys.version_info[:2] != (3, 11) or not sys.platform.startswith("linux"):
        print("Run this with Python 3.11 on Linux (the .venv), as Binder uses.", file=sys.stderr)
        return 2
    try:
        text = render_environment(plan_environment(project_files()))
    except ValueError as error:
        print(f"Cannot write environment.yml: {error}", file=sys.stderr)
        return 1
    target = ROOT / "environment.yml"
    if args.check:
        if target.read_text(encoding="utf-8") != text:
            print("environment.yml is out of date: run `make environment`.", file=sys.stderr)
            return 1
        print("environment.yml is up to date.")
        return 0
    target.write_text(text, encoding="utf-8")
    print(f"Wrote {target.relative_to(ROOT)}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
