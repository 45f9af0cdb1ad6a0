#!/usr/bin/env python3
"""Generate the provisioned Grafana dashboards (monitoring/grafana/dashboards/*.json).

Dashboards are code: edit this file, then run

    python3 scripts/ops/grafana_dashboards.py          # write the JSON files
    python3 scripts/ops/grafana_dashboards.py --check  # exit 1 if the files are out of date

Standard library only, so it runs anywhere (CI, a bare python3).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

OUT_DIR = Path(__file__).resolve().parents[2] / "monitoring" / "grafana" / "dashboards"
DATASOURCE = {"type": "prometheus", "uid": "prometheus"}
SCHEMA_VERSION = 39

Json = dict[str, Any]


class Layout:
    """Places panels left to right on Grafana's 24-column grid, wrapping to a new row."""

    def __init__(self) -> None:
        self.x = 0
        self.y = 0
        self.row_height = 0
        self.next_id = 1

    def place(self, w: int, h: int) -> tuple[int, Json]:
        if self.x + w > 24:
            self.x, self.y, self.row_height = 0, self.y + self.row_height, 0
        pos = {"h": h, "w": w, "x": self.x, "y": self.y}
        self.x += w
        self.row_height = max(self.row_height, h)
        panel_id, self.next_id = self.next_id, self.next_id + 1
        return panel_id, pos

    def row(self, title: str) -> Json:
        if self.x:
            self.x, self.y, self.row_height = 0, self.y + self.row_height, 0
        panel_id, pos = self.place(24, 1)
        self.x, self.y, self.row_height = 0, self.y + 1, 0
        return {
            "id": panel_id,
            "type": "row",
            "title": title,
            "collapsed": False,
            "gridPos": pos,
            "panels": [],
        }


def target(expr: str, legend: str = "__auto", ref: str = "A", *, instant: bool = False) -> Json:
    return {
        "refId": ref,
        "datasource": DATASOURCE,
        "expr": expr,
        "legendFormat": legend,
        "range": not instant,
        "instant": instant,
    }


def targets(*pairs: tuple[str, str]) -> list[Json]:
    return [target(expr, legend, chr(ord("A") + i)) for i, (expr, legend) in enumerate(pairs)]


def timeseries(
    layout: Layout,
    title: str,
    tgts: list[Json],
    *,
    unit: str = "short",
    w: int = 12,
    h: int = 8,
    stack: bool = False,
    description: str = "",
) -> Json:
    panel_id, pos = layout.place(w, h)
    return {
        "id": panel_id,
        "type": "timeseries",
        "title": title,
        "description": description,
        "datasource": DATASOURCE,
        "gridPos": pos,
        "targets": tgts,
        "fieldConfig": {
            "defaults": {
                "unit": unit,
                "custom": {
                    "drawStyle": "line",
                    "lineWidth": 1,
                    "fillOpacity": 20 if stack else 0,
                    "stacking": {"mode": "normal" if stack else "none", "group": "A"},
                    "showPoints": "never",
                },
            },
            "overrides": [],
        },
        "options": {
            "legend": {
                "displayMode": "table",
                "placement": "bottom",
                "calcs": ["mean", "max", "lastNotNull"],
            },
            "tooltip": {"mode": "multi", "sort": "desc"},
        },
    }


def stat(
    layout: Layout,
    title: str,
    expr: str,
    *,
    unit: str = "short",
    w: int = 6,
    h: int = 4,
    thresholds: list[tuple[float | None, str]] | None = None,
    mappings: list[Json] | None = None,
    legend: str = "__auto",
) -> Json:
    panel_id, pos = layout.place(w, h)
    steps = [{"value": v, "color": c} for v, c in (thresholds or [(None, "green")])]
    return {
        "id": panel_id,
        "type": "stat",
        "title": title,
        "datasource": DATASOURCE,
        "gridPos": pos,
        "targets": [target(expr, legend, instant=True)],
        "fieldConfig": {
            "defaults": {
                "unit": unit,
                "thresholds": {"mode": "absolute", "steps": steps},
                "mappings": mappings or [],
            },
            "overrides": [],
        },
        "options": {
            "reduceOptions": {"calcs": ["lastNotNull"], "fields": "", "values": False},
            "colorMode": "background",
            "graphMode": "none",
            "textMode": "auto",
        },
    }


def query_variable(name: str, label: str, query: str, *, multi: bool = True) -> Json:
    return {
        "name": name,
        "label": label,
        "type": "query",
        "datasource": DATASOURCE,
        "query": {"query": query, "refId": f"{name}-values"},
        "definition": query,
        "refresh": 2,
        "sort": 1,
        "multi": multi,
        "includeAll": True,
        "allValue": ".*",
        "current": {"selected": True, "text": ["All"], "value": ["$__all"]},
    }


