"""First-view benchmark (``make bench``): how long a visitor waits before an app is usable. Asserts nothing.

Usage: .venv/bin/python benchmarks/first_view.py [--loads 5] [--runs 5] [--baseline 7a5780b] [--skip-browser]

Four parts, in one run, each a median:

1. **06 in Voila, cold and preheated.** Two servers started with ``make present``'s own command line: one as
   it is (voila.json keeps a preheated kernel), one with ``--preheat_kernel=False``. Chromium loads the page
   ``--loads`` times from each, alternating; the time is taken on the page's own clock, from the request
   (navigation start) to the moment the first step's "Next" button is on screen and enabled (widgets only
   render once the page is connected to its kernel, so the step is usable then). Before each preheated load
   the servers are left to go quiet, so the pool has been refilled, as it would be between two patients.
   Then, on a preheated page: Next -> step 2 shown (the planner is built behind it), and after 1.5 s on
   step 2, Next -> step 3's plot shown.
2. **04 in JupyterLab.** Open the notebook in a fresh workspace until the kernel is idle, then Run All until
   the planner's plot is shown; the kernel is shut down between loads.
3. **Kernel time to the first widget**, without a browser: a fresh kernel per run (jupyter_client), the
   notebook's code cells sent in order, timed from the kernel launch to the display message of the first
   widget (04: the planner's controls; 06: the patient session's first step), and to the end of that cell
   (04: the plot drawn). The same runs on the code of ``--baseline`` (default 7a5780b, main before the
   first-view work, where both apps drew everything before showing anything; exported with ``git archive``
   and put first on the kernel's PYTHONPATH), alternating with today's code, so the comparison shares the
   machine's load. Without git history (e.g. a tarball) the baseline is skipped.
4. **The patient session's steps in one process**: import and build (step 1), Next to step 2 (which then
   builds the planner), Next to step 3.

Targets (issue 11), printed beside each figure: 06 preheated <= 1.0 s and <= 0.4x cold in the same run;
06 cold <= 2.0 s; kernel time to the first planner widget at least 30% below the baseline. The machine's
core count and load average are printed too: on a shared 2-core machine every figure moves with the load.

Recorded 2026-11-30 on the project's 2-core machine (load average 0.2 at the start, 0.7-2.4 from the
benchmark itself; medians, n=5), after the planner drew after its controls and the session built its
planner after step 1 (final code of that session):

- 06 in Voila: cold 1.74 s (1.56-1.90), target 2.0 s met; preheated 0.75 s (0.71-0.98), target met;
  preheated / cold 0.43x, target 0.4x not met. The preheated page is at Voila's own floor: a notebook of
  one Button, served the same way, took 0.77 s (Voila's lab template 0.88 s, classic 0.92 s); the page's
  JavaScript (about 80 chunks, the kernel connection at ~0.46 s, the widget manager at ~0.7 s) is the
  wait, not this project's code. The ratio was met before (0.33x) only because cold was 2.36 s.
- 06 next steps, preheated: Next -> step 2 0.28 s; Next -> step 3 with its plot 0.11 s.
- 04 in Lab: open 6.33 s, Run All -> first plot 1.71 s (1.44-1.85; 1.66 s before, within the spread).
- Kernel launch -> first widget: 04 1.77 s -> 0.88 s (-50%), 06 1.80 s -> 1.01 s (-44%); target met.
  To the end of the app cell: 04 1.78 s -> 1.59 s (-11%: the plot itself still needs matplotlib,
  ~0.35 s, and its first full draw, ~0.2 s), 06 -44%.
- In one process: the session's import and step 1 0.23 s; Next to step 2 then 0.75 s of kernel time (the
  planner), which the patient does not wait for unless they act within it; Next to step 3 0.00 s.
  (An earlier run the same hour: cold 1.88 s, preheated 0.83 s, 0.44x; kernel -46% and -49%.)

Recorded earlier the same day, before that change, when quiet (load average 0.1-2.3): 06 cold 2.36 s,
preheated 0.77 s (0.33x); 04 in Lab open 6.15 s, Run All -> first plot 1.66 s; kernel launch -> first
widget 04 1.57 s -> 1.40 s (-11%), 06 1.56 s -> 1.43 s (-8%). While other helpers ran tests (load average
10-13) every figure was three to four times larger: on this machine kind, the load decides the figure.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.browser import servers
from tests.conftest import ROOT, free_port

BASELINE = "7a5780b"
PRESENT_NOTEBOOK = "notebooks/06_patient_session.ipynb"
PLANNER_NOTEBOOK = "notebooks/04_session_planner.ipynb"
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
TARGET_PREHEATED_S = 1.0
TARGET_RATIO = 0.4
TARGET_COLD_S = 2.0
TARGET_KERNEL_CUT = 0.30

#: Runs in every page before its own scripts: notes (page clock) when the session's Next button is usable.
_FIRST_STEP_TIMER = """
window.__ccFirstStep = null;
const __ccCheck = () => {
  for (const button of document.querySelectorAll('.cc-session button')) {
    if (button.textContent.includes('Next') && !button.disabled && button.offsetParent !== null) {
      window.__ccFirstStep = performance.now();
      return true;
    }
  }
  return false;
};
new MutationObserver((_, observer) => {
  if (window.__ccFirstStep === null && __ccCheck()) observer.disconnect();
}).observe(document, {subtree: true, childList: true, attributes: true});
"""


# -- helpers -----------------------------------------------------------------------------------------------
def _median(values: list[float]) -> float:
    return statistics.median(values)


def _verdict(ok: bool) -> str:
    return "met" if ok else "NOT met"


def _load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} {five:.2f} {fifteen:.2f}"


def _cpu_ticks(root_pid: int) -> int:
    """CPU time (clock ticks) used so far by a process and all its descendants (a server and its kernels)."""
    stats: dict[int, tuple[int, int]] = {}  # pid -> (parent pid, utime + stime)
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        stats[int(stat.parent.name)] = (int(fields[1]), int(fields[11]) + int(fields[12]))
    family, total, grew = {root_pid}, 0, True
    while grew:
        grew = False
        for pid, (parent, _) in stats.items():
            if parent in family and pid not in family:
                family.add(pid)
                grew = True
    for pid in family:
        total += stats.get(pid, (0, 0))[1]
    return total


def _wait_quiet(server: servers.Server, at_least_s: float = 2.0, timeout_s: float = 120.0) -> None:
    """Wait until the server and its kernels stop using CPU (a refilled pool has run the notebook)."""
    time.sleep(at_least_s)
    deadline = time.monotonic() + timeout_s
    before = _cpu_ticks(server.process.pid)
    quiet = 0
    while time.monotonic() < deadline and quiet < 2:
        time.sleep(0.5)
        now = _cpu_ticks(server.process.pid)
        quiet = quiet + 1 if now - before <= 2 else 0
        before = now


def _start_present(folder: Path, name: str, extra: str = "") -> servers.Server:
    """``make present`` on a free port, with isolated Jupyter folders; returns once it answers."""
    folder.mkdir(parents=True, exist_ok=True)
    port = free_port()
    command = ["make", "--no-print-directory", "present", f"PRESENT_PORT={port}"]
    if extra:
        command.append(f"PRESENT_ARGS={extra}")
    env = servers.isolated_env(folder / name)
    base = f"http://127.0.0.1:{port}"
    return servers.start_server(command, env, folder / f"{name}.log", base, "", "/voila/static/", 120)


# -- 1. notebook 06 in Voila --------------------------------------------------------------------------------
def _open_first_step(context: Any, server: servers.Server) -> Any:
    """A new page on the patient session, returned once its first step is usable."""
    page = context.new_page()
    page.add_init_script(_FIRST_STEP_TIMER)
    page.goto(f"{server.base}/", wait_until="commit", timeout=120_000)
    page.wait_for_function("window.__ccFirstStep !== null", timeout=120_000, polling=50)
    return page


def _first_step_s(context: Any, server: servers.Server) -> float:
    page = _open_first_step(context, server)
    try:
        return float(page.evaluate("window.__ccFirstStep")) / 1000
    finally:
        page.close(run_before_unload=True)  # the visitor leaves


def voila_first_step(context: Any, folder: Path, loads: int) -> tuple[list[float], list[float]]:
    cold_server = _start_present(folder, "voila-cold", "--preheat_kernel=False")
    warm_server = _start_present(folder, "voila-preheated")
    cold, warm = [], []
    try:
        _wait_quiet(warm_server)
        _first_step_s(context, cold_server)  # warm-up of the browser cache and the OS file cache, not counted
        _wait_quiet(warm_server)
        _first_step_s(context, warm_server)
        for _ in range(loads):
            _wait_quiet(warm_server)
            _wait_quiet(cold_server, at_least_s=0)
            cold.append(_first_step_s(context, cold_server))
            _wait_quiet(cold_server)
            _wait_quiet(warm_server, at_least_s=0)
            warm.append(_first_step_s(context, warm_server))
    finally:
        cold_server.stop()
        warm_server.stop()
    return cold, warm


def voila_next_steps(context: Any, folder: Path, loads: int) -> tuple[list[float], list[float]]:
    """After the first step: Next -> step 2 shown (the planner is then built behind it), and, after a
    patient's 1.5 s on step 2, Next -> step 3's plot shown. Wall-clock time in this process."""
    server = _start_present(folder, "voila-steps")
    to_two, to_three = [], []
    try:
        for _ in range(loads):
            _wait_quiet(server)
            page = _open_first_step(context, server)
            _wait_quiet(server, at_least_s=0.5)
            started = time.perf_counter()
            page.get_by_role("button", name="Next \u2192").click()
            page.wait_for_selector(".cc-step:has-text('Step 2 of 5')", timeout=120_000)
            to_two.append(time.perf_counter() - started)
            page.wait_for_timeout(1500)
            started = time.perf_counter()
            page.get_by_role("button", name="Next \u2192").click()
            page.wait_for_selector(servers.PLOT, state="visible", timeout=120_000)
            to_three.append(time.perf_counter() - started)
            page.close(run_before_unload=True)
    finally:
        server.stop()
    return to_two, to_three


# -- 2. notebook 04 in JupyterLab --------------------------------------------------------------------------
def _shut_down_kernels(lab: servers.Server) -> None:
    for session in _sessions(lab):
        request = urllib.request.Request(lab.url(f"/api/sessions/{session['id']}"), method="DELETE")
        urllib.request.urlopen(request, timeout=30).close()


def _sessions(lab: servers.Server) -> list[dict[str, Any]]:
    with urllib.request.urlopen(lab.url("/api/sessions"), timeout=30) as response:
        return json.load(response)


def _wait_kernel_ready(page: Any, lab: servers.Server, timeout_s: float = 120) -> None:
    """Until the notebook's kernel is running and idle. Under load Lab may ask which kernel to start: the
    notebook's own (the dialog's default) is accepted, as a student would."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        accept = page.locator(".jp-Dialog .jp-mod-accept")
        if accept.count() and accept.first.is_visible():
            accept.first.click()
        if any(session["kernel"]["execution_state"] == "idle" for session in _sessions(lab)):
            return
        time.sleep(0.05)
    raise RuntimeError("the notebook's kernel did not become idle")


