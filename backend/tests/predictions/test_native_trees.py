"""Tree models served by Treelite: the same numbers as the libraries, or an honest fallback."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from csv_analyzer.predictions.inference import prepare_rows
from csv_analyzer.predictions.serving import ServingModel, build_serving_model
from tests.predictions.support import Fitted, fit_ensemble, fit_pipeline, make_frame, rows_of

FRAME = make_frame(n=400, seed=3)
# Three classes, the middle one smallest: exercises softmax margins, not only the binary sigmoid.
FRAME["tier"] = np.select(
    [FRAME["value"] < 0, FRAME["value"] < 12], ["low", "mid"], default="high"
).astype(object)
TREES = ("hist_gradient_boosting", "lightgbm", "random_forest", "extra_trees")
TARGETS = {"label": ("value", "tier"), "tier": ("value", "label"), "value": ("label", "tier")}


def _hostile_rows(fitted: Fitted) -> list[dict[str, Any]]:
    rows = rows_of(fitted.frame, 200)
    rows[0]["colour"] = "purple"  # a level never seen in training
    rows[1]["city"] = "atlantis"
    rows[2]["x"] = None
    rows[3] |= {"colour": None, "x": None}
    rows[4]["amount"] = 1e12  # far outside the training range
    rows[5]["x"] = 0.1 + 1e-9  # near a threshold: float32 rounding must match scikit-learn
    return rows


def _pandas_twin(fitted: Fitted) -> ServingModel:
    slow = build_serving_model(fitted.pipeline, fitted.schema, fitted.task, fitted.classes)
    slow.fast = None
    return slow


def _assert_same_as_pipeline(model: ServingModel, fitted: Fitted) -> None:
    prepared = prepare_rows(_hostile_rows(fitted), model.features)
    fast, slow = model.score(prepared), _pandas_twin(fitted).score(prepared)
    if fitted.task == "regression":  # the same sums, added in another order
        np.testing.assert_allclose(fast.predictions, slow.predictions, rtol=1e-9)
    else:
        assert fast.predictions == slow.predictions
        assert fast.probabilities is not None
        assert slow.probabilities is not None
        for a, b in zip(fast.probabilities, slow.probabilities, strict=True):
            assert a.keys() == b.keys() == {str(c) for c in fitted.classes or ()}
            np.testing.assert_allclose(list(a.values()), list(b.values()), rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize("algorithm", TREES)
@pytest.mark.parametrize("target", list(TARGETS))
def test_each_tree_family_runs_in_treelite_and_matches_the_library(
    algorithm: str, target: str
) -> None:
    fitted = fit_pipeline(
        FRAME, target=target, algorithm=algorithm, drop=TARGETS[target], native_categoricals=True
    )
    model = build_serving_model(fitted.pipeline, fitted.schema, fitted.task, fitted.classes)
    assert model.serving_path == "compiled", model.fallback_reason
    assert model.native_trees, model.native_reason
    assert model.native_reason is None
    _assert_same_as_pipeline(model, fitted)


def test_a_linear_model_is_compiled_but_has_no_native_trees() -> None:
    fitted = fit_pipeline(FRAME, target="tier", algorithm="linear", drop=TARGETS["tier"])
    model = build_serving_model(fitted.pipeline, fitted.schema, fitted.task, fitted.classes)
    assert model.serving_path == "compiled", model.fallback_reason
    assert not model.native_trees
    _assert_same_as_pipeline(model, fitted)


@pytest.mark.parametrize("target", list(TARGETS))
def test_an_ensemble_shares_preprocessing_between_members_fitted_alike(target: str) -> None:
    algorithms = ("hist_gradient_boosting", "lightgbm", "linear", "random_forest", "extra_trees")
    fitted = fit_ensemble(FRAME, algorithms, (4, 3, 1, 1, 2), target=target, drop=TARGETS[target])
    model = build_serving_model(fitted.pipeline, fitted.schema, fitted.task, fitted.classes)
    assert model.serving_path == "compiled", model.fallback_reason
    assert model.native_trees
    assert model.fast is not None
    # Forests take plain ordinal codes, the boosters the same codes with native categories,
    # the linear member its own scaled block: fewer replays than members, at least two.
    assert 2 <= len(model.fast.transforms) < len(algorithms)
    _assert_same_as_pipeline(model, fitted)


def test_a_model_treelite_cannot_read_keeps_the_compiled_path_and_says_why() -> None:
    fitted = fit_pipeline(
        FRAME,
        target="value",
        algorithm="lightgbm",
        drop=TARGETS["value"],
        params={"n_estimators": 20, "linear_tree": True},
    )
    model = build_serving_model(fitted.pipeline, fitted.schema, fitted.task, fitted.classes)
    assert model.serving_path == "compiled", model.fallback_reason
    assert not model.native_trees
    assert model.native_reason is not None
    assert "linear trees" in model.native_reason
    _assert_same_as_pipeline(model, fitted)
