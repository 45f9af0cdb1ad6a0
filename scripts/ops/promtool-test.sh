#!/usr/bin/env bash
# Validate the Prometheus/Alertmanager configuration with the local binaries.
#   promtool check config | promtool check rules | promtool test rules | amtool check-config
# Needs Debian's prometheus package (promtool); amtool (prometheus-alertmanager) is optional
# unless OPS_REQUIRED=1.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
prom="$repo/monitoring/prometheus"
cd "$repo"

if ! command -v promtool >/dev/null; then
    echo "promtool-test: promtool not found (apt-get install prometheus)" >&2
    exit 2
fi

promtool check config "$prom/prometheus.yml"
promtool check rules "$prom"/rules/*.yml
promtool test rules "$prom"/tests/*.yml

if command -v amtool >/dev/null; then
    amtool check-config "$repo/monitoring/alertmanager/alertmanager.yml"
elif [ "${OPS_REQUIRED:-0}" = "1" ]; then
    echo "promtool-test: amtool not found (apt-get install prometheus-alertmanager)" >&2
    exit 2
else
    echo "promtool-test: amtool not found, alertmanager.yml not checked" >&2
fi