def dashboard(
    uid: str, title: str, description: str, panels: list[Json], variables: list[Json]
) -> Json:
    return {
        "id": None,
        "uid": uid,
        "title": title,
        "description": description,
        "tags": ["csv-analyzer"],
        "timezone": "browser",
        "editable": False,
        "graphTooltip": 1,
        "schemaVersion": SCHEMA_VERSION,
        "version": 1,
        "refresh": "30s",
        "time": {"from": "now-6h", "to": "now"},
        "templating": {"list": variables},
        "annotations": {"list": []},
        "links": [
            {
                "title": "CSV Analyzer",
                "type": "dashboards",
                "tags": ["csv-analyzer"],
                "asDropdown": True,
            }
        ],
        "panels": panels,
    }


API = 'job="api", handler=~"$handler"'


def api_health() -> Json:
    lay = Layout()
    ratio = 'sum(rate(http_requests_total{%s, status=~"%s"}[$__rate_interval])) / sum(rate(http_requests_total{%s}[$__rate_interval]))'
    panels = [
        lay.row("Traffic and errors"),
        stat(
            lay,
            "Requests / s",
            f"sum(rate(http_requests_total{{{API}}}[$__rate_interval]))",
            unit="reqps",
        ),
        stat(
            lay,
            "4xx ratio",
            ratio % (API, "4..", API),
            unit="percentunit",
            thresholds=[(None, "green"), (0.1, "orange"), (0.25, "red")],
        ),
        stat(
            lay,
            "5xx ratio",
            ratio % (API, "5..", API),
            unit="percentunit",
            thresholds=[(None, "green"), (0.01, "orange"), (0.05, "red")],
        ),
        stat(
            lay, "API instances up", 'sum(up{job="api"})', thresholds=[(None, "red"), (1, "green")]
        ),
        timeseries(
            lay,
            "Requests / s by handler",
            [
                target(
                    f"sum by (handler, method) (rate(http_requests_total{{{API}}}[$__rate_interval]))",
                    "{{method}} {{handler}}",
                )
            ],
            unit="reqps",
        ),
        timeseries(
            lay,
            "4xx and 5xx / s",
            targets(
                (
                    f'sum(rate(http_requests_total{{{API}, status=~"4.."}}[$__rate_interval]))',
                    "4xx",
                ),
                (
                    f'sum(rate(http_requests_total{{{API}, status=~"5.."}}[$__rate_interval]))',
                    "5xx",
                ),
            ),
            unit="reqps",
        ),
        timeseries(
            lay,
            "5xx ratio by handler",
            [
                target(
                    f'sum by (handler) (rate(http_requests_total{{{API}, status=~"5.."}}[$__rate_interval]))'
                    f" / sum by (handler) (rate(http_requests_total{{{API}}}[$__rate_interval]))",
                    "{{handler}}",
                )
            ],
            unit="percentunit",
            w=24,
        ),
        lay.row("Latency"),
    ]
    for q in ("0.5", "0.95", "0.99"):
        panels.append(
            timeseries(
                lay,
                f"p{round(float(q) * 100)} latency by handler",
                [
                    target(
                        f"histogram_quantile({q}, sum by (le, handler) "
                        f"(rate(http_request_duration_seconds_bucket{{{API}}}[$__rate_interval])))",
                        "{{handler}}",
                    )
                ],
                unit="s",
                w=8,
                description="Interpolated within histogram buckets: as precise as the instrumentator's buckets.",
            )
        )
    panels.append(
        timeseries(
            lay,
            "Share of requests slower than 1s (p99 alert: > 1%)",
            [
                target(
                    f'1 - sum by (handler) (rate(http_request_duration_seconds_bucket{{{API}, le=~"1|1\\\\.0"}}[$__rate_interval]))'
                    f" / sum by (handler) (rate(http_request_duration_seconds_count{{{API}}}[$__rate_interval]))",
                    "{{handler}}",
                )
            ],
            unit="percentunit",
            w=24,
        )
    )
    variables = [
        query_variable(
            "handler", "Handler", 'label_values(http_requests_total{job="api"}, handler)'
        )
    ]
    return dashboard(
        "csv-analyzer-api",
        "CSV Analyzer / API health",
        "Request rate, error rates and latency of the FastAPI service.",
        panels,
        variables,
    )


def training() -> Json:
    lay = Layout()
    panels = [
        lay.row("Jobs"),
        stat(
            lay,
            "Queue depth",
            "sum(csv_analyzer_queue_depth)",
            thresholds=[(None, "green"), (5, "orange"), (10, "red")],
        ),
        stat(lay, "Running jobs", 'sum(csv_analyzer_training_jobs{state="running"})'),
        stat(
            lay,
            "Failures (24h)",
            "sum(increase(csv_analyzer_training_jobs_failed_total[24h]))",
            thresholds=[(None, "green"), (1, "orange"), (5, "red")],
        ),
        stat(lay, "Workers up", 'sum(up{job="worker"})', thresholds=[(None, "red"), (1, "green")]),
        timeseries(
            lay,
            "Jobs by state",
            [target("sum by (state) (csv_analyzer_training_jobs)", "{{state}}")],
            stack=True,
        ),
        timeseries(lay, "Queue depth", [target("sum(csv_analyzer_queue_depth)", "queued")]),
        timeseries(
            lay,
            "Failed jobs / hour",
            [target("sum(increase(csv_analyzer_training_jobs_failed_total[1h]))", "failed")],
        ),
        timeseries(
            lay,
            "Training duration",
            targets(
                (
                    "histogram_quantile(0.5, sum by (le) (rate(csv_analyzer_training_duration_seconds_bucket[1h])))",
                    "p50",
                ),
                (
                    "histogram_quantile(0.95, sum by (le) (rate(csv_analyzer_training_duration_seconds_bucket[1h])))",
                    "p95",
                ),
                (
                    "sum(rate(csv_analyzer_training_duration_seconds_sum[1h]))"
                    " / sum(rate(csv_analyzer_training_duration_seconds_count[1h]))",
                    "mean",
                ),
            ),
            unit="s",
            description="Over a 1h window: training jobs are rare, a short window is mostly empty.",
        ),
        lay.row("Workers"),
        timeseries(
            lay,
            "Worker heartbeat age",
            [
                target(
                    "time() - max by (instance) (csv_analyzer_worker_heartbeat_timestamp_seconds)",
                    "{{instance}}",
                )
            ],
            unit="s",
            description="WorkerHeartbeatStale fires above 300s.",
        ),
        timeseries(lay, "Worker targets up", [target('up{job="worker"}', "{{instance}}")]),
        lay.row("Data ingestion"),
        timeseries(
            lay,
            "Datasets uploaded / hour",
            [target("sum(increase(csv_analyzer_datasets_uploaded_total[1h]))", "uploads")],
        ),
        timeseries(
            lay,
            "Ingested bytes / s",
            [target("sum(rate(csv_analyzer_ingested_bytes_total[$__rate_interval]))", "ingest")],
            unit="Bps",
        ),
    ]
    return dashboard(
        "csv-analyzer-training",
        "CSV Analyzer / Training",
        "Training jobs, queue, workers and data ingestion.",
        panels,
        [],
    )


def models() -> Json:
    lay = Layout()
    sel = 'model=~"$model"'
    drift_mappings = [
        {
            "type": "value",
            "options": {
                "0": {"text": "ok", "color": "green", "index": 0},
                "1": {"text": "warning", "color": "orange", "index": 1},
                "2": {"text": "drift", "color": "red", "index": 2},
            },
        }
    ]
    panels = [
        lay.row("Serving"),
        timeseries(
            lay,
            "Predictions / s by model and version",
            [
                target(
                    f"sum by (model, version) (rate(csv_analyzer_predictions_total{{{sel}}}[$__rate_interval]))",
                    "{{model}} v{{version}}",
                )
            ],
            unit="reqps",
            stack=True,
        ),
        timeseries(
            lay,
            "Prediction latency",
            targets(
                *(
                    (
                        f"histogram_quantile({q}, sum by (le) (rate(csv_analyzer_prediction_latency_seconds_bucket[$__rate_interval])))",
                        f"p{round(float(q) * 100)}",
                    )
                    for q in ("0.5", "0.95", "0.99")
                )
            ),
            unit="s",
        ),
        lay.row("Quality"),
        timeseries(
            lay,
            "Champion metric",
            [
                target(
                    f"max by (model, metric) (csv_analyzer_champion_metric{{{sel}}})",
                    "{{model}} {{metric}}",
                )
            ],
            description="Validation metric of each model's current champion version.",
        ),
        stat(
            lay,
            "Drift status",
            f"max by (model) (csv_analyzer_drift_status{{{sel}}})",
            w=12,
            h=8,
            legend="{{model}}",
            mappings=drift_mappings,
            thresholds=[(None, "green"), (1, "orange"), (2, "red")],
        ),
        timeseries(
            lay,
            "Drift score by feature",
            [
                target(
                    f"max by (model, feature) (csv_analyzer_drift_score{{{sel}}})",
                    "{{model}} / {{feature}}",
                )
            ],
            w=24,
            h=10,
        ),
    ]
    variables = [
        query_variable("model", "Model", "label_values(csv_analyzer_predictions_total, model)")
    ]
    return dashboard(
        "csv-analyzer-models",
        "CSV Analyzer / Models",
        "Predictions, latency, champion quality and drift per model.",
        panels,
        variables,
    )


DASHBOARDS = {"api-health.json": api_health, "training.json": training, "models.json": models}


def render(build: Any) -> str:
    return json.dumps(build(), indent=2, sort_keys=True) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if the committed JSON is stale")
    args = parser.parse_args()
    stale = []
    for name, build in DASHBOARDS.items():
        path, text = OUT_DIR / name, render(build)
        if args.check:
            if not path.exists() or path.read_text() != text:
                stale.append(name)
        else:
            path.write_text(text)
    if stale:
        sys.stderr.write(f"stale dashboards: {', '.join(stale)}; run {sys.argv[0]}\n")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
