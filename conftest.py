"""Settings for every pytest run of the project, including `pytest notebooks/NAME.ipynb` on its own.

Kernels started by nbval get a private IPython folder whose startup file blocks network access
(tests/offline/00-no-network.py): the notebooks must run offline, and this proves they do.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

OFFLINE_STARTUP = Path(__file__).resolve().parent / "tests" / "offline" / "00-no-network.py"


def pytest_configure(config) -> None:
    folder = Path(tempfile.mkdtemp(prefix="cramp-ipython-"))
    startup = folder / "profile_default" / "startup"
    startup.mkdir(parents=True)
    shutil.copy(OFFLINE_STARTUP, startup / OFFLINE_STARTUP.name)
    config._cramp_ipython_dir = folder
    config._cramp_previous_ipythondir = os.environ.get("IPYTHONDIR")
    os.environ["IPYTHONDIR"] = str(folder)


def pytest_unconfigure(config) -> None:
    previous = getattr(config, "_cramp_previous_ipythondir", None)
    if previous is None:
        os.environ.pop("IPYTHONDIR", None)
    else:
        os.environ["IPYTHONDIR"] = previous
    shutil.rmtree(getattr(config, "_cramp_ipython_dir", ""), ignore_errors=True)
