"""The gate promotes a challenger only when it beats the champion beyond noise on the same rows."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any, cast

import numpy as np
import pandas as pd
import pytest
from fastapi.testclient import TestClient
from sklearn.metrics import roc_auc_score

from csv_analyzer.config import Settings
from csv_analyzer.db import make_engine, make_sessionmaker
from csv_analyzer.registry import gate
from csv_analyzer.registry.paired import paired_bootstrap
from csv_analyzer.training.automl.contracts import AutoMLResult
from csv_analyzer.training.challenge import compare_with_champion
from tests.conftest import SignedIn
from tests.predictions.support import Fitted, fit_pipeline, make_frame
from tests.registry.support import register, user_id


def _auc(y: np.ndarray, proba: np.ndarray) -> float:
    return float(roc_auc_score(y, proba[:, 1]))


class _Nudged:
    """A champion's pipeline whose probabilities move by a hair: a 'new version' that differs
    from the champion only by noise (the +0.0004 ROC AUC of the report)."""

    def __init__(self, pipeline: Any, seed: int) -> None:
        self.pipeline = pipeline
        self.seed = seed

    def predict_proba(self, X: pd.DataFrame) -> np.ndarray:
        proba = np.asarray(self.pipeline.predict_proba(X), dtype=float)
        noise = np.random.default_rng(self.seed).normal(0, 0.01, len(proba))
        p1 = np.clip(proba[:, 1] + noise, 0, 1)
        return np.column_stack([1 - p1, p1])


def _result(fitted: Fitted, pipeline: Any, holdout: pd.DataFrame) -> AutoMLResult:
    return cast(
        AutoMLResult,
        SimpleNamespace(
            pipeline=pipeline,
            task="classification",
            metric="roc_auc",
            greater_is_better=True,
            classes=fitted.classes,
            holdout_X=holdout.drop(columns=["label", "value"]),
            holdout_y=holdout["label"].to_numpy(),
        ),
    )


class TestPairedBootstrap:
    def test_identical_models_are_never_better(self) -> None:
        rng = np.random.default_rng(0)
        y = rng.integers(0, 2, 500)
        p = np.column_stack([1 - rng.random(500), rng.random(500)])
        result = paired_bootstrap(y, p, p, _auc, greater_is_better=True)
        assert result.difference == 0
        assert not result.better_beyond_noise

    def test_a_clearly_better_model_is_better_beyond_noise(self) -> None:
        rng = np.random.default_rng(1)
        y = rng.integers(0, 2, 400)
        good = np.clip(y + rng.normal(0, 0.4, 400), 0, 1)
        bad = np.clip(y + rng.normal(0, 1.5, 400), 0, 1)
        result = paired_bootstrap(
            y,
            np.column_stack([1 - good, good]),
            np.column_stack([1 - bad, bad]),
            _auc,
            greater_is_better=True,
        )
        assert result.better_beyond_noise
        assert result.low > 0
        assert result.difference > result.low

    def test_a_lower_loss_counts_as_better(self) -> None:
        rng = np.random.default_rng(2)
        y = rng.normal(size=300)
        close, far = y + rng.normal(0, 0.1, 300), y + rng.normal(0, 1.0, 300)
        rmse = lambda t, p: float(np.sqrt(np.mean((t - p) ** 2)))  # noqa: E731
        result = paired_bootstrap(y, close, far, rmse, greater_is_better=False)
        assert result.better_beyond_noise
        assert result.difference > 0

    def test_the_gate_explains_a_noise_level_difference(self) -> None:
        rng = np.random.default_rng(3)
        y = rng.integers(0, 2, 300)
        base = np.clip(y * 0.6 + rng.random(300) * 0.4, 0, 1)
        nudged = np.clip(base + rng.normal(0, 0.005, 300), 0, 1)
        paired = paired_bootstrap(
            y,
            np.column_stack([1 - nudged, nudged]),
            np.column_stack([1 - base, base]),
            _auc,
            greater_is_better=True,
        )
        new = gate.Candidate(2, "d", "roc_auc", True, paired.challenger_score)
        old = gate.Candidate(1, "d", "roc_auc", True, paired.champion_score)
        decision = gate.decide(new, old, paired)
        assert decision["decision"] == "challenger"
        assert "not better beyond noise" in decision["reason"]
        assert "same 300 holdout rows" in decision["reason"]


@pytest.fixture(scope="module")
def champion_fit() -> Fitted:
    return fit_pipeline(make_frame(300, seed=0))


def test_a_noise_level_challenger_stays_challenger_with_the_reason(
    client: TestClient, settings: Settings, alice: SignedIn, dataset_id: str, champion_fit: Fitted
) -> None:
    owner = user_id(client, alice)
    register(settings, owner, champion_fit, score=0.90, metric="roc_auc", dataset_id=dataset_id)
    holdout = make_frame(400, seed=7)
    result = _result(champion_fit, _Nudged(champion_fit.pipeline, seed=5), holdout)
    engine = make_engine(settings.resolved_database_url)
    with make_sessionmaker(engine)() as session:
        comparison = compare_with_champion(
            session,
            settings,
            owner_id=owner,
            model_name="churn",
            dataset_id=dataset_id,
            result=result,
        )
    engine.dispose()
    assert comparison is not None
    assert comparison.champion_version == 1
    assert abs(comparison.paired.difference) < 0.01
    # The old gate would promote on any higher number: give it one.
    v2 = register(
        settings,
        owner,
        champion_fit,
        score=0.9004,
        metric="roc_auc",
        dataset_id=dataset_id,
        paired=comparison,
    )
    assert v2.gate["decision"] == "challenger"
    assert "not better beyond noise" in v2.gate["reason"]
    assert v2.gate["paired"]["rows"] == 400
    body = client.get(f"/api/v1/models/{v2.model_id}", headers=alice.headers).json()
    assert body["champion_version"] == 1


def test_a_clear_winner_is_promoted(
    client: TestClient, settings: Settings, alice: SignedIn, dataset_id: str, champion_fit: Fitted
) -> None:
    owner = user_id(client, alice)
    weak_frame = make_frame(300, seed=0)
    weak_frame["label"] = np.random.default_rng(9).permutation(weak_frame["label"].to_numpy())
    weak = fit_pipeline(weak_frame)  # learnt from shuffled labels: no better than chance
    register(settings, owner, weak, score=0.5, metric="roc_auc", dataset_id=dataset_id)
    result = _result(champion_fit, champion_fit.pipeline, make_frame(400, seed=11))
    engine = make_engine(settings.resolved_database_url)
    with make_sessionmaker(engine)() as session:
        comparison = compare_with_champion(
            session,
            settings,
            owner_id=owner,
            model_name="churn",
            dataset_id=dataset_id,
            result=result,
        )
    engine.dispose()
    assert comparison is not None
    assert comparison.paired.better_beyond_noise
    v2 = register(
        settings,
        owner,
        champion_fit,
        score=0.9,
        metric="roc_auc",
        dataset_id=dataset_id,
        paired=comparison,
    )
    assert v2.gate["decision"] == "champion"
    assert "better beyond noise" in v2.gate["reason"]


def test_another_dataset_is_not_compared(
    client: TestClient, settings: Settings, alice: SignedIn, dataset_id: str, champion_fit: Fitted
) -> None:
    owner = user_id(client, alice)
    register(settings, owner, champion_fit, score=0.9, metric="roc_auc", dataset_id=dataset_id)
    result = _result(champion_fit, champion_fit.pipeline, make_frame(100, seed=3))
    engine = make_engine(settings.resolved_database_url)
    with make_sessionmaker(engine)() as session:
        assert (
            compare_with_champion(
                session,
                settings,
                owner_id=owner,
                model_name="churn",
                dataset_id="other",
                result=result,
            )
            is None
        )
    engine.dispose()
