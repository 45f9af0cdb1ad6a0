#!/usr/bin/env bash
# Every static and native check of the deployment files; `make ops-test` runs this.
# With OPS_REQUIRED=1 (CI) a missing nginx/promtool/amtool fails instead of skipping.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$repo/backend"
export UV_PYTHON_DOWNLOADS="${UV_PYTHON_DOWNLOADS:-never}"

echo "== compose schema"
uv run check-jsonschema --builtin-schema vendor.compose-spec ../docker-compose.yml
echo "== workflow schema"
uv run check-jsonschema --builtin-schema vendor.github-workflows ../.github/workflows/ci.yml
echo "== hadolint"
uv run hadolint Dockerfile ../frontend/Dockerfile
echo "== grafana dashboards up to date"
python3 ../scripts/ops/grafana_dashboards.py --check

run_native() { # run_native SCRIPT: exit 2 means "binary missing"
    local rc=0
    "$1" || rc=$?
    if [ "$rc" = 2 ] && [ "${OPS_REQUIRED:-0}" != "1" ]; then
        echo "   (skipped: binary missing)"
    elif [ "$rc" != 0 ]; then
        exit "$rc"
    fi
}
echo "== promtool / amtool"
run_native ../scripts/ops/promtool-test.sh
echo "== nginx -t"
run_native ../scripts/ops/nginx-test.sh

echo "== pytest tests/ops"
uv run pytest ../backend/tests/ops -q
