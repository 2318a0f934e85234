# The two commands a newcomer needs: `make run` and `make test`. Everything else is optional.
PYTHON ?= python3
PORT ?= 8000
UV_VERSION := 0.13.9
TOOLS := .tools
UV := $(TOOLS)/bin/uv
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py

export UV_PYTHON := $(PYTHON)
export UV_PYTHON_DOWNLOADS := never
export VECINOS_DATA_DIR ?= $(CURDIR)/var
# The key that encrypts personal data lives outside the data folder (docs/privacy.md).
export VECINOS_KEY_FILE ?= $(HOME)/.config/vecinos/vecinos.key
export PORT
export VECINOS_PUBLIC_URL ?= http://127.0.0.1:$(PORT)

.PHONY: run dev test lint bench messages install key prepare clean

# `start_platform` runs every step of a start in one process (translations and static files
# only when they changed, migrate, demo staff, demo site when empty, periodic runs).
run: install key ## Start vecinos with demo data on http://127.0.0.1:$(PORT)
	@bin/run-platform --demo

dev: install key ## The same, with Django's auto-reloading development server
	@$(MANAGE) start_platform --demo
	DJANGO_SETTINGS_MODULE=config.settings.dev $(MANAGE) runserver 127.0.0.1:$(PORT)

test: install ## Run the linters and the whole test suite
	$(VENV)/bin/ruff check .
	$(MANAGE) compiletranslations >/dev/null
	DJANGO_SETTINGS_MODULE=config.settings.test $(MANAGE) makemigrations --check --dry-run
	$(VENV)/bin/pytest $(PYTEST_ARGS)

# `make bench BENCH=messaging` (or BENCH=pages, throughput, shape, senders, fanout, zones,
# hotline) runs one part of the bench.
bench: prepare ## Measure the public pages, the outbox, the senders' rates, the block lookup and hotline alerts; write BENCHMARKS.md
	$(PY) -m benchmarks $(BENCH)

# Each app keeps its own catalogue in vecinos/<app>/locale; `make messages APP=jobs` refreshes one.
messages: install ## Refresh the translation catalogues from the code (needs GNU gettext)
ifdef APP
	cd vecinos/$(APP) && mkdir -p locale && ../../$(PY) ../../manage.py makemessages -l es --no-location --no-obsolete
else
	$(MANAGE) makemessages -l es --no-location --no-obsolete -i "$(VENV)/*" -i "$(TOOLS)/*" -i "staticfiles/*" -i "var/*"
endif
	$(MANAGE) compiletranslations

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

install: $(VENV)/.installed

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet uv==$(UV_VERSION)

$(VENV)/.installed: $(UV) uv.lock pyproject.toml
	$(UV) sync --frozen --quiet --compile-bytecode
	@touch $@

# The process that writes a new key is told there is none yet: it would otherwise warn that it
# was "starting locked", just before the key it writes lets everything start unlocked.
key: install
	@mkdir -p "$(VECINOS_DATA_DIR)"
	@if [ -z "$$VECINOS_KEK" ] && [ ! -e "$(VECINOS_KEY_FILE)" ]; then VECINOS_KEY_FILE= $(MANAGE) create_key_file "$(VECINOS_KEY_FILE)"; fi

prepare: key
	@$(MANAGE) start_platform

clean:
	rm -rf $(VENV) $(TOOLS) staticfiles