def _start_lab_on_copy(folder: Path) -> servers.Server:
    """JupyterLab serving a copy of notebook 04: Run All and autosave must never touch the repository's.

    The copy sits in a notebooks/ folder of its own; ``helpers`` is imported from the installed package.
    """
    root = folder / "lab-root"
    (root / "notebooks").mkdir(parents=True)
    shutil.copy(ROOT / PLANNER_NOTEBOOK, root / PLANNER_NOTEBOOK)
    port, token = free_port(), "cramp-first-view"
    command = [
        str(servers.BIN / "jupyter"),
        "lab",
        "--no-browser",
        "--ip=127.0.0.1",
        f"--port={port}",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={root}",
    ]
    if os.geteuid() == 0:
        command.append("--allow-root")
    env = servers.isolated_env(folder / "lab")
    return servers.start_server(
        command, env, folder / "lab.log", f"http://127.0.0.1:{port}", token, "/api/status"
    )


def lab_first_plot(context: Any, folder: Path, loads: int) -> tuple[list[float], list[float]]:
    lab = _start_lab_on_copy(folder)
    opened, plotted = [], []
    try:
        for index in range(loads + 1):  # the first load warms the browser cache and is not counted
            page = context.new_page()
            started = time.perf_counter()
            servers.open_in_lab(page, lab, PLANNER_NOTEBOOK, f"firstview-{index}")
            _wait_kernel_ready(page, lab)
            ready = time.perf_counter()
            if page.locator(servers.PLOT).count():
                raise RuntimeError("the planner's plot shows before Run All: the timing would be wrong")
            servers.run_all_in_lab(page)
            try:
                # attached, not visible: Run All scrolls to the last cell, and Lab may hide cells off screen
                page.wait_for_selector(servers.PLOT, state="attached", timeout=120_000)
            except Exception:
                page.screenshot(path=str(Path(tempfile.gettempdir()) / "first_view_lab_failure.png"))
                raise
            shown = time.perf_counter()
            if index:
                opened.append(ready - started)
                plotted.append(shown - ready)
            page.close()
            _shut_down_kernels(lab)
            time.sleep(1)
    finally:
        lab.stop()
    return opened, plotted


