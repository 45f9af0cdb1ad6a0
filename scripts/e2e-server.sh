#!/usr/bin/env bash
# Start the real app (API + built SPA) for the end-to-end tests, on a fresh temporary data directory.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT="${E2E_PORT:-8765}"
export DATA_DIR="${E2E_DATA_DIR:-$(mktemp -d /tmp/csv-analyzer-e2e.XXXXXX)}"
export FRONTEND_DIST="${FRONTEND_DIST:-frontend/dist}"
export JWT_SECRET="${JWT_SECRET:-e2e-secret-0123456789-0123456789-abcdef}"
export DATABASE_URL="${E2E_DATABASE_URL:-}"
export UV_PYTHON_DOWNLOADS=never
UV="$(command -v uv || echo "python3 -m uv")"
exec $UV run --project backend csv-analyzer serve --host 127.0.0.1 --port "$PORT"
