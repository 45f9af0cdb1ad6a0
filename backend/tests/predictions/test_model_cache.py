"""The process model cache: one load per version however many first requests race, bounded size."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest

from csv_analyzer.config import Settings
from csv_analyzer.predictions import model_cache
from csv_analyzer.predictions.model_cache import ModelCache, ModelRef
from tests.predictions.support import fit_pipeline, make_frame

FITTED = fit_pipeline(make_frame(120))


def ref(version_id: str) -> ModelRef:
    return ModelRef(version_id, "file:///nowhere", FITTED.schema, FITTED.task, FITTED.classes)


def test_concurrent_first_requests_load_once_and_the_cache_is_bounded(
    monkeypatch: pytest.MonkeyPatch, settings: Settings
) -> None:
    loads: list[str] = []

    def slow_load(_settings: Settings, source_uri: str) -> Any:
        loads.append(source_uri)
        time.sleep(0.2)
        return FITTED.pipeline

    monkeypatch.setattr(model_cache, "load_pipeline", slow_load)
    cache = ModelCache(capacity=2)
    got: list[Any] = []
    threads = [
        threading.Thread(target=lambda: got.append(cache.get(settings, ref("v1"))))
        for _ in range(8)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(loads) == 1
    assert len({id(m) for m in got}) == 1
    cache.get(settings, ref("v2"))
    cache.get(settings, ref("v3"))
    assert len(loads) == 3
    cache.get(settings, ref("v1"))  # evicted (least recently used), loaded again
    assert len(loads) == 4
