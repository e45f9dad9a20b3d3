"""Starting JupyterLab, Voila and Chromium for the browser tests and the browser benchmark.

Plain functions (no pytest), so ``benchmarks/browser_latency.py`` uses exactly what the tests use.
Servers listen on 127.0.0.1 only, on a free port, with a token, and write every per-user file (config,
data, runtime, IPython, matplotlib, Lab workspaces) inside a folder the caller owns.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.conftest import ROOT, free_port, isolated_jupyter_env

BIN = Path(sys.executable).parent
#: Flags that keep Chromium quiet and offline apart from the local servers (see engineering notes).
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
INSTALL_HINT = "install it with `apt-get install -y chromium` (Debian/Ubuntu; .ci/run does this)"
#: Lab's "get notified about official Jupyter news?" pop-up covers the page; `make install` disables it in
#: the environment's config, and the isolated config folder repeats it so tests never depend on that step.
PAGE_CONFIG = {"disabledExtensions": {"@jupyterlab/apputils-extension:announcements": True}}
#: The project's Voila template (share/jupyter/voila/templates/cramp-care): Voila's lab template without its
#: Font Awesome CDN links (Voila's own bundle already has the icons), so the page asks nothing outside.
VOILA_TEMPLATE = "cramp-care"
SHARE = ROOT / "share" / "jupyter"
#: The planner's day plot: the alt text png_html gives it starts like this (helpers.planner_plots).
PLOT = "img[alt^='Timeline of the day']"


def find_chromium() -> str | None:
    """The Chromium the tests drive: Debian's, or one on PATH. Playwright never downloads one here."""
    if Path("/usr/bin/chromium").is_file():
        return "/usr/bin/chromium"
    return shutil.which("chromium") or shutil.which("chromium-browser")


def isolated_env(folder: Path) -> dict[str, str]:
    """os.environ with every Jupyter, IPython and matplotlib per-user folder inside ``folder``.

    Config and data folders too (unlike the plain ``jupyter_env`` fixture): a browser test must not pick up
    a developer's Lab settings or extensions.
    """
    env = isolated_jupyter_env(folder, {"JUPYTER_CONFIG_DIR": "config", "JUPYTER_DATA_DIR": "data"})
    # the project's Voila template, found even where the package was installed before it existed
    env["JUPYTER_PATH"] = os.pathsep.join(filter(None, [str(SHARE), env.get("JUPYTER_PATH", "")]))
    labconfig = folder / "config" / "labconfig"
    labconfig.mkdir(exist_ok=True)
    (labconfig / "page_config.json").write_text(json.dumps(PAGE_CONFIG), encoding="utf-8")
    env.pop("JUPYTER_TOKEN", None)
    return env


@dataclass
class Server:
    """A running Lab or Voila server; ``url(path)`` adds the token."""

    process: subprocess.Popen
    base: str
    token: str
    log: Path

    def url(self, path: str = "/") -> str:
        joiner = "&" if "?" in path else "?"
        return f"{self.base}{path}{joiner}token={self.token}"

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)


def _wait_until_up(server: Server, probe: str, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"server exited with code {server.process.returncode}; see {server.log}")
        try:
            with urllib.request.urlopen(server.url(probe), timeout=5):
                return
        except urllib.error.HTTPError:
            return  # any HTTP answer (even 403 or 404) means the server is listening and serving
        except OSError:
            time.sleep(0.25)
    server.stop()
    raise RuntimeError(f"server did not answer at {server.base}{probe} within {seconds} s; see {server.log}")


def start_server(
    command: list[str], env: dict[str, str], log: Path, base: str, token: str, probe: str, seconds: float = 90
) -> Server:
    """Start ``command`` in its own process group, logging to ``log``; return once ``probe`` answers."""
    with log.open("w") as handle:
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            stdout=handle,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, so stop() ends the kernels it started too
        )
    server = Server(process, base, token, log)
    _wait_until_up(server, probe, seconds)
    return server


def _start(command: list[str], folder: Path, name: str, port: int, token: str, probe: str) -> Server:
    folder.mkdir(parents=True, exist_ok=True)
    env = isolated_env(folder / name)
    return start_server(command, env, folder / f"{name}.log", f"http://127.0.0.1:{port}", token, probe)


def start_lab(folder: Path, token: str = "cramp-browser-test") -> Server:
    """JupyterLab serving the repository, ready to open notebooks."""
    port = free_port()
    command = [
        str(BIN / "jupyter"),
        "lab",
        "--no-browser",
        "--ip=127.0.0.1",
        f"--port={port}",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={ROOT}",
    ]
    if os.geteuid() == 0:
        command.append("--allow-root")
    return _start(command, folder, "lab", port, token, "/api/status")


