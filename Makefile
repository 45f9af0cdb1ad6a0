# CSV Analyzer — the two commands a newcomer needs: `make run` and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help

export UV_PYTHON_DOWNLOADS := never
export UV_PYTHON := python3
export MLFLOW_DISABLE_TELEMETRY := true
HOST ?= 127.0.0.1
PORT ?= 8000
UV := $(shell command -v uv 2>/dev/null || echo "python3 -m uv")
BACKEND_RUN := $(UV) run --project backend
PYTEST_WORKERS ?= 2

.PHONY: help
help: ## list the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

# ---------------------------------------------------------------- install
.PHONY: install install-uv install-backend install-frontend install-browser
install: install-backend install-frontend ## install backend and frontend dependencies

install-uv:
	@command -v uv >/dev/null 2>&1 || python3 -m uv --version >/dev/null 2>&1 || python3 -m pip install --quiet uv

# --inexact: the stack test adds full mlflow (group "server") over mlflow-skinny; an exact sync would
# uninstall it and take files the two packages share with it.
install-backend: install-uv
	cd backend && $(UV) sync --frozen --inexact --quiet

install-frontend:
	cd frontend && { [ -d node_modules ] && [ node_modules/.package-lock.json -nt package-lock.json ] || npm ci --no-audit --no-fund; }

install-browser: ## Debian's Chromium for the end-to-end tests (never a downloaded browser)
	@[ -x /usr/bin/chromium ] || { \
	  SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
	  $$SUDO apt-get update -q && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q chromium; }

install-ops-tools: ## nginx, promtool and amtool (Debian) for the ops checks
	@command -v nginx >/dev/null 2>&1 && command -v promtool >/dev/null 2>&1 && command -v amtool >/dev/null 2>&1 || { \
	  SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
	  $$SUDO apt-get update -q && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q nginx-light prometheus prometheus-alertmanager; }

# ---------------------------------------------------------------- run
.PHONY: run build-frontend migrate dev worker mlflow-ui
run: install build-frontend migrate ## install what is missing, build the SPA, migrate, serve on http://$(HOST):$(PORT)
	$(BACKEND_RUN) csv-analyzer serve --host $(HOST) --port $(PORT)

build-frontend: install-frontend
	cd frontend && npm run build

migrate: install-backend ## apply database migrations
	$(BACKEND_RUN) csv-analyzer migrate

dev: install migrate ## hot reload for both sides: API on :8000, Vite on :5173
	trap 'kill 0' EXIT; \
	$(BACKEND_RUN) csv-analyzer serve --reload --host $(HOST) --port $(PORT) & \
	(cd frontend && npm run dev) & wait

worker: install-backend ## a Celery worker (needs REDIS_URL)
	$(BACKEND_RUN) celery -A csv_analyzer.worker worker --concurrency 1 --prefetch-multiplier 1 --loglevel INFO

mlflow-ui: install-backend ## the MLflow UI on the embedded tracking store
	cd backend && $(UV) run --group server mlflow ui --backend-store-uri sqlite:///$(CURDIR)/var/mlflow.db --default-artifact-root $(CURDIR)/var/mlartifacts --port 5000

# ---------------------------------------------------------------- test
.PHONY: test backend-test frontend-test e2e ops-test stack-test client client-check lint format
test: backend-test frontend-test client-check ops-test e2e ## run every test (backend, frontend, end-to-end, ops)

backend-test: install-backend ## pytest on SQLite, then on PostgreSQL when TEST_DATABASE_URL is set
	cd backend && $(UV) run pytest -n $(PYTEST_WORKERS) -q
	@if [ -n "$$TEST_DATABASE_URL" ]; then \
	  echo "== backend tests on PostgreSQL ($$TEST_DATABASE_URL)"; \
	  cd backend && $(UV) run pytest -n $(PYTEST_WORKERS) -q --db-only; \
	else echo "TEST_DATABASE_URL not set: PostgreSQL pass skipped"; fi

frontend-test: install-frontend ## vitest and tsc --noEmit
	cd frontend && npm run typecheck && npm test

e2e: install-backend build-frontend install-browser ## Playwright journeys in Debian's Chromium against the real app
	cd frontend && npm run e2e

ops-test: install-backend ## compose, nginx and Prometheus rule checks
	cd backend && $(UV) run pytest -q tests/ops -p no:xdist

stack-test: install-backend build-frontend install-ops-tools ## the native full stack (nginx, uvicorn, Celery, PostgreSQL, Redis, mlflow server, Prometheus)
	cd backend && $(UV) sync --frozen --inexact --quiet --group server && $(UV) run --group server pytest stack_tests -q -p no:xdist -p no:cacheprovider

client: install-backend install-frontend ## regenerate the OpenAPI document and the TypeScript client
	$(BACKEND_RUN) python -m csv_analyzer.openapi frontend/openapi.json frontend/test/training-options.gen.json
	cd frontend && npm run client

client-check: client ## fail if the committed client is stale
	git diff --exit-code -- frontend/openapi.json frontend/src/api frontend/test/training-options.gen.json || \
	  { echo "The generated API client is stale: run 'make client' and commit."; exit 1; }

lint: install ## ruff, ruff format --check, mypy --strict, import-linter, eslint, prettier, tsc
	cd backend && $(UV) run ruff check . && $(UV) run ruff format --check . && $(UV) run mypy && $(UV) run lint-imports
	cd frontend && npm run lint && npm run typecheck

format: install ## format both sides
	cd backend && $(UV) run ruff check --fix . && $(UV) run ruff format .
	cd frontend && npm run format
