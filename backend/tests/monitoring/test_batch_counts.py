"""Monitoring sees every row a batch scored: traffic counts them, drift samples all of them."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from fastapi.testclient import TestClient

from csv_analyzer.config import Settings
from csv_analyzer.monitoring.service import weighted_sample
from csv_analyzer.predictions.sampling import Reservoir, uniform_positions
from tests.conftest import SignedIn
from tests.predictions.support import fit_pipeline, make_frame
from tests.predictions.test_batch_api import wait_finished
from tests.registry.support import register, user_id
from tests.training.api_helpers import frame_csv, upload_dataset

API = "/api/v1/models"


@pytest.mark.slow
def test_a_5000_row_batch_is_counted_and_drift_has_enough_data(
    client: TestClient, settings: Settings, alice: SignedIn
) -> None:
    train = make_frame(300, seed=0)
    dataset_id = upload_dataset(client, alice, frame_csv(train), "customers")
    fitted = fit_pipeline(train)
    version = register(settings, user_id(client, alice), fitted, dataset_id=dataset_id)
    scored = make_frame(5_000, seed=4).drop(columns=["label", "value"])
    base = f"{API}/{version.model_id}/batch-predictions"
    r = client.post(
        base,
        files={"file": ("more.csv", scored.to_csv(index=False).encode(), "text/csv")},
        headers=alice.headers,
    )
    assert r.status_code == 202, r.text
    body = wait_finished(client, alice, f"{base}/{r.json()['id']}", timeout=180)
    assert body["status"] == "succeeded", body

    usage = client.get(f"{API}/{version.model_id}/monitoring", headers=alice.headers).json()
    assert usage["rows"] == 5_000
    drift = client.get(f"{API}/{version.model_id}/drift", headers=alice.headers)
    assert drift.status_code == 200, drift.text
    assert drift.json()["n_scored"] == 5_000
    assert drift.json()["n_current"] == 5_000  # below the 10,000-row sample: every row
    assert drift.json()["status"] != "insufficient_data"
    log = client.get(f"{API}/{version.model_id}/predictions", headers=alice.headers).json()
    assert log["items"][0]["n_rows"] == 5_000
    assert len(log["items"][0]["inputs"]) == 100  # a page shows a slice; the sample is kept


def test_the_reservoir_is_uniform_over_the_whole_stream() -> None:
    hits = np.zeros(1_000)
    for seed in range(300):
        sample = Reservoir(100, seed=seed)
        for start in range(0, 1_000, 37):  # batches of an odd size
            chunk = list(range(start, min(start + 37, 1_000)))
            sample.add(chunk, chunk)
        assert sample.seen == 1_000
        assert len(sample.rows) == 100
        assert sample.rows == sample.predictions
        hits[sample.rows] += 1
    first, last = hits[:500].sum(), hits[500:].sum()
    assert abs(first - last) / (first + last) < 0.05  # the first rows are not favoured


def test_a_large_request_keeps_a_uniform_sample_not_its_head() -> None:
    kept = uniform_positions(10_000, 1_000)
    assert len(kept) == 1_000
    assert kept == sorted(set(kept))
    assert max(kept) > 9_000


def test_a_sampled_batch_row_weighs_as_many_rows_as_it_stands_for() -> None:
    # 100 API rows (weight 1) and 100 sampled rows of a 10,000-row batch (weight 100 each).
    weights = [1.0] * 100 + [100.0] * 100
    picked = pd.Series(weighted_sample(weights, 5_000))
    batch_share = (picked >= 100).mean()
    assert 0.97 < batch_share < 1.0  # ~10,000 of 10,100 rows scored came from the batch
