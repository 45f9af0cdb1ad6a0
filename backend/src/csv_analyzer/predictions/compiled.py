"""A lighter per-request path through a fitted pipeline's preprocessing (pure).

A `ColumnTransformer` costs a few milliseconds per call whatever the number of rows (pandas
column selection, per-block validation), which dominates single-row predictions. The common blocks
(imputers, scalers, one-hot/ordinal/target encoders, chained in pipelines) are replayed here with
plain numpy from their fitted attributes; any other block (dates, text) runs its own `transform`.
`compile_pipeline` accepts the result only if it reproduces the real pipeline on probe rows.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.impute import SimpleImputer
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder, OrdinalEncoder, StandardScaler, TargetEncoder

Columns = Mapping[str, np.ndarray]
Step = Callable[[np.ndarray], np.ndarray]
Block = Callable[[Columns, int], np.ndarray]


class Unsupported(Exception):
    """This transformer has no numpy replay; the block falls back to its own transform."""


def _imputer(imp: SimpleImputer) -> Step:
    stats = np.asarray(imp.statistics_)
    if stats.dtype.kind == "f" and np.isnan(stats).any() and not imp.keep_empty_features:
        raise Unsupported("imputer drops empty features")
    indicator = imp.indicator_.features_ if imp.add_indicator else None

    def run(x: np.ndarray) -> np.ndarray:
        mask = np.isnan(x) if x.dtype.kind == "f" else pd.isna(x)
        out = np.where(mask, stats, x) if mask.any() else x
        if indicator is None:
            return out
        return np.hstack([out.astype(float), mask[:, indicator].astype(float)])

    return run


def _scaler(sc: StandardScaler) -> Step:
    mean = sc.mean_ if sc.with_mean else None
    scale = sc.scale_ if sc.with_std else None

    def run(x: np.ndarray) -> np.ndarray:
        out = x.astype(float)
        if mean is not None:
            out = out - mean
        if scale is not None:
            out = out / scale
        return out

    return run


def _lookup_tables(categories: Sequence[np.ndarray]) -> list[dict[Any, int]]:
    return [{c: j for j, c in enumerate(cats)} for cats in categories]


def _one_hot(enc: OneHotEncoder) -> Step:
    if enc.drop is not None or enc.handle_unknown not in ("ignore", "infrequent_if_exist"):
        raise Unsupported("one-hot with drop or error on unknown")
    infrequent = getattr(enc, "infrequent_categories_", None) or [None] * len(enc.categories_)
    maps: list[dict[Any, int]] = []
    unknown: list[int] = []  # output offset for unseen values, -1 for all zeros
    widths: list[int] = []
    for cats, rare in zip(enc.categories_, infrequent, strict=True):
        rare_set = set(rare) if rare is not None else set()
        frequent = [c for c in cats if c not in rare_set]
        mapping = {c: j for j, c in enumerate(frequent)}
        rare_col = len(frequent) if rare_set else -1
        mapping.update(dict.fromkeys(rare_set, rare_col))
        maps.append(mapping)
        unknown.append(rare_col if enc.handle_unknown == "infrequent_if_exist" else -1)
        widths.append(len(frequent) + (1 if rare_set else 0))
    offsets = np.cumsum([0, *widths[:-1]])
    total = int(sum(widths))

    def run(x: np.ndarray) -> np.ndarray:
        out = np.zeros((x.shape[0], total), dtype=enc.dtype)
        for i in range(x.shape[0]):
            for k, mapping in enumerate(maps):
                j = mapping.get(x[i, k], unknown[k])
                if j >= 0:
                    out[i, offsets[k] + j] = 1.0
        return out

    return run


def _ordinal(enc: OrdinalEncoder) -> Step:
    if enc.handle_unknown != "use_encoded_value":
        raise Unsupported("ordinal encoder raising on unknown")
    infrequent = getattr(enc, "infrequent_categories_", None) or [None] * len(enc.categories_)
    maps: list[dict[Any, int]] = []
    for cats, rare in zip(enc.categories_, infrequent, strict=True):
        rare_set = set(rare) if rare is not None else set()
        frequent = [c for c in cats if c not in rare_set]
        mapping = {c: j for j, c in enumerate(frequent)}
        mapping.update(dict.fromkeys(rare_set, len(frequent)))  # rare levels share the last code
        maps.append(mapping)
    fallback = float(enc.unknown_value)

    def run(x: np.ndarray) -> np.ndarray:
        out = np.empty(x.shape, dtype=enc.dtype)
        for k, mapping in enumerate(maps):
            out[:, k] = [mapping.get(v, fallback) for v in x[:, k]]
        return out

    return run


def _target(enc: TargetEncoder) -> Step:
    if enc.target_type_ == "multiclass":
        raise Unsupported("multiclass target encoding")
    maps = _lookup_tables(enc.categories_)
    encodings = [np.asarray(e, dtype=float) for e in enc.encodings_]
    default = float(enc.target_mean_)

    def run(x: np.ndarray) -> np.ndarray:
        out = np.empty(x.shape, dtype=float)
        for k, mapping in enumerate(maps):
            codes = [mapping.get(v, -1) for v in x[:, k]]
            out[:, k] = [encodings[k][c] if c >= 0 else default for c in codes]
        return out

    return run


def _step(transformer: Any) -> Step:
    if isinstance(transformer, Pipeline):
        steps = [_step(t) for _, t in transformer.steps if t not in (None, "passthrough")]

        def chain(x: np.ndarray) -> np.ndarray:
            for s in steps:
                x = s(x)
            return x

        return chain
    for kind, build in _BUILDERS:
        if type(transformer) is kind:
            return build(transformer)
    raise Unsupported(type(transformer).__name__)


_BUILDERS: list[tuple[type, Callable[[Any], Step]]] = [
    (SimpleImputer, _imputer),
    (StandardScaler, _scaler),
    (OneHotEncoder, _one_hot),
    (OrdinalEncoder, _ordinal),
    (TargetEncoder, _target),
]


def _stack(columns: Columns, names: list[str], n: int) -> np.ndarray:
    first = columns[names[0]]
    if first.dtype.kind == "f" and all(columns[c].dtype.kind == "f" for c in names):
        return np.column_stack([columns[c] for c in names]) if n else np.empty((0, len(names)))
    out = np.empty((n, len(names)), dtype=object)
    for k, c in enumerate(names):
        out[:, k] = columns[c]
    return out


def _block(transformer: Any, cols: Any) -> Block:
    if isinstance(cols, str):  # a single name hands the transformer 1-D input (text)
        name = cols

        def one(columns: Columns, n: int) -> np.ndarray:  # noqa: ARG001
            out = transformer.transform(pd.Series(columns[name], name=name))
            return np.asarray(out.toarray() if hasattr(out, "toarray") else out, dtype=float)

        return one
    names = [str(c) for c in cols]
    try:
        step = _step(transformer)
    except Unsupported:

        def own(columns: Columns, n: int) -> np.ndarray:  # noqa: ARG001
            frame = pd.DataFrame({c: columns[c] for c in names})
            return np.asarray(transformer.transform(frame), dtype=float)

        return own

    def fast(columns: Columns, n: int) -> np.ndarray:
        return np.asarray(step(_stack(columns, names, n)), dtype=float)

    return fast


Compiled = Callable[[Columns, int], np.ndarray]


def compile_transformer(ct: ColumnTransformer) -> Compiled:
    """A function mapping typed columns (the caster's output) to the transformer's matrix."""
    if getattr(ct, "sparse_output_", False) or ct.verbose_feature_names_out not in (True, False):
        raise Unsupported("sparse column transformer")
    blocks = [
        _block(t, cols)
        for _, t, cols in ct.transformers_
        if not (isinstance(t, str) and t == "drop") and len(np.atleast_1d(cols)) > 0
    ]
    if any(isinstance(t, str) and t == "passthrough" for _, t, _ in ct.transformers_):
        raise Unsupported("passthrough columns")

    def run(columns: Columns, n: int) -> np.ndarray:
        parts = [b(columns, n) for b in blocks]
        return np.hstack(parts) if parts else np.empty((n, 0))

    return run


def split_pipeline(pipeline: Any) -> tuple[ColumnTransformer, Any] | None:
    """(column transformer, final estimator) for a `caster -> transformer -> model` pipeline."""
    steps = getattr(pipeline, "steps", None)
    if not steps or len(steps) != 3 or not isinstance(steps[1][1], ColumnTransformer):
        return None
    if not hasattr(steps[0][1], "roles"):  # the training caster, which our validation replaces
        return None
    return steps[1][1], steps[2][1]


def matches(expected: np.ndarray, actual: np.ndarray) -> bool:
    """Exact labels, or floats equal to 1e-9 (NaN equal to NaN)."""
    if expected.shape != actual.shape:
        return False
    if expected.dtype.kind in "fc" and actual.dtype.kind in "fc":
        return bool(np.allclose(expected, actual, rtol=1e-9, atol=1e-12, equal_nan=True))
    return bool(np.array_equal(expected, actual))