# -- 3. kernel time to the first widget ---------------------------------------------------------------------
def _code_cells(notebook: Path) -> list[str]:
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    return ["".join(cell["source"]) for cell in cells if cell["cell_type"] == "code"]


def kernel_first_widget_s(root: Path, notebook: str, env: dict[str, str]) -> tuple[float, float]:
    """Seconds from launching a kernel to the display of the notebook's first widget, and to the end of the
    cell that showed it (04: its plot is drawn by then; 06: its first step is complete)."""
    from jupyter_client.manager import KernelManager

    path = root / notebook
    started = time.perf_counter()
    manager = KernelManager(kernel_name="python3")
    manager.start_kernel(cwd=str(path.parent), env=env, stderr=subprocess.DEVNULL)  # its TCP warning
    client = manager.client()
    client.start_channels()
    try:
        client.wait_for_ready(timeout=120)
        for source in _code_cells(path):
            msg_id = client.execute(source)
            first_widget = None
            while True:
                message = client.get_iopub_msg(timeout=120)
                if message["parent_header"].get("msg_id") != msg_id:
                    continue
                kind, content = message["msg_type"], message["content"]
                if kind in ("display_data", "execute_result") and WIDGET_MIME in content.get("data", {}):
                    first_widget = first_widget or time.perf_counter() - started
                if kind == "error":
                    raise RuntimeError(f"{notebook} failed: {content['ename']}: {content['evalue']}")
                if kind == "status" and content["execution_state"] == "idle":
                    break
            if first_widget is not None:
                return first_widget, time.perf_counter() - started
        raise RuntimeError(f"{notebook} showed no widget")
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)


