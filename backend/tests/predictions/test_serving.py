"""Serving real fitted pipelines: the compiled path is exact, probabilities, contributions."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler

from csv_analyzer.predictions.inference import prepare_rows
from csv_analyzer.predictions.serving import build_serving_model, contributions
from csv_analyzer.training.automl.portfolio import LOG_TARGET
from tests.predictions.support import Fitted, fit_ensemble, fit_pipeline, make_frame, rows_of

FRAME = make_frame()


ALGORITHMS = ("hist_gradient_boosting", "lightgbm", "linear", "random_forest", "extra_trees")


def _assert_fast_matches_pipeline(fitted: Fitted) -> None:
    model = build_serving_model(fitted.pipeline, fitted.schema, fitted.task, fitted.classes)
    assert model.serving_path == "compiled", model.fallback_reason
    assert model.fallback_reason is None
    assert model.labels_from_proba is (fitted.task == "classification")
    rows = rows_of(fitted.frame, 120)
    rows[0]["colour"] = "purple"  # unseen
    rows[1]["city"] = "atlantis"  # unseen, high cardinality
    rows[2]["x"] = None
    rows[3] |= {"colour": None, "x": None}
    rows[4]["comment"] = "never heard words"
    prepared = prepare_rows(rows, model.features)
    fast = model.score(prepared)
    fast_raw = model.raw_scores(prepared)
    slow_model = build_serving_model(fitted.pipeline, fitted.schema, fitted.task, fitted.classes)
    slow_model.fast = None
    assert slow_model.serving_path == "pandas"
    slow = slow_model.score(prepared)
    assert np.allclose(fast_raw, slow_model.raw_scores(prepared), rtol=1e-9)
    if fitted.task == "classification":
        assert fast.predictions == slow.predictions
        assert fast.probabilities is not None
        assert slow.probabilities is not None
        for a, b in zip(fast.probabilities, slow.probabilities, strict=True):
            assert a.keys() == b.keys() == {"no", "yes"}
            assert np.allclose(list(a.values()), list(b.values()), rtol=1e-9)
    else:
        assert np.allclose(fast.predictions, slow.predictions, rtol=1e-9)


@pytest.mark.parametrize("algorithm", ALGORITHMS)
@pytest.mark.parametrize("target", ["label", "value"])
def test_compiled_path_reproduces_the_pipeline(algorithm: str, target: str) -> None:
    drop = ("value",) if target == "label" else ("label",)
    _assert_fast_matches_pipeline(
        fit_pipeline(FRAME, target=target, algorithm=algorithm, drop=drop)
    )


@pytest.mark.parametrize("target", ["label", "value"])
def test_compiled_path_reproduces_a_weighted_ensemble(target: str) -> None:
    drop = ("value",) if target == "label" else ("label",)
    fitted = fit_ensemble(FRAME, ALGORITHMS, (3, 2, 1, 1, 2), target=target, drop=drop)
    _assert_fast_matches_pipeline(fitted)


def test_a_pipeline_the_compiler_cannot_reproduce_falls_back_and_says_why() -> None:
    fitted = fit_pipeline(FRAME, target="value", drop=("label",))
    wrapped = Pipeline(
        [*fitted.pipeline.steps[:2], ("extra", StandardScaler()), *fitted.pipeline.steps[2:]]
    )
    model = build_serving_model(wrapped, fitted.schema, fitted.task, fitted.classes)
    assert model.serving_path == "pandas"
    assert model.fallback_reason is not None
    assert "not compilable" in model.fallback_reason


def test_probabilities_are_keyed_by_label_and_sum_to_one() -> None:
    fitted = fit_pipeline(FRAME)
    model = build_serving_model(fitted.pipeline, fitted.schema, fitted.task, fitted.classes)
    scored = model.score(prepare_rows(rows_of(fitted.frame, 3), model.features))
    assert all(p in ("yes", "no") for p in scored.predictions)
    assert scored.probabilities is not None
    for probs in scored.probabilities:
        assert sum(probs.values()) == pytest.approx(1.0)


def test_regression_has_no_probabilities() -> None:
    fitted = fit_pipeline(FRAME, target="value", drop=("label",))
    model = build_serving_model(fitted.pipeline, fitted.schema, fitted.task, fitted.classes)
    scored = model.score(prepare_rows(rows_of(fitted.frame, 2), model.features))
    assert scored.probabilities is None
    assert all(isinstance(p, float) for p in scored.predictions)


def test_contributions_rank_the_driving_feature_first() -> None:
    fitted = fit_pipeline(FRAME, target="value", drop=("label",))
    model = build_serving_model(fitted.pipeline, fitted.schema, fitted.task, fitted.classes)
    row = rows_of(fitted.frame, 1)[0] | {"x": 3.0}
    out = contributions(model, row, top=3)
    assert len(out) == 3
    assert out[0]["feature"] == "x"
    assert abs(out[0]["contribution"]) >= abs(out[1]["contribution"])


@pytest.mark.parametrize("algorithm", ["hist_gradient_boosting", "random_forest", "linear"])
def test_compiled_path_reproduces_a_log_target_regressor(algorithm: str) -> None:
    frame = FRAME.assign(value=np.exp(FRAME["value"] / 10))  # positive, right-skewed
    fitted = fit_pipeline(
        frame, target="value", algorithm=algorithm, drop=("label",), params=dict(LOG_TARGET)
    )
    model = build_serving_model(fitted.pipeline, fitted.schema, fitted.task, fitted.classes)
    assert model.serving_path == "compiled", model.fallback_reason
    _assert_fast_matches_pipeline(fitted)
    # Served predictions are on the target's own scale, not the model's log scale.
    prepared = prepare_rows(rows_of(fitted.frame, 50), model.features)
    served = np.asarray(model.score(prepared).predictions, dtype=float)
    assert np.median(served) == pytest.approx(np.median(frame["value"]), rel=0.5)
