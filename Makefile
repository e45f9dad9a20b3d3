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
# Port for `make present` (the patient session in Voila), and extra Voila options (the first-view benchmark
# passes --preheat_kernel=False to measure a cold start)
PRESENT_PORT ?= 8866
PRESENT_ARGS ?=
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)
# Every requirements*.txt file: requirements.txt (the series, also on Binder) and the tools of some commands
# (requirements-test.txt: browser tests, the Binder check). constraints.txt pins all they pull in.
REQUIREMENTS := $(sort $(wildcard requirements*.txt))

.PHONY: lab test notebooks bench bench-browser present install clean environment constraints book student instructor

install: $(STAMP)

$(STAMP): $(REQUIREMENTS) constraints.txt pyproject.toml postBuild
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check pip==$(PIP_VERSION)
	$(BIN)/python -m pip install --quiet $(addprefix -r ,$(REQUIREMENTS)) -c constraints.txt
	PATH="$(abspath $(BIN)):$$PATH" ./postBuild
	@# nbgrader (requirements-book.txt) only checks the editions here: keep its Lab menus and server
	@# extensions out of `make lab` (postBuild already turns off the Notebook 7 Lab extension it pulls in).
	$(BIN)/jupyter labextension disable --level=sys_prefix @jupyter/nbgrader >/dev/null 2>&1
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
	$(BIN)/python benchmarks/first_view.py

# Key press on a slider to new plot in a real Chromium, in JupyterLab (04) and Voila (06); target < 120 ms.
bench-browser: $(STAMP)
	$(BIN)/python benchmarks/browser_latency.py

# The patient session as an app (no code shown), for a clinician to present: open the printed address.
# voila.json (read from this folder) keeps one kernel preheated: it has already run the notebook, so a visitor
# sees the first step at once; each visitor gets that kernel to themselves and a new one is heated behind them.
present: $(STAMP)
	JUPYTER_PATH=$(CURDIR)/share/jupyter $(BIN)/voila notebooks/06_patient_session.ipynb --no-browser --Voila.ip=127.0.0.1 --port=$(PRESENT_PORT) --theme=light --template=cramp-care $(PRESENT_ARGS)

# Write environment.yml (Binder, conda) from requirements.txt and constraints.txt: run after changing either.
environment: $(STAMP)
	$(BIN)/python scripts/write_environment.py

# Re-pin constraints.txt to what .venv holds (after adding or changing a pin in a requirements*.txt file).
constraints: $(STAMP)
	{ grep '^#' constraints.txt; $(BIN)/python -m pip freeze --all --exclude-editable | grep -v '^pip=='; } \
		> constraints.txt.new
	mv constraints.txt.new constraints.txt
	@touch $(STAMP)

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
