"""Grafana provisioning: every panel query is valid PromQL and every datasource uid exists."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from .support import REPO, load_yaml, require_binary

GRAFANA = REPO / "monitoring" / "grafana"
DASHBOARDS = sorted((GRAFANA / "dashboards").glob("*.json"))
# Grafana macros and template variables, replaced by values that keep the query valid PromQL.
MACROS = {"$__rate_interval": "5m", "$__interval": "1m", "$__range": "1h"}
TEMPLATE_VAR = re.compile(r"\$\{(\w+)(?::\w+)?\}|\$(\w+)|\[\[(\w+)\]\]")


def panels(node: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for panel in node.get("panels", []):
        yield panel
        yield from panels(panel)  # rows may nest panels


def provisioned_uids() -> set[str]:
    uids = set()
    for path in (GRAFANA / "provisioning" / "datasources").glob("*.yml"):
        uids |= {ds["uid"] for ds in load_yaml(path)["datasources"]}
    return uids


def to_promql(expr: str) -> str:
    for macro, value in MACROS.items():
        expr = expr.replace(macro, value)
    return TEMPLATE_VAR.sub(".*", expr)


def load(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text())
    return data


def test_three_dashboards_are_provisioned() -> None:
    assert {p.name for p in DASHBOARDS} == {"api-health.json", "training.json", "models.json"}
    provider = load_yaml(GRAFANA / "provisioning" / "dashboards" / "csv-analyzer.yml")["providers"][
        0
    ]
    assert provider["options"]["path"] == "/etc/grafana/dashboards"
    compose = load_yaml(REPO / "docker-compose.yml")
    assert (
        "./monitoring/grafana/dashboards:/etc/grafana/dashboards:ro"
        in compose["services"]["grafana"]["volumes"]
    )


def test_dashboards_are_generated_from_the_script() -> None:
    result = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "ops" / "grafana_dashboards.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("path", DASHBOARDS, ids=lambda p: p.stem)
def test_dashboard_uids_are_unique_and_stable(path: Path) -> None:
    dashboard = load(path)
    assert dashboard["uid"].startswith("csv-analyzer-")
    assert dashboard["id"] is None
    ids = [p["id"] for p in panels(dashboard)]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("path", DASHBOARDS, ids=lambda p: p.stem)
def test_every_datasource_reference_is_provisioned(path: Path) -> None:
    uids = provisioned_uids()
    dashboard = load(path)
    refs = [p.get("datasource") for p in panels(dashboard) if p["type"] != "row"]
    refs += [t.get("datasource") for p in panels(dashboard) for t in p.get("targets", [])]
    refs += [v.get("datasource") for v in dashboard["templating"]["list"]]
    assert refs
    for ref in refs:
        assert isinstance(ref, dict), ref
        assert ref["uid"] in uids, ref


@pytest.mark.parametrize("path", DASHBOARDS, ids=lambda p: p.stem)
def test_every_panel_query_is_valid_promql(path: Path, tmp_path: Path) -> None:
    promtool = require_binary("promtool", "apt-get install prometheus")
    dashboard = load(path)
    exprs = [t["expr"] for p in panels(dashboard) for t in p.get("targets", [])]
    exprs += [v["query"]["query"] for v in dashboard["templating"]["list"] if v["type"] == "query"]
    rules = []
    for i, expr in enumerate(exprs):
        # label_values() is Grafana's, not PromQL: check the selector inside it.
        match = re.fullmatch(r"label_values\((.+?)(?:,\s*\w+)?\)", expr)
        query = match.group(1) if match else expr
        rules.append(
            {"record": f"dashboard:{path.stem.replace('-', '_')}:q{i}", "expr": to_promql(query)}
        )
    assert rules, "no queries found"
    rules_file = tmp_path / "dashboard-rules.yml"
    rules_file.write_text(yaml.safe_dump({"groups": [{"name": path.stem, "rules": rules}]}))
    result = subprocess.run(
        [promtool, "check", "rules", str(rules_file)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_dashboards_cover_the_required_signals() -> None:
    text = {p.stem: p.read_text() for p in DASHBOARDS}
    for needle in (
        "http_requests_total",
        "http_request_duration_seconds_bucket",
        'status=~\\"5..\\"',
        'status=~\\"4..\\"',
        "histogram_quantile(0.99",
    ):
        assert needle in text["api-health"], needle
    for needle in (
        "csv_analyzer_training_jobs)",
        "csv_analyzer_training_duration_seconds_bucket",
        "csv_analyzer_training_jobs_failed_total",
        "csv_analyzer_queue_depth",
        "csv_analyzer_worker_heartbeat_timestamp_seconds",
    ):
        assert needle in text["training"], needle
    for needle in (
        "csv_analyzer_predictions_total",
        "csv_analyzer_prediction_latency_seconds_bucket",
        "csv_analyzer_champion_metric",
        "csv_analyzer_drift_score",
    ):
        assert needle in text["models"], needle