def start_voila(folder: Path, notebook: str, token: str = "cramp-browser-test") -> Server:
    """Voila serving one notebook as an app (code hidden), light theme, as `make present` does."""
    port = free_port()
    command = [
        str(BIN / "voila"),
        notebook,
        "--no-browser",
        "--Voila.ip=127.0.0.1",
        f"--port={port}",
        f"--Voila.token={token}",
        "--theme=light",
        f"--template={VOILA_TEMPLATE}",
    ]
    # Any answer on a static route means the server is up; the page itself would run the notebook.
    return _start(command, folder, "voila", port, token, "/voila/static/")


def launch_chromium(playwright: Any, profile: Path, executable: str) -> Any:
    """A Chromium context with a fresh profile folder (no state from earlier runs)."""
    context = playwright.chromium.launch_persistent_context(
        str(profile),
        executable_path=executable,
        args=CHROMIUM_ARGS,
        headless=True,
        accept_downloads=True,
        viewport={"width": 1280, "height": 900},
    )
    context.set_default_timeout(60_000)
    return context


# -- page helpers ------------------------------------------------------------------------------------------
LAB_PANEL = ".jp-NotebookPanel:not(.lm-mod-hidden)"
LAB_IDLE = ".jp-Notebook-ExecutionIndicator[data-status='idle']"


def open_in_lab(page: Any, lab: Server, path: str, workspace: str) -> None:
    """Open ``path`` in a fresh Lab workspace (``?reset``), so no tabs from earlier runs come back."""
    page.goto(lab.url(f"/lab/workspaces/{workspace}/tree/{path}?reset"))
    page.wait_for_selector(f"{LAB_PANEL} .jp-Notebook")
    page.wait_for_selector(LAB_IDLE)
    accept_kernel_dialog(page)


def accept_kernel_dialog(page: Any, wait_ms: float = 3_000) -> None:
    """Accept Lab's "Select Kernel" dialog (the notebook's own kernel) if it shows.

    A fresh Lab sometimes opens the first notebook before its kernel list has loaded and asks which kernel
    to start; the dialog covers the page and nothing runs until it is answered.
    """
    dialog = page.locator(".jp-Dialog").filter(has_text="Select Kernel")
    try:
        dialog.wait_for(timeout=wait_ms)
    except Exception:  # no dialog: the kernel started by itself
        return
    dialog.locator(".jp-mod-accept").click()
    dialog.wait_for(state="detached")
    page.wait_for_selector(LAB_IDLE)


def run_all_in_lab(page: Any) -> None:
    """Run > Run All Cells from the menu bar, as a student would."""
    page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
    page.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first.click()


def slider_handle(page: Any, description: str) -> Any:
    """The keyboard handle of the slider whose description is ``description``."""
    slider = page.locator(".widget-slider").filter(has=page.locator(".widget-label", has_text=description))
    return slider.locator(".noUi-handle").first


def plot_src(page: Any) -> str:
    return page.eval_on_selector(PLOT, "img => img.src")


_ARM_TIMER = """(selector) => {
  const before = document.querySelector(selector).src;
  window.__ccLatency = {start: null, end: null};
  document.addEventListener('keydown', () => { window.__ccLatency.start = performance.now(); },
                            {capture: true, once: true});
  const observer = new MutationObserver(() => {
    const img = document.querySelector(selector);
    if (img && img.src !== before && window.__ccLatency.end === null) {
      window.__ccLatency.end = performance.now();
      observer.disconnect();
    }
  });
  observer.observe(document.body, {subtree: true, childList: true, attributes: true,
                                   attributeFilter: ['src']});
}"""


def key_to_new_plot_ms(page: Any, handle: Any, key: str, timeout_ms: float = 15_000) -> float:
    """Press ``key`` on a slider handle; milliseconds (browser clock) until the plot image changed.

    Both times come from the page's own clock (keydown listener, then a MutationObserver seeing a new
    ``src``), so Playwright's round trips do not count.
    """
    handle.focus()
    page.evaluate(_ARM_TIMER, PLOT)
    handle.press(key)
    page.wait_for_function("window.__ccLatency.end !== null", timeout=timeout_ms, polling="raf")
    timing = page.evaluate("window.__ccLatency")
    return float(timing["end"] - timing["start"])
