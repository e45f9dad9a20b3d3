"""Settings for every pytest run of the project, including `pytest notebooks/NAME.ipynb` on its own.

Kernels started by nbval get a private IPython folder whose startup file blocks network access
(tests/offline/00-no-network.py): the notebooks must run offline, and this proves they do. Unexpected
errors caught by widgets are logged to a file inside that folder ($CRAMP_CARE_LOG), not to the user's home.
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
    config._cramp_previous_log = os.environ.get("CRAMP_CARE_LOG")
    os.environ["IPYTHONDIR"] = str(folder)
    os.environ["CRAMP_CARE_LOG"] = str(folder / "errors.log")


def pytest_unconfigure(config) -> None:
    saved = (("IPYTHONDIR", "_cramp_previous_ipythondir"), ("CRAMP_CARE_LOG", "_cramp_previous_log"))
    for variable, attribute in saved:
        previous = getattr(config, attribute, None)
        if previous is None:
            os.environ.pop(variable, None)
        else:
            os.environ[variable] = previous
    shutil.rmtree(getattr(config, "_cramp_ipython_dir", ""), ignore_errors=True)
