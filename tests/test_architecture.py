"""The one-way flow holds by test: data -> domain -> views -> widgets -> notebooks (see CONTRIBUTING.md).

Read from the source with ``ast``, so a forbidden import fails here even if no test happens to run it.
Also: the command ``make test`` runs collects every notebook, proved by asking pytest itself.
"""

from __future__ import annotations

import ast
import re
import shlex
import subprocess
from pathlib import Path

import pytest

from tests.conftest import NOTEBOOKS, ROOT

HELPERS = ROOT / "helpers"
#: Layer 0 and 1: every layer may import them; they import nothing from the project above them.
FOUNDATIONS = {"errors", "errorlog"}
DATA = {"data"}
#: Views draw or show (matplotlib, IPython.display); exports are views of a plan.
VIEWS = {"style", "render", "export", "notebook"}
WIDGETS = {"widgets_base"}
#: Third-party packages only views and widgets may use.
UI_PACKAGES = {"matplotlib", "ipywidgets", "IPython", "ipympl", "PIL"}


def layer(module: str) -> str:
    if module in FOUNDATIONS:
        return "foundation"
    if module in DATA:
        return "data"
    if module in WIDGETS or module.endswith("_widgets"):
        return "widget"
    if module in VIEWS or module.endswith("_plots"):
        return "view"
    return "domain"


RANK = {"foundation": 0, "data": 1, "domain": 2, "view": 3, "widget": 4}


def imports_of(path: Path) -> set[str]:
    """Top-level names of everything ``path`` imports (``helpers.x`` kept as ``helpers.x``)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            if node.module == "helpers":
                names.update(f"helpers.{alias.name}" for alias in node.names)
    return names


MODULES = sorted(path for path in HELPERS.glob("*.py") if path.name != "__init__.py")


@pytest.mark.parametrize("path", MODULES, ids=lambda path: path.stem)
def test_imports_only_go_down_the_layers(path: Path):
    mine = layer(path.stem)
    problems = []
    for name in sorted(imports_of(path)):
        top = name.split(".")[0]
        if top == "helpers" and "." in name:
            other = name.split(".")[1]
            if RANK[layer(other)] > RANK[mine]:
                problems.append(f"{name} ({layer(other)})")
        elif top in UI_PACKAGES and RANK[mine] < RANK["view"]:
            problems.append(f"{name} (a UI package)")
    assert not problems, f"helpers/{path.name} is a {mine} module but imports {', '.join(problems)}"


def test_the_checker_would_catch_a_domain_module_importing_a_view(tmp_path: Path):
    bad = tmp_path / "planner.py"
    bad.write_text("import numpy\nfrom IPython.display import display\nfrom helpers import planner_plots\n")
    assert {"IPython.display", "helpers.planner_plots"} <= imports_of(bad)
    assert layer("planner") == "domain" and layer("planner_plots") == "view"
    with pytest.raises(AssertionError, match=r"IPython\.display.*helpers\.planner_plots"):
        test_imports_only_go_down_the_layers(bad)


def test_every_layer_named_in_contributing_exists():
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    for module in (path.stem for path in MODULES):
        if layer(module) != "domain" and not module.endswith(("_plots", "_widgets")):
            assert f"`{module}`" in text, f"CONTRIBUTING.md does not place helpers/{module}.py in a layer"


def _make_test_pytest_command() -> list[str]:
    """The pytest command of the Makefile's ``test`` target, with $(BIN) resolved to this environment."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = re.search(r"^test:.*\n((?:\t.*\n)+)", makefile, re.M)
    assert recipe, "the Makefile has no test target"
    line = next(line for line in recipe.group(1).splitlines() if "pytest" in line)
    command = shlex.split(line.strip().replace("$(BIN)/", ""))
    assert command[:3] == ["python", "-m", "pytest"], command
    return [str(Path(__import__("sys").executable)), *command[1:]]


@pytest.mark.slow
def test_make_test_collects_every_notebook():
    command = [*_make_test_pytest_command(), "--collect-only", "-q"]
    assert not any(arg.endswith(".ipynb") for arg in command), "the test command must not name notebooks"
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    collected = {line.split("::")[0] for line in result.stdout.splitlines() if "::" in line}
    missing = [
        nb.relative_to(ROOT).as_posix()
        for nb in NOTEBOOKS
        if nb.relative_to(ROOT).as_posix() not in collected
    ]
    assert NOTEBOOKS and not missing, f"make test would not run: {missing}"
