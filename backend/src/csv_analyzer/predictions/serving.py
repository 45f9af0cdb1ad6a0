"""A fitted pipeline ready to serve: one-thread scoring, a verified fast path, contributions (pure).

No web, database, settings or MLflow imports: the model cache hands in the loaded pipeline.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from csv_analyzer.json_types import JsonObject
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
        fast: The compiled model (numpy preprocessing + estimator(s)), when verified identical.
        labels_from_proba: Labels are `fast.classes_[argmax(proba)]` (one pass instead of
            two; verified against the pipeline's own `predict` when the model was loaded).
        fallback_reason: Why the pandas path serves (None when the compiled path serves).
        native_trees: The compiled path runs its tree models in Treelite (one native call)
            rather than walking their trees from Python.
        native_reason: Why tree models in a compiled model walk from Python (None otherwise).
    """

    pipeline: Any
    features: list[Feature]
    task: str
    classes: list[Any] | None
    fast: compiled.CompiledModel | None = None
    labels_from_proba: bool = False
    fallback_reason: str | None = None
    native_trees: bool = False
    native_reason: str | None = None

    @property
    def has_trees(self) -> bool:
        """The compiled model has a tree model among its members."""
        return self.fast is not None and self.fast.has_trees

    @property
    def serving_path(self) -> str:
        """ "compiled" when the verified fast path serves, else "pandas"."""
        return "compiled" if self.fast is not None else "pandas"

    def score(self, prepared: Prepared) -> Scored:
        """Predict the prepared rows on one thread (threads only slow down small inputs)."""
        with single_thread():
            if self.fast is not None:
                cols, n = prepared.columns, prepared.n_rows
                proba = self._fast_proba(cols, n)
                if self.labels_from_proba and proba is not None and self.fast.classes_ is not None:
                    labels = self.fast.classes_[np.argmax(proba, axis=1)]
                else:
                    labels = self.fast.predict(cols, n)
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

    def _fast_proba(self, columns: Mapping[str, np.ndarray], n: int) -> np.ndarray | None:
        if self.task != "classification" or self.fast is None or self.fast.classes_ is None:
            return None
        return self.fast.predict_proba(columns, n)

    def _proba(self, data: Any, model: Any) -> np.ndarray | None:
        if self.task != "classification" or not hasattr(model, "predict_proba"):
            return None
        return np.asarray(model.predict_proba(data), dtype=float)

    def raw_scores(self, prepared: Prepared) -> np.ndarray:
        """Regression values, or each row's probability matrix (classification)."""
        with single_thread():
            if self.fast is not None:
                proba = self._fast_proba(prepared.columns, prepared.n_rows)
                if proba is not None:
                    return proba
                return np.asarray(self.fast.predict(prepared.columns, prepared.n_rows), dtype=float)
            frame = prepared.frame()
            if self.task == "classification" and hasattr(self.pipeline, "predict_proba"):
                return np.asarray(self.pipeline.predict_proba(frame), dtype=float)
            return np.asarray(self.pipeline.predict(frame), dtype=float)


def contributions(model: ServingModel, row: Mapping[str, Any], top: int = 10) -> list[JsonObject]:
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


def _probe_rows(features: Sequence[Feature]) -> list[JsonObject]:
    """Rows exercising typical values, nulls, unseen categories and every listed category."""
    typical = {f.name: f.fill for f in features}
    rows: list[JsonObject] = [typical, dict.fromkeys(typical)]
    odd: JsonObject = {}
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
    if not features:
        model.fallback_reason = "the model has no feature schema"
        return model
    native = _verified(pipeline, features, task, native=True)
    if isinstance(native, tuple):
        model.fast, model.labels_from_proba = native
        model.native_trees = model.fast.native
        return model
    plain = _verified(pipeline, features, task, native=False)
    if isinstance(plain, tuple):
        model.fast, model.labels_from_proba = plain
        model.native_reason = native
        return model
    model.fallback_reason = plain
    return model


def _verified(
    pipeline: Any, features: Sequence[Feature], task: str, native: bool
) -> tuple[compiled.CompiledModel, bool] | str:
    """The compiled model and whether labels may come from its probabilities, or why not."""
    try:
        fast = compiled.compile_model(pipeline, native=native)
        probe = prepare_rows(_probe_rows(features), features, lenient=True)
        with single_thread():
            reason = _disagreement(pipeline, fast, probe, task)
            if reason is not None:
                return reason
            if fast.classes_ is None or task != "classification":
                return fast, False
            labels = np.asarray(pipeline.predict(probe.frame()))
            argmax = fast.classes_[
                np.argmax(fast.predict_proba(probe.columns, probe.n_rows), axis=1)
            ]
            return fast, compiled.matches(labels, argmax)
    except compiled.Unsupported as exc:
        return f"not compilable: {exc}"
    except (SchemaError, ValueError, TypeError, KeyError, AttributeError, IndexError) as exc:
        return f"the compiled path failed on probe rows: {type(exc).__name__}: {exc}"


def _disagreement(
    pipeline: Any, fast: compiled.CompiledModel, probe: Prepared, task: str
) -> str | None:
    """Why the compiled path differs from the pipeline on the probe rows, or None if identical."""
    frame = probe.frame()
    typed = pipeline.steps[0][1].transform(frame)
    members = getattr(pipeline.steps[-1][1], "estimators_", None)
    if len(pipeline.steps) > 2 or members is None:
        preprocessors = [pipeline.steps[1][1]]
    else:
        preprocessors = [m.steps[0][1] for m in members]
    actual = fast.transform(probe.columns, probe.n_rows)
    for k, (pre, got) in enumerate(zip(preprocessors, actual, strict=True)):
        if not compiled.matches(np.asarray(pre.transform(typed), dtype=float), got):
            return f"preprocessing of member {k} differs from the pipeline on probe rows"
    if not compiled.matches(
        np.asarray(pipeline.predict(frame)), np.asarray(fast.predict(probe.columns, probe.n_rows))
    ):
        return "predictions differ from the pipeline on probe rows"
    if (
        task == "classification"
        and fast.classes_ is not None
        and hasattr(pipeline, "predict_proba")
    ):
        expected = np.asarray(pipeline.predict_proba(frame), dtype=float)
        if not compiled.matches(expected, fast.predict_proba(probe.columns, probe.n_rows)):
            return "probabilities differ from the pipeline on probe rows"
    return None
