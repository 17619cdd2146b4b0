# make run   : set everything up, load the real demo data into SQLite, serve http://127.0.0.1:8000
# make test  : set everything up, lint, and run every test (SQLite unless DATABASE_URL is set)
# make bench : time every public page beside its floor; report in build/bench/ (BENCH_ARGS="--runs 50")

VENV := .venv
PYTHON := $(VENV)/bin/python
BIN := $(VENV)/bin
HOST_PYTHON ?= python3
SCSS := $(shell find frontend/scss -name '*.scss')

.PHONY: setup run test lint format bench browser-deps clean

setup: $(VENV)/.installed node_modules/.installed build/static/css/application.css

$(VENV)/.installed: pyproject.toml
	$(HOST_PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

build/static/css/application.css: node_modules/.installed $(SCSS)
	npm run --silent build:css

run: setup
	DJANGO_DEBUG=true $(PYTHON) manage.py migrate --noinput
	DJANGO_DEBUG=true $(PYTHON) manage.py createcachetable
	DJANGO_DEBUG=true $(PYTHON) manage.py load_demo_data
	DJANGO_DEBUG=true $(PYTHON) manage.py load_demo_accounts
	DJANGO_DEBUG=true $(PYTHON) manage.py load_other_funders_demo
	DJANGO_DEBUG=true $(PYTHON) manage.py publish_open_data
	@echo ""
	@echo "  The service is running at http://127.0.0.1:8000  (stop it with Ctrl+C)"
	@echo "  Try it as any role at http://127.0.0.1:8000/sign-in/as/ ; emails are printed here."
	@echo ""
	@# The background worker sends emails; it stops when the server stops.
	trap 'kill 0' EXIT; \
	DJANGO_DEBUG=true $(PYTHON) manage.py db_worker --interval 1 & \
	DJANGO_DEBUG=true $(PYTHON) manage.py runserver 127.0.0.1:8000

browser-deps:
	@scripts/ensure-chromium

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache
	@# The production settings pass Django's deployment checks (HTTPS, HSTS, cookies, secret key).
	env -u DJANGO_DEBUG -u DJANGO_TESTING -u DJANGO_ALLOW_ASYNC_UNSAFE \
	  DJANGO_SECRET_KEY="$$($(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))')" \
	  DJANGO_ALLOWED_HOSTS=innovation-fund.example.gov.uk \
	  $(PYTHON) manage.py check --deploy --fail-level WARNING

format: setup
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

test: setup browser-deps lint
	DJANGO_TESTING=1 $(BIN)/pytest

bench: setup
	$(PYTHON) -m bench $(BENCH_ARGS)

clean:
	rm -rf $(VENV) node_modules build staticfiles db.sqlite3*
