"""Import every table module so `Base.metadata` is complete (Alembic, tests). Add new ones here."""

from __future__ import annotations

import importlib

MODEL_MODULES = [
    "csv_analyzer.auth.models",
    "csv_analyzer.datasets.models",
    "csv_analyzer.tokens.models",
    "csv_analyzer.jobs.models",
    "csv_analyzer.training.models",
    "csv_analyzer.registry.models",
    "csv_analyzer.predictions.models",
    "csv_analyzer.monitoring.models",
]


def import_all_models() -> None:
    for name in MODEL_MODULES:
        importlib.import_module(name)