def session_steps_s(runs: int) -> dict[str, list[float]]:
    """In this process: building the patient session, then opening step 2 (which builds the planner behind
    the page a patient reads) and step 3 (the plan). Each run in a fresh interpreter, so imports count."""
    code = (
        "import time\n"
        "t0 = time.perf_counter()\n"
        "from helpers.session_widgets import PatientSession\n"
        "app = PatientSession()\n"
        "t1 = time.perf_counter()\n"
        "app.go(1)\n"
        "t2 = time.perf_counter()\n"
        "app.go(2)\n"
        "t3 = time.perf_counter()\n"
        "print(t1 - t0, t2 - t1, t3 - t2)"
    )
    names = ("import + build, step 1 shown", "Next to step 2 (then the planner is built)", "Next to step 3")
    found: dict[str, list[float]] = {name: [] for name in names}
    for index in range(runs + 1):
        result = subprocess.run(
            [sys.executable, "-c", code], cwd=ROOT / "notebooks", capture_output=True, text=True, check=True
        )
        if index:  # the first run warms the file cache
            for name, value in zip(names, result.stdout.split(), strict=True):
                found[name].append(float(value))
    return found


def _baseline_tree(ref: str, folder: Path) -> Path | None:
    """The helpers, data and notebooks of commit ``ref``, or None without git history."""
    target = folder / f"baseline-{ref}"
    target.mkdir(parents=True)
    archive = subprocess.run(
        ["git", "archive", ref, "helpers", "data", "notebooks"], cwd=ROOT, capture_output=True
    )
    if archive.returncode != 0:
        return None
    subprocess.run(["tar", "-x", "-C", str(target)], input=archive.stdout, check=True)
    return target


Samples = dict[str, list[tuple[float, float]]]


def kernel_times(folder: Path, runs: int, baseline: str) -> tuple[Samples, Samples | None]:
    env = servers.isolated_env(
        folder / "kernels"
    )  # one folder for all runs: matplotlib's font cache is reused
    old_root = _baseline_tree(baseline, folder)
    old_env = {**env, "PYTHONPATH": str(old_root)} if old_root else None
    now: Samples = {PLANNER_NOTEBOOK: [], PRESENT_NOTEBOOK: []}
    old: Samples | None = {PLANNER_NOTEBOOK: [], PRESENT_NOTEBOOK: []} if old_root else None
    for index in range(runs + 1):  # the first round warms caches (fonts, .pyc files) and is not counted
        for notebook in now:
            sample = kernel_first_widget_s(ROOT, notebook, env)
            if index:
                now[notebook].append(sample)
            if old is not None and old_root is not None and old_env is not None:
                sample = kernel_first_widget_s(old_root, notebook, old_env)
                if index:
                    old[notebook].append(sample)
    return now, old


# -- report --------------------------------------------------------------------------------------------------
def _spread(values: list[float]) -> str:
    return f"(min {min(values):.2f}, max {max(values):.2f}, n={len(values)})"


