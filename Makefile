# The course's commands. Each target first builds .venv from requirements.lock
# (exact pins) if it is missing or older than the lock or pyproject.toml.
#   make course   execute every notebook and build the site into build/
#   make test     every test: unit, doctests, notebooks (papermill + nbval), packaging,
#                 the browser and the hub (the hub's proxy comes from npm, pinned)
#   make lab      open JupyterLab on the notebooks
#   make bench    measure the course against its budgets (bench/REPORT.md)

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.virtlab-installed
PROXY := course/hub/proxy/node_modules/.bin/configurable-http-proxy
STUDENT_VIEW := $(VENV)/etc/jupyter/labconfig/page_config.json
JOBS ?= 2

.PHONY: course lab test lint bench refresh clean

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "virtlab needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

# JupyterLab as students see it on the hub: nbgrader's Assignments tab, not the
# instructor's tools (course/hub/jupyter; delete these two files to get them back)
$(STUDENT_VIEW): course/hub/jupyter/labconfig/page_config.json \
		course/hub/jupyter/jupyter_server_config.d/zz-virtlab-students.json $(STAMP)
	install -D -m 644 course/hub/jupyter/jupyter_server_config.d/zz-virtlab-students.json \
		$(VENV)/etc/jupyter/jupyter_server_config.d/zz-virtlab-students.json
	install -D -m 644 course/hub/jupyter/labconfig/page_config.json $(STUDENT_VIEW)

# The hub test's proxy, pinned by its lock file; without npm the hub test skips and says why
$(PROXY): course/hub/proxy/package-lock.json
	@if command -v npm >/dev/null; then \
		npm ci --prefix course/hub/proxy --no-audit --no-fund --loglevel=error && touch $(PROXY); \
	else echo "npm not found: the hub test will skip (Debian packages nodejs and npm)"; fi

course: $(STAMP)
	$(BIN)/virtlab run --jobs $(JOBS)
	$(BIN)/virtlab site

lab: $(STUDENT_VIEW)
	$(BIN)/jupyter lab notebooks

test: $(STAMP) $(STUDENT_VIEW) $(PROXY)
	$(BIN)/python -m pytest -n $(JOBS) --dist loadscope \
		--nbval --nbval-current-env --nbval-sanitize-with tests/nbval-sanitize.cfg \
		tests lib/virtlab notebooks

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

bench: $(STAMP)
	$(BIN)/python bench/bench_course.py

refresh: $(STAMP)
	$(BIN)/virtlab refresh

clean:
	rm -rf build dist
