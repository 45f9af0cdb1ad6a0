"""Real fitted pipelines for serving tests, built from the AutoML engine's own building blocks."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from sklearn.pipeline import Pipeline

from csv_analyzer.training.automl.columns import feature_schema, plan_columns
from csv_analyzer.training.automl.contracts import MODEL_STEP, PREPARE_STEP, PREPROCESS_STEP
from csv_analyzer.training.automl.ensemble import build_voting
from csv_analyzer.training.automl.portfolio import ALGORITHMS
from csv_analyzer.training.automl.preprocessing import (
    build_caster,
    build_preprocessor,
    leading_categoricals,
)

DEFAULT_PARAMS: dict[str, dict[str, Any]] = {
    "hist_gradient_boosting": {"max_iter": 40},
    "lightgbm": {"n_estimators": 40},
    "random_forest": {"n_estimators": 30},
    "extra_trees": {"n_estimators": 30},
}


def make_frame(n: int = 300, seed: int = 0) -> pd.DataFrame:
    """Numbers (with gaps), low and high cardinality categories, a flag, dates, text, a label."""
    rng = np.random.default_rng(seed)
    x = rng.normal(size=n)
    colour = rng.choice(["red", "green", "blue"], size=n)
    signal = x + (colour == "red") * 1.5 + rng.normal(scale=0.5, size=n)
    words = np.array(["great", "fine", "poor", "service", "value", "quick"])
    frame = pd.DataFrame(
        {
            "x": x,
            "amount": rng.integers(0, 500, size=n).astype(float),
            "colour": colour,
            "city": rng.choice([f"city_{i}" for i in range(25)], size=n),
            "active": rng.choice([True, False], size=n),
            "signup": pd.date_range("2020-01-01", periods=n, freq="37h").astype(str),
            "comment": [" ".join(rng.choice(words, size=4)) for _ in range(n)],
            "label": np.where(signal > 0.5, "yes", "no"),
            "value": signal * 10 + 3,
        }
    )
    frame.loc[rng.choice(n, 20, replace=False), "x"] = np.nan
    frame.loc[rng.choice(n, 15, replace=False), "colour"] = None
    return frame


@dataclass
class Fitted:
    pipeline: Pipeline
    schema: list[dict[str, Any]]
    task: str
    classes: list[Any] | None
    frame: pd.DataFrame


def fit_pipeline(
    frame: pd.DataFrame,
    *,
    target: str = "label",
    algorithm: str = "hist_gradient_boosting",
    drop: tuple[str, ...] = ("value",),
    params: dict[str, Any] | None = None,
    native_categoricals: bool = False,
) -> Fitted:
    """Fit caster -> column transformer -> estimator exactly as the engine ships it.

    `native_categoricals` hands the leading category columns to models that split on them
    natively (HistGradientBoosting, LightGBM), as the engine does.
    """
    task = "regression" if pd.api.types.is_float_dtype(frame[target]) else "classification"
    X = frame.drop(columns=[target, *[d for d in drop if d != target]])
    y = frame[target].to_numpy()
    plan = plan_columns(X)
    spec = ALGORITHMS[algorithm]
    n_cat = leading_categoricals(plan, spec.family) if native_categoricals else 0
    pipeline = Pipeline(
        [
            (PREPARE_STEP, build_caster(plan)),
            (PREPROCESS_STEP, build_preprocessor(plan, spec.family, 0, task=task)),  # type: ignore[arg-type]
            (MODEL_STEP, spec.build(task, params or DEFAULT_PARAMS.get(algorithm, {}), 0, n_cat)),  # type: ignore[arg-type]
        ]
    )
    pipeline.fit(X, y)
    classes = sorted(set(y.tolist())) if task == "classification" else None
    return Fitted(pipeline, feature_schema(X, plan), task, classes, X)


def fit_ensemble(
    frame: pd.DataFrame,
    algorithms: tuple[str, ...],
    weights: tuple[int, ...],
    *,
    target: str = "label",
    drop: tuple[str, ...] = ("value",),
) -> Fitted:
    """Fit caster -> soft-voting ensemble of `preprocess -> model` members, as the engine does."""
    task = "regression" if pd.api.types.is_float_dtype(frame[target]) else "classification"
    X = frame.drop(columns=[target, *[d for d in drop if d != target]])
    y = frame[target].to_numpy()
    plan = plan_columns(X)
    members = []
    for k, algorithm in enumerate(algorithms):
        spec = ALGORITHMS[algorithm]
        params = DEFAULT_PARAMS.get(algorithm, {})
        member = Pipeline(
            [
                (PREPROCESS_STEP, build_preprocessor(plan, spec.family, 0, task=task)),  # type: ignore[arg-type]
                (MODEL_STEP, spec.build(task, params, 0, leading_categoricals(plan, spec.family))),  # type: ignore[arg-type]
            ]
        )
        members.append((f"m{k}_{algorithm}", member))
    voting = build_voting(task, members, list(weights))  # type: ignore[arg-type]
    pipeline = Pipeline([(PREPARE_STEP, build_caster(plan)), (MODEL_STEP, voting)])
    pipeline.fit(X, y)
    classes = sorted(set(y.tolist())) if task == "classification" else None
    return Fitted(pipeline, feature_schema(X, plan), task, classes, X)


def rows_of(frame: pd.DataFrame, n: int) -> list[dict[str, Any]]:
    """The first `n` rows as JSON-like dicts (NaN becomes None, as a client would send)."""
    out = []
    for record in frame.head(n).to_dict(orient="records"):
        out.append(
            {k: (None if isinstance(v, float) and np.isnan(v) else v) for k, v in record.items()}
        )
    return out
