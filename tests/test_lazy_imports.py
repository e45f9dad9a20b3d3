"""What opening an app imports: the export's and rare views' heavy modules load only when they are used.

Every first view (notebook 04's planner, notebook 06's patient session in Voila or on Binder) imports the
app modules before it can show anything; a heavy import there is paid by every visitor, even those who
never export. benchmarks/first_view.py measures the time; this test keeps the modules off that path.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

from tests.conftest import ROOT

#: Modules that only an export (PDF handout, calendar file) or the set-up check needs.
DEFERRED = (
    "matplotlib.backends.backend_pdf",  # the handout (pulls in fontTools)
    "fontTools.subset",  # its font subsetting (matplotlib itself loads a small part of fontTools)
    "icalendar",  # the calendar file
    "pypdf",  # reading a handout back (notebook 04's check)
    "yaml",  # the set-up check's environment.yml parsing
)
#: The notebooks whose first view is an app: the code before the app is shown is what a visitor waits for.
APP_NOTEBOOKS = ("04_session_planner.ipynb", "06_patient_session.ipynb")
APP = re.compile(r"^app = ", re.MULTILINE)


def _code_before_the_app(name: str) -> str:
    """The notebook's code cells before the one that builds the app (its warning-signs box and imports)."""
    cells = json.loads((ROOT / "notebooks" / name).read_text(encoding="utf-8"))["cells"]
    sources = ["".join(cell["source"]) for cell in cells if cell["cell_type"] == "code"]
    before = sources[: next(index for index, source in enumerate(sources) if APP.search(source))]
    assert any("import" in source for source in before), f"{name}: no imports before the app"
    return "\n".join(before)


def _loaded_after(statement: str) -> set[str]:
    code = f"import sys, json\n{statement}\nprint(json.dumps(sorted(sys.modules)))"
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT / "notebooks",
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return set(json.loads(result.stdout.splitlines()[-1]))


@pytest.mark.parametrize("notebook", APP_NOTEBOOKS)
def test_opening_an_app_does_not_import_what_only_the_export_needs(notebook):
    loaded = _loaded_after(_code_before_the_app(notebook))
    assert "helpers.export" in loaded, "the apps offer exports, so the module itself must still load"
    early = [name for name in DEFERRED if name in loaded]
    assert early == [], f"{notebook}: loaded before the app shows, though only an export needs them: {early}"


def test_the_exports_still_work_and_load_their_modules_when_used():
    loaded = _loaded_after(
        "from datetime import date\n"
        "from helpers.export import plan_to_ics, plan_to_pdf\n"
        "from helpers.planner import PlanRequest, generate_plan\n"
        "plan = generate_plan(PlanRequest())\n"
        "assert plan_to_pdf(plan).startswith(b'%PDF')\n"
        "assert b'BEGIN:VEVENT' in plan_to_ics(plan, date(2026, 1, 5))"
    )
    assert {"matplotlib.backends.backend_pdf", "icalendar"} <= loaded


#: What each app notebook runs to show its first widget, after the code before the app.
FIRST_WIDGET = {
    "04_session_planner.ipynb": "app = PlannerApp(draw=False)\napp.controls_view",
    "06_patient_session.ipynb": "app = PatientSession()\napp.widget",
}


@pytest.mark.parametrize("notebook", APP_NOTEBOOKS)
def test_the_first_widget_of_an_app_shows_before_matplotlib_is_imported(notebook):
    """matplotlib is the largest import (~0.35 s): the controls, or the patient's first step, come first."""
    loaded = _loaded_after(_code_before_the_app(notebook) + "\n" + FIRST_WIDGET[notebook])
    assert "matplotlib" not in loaded
    assert "ipywidgets" in loaded


def test_the_planner_draws_its_plot_when_asked_and_then_uses_matplotlib():
    loaded = _loaded_after(
        "from helpers.planner_widgets import PlannerApp\n"
        "app = PlannerApp(draw=False)\n"
        "assert app.plan is None and app.image.value == ''\n"
        "assert app.still().startswith(b'\\x89PNG')\n"
        "assert app.plan is not None and 'Timeline of the day' in app.image.value"
    )
    assert "matplotlib" in loaded
