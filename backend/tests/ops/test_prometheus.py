"""Prometheus configuration, alert rules (with promtool unit tests) and Alertmanager config."""

from __future__ import annotations

import re
import subprocess
from typing import Any

import pytest

from .support import REPO, load_yaml, require_binary

PROM = REPO / "monitoring" / "prometheus"
ALERTMANAGER = REPO / "monitoring" / "alertmanager" / "alertmanager.yml"

# The metric names the app exposes (FACTS.md, backend observability); rules may only use these.
KNOWN_METRICS = {
    "up",
    "http_requests_total",
    "http_request_duration_seconds_bucket",
    "http_request_duration_seconds_count",
    "http_request_duration_seconds_sum",
    "csv_analyzer_training_jobs",
    "csv_analyzer_training_jobs_failed_total",
    "csv_analyzer_training_duration_seconds_bucket",
    "csv_analyzer_training_duration_seconds_count",
    "csv_analyzer_training_duration_seconds_sum",
    "csv_analyzer_queue_depth",
    "csv_analyzer_worker_heartbeat_timestamp_seconds",
    "csv_analyzer_predictions_total",
    "csv_analyzer_prediction_latency_seconds_bucket",
    "csv_analyzer_prediction_latency_seconds_count",
    "csv_analyzer_prediction_latency_seconds_sum",
    "csv_analyzer_champion_metric",
    "csv_analyzer_drift_score",
    "csv_analyzer_drift_status",
    "csv_analyzer_datasets_uploaded_total",
    "csv_analyzer_ingested_bytes_total",
}
METRIC = re.compile(r"\b((?:csv_analyzer|http)_[a-z_]+|up)\b(?=\s*[{\[)=]|\s*$|\s*[><=!])")


def run(args: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, capture_output=True, text=True, check=False, cwd=REPO)


def alert_rules() -> list[dict[str, Any]]:
    rules = []
    for path in sorted((PROM / "rules").glob("*.yml")):
        for group in load_yaml(path)["groups"]:
            rules.extend(r for r in group["rules"] if "alert" in r)
    return rules


def test_promtool_check_config() -> None:
    promtool = require_binary("promtool", "apt-get install prometheus")
    result = run([promtool, "check", "config", str(PROM / "prometheus.yml")])
    assert result.returncode == 0, result.stdout + result.stderr


def test_promtool_check_rules() -> None:
    promtool = require_binary("promtool", "apt-get install prometheus")
    result = run([promtool, "check", "rules", *map(str, sorted((PROM / "rules").glob("*.yml")))])
    assert result.returncode == 0, result.stdout + result.stderr


def test_promtool_unit_tests_pass() -> None:
    promtool = require_binary("promtool", "apt-get install prometheus")
    result = run([promtool, "test", "rules", *map(str, sorted((PROM / "tests").glob("*.yml")))])
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_alert_has_a_firing_and_a_quiet_unit_test() -> None:
    fires: set[str] = set()
    quiet: set[str] = set()
    for path in (PROM / "tests").glob("*.yml"):
        for case in load_yaml(path)["tests"]:
            for check in case.get("alert_rule_test", []):
                (fires if check.get("exp_alerts") else quiet).add(check["alertname"])
    alerts = {rule["alert"] for rule in alert_rules()}
    assert alerts - fires == set(), "alerts never shown firing"
    assert alerts - quiet == set(), "alerts never shown staying quiet"


def test_required_alerts_exist() -> None:
    alerts = {rule["alert"] for rule in alert_rules()}
    assert {
        "ApiHighErrorRate",
        "ApiHighLatencyP99",
        "TrainingJobsFailing",
        "WorkerDown",
        "TrainingQueueBackingUp",
        "ModelDriftDetected",
        "ScrapeTargetDown",
    } <= alerts


def test_alerts_have_severity_and_summary() -> None:
    for rule in alert_rules():
        assert rule["labels"]["severity"] in {"critical", "warning", "info"}, rule["alert"]
        assert rule["annotations"]["summary"], rule["alert"]
        assert rule["annotations"]["description"], rule["alert"]


def test_rules_only_use_metrics_the_app_exposes() -> None:
    for rule in alert_rules():
        used = set(METRIC.findall(rule["expr"]))
        assert used, rule["alert"]
        assert used <= KNOWN_METRICS, f"{rule['alert']}: unknown {used - KNOWN_METRICS}"


def test_scrape_jobs_cover_api_worker_prometheus_alertmanager() -> None:
    config = load_yaml(PROM / "prometheus.yml")
    jobs = {job["job_name"]: job for job in config["scrape_configs"]}
    assert set(jobs) == {"api", "worker", "prometheus", "alertmanager"}
    assert jobs["api"]["dns_sd_configs"][0]["port"] == 8000
    assert jobs["worker"]["dns_sd_configs"][0]["port"] == 9100


def test_amtool_check_config() -> None:
    amtool = require_binary("amtool", "apt-get install prometheus-alertmanager")
    result = run([amtool, "check-config", str(ALERTMANAGER)])
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("labels", "receiver"),
    [(["severity=critical", "alertname=ApiDown"], "default"), (["severity=info"], "default")],
)
def test_alertmanager_routes(labels: list[str], receiver: str) -> None:
    amtool = require_binary("amtool", "apt-get install prometheus-alertmanager")
    result = run([amtool, "config", "routes", "test", f"--config.file={ALERTMANAGER}", *labels])
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == receiver