def _line(label: str, values: list[float], target: str = "") -> str:
    return f"  {label:<44} {_median(values):6.2f} s  {_spread(values)}{'   ' + target if target else ''}"


def _report_voila(cold: list[float], warm: list[float]) -> None:
    ratio = _median(warm) / _median(cold)
    print(f"\n06 patient session in Voila (make present), request -> first step usable; load {_load()}")
    cold_ok = _median(cold) <= TARGET_COLD_S
    warm_ok = _median(warm) <= TARGET_PREHEATED_S
    print(
        _line("cold (--preheat_kernel=False)", cold, f"target <= {TARGET_COLD_S:.1f} s: {_verdict(cold_ok)}")
    )
    print(
        _line(
            "preheated (as make present runs)",
            warm,
            f"target <= {TARGET_PREHEATED_S:.1f} s: {_verdict(warm_ok)}",
        )
    )
    print(
        f"  {'ratio preheated / cold':<44} {ratio:6.2f} x   "
        f"target <= {TARGET_RATIO:.1f}x: {_verdict(ratio <= TARGET_RATIO)}"
    )


def _report_steps(to_two: list[float], to_three: list[float]) -> None:
    print(f"\n06 patient session, preheated: the next steps (click -> shown); load {_load()}")
    print(_line("Next -> step 2 (the planner is built after)", to_two))
    print(_line("Next -> step 3, its plot shown", to_three))


def _report_lab(opened: list[float], plotted: list[float]) -> None:
    print(f"\n04 session planner in JupyterLab; load {_load()}")
    print(_line("open (notebook shown, kernel idle)", opened))
    print(_line("Run All -> first plot shown", plotted))
    print(_line("open + Run All -> first plot", [a + b for a, b in zip(opened, plotted, strict=True)]))


def _report_kernels(now: Samples, old: Samples | None, baseline: str) -> None:
    print(f"\nKernel launch -> first widget displayed (no browser); load {_load()}")
    print("  (and -> the end of that cell: 04's plot is drawn by then, 06's first step is complete)")
    for notebook, samples in now.items():
        name = Path(notebook).stem
        values, ends = [s[0] for s in samples], [s[1] for s in samples]
        if old is None:
            print(_line(f"{name}: this code", values) + "   (no git history: baseline skipped)")
            print(_line(f"{name}: this code, end of cell", ends))
            continue
        old_values, old_ends = [s[0] for s in old[notebook]], [s[1] for s in old[notebook]]
        change = _median(values) / _median(old_values) - 1
        verdict = _verdict(change <= -TARGET_KERNEL_CUT)
        print(_line(f"{name}: baseline {baseline}", old_values))
        print(
            _line(
                f"{name}: this code", values, f"{change:+.0%}, target <= -{TARGET_KERNEL_CUT:.0%}: {verdict}"
            )
        )
        end_change = _median(ends) / _median(old_ends) - 1
        print(_line(f"{name}: baseline, end of cell", old_ends))
        print(_line(f"{name}: this code, end of cell", ends, f"{end_change:+.0%} (no target)"))


def _report_session(steps: dict[str, list[float]]) -> None:
    print(f"\n06 patient session in one Python process (no kernel, no browser); load {_load()}")
    for name, values in steps.items():
        print(_line(name, values))


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--loads", type=int, default=5, help="page loads per browser measure")
    parser.add_argument("--runs", type=int, default=5, help="kernel starts per notebook and code version")
    parser.add_argument("--baseline", default=BASELINE, help="git commit for the kernel-time baseline")
    parser.add_argument("--skip-browser", action="store_true", help="only the kernel times")
    args = parser.parse_args(argv)
    print(f"First-view benchmark: {os.cpu_count()} cores, load average at start {_load()}", flush=True)
    with tempfile.TemporaryDirectory(prefix="cramp-firstview-") as tmp:
        folder = Path(tmp)
        executable = None if args.skip_browser else servers.find_chromium()
        if executable is None and not args.skip_browser:
            print(f"Chromium not found ({servers.INSTALL_HINT}); browser parts skipped", file=sys.stderr)
        if executable is not None:
            from playwright.sync_api import sync_playwright

            with sync_playwright() as playwright:
                context = servers.launch_chromium(playwright, folder / "profile", executable)
                _report_voila(*voila_first_step(context, folder, args.loads))
                _report_steps(*voila_next_steps(context, folder, args.loads))
                _report_lab(*lab_first_plot(context, folder, args.loads))
                context.close()
        now, old = kernel_times(folder, args.runs, args.baseline)
        _report_kernels(now, old, args.baseline)
        _report_session(session_steps_s(args.runs))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
