"""Loaded models, once per process: a bounded LRU keyed by model version id.

The first request for a version downloads its MLflow artifact (explicit tracking and registry
URIs; never the fluent API's global state), loads the sklearn pipeline and builds the serving
model (with the verified compiled path). Concurrent first requests for one version wait on one
lock and load it once; other versions load in parallel.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from csv_analyzer.config import Settings
from csv_analyzer.json_types import JsonObject
from csv_analyzer.predictions.inference import refresh_thread_controller
from csv_analyzer.predictions.serving import ServingModel, build_serving_model

log = logging.getLogger(__name__)

DEFAULT_CAPACITY = 16


@dataclass(frozen=True)
class ModelRef:
    """What loading a version needs (copied from its row, so no session is held while loading)."""

    version_id: str
    source_uri: str
    feature_schema: list[JsonObject]
    task: str
    classes: list[Any] | None


def load_pipeline(settings: Settings, source_uri: str) -> Any:
    """The sklearn pipeline stored at an MLflow artifact URI."""
    os.environ.setdefault("MLFLOW_DISABLE_TELEMETRY", "true")
    import mlflow.artifacts
    import mlflow.sklearn

    from csv_analyzer.registry import tracking

    location = tracking.artifact_location(tracking.make_client(settings), source_uri)
    local = mlflow.artifacts.download_artifacts(
        artifact_uri=location,
        tracking_uri=settings.resolved_mlflow_tracking_uri,
        registry_uri=settings.resolved_mlflow_registry_uri,
    )
    return mlflow.sklearn.load_model(local)


class ModelCache:
    def __init__(self, capacity: int = DEFAULT_CAPACITY) -> None:
        self.capacity = capacity
        self._models: OrderedDict[str, ServingModel] = OrderedDict()
        self._lock = threading.Lock()
        self._loading: dict[str, threading.Lock] = {}

    def get(self, settings: Settings, ref: ModelRef) -> ServingModel:
        """The serving model for `ref`, loading it on first use."""
        with self._lock:
            model = self._models.get(ref.version_id)
            if model is not None:
                self._models.move_to_end(ref.version_id)
                return model
            loading = self._loading.setdefault(ref.version_id, threading.Lock())
        with loading:
            with self._lock:
                model = self._models.get(ref.version_id)
            if model is not None:
                return model
            start = time.perf_counter()
            pipeline = load_pipeline(settings, ref.source_uri)
            model = build_serving_model(pipeline, ref.feature_schema, ref.task, ref.classes)
            refresh_thread_controller()  # the model may have loaded new native libraries
            log.info(
                "model version %s loaded in %.0f ms (serving path: %s%s)",
                ref.version_id,
                (time.perf_counter() - start) * 1000,
                model.serving_path,
                f", {model.fallback_reason}" if model.fallback_reason else "",
            )
            with self._lock:
                self._models[ref.version_id] = model
                self._models.move_to_end(ref.version_id)
                while len(self._models) > self.capacity:
                    self._models.popitem(last=False)
                self._loading.pop(ref.version_id, None)
            return model

    def clear(self) -> None:
        with self._lock:
            self._models.clear()


_cache = ModelCache()


def model_cache() -> ModelCache:
    """The process-wide cache."""
    return _cache
