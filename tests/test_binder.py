"""What Binder builds from this repository is what CI tests: checked on repo2docker's own build script.

``jupyter-repo2docker --no-build --debug`` (pinned in requirements-test.txt) prints the Dockerfile that
Binder would build, without Docker and without the network; the test runs it with the offline guard on,
no Docker daemon and a ``docker`` command that records any call, then reads the steps it would run.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from helpers.environment import environment_pins, plan_environment
from scripts.write_environment import project_files
from tests.conftest import ROOT

OFFLINE_GUARD = ROOT / "tests" / "offline" / "00-no-network.py"
#: Runs repo2docker's command line after loading the guard that refuses any connection beyond loopback.
RUN_REPO2DOCKER = (
    "import runpy, sys; runpy.run_path(sys.argv.pop(1)); "
    "from repo2docker.__main__ import main; sys.argv[0] = 'jupyter-repo2docker'; sys.exit(main())"
)


#: The user BinderHub asks repo2docker for (uid 1000, jovyan); the default would be whoever runs the test.
BINDER_USER = ("--user-id", "1000", "--user-name", "jovyan")


def _repo2docker() -> Path:
    """repo2docker's package folder: a skip on a machine without it, a failure in CI (make install brings it).

    Found without importing it (its logging library warns on import, and only the subprocess runs it).
    """
    spec = importlib.util.find_spec("repo2docker")
    if spec is None or not spec.submodule_search_locations:
        message = "repo2docker is not installed (pip install -r requirements-test.txt -c constraints.txt)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return Path(next(iter(spec.submodule_search_locations)))


@pytest.fixture(scope="module")
def build(tmp_path_factory) -> tuple[str, str, Path]:
    """(Dockerfile, log, record of docker calls) from ``jupyter-repo2docker --no-build --debug ROOT``."""
    _repo2docker()
    folder = tmp_path_factory.mktemp("repo2docker")
    calls = folder / "docker-calls.txt"
    fake_bin = folder / "bin"
    fake_bin.mkdir()
    fake_docker = fake_bin / "docker"
    fake_docker.write_text(f'#!/bin/sh\necho "$@" >> "{calls}"\nexit 1\n', encoding="utf-8")
    fake_docker.chmod(0o755)
    env = {
        **os.environ,
        "PATH": f"{fake_bin}{os.pathsep}{Path(sys.executable).parent}{os.pathsep}/usr/bin{os.pathsep}/bin",
        "DOCKER_HOST": f"unix://{folder}/no-docker-here.sock",
        "HOME": str(folder),
    }
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            RUN_REPO2DOCKER,
            str(OFFLINE_GUARD),
            "--no-build",
            "--debug",
            *BINDER_USER,
            str(ROOT),
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=folder,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout, result.stderr, calls


def _steps(dockerfile: str) -> list[str]:
    """The Dockerfile's instructions, one string each (continuation lines joined), comments dropped."""
    steps: list[str] = []
    current = ""
    for line in dockerfile.splitlines():
        if not current and (not line.strip() or line.lstrip().startswith("#")):
            continue
        current += line.rstrip("\\").rstrip() + " " if line.rstrip().endswith("\\") else line
        if not line.rstrip().endswith("\\"):
            steps.append(current.strip())
            current = ""
    return steps


def _index(steps: list[str], pattern: str) -> int:
    matches = [number for number, step in enumerate(steps) if re.search(pattern, step)]
    assert len(matches) == 1, f"expected one step matching {pattern!r}, found {len(matches)}"
    return matches[0]


def test_repo2docker_needs_neither_docker_nor_the_network(build):
    dockerfile, _, calls = build
    assert dockerfile.lstrip().startswith("FROM ")
    assert not calls.exists(), f"repo2docker called docker: {calls.read_text()}"


def test_binder_uses_conda_with_python_311_in_one_environment(build):
    dockerfile, log, _ = build
    assert "Building conda environment for python=3.11" in log
    steps = _steps(dockerfile)
    base = steps[_index(steps, r"COPY .* /tmp/env/environment\.lock$")]
    assert "environment-2epy-2d3-2e11-2dlinux-2d64-2elock" in base  # repo2docker's Python 3.11 base lock
    # The kernel runs in the environment environment.yml updates (not a second one).
    assert "ENV KERNEL_PYTHON_PREFIX=${NB_PYTHON_PREFIX}" in steps


def test_binder_installs_environment_yml_alone_before_copying_the_repository(build):
    steps = _steps(build[0])
    copy_environment = _index(
        steps, r"^COPY --chown=1000:1000 src/environment\.yml \$\{REPO_DIR\}/environment\.yml$"
    )
    update = _index(steps, r'env update -p \$\{NB_PYTHON_PREFIX\} --file "environment\.yml"')
    # The visitor's user owns the copy: notebooks can be saved, Python can cache compiled helpers.
    copy_repository = _index(steps, r"^COPY --chown=1000:1000 src/ \$\{REPO_DIR\}/$")
    assert copy_environment < update < copy_repository
    # Nothing else of the repository is there when the environment is built, and no other file installs.
    before = " ".join(steps[:copy_repository])
    assert re.findall(r"src/[^ ]*", before) == ["src/environment.yml"]
    assert "requirements" not in build[0]


