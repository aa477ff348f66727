# Two commands for a newcomer: `make run` and `make test`. Everything else is set up on the way.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
PACK := policy_packs/hengyang-2023-gxj51
# Where `make run` serves the site; seed_demo prints this address. DJANGO_DEBUG=1 shows Django's debug pages.
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run serve test install lint format serve-setup browser-test

# Some machines set PYTHONDONTWRITEBYTECODE=1 for every process. Then each test worker, and each subprocess a
# test starts, compiles the project and rewrites the test modules' asserts again (about 15 s a worker);
# with bytecode cached in __pycache__ (git ignores it) the second worker and the second pass reuse it.
unexport PYTHONDONTWRITEBYTECODE

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "需要 Python 3.11 或更高版本")'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) || { echo "无法创建虚拟环境：在 Debian 上请先执行 apt-get install python3-venv"; exit 1; }
	@# uv installs the same pinned packages as pip, in seconds instead of a minute (CI pays this on every run).
	$(BIN)/python -m pip install --quiet uv
	$(BIN)/uv pip install --quiet --python $(BIN)/python -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP)

serve-setup: install
	@mkdir -p var
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py pack load $(PACK)
	$(BIN)/python manage.py seed_demo --base-url http://$(HOST):$(PORT)

# The background worker (bulk exports; it also fails stale export jobs every minute) runs beside the web
# server and stops with it (Ctrl+C).
run: serve-setup
	@trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/python manage.py worker --no-reload --interval 0.5 & worker=$$!; \
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# The production settings (deploy/serve.sh): refuses without DATABASE_URL, SECRET_KEY, AUDIT_HMAC_KEY,
# PERSONAL_DATA_KEY and ALLOWED_HOSTS (deploy/hengyang.env.example), then migrate, collectstatic, the 2023 pack,
# check --deploy, and gunicorn with the worker until Ctrl+C. No demo data. docs/operations.md, 部署.
serve: install
	@deploy/serve.sh

# One worker per core, at most 4; a test file stays on one worker, so its module fixtures (one LibreOffice
# run for all templates) run once. PYTEST_WORKERS=0 runs everything in this process. PYTEST_ARGS adds
# options (CI's first pass: -m "not browser").
PYTEST_WORKERS ?= auto
PYTEST_ARGS ?=
test: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) --maxprocesses 4 --dist loadfile $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .
