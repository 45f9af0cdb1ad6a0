"""Prometheus metrics of the datasets feature (default registry; multiprocess-safe counters)."""

from __future__ import annotations

from prometheus_client import Counter

DATASETS_UPLOADED = Counter(
    "csv_analyzer_datasets_uploaded_total",
    "CSV uploads turned into datasets.",
)
INGESTED_BYTES = Counter(
    "csv_analyzer_ingested_bytes_total",
    "Bytes of CSV read into datasets.",
)
UPLOADS_REJECTED = Counter(
    "csv_analyzer_dataset_uploads_rejected_total",
    "CSV uploads refused, by error code.",
    ["code"],
)