def test_the_environment_binder_installs_has_exactly_the_tested_pins():
    environment = (ROOT / "environment.yml").read_text(encoding="utf-8")
    assert environment_pins(environment) == plan_environment(project_files(ROOT)).pins()


def test_binder_runs_postbuild_after_copying_the_repository_and_nothing_at_start(build):
    steps = _steps(build[0])
    assert _index(steps, r"^RUN \./postBuild$") > _index(steps, r"^COPY .*src/ \$\{REPO_DIR\}/$")
    assert not any("R2D_ENTRYPOINT" in step for step in steps), "a start script would run at every launch"


def test_postbuild_only_does_what_the_environment_cannot():
    script = (ROOT / "postBuild").read_text(encoding="utf-8")
    subprocess.run(["bash", "-n", str(ROOT / "postBuild")], check=True)
    commands = [line.strip() for line in script.splitlines() if line.strip() and not line.startswith("#")]
    pip_lines = [line for line in commands if "pip install" in line]
    # The project itself can only be installed once the repository is copied; its packages come pinned
    # from environment.yml, so nothing here may pull a package in.
    assert pip_lines == ["python -m pip install --quiet --no-deps --no-build-isolation -e ."]
    assert not re.search(r"\b(curl|wget|conda|mamba|npm|jupyter lab build)\b", script)


def test_make_install_runs_postbuild_so_ci_runs_binders_steps():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = makefile.split("$(STAMP): ", 1)[1].split("\n\n", 1)[0]
    assert "postBuild" in recipe.splitlines()[0], "a changed postBuild must re-run make install"
    assert re.search(r'^\tPATH="\$\(abspath \$\(BIN\)\):\$\$PATH" \./postBuild$', recipe, re.MULTILINE)


def test_postbuild_warms_the_matplotlib_font_cache_at_build_time():
    """Without it the first kernel on Binder spends seconds building matplotlib's font list."""
    assert "matplotlib.font_manager" in (ROOT / "postBuild").read_text(encoding="utf-8")


BINDER_LINK = re.compile(r"https://mybinder\.org/v2/gh/[^)\s]+")


def _binder_links() -> list[str]:
    return BINDER_LINK.findall((ROOT / "README.md").read_text(encoding="utf-8"))


def test_every_binder_link_in_the_readme_opens_a_file_that_exists():
    links = _binder_links()
    kinds = set()
    for link in links:
        query = parse_qs(urlsplit(link).query)
        if "labpath" in query:
            target, kind = query["labpath"][0], "lab"
        elif "urlpath" in query and unquote(query["urlpath"][0]).startswith("voila/render/"):
            target, kind = unquote(query["urlpath"][0]).removeprefix("voila/render/"), "voila"
        else:
            raise AssertionError(f"Binder link opens neither a Lab file nor a Voila page: {link}")
        assert (ROOT / unquote(target)).is_file(), f"{link} opens {target}, which does not exist"
        kinds.add(kind)
    assert kinds == {"lab", "voila"}, links


def test_voila_is_enabled_as_a_server_extension_where_pip_installs_it():
    """Binder's /voila/render/... page needs voila's server extension, which its wheel switches on."""
    config = Path(sys.prefix, "etc", "jupyter", "jupyter_server_config.d", "voila.json")
    extensions = json.loads(config.read_text(encoding="utf-8"))["ServerApp"]["jpserver_extensions"]
    assert extensions == {"voila.server_extension": True}


#: Packages of repo2docker's base environment that are Binder's own plumbing (how Binder starts and
#: watches a session), not part of the series; every other package it lists must be replaced by our pin.
BINDER_PLUMBING = {
    "python",
    "nodejs",
    "pip",
    "jupyterhub-singleuser",
    "jupyter-offlinenotebook",
    "jupyter-resource-usage",
}


def test_binder_base_environment_jupyter_packages_are_replaced_by_tested_pins():
    """repo2docker installs its own Jupyter first; environment.yml's pins must replace each one.

    Otherwise Binder would keep, say, its notebook 7.4 (made for JupyterLab 4.4) beside our JupyterLab.
    """
    import yaml

    base = _repo2docker() / "buildpacks" / "conda" / "environment.py-3.11.yml"
    listed = yaml.safe_load(base.read_text(encoding="utf-8"))["dependencies"]
    names = {re.split(r"[=<>! ]", entry, maxsplit=1)[0].replace("_", "-").lower() for entry in listed}
    pins = environment_pins((ROOT / "environment.yml").read_text(encoding="utf-8"))
    assert {"jupyterlab", "notebook", "ipywidgets", "jupyter-server"} <= names
    assert sorted(names - BINDER_PLUMBING - pins.keys()) == []
