"""Browser benchmark (not a test): slider key press -> new plot shown, in JupyterLab and in Voila.

Usage: .venv/bin/python benchmarks/browser_latency.py [--presses 15]   (or `make bench-browser`)

Starts JupyterLab (notebook 04, Run All) and Voila (notebook 06, step 3) on 127.0.0.1 with isolated
Jupyter folders, drives the system Chromium, and presses ArrowRight/ArrowLeft on the "Ice each time (min)"
slider handle in turn (15 <-> 16 min, both valid, so every press redraws). Each time is taken on the
page's own clock: from the keydown event to the moment the plot <img> has a new src. Prints the median
next to the target.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.browser import servers

TARGET_MS = 120.0
SLIDER = "Ice each time (min)"


def _measure(page, presses: int) -> list[float]:
    handle = servers.slider_handle(page, SLIDER)
    servers.key_to_new_plot_ms(page, handle, "ArrowRight")  # warm-up, not counted
    servers.key_to_new_plot_ms(page, handle, "ArrowLeft")
    return [
        servers.key_to_new_plot_ms(page, handle, "ArrowRight" if i % 2 == 0 else "ArrowLeft")
        for i in range(presses)
    ]


def _report(where: str, times: list[float]) -> None:
    median = statistics.median(times)
    verdict = "meets" if median < TARGET_MS else "MISSES"
    print(
        f"{where:<32} median {median:6.1f} ms  (min {min(times):.0f}, max {max(times):.0f}, n={len(times)})"
        f"   target < {TARGET_MS:.0f} ms: {verdict}"
    )


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--presses", type=int, default=15)
    args = parser.parse_args(argv)
    executable = servers.find_chromium()
    if executable is None:
        print(f"Chromium not found: {servers.INSTALL_HINT}", file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="cramp-bench-") as tmp:
        folder = Path(tmp)
        lab = servers.start_lab(folder / "lab-server")
        voila = servers.start_voila(folder / "voila-server", "notebooks/06_patient_session.ipynb")
        try:
            with sync_playwright() as playwright:
                context = servers.launch_chromium(playwright, folder / "profile", executable)
                page = context.new_page()
                servers.open_in_lab(page, lab, "notebooks/04_session_planner.ipynb", "bench")
                servers.run_all_in_lab(page)
                page.wait_for_selector(servers.PLOT)
                page.wait_for_selector(servers.LAB_IDLE)
                page.wait_for_function("!document.body.innerText.includes('[*]')")
                _report("JupyterLab, notebook 04", _measure(page, args.presses))

                page.goto(voila.url("/"))
                page.wait_for_selector(".cc-session h2")
                for step in (2, 3):
                    page.get_by_role("button", name="Next →").click()
                    page.wait_for_function(
                        "document.querySelector('.cc-session .cc-step').textContent"
                        f".startsWith('Step {step} of')"
                    )
                page.wait_for_selector(servers.PLOT)
                _report("Voila, notebook 06 (step 3)", _measure(page, args.presses))
                context.close()
        finally:
            lab.stop()
            voila.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
