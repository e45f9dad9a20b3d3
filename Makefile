# Two commands do all the set-up on a fresh machine with Python 3.11:
#   make lab    opens the series in JupyterLab (creating .venv first if it is missing)
#   make test   runs every test: ruff, unit tests, strict nbval over all notebooks, browser tests
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PIP_VERSION := 26.3
# Extra options for `make lab`, e.g. make lab LAB_ARGS="--no-browser --port=8899"
LAB_ARGS ?=
# Port for `make present` (the patient session in Voila)
PRESENT_PORT ?= 8866
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)

.PHONY: lab test notebooks bench bench-browser present install clean book student instructor

install: $(STAMP)

$(STAMP): requirements.txt requirements-browser.txt requirements-book.txt constraints.txt pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check pip==$(PIP_VERSION)
	$(BIN)/python -m pip install --quiet -r requirements.txt -r requirements-browser.txt -c constraints.txt
	$(BIN)/python -m pip install --quiet -r requirements-book.txt -c requirements.txt -c constraints.txt
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	$(BIN)/jupyter labextension disable "@jupyterlab/apputils-extension:announcements" >/dev/null
	@# nbgrader is only the editions' checker here: keep its Lab menus and server extensions out of `make lab`,
	@# and the Notebook 7 Lab extension it pulls in out of Voila (whose older front end fails to load it).
	$(BIN)/jupyter labextension disable --level=sys_prefix @jupyter/nbgrader >/dev/null 2>&1
	$(BIN)/jupyter labextension disable --level=sys_prefix @jupyter-notebook/lab-extension >/dev/null 2>&1
	for ext in formgrader validate_assignment assignment_list course_list; do \
	  $(BIN)/jupyter server extension disable --sys-prefix nbgrader.server_extensions.$$ext >/dev/null 2>&1; done
	@touch $(STAMP)

lab: $(STAMP)
	$(BIN)/jupyter lab $(ROOT_FLAG) --ServerApp.root_dir=. $(LAB_ARGS) notebooks/00_start_here.ipynb

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest

notebooks: $(STAMP)
	$(BIN)/python scripts/execute_notebooks.py

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py
	$(BIN)/python benchmarks/thermal.py

# Key press on a slider to new plot in a real Chromium, in JupyterLab (04) and Voila (06); target < 120 ms.
bench-browser: $(STAMP)
	$(BIN)/python benchmarks/browser_latency.py

# The patient session as an app (no code shown), for a clinician to present: open the printed address.
present: $(STAMP)
	JUPYTER_PATH=$(CURDIR)/share/jupyter $(BIN)/voila notebooks/06_patient_session.ipynb --no-browser --Voila.ip=127.0.0.1 --port=$(PRESENT_PORT) --theme=light --template=cramp-care

# The series as a static HTML site (build/book/html/index.html), from the stored outputs, offline.
book: $(STAMP)
	$(BIN)/python scripts/build_book.py build/book/html

# Student edition (build/student: no worked answers, nbgrader answer cells) and instructor edition
# (build/instructor: answers, marking guides, objectives, times; MARKING.md), from the same notebooks.
student: $(STAMP)
	$(BIN)/python scripts/editions.py student build/student

instructor: $(STAMP)
	$(BIN)/python scripts/editions.py instructor build/instructor

clean:
	rm -rf $(VENV)
