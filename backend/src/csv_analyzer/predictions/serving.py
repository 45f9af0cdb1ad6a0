"""A fitted pipeline ready to serve: one-thread scoring, a verified fast path, contributions (pure).

No web, database, settings or MLflow imports: the model cache hands in the loaded pipeline.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from csv_analyzer.predictions import compiled
from csv_analyzer.predictions.inference import (
    NUMERIC_TYPES,
    SCHEMA_CATEGORY_LIMIT,
    Feature,
    Prepared,
    SchemaError,
    parse_schema,
    prepare_rows,
    show_value,
    single_thread,
)


def _json_label(value: Any) -> Any:
    return value.item() if isinstance(value, np.generic) else value


@dataclass
class Scored:
    """Model output for prepared rows: one prediction per row and, for classifiers, probabilities."""

    predictions: list[Any]
    probabilities: list[dict[str, float]] | None


@dataclass
class ServingModel:
    """A fitted pipeline ready to serve, with its schema and an optional compiled fast path.

    Attributes:
        pipeline: The sklearn pipeline (predicts original labels from raw rows).
        features: Inputs from the feature schema, in model order.
        task: "classification" or "regression".
        classes: Labels in `predict_proba` column order (classification).
        fast: Maps typed columns to the final estimator's input matrix, when verified identical.
        estimator: The final estimator used with `fast`.
        labels_from_proba: Labels are `estimator.classes_[argmax(proba)]` (one pass instead of
            two; verified against the pipeline's own `predict` when the model was loaded).
    """

    pipeline: Any
    features: list[Feature]
    task: str
    classes: list[Any] | None
    fast: Callable[[Mapping[str, np.ndarray], int], np.ndarray] | None = None
    estimator: Any = None
    labels_from_proba: bool = False

    def score(self, prepared: Prepared) -> Scored:
        """Predict the prepared rows on one thread (threads only slow down small inputs)."""
        with single_thread():
            if self.fast is not None:
                matrix = self.fast(prepared.columns, prepared.n_rows)
                proba = self._proba(matrix, self.estimator)
                if self.labels_from_proba and proba is not None:
                    labels = self.estimator.classes_[np.argmax(proba, axis=1)]
                else:
                    labels = self.estimator.predict(matrix)
            else:
                frame = prepared.frame()
                labels = self.pipeline.predict(frame)
                proba = self._proba(frame, self.pipeline)
        predictions = [_json_label(v) for v in np.asarray(labels).tolist()]
        if proba is None:
            return Scored(predictions, None)
        names = [str(_json_label(c)) for c in self.classes or range(proba.shape[1])]
        rows = [dict(zip(names, map(float, p), strict=True)) for p in proba]
        return Scored(predictions, rows)

    def _proba(self, data: Any, model: Any) -> np.ndarray | None:
        if self.task != "classification" or not hasattr(model, "predict_proba"):
            return None
        return np.asarray(model.predict_proba(data), dtype=float)

    def raw_scores(self, prepared: Prepared) -> np.ndarray:
        """Regression values, or each row's probability matrix (classification)."""
        with single_thread():
            data: Any = prepared.frame() if self.fast is None else None
            model = self.pipeline
            if self.fast is not None:
                data, model = self.fast(prepared.columns, prepared.n_rows), self.estimator
            if self.task == "classification" and hasattr(model, "predict_proba"):
                return np.asarray(model.predict_proba(data), dtype=float)
            return np.asarray(model.predict(data), dtype=float)


def contributions(
    model: ServingModel, row: Mapping[str, Any], top: int = 10
) -> list[dict[str, Any]]:
    """How much each feature moves one row's score, by resetting it to its training typical value.

    For each feature the row is copied with that feature replaced by the training median (numbers)
    or most frequent value (categories); all copies are scored in one call, so the cost is one
    prediction of `len(features) + 1` rows. The score is the regression value, or the probability
    of the class predicted for the original row.

    Args:
        model: The serving model.
        row: One raw row (feature name -> value), validated like a prediction row.
        top: How many features to return.

    Returns:
        `{feature, value, reference, contribution}` sorted by absolute contribution, largest first.
    """
    swapped: list[Mapping[str, Any]] = [row]
    used: list[Feature] = []
    for f in model.features:
        if f.fill is None:
            continue
        copy = dict(row)
        copy[f.name] = f.fill
        swapped.append(copy)
        used.append(f)
    scores = model.raw_scores(prepare_rows(swapped, model.features, lenient=True))
    if scores.ndim == 2:
        k = int(np.argmax(scores[0]))
        values = scores[:, k]
    else:
        values = scores
    out = [
        {
            "feature": f.name,
            "value": show_value(row.get(f.name)),
            "reference": f.fill,
            "contribution": float(values[0] - values[i + 1]),
        }
        for i, f in enumerate(used)
    ]
    out.sort(key=lambda c: abs(c["contribution"]), reverse=True)
    return out[:top]


def _probe_rows(features: Sequence[Feature]) -> list[dict[str, Any]]:
    """Rows exercising typical values, nulls, unseen categories and every listed category."""
    typical = {f.name: f.fill for f in features}
    rows: list[dict[str, Any]] = [typical, dict.fromkeys(typical)]
    odd: dict[str, Any] = {}
    for f in features:
        if f.type in NUMERIC_TYPES:
            odd[f.name] = (float(f.fill) * 3 + 1) if isinstance(f.fill, int | float) else 1e6
        elif f.type in ("categorical", "text"):
            odd[f.name] = "__never_seen__"
        else:
            odd[f.name] = f.fill
    rows.append(odd)
    widest = max((len(f.categories or ()) for f in features), default=0)
    for j in range(min(widest, SCHEMA_CATEGORY_LIMIT)):
        row = dict(typical)
        for f in features:
            if f.categories:
                cats = sorted(f.categories)
                row[f.name] = cats[j % len(cats)]
        rows.append(row)
    return rows


def build_serving_model(
    pipeline: Any,
    schema: Sequence[Mapping[str, Any]],
    task: str,
    classes: Sequence[Any] | None,
) -> ServingModel:
    """Wrap a fitted pipeline; enable the compiled path only if it reproduces the pipeline exactly.

    Args:
        pipeline: The fitted sklearn pipeline.
        schema: The stored feature schema.
        task: "classification" or "regression".
        classes: Class labels (classification).

    Returns:
        A `ServingModel`; `fast` is None when the pipeline shape is not supported or the probe
        rows disagree.
    """
    features = parse_schema(schema)
    model = ServingModel(pipeline, features, task, list(classes) if classes else None)
    parts = compiled.split_pipeline(pipeline)
    if parts is None or not features:
        return model
    ct, estimator = parts
    try:
        fast = compiled.compile_transformer(ct)
        probe = prepare_rows(_probe_rows(features), features, lenient=True)
        with single_thread():
            frame = probe.frame()
            expected = np.asarray(pipeline[:-1].transform(frame), dtype=float)
            actual = fast(probe.columns, probe.n_rows)
            labels = np.asarray(pipeline.predict(frame))
            same = compiled.matches(expected, actual) and compiled.matches(
                labels, np.asarray(estimator.predict(actual))
            )
            argmax = None
            if task == "classification" and hasattr(estimator, "predict_proba"):
                proba = np.asarray(estimator.predict_proba(actual))
                argmax = np.asarray(estimator.classes_)[np.argmax(proba, axis=1)]
    except (compiled.Unsupported, SchemaError, ValueError, TypeError, KeyError, AttributeError):
        return model
    if same:
        model.fast, model.estimator = fast, estimator
        model.labels_from_proba = argmax is not None and compiled.matches(labels, argmax)
    return model
