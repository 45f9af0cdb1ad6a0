"""A lighter per-request path through a fitted pipeline's preprocessing (pure).

A `ColumnTransformer` costs a few milliseconds per call whatever the number of rows (pandas
column selection, per-block validation), which dominates single-row predictions. The common blocks
(imputers, scalers, one-hot/ordinal/target encoders, chained in pipelines) are replayed here with
plain numpy from their fitted attributes; any other block (dates, text) runs its own `transform`.
`compile_pipeline` accepts the result only if it reproduces the real pipeline on probe rows.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import joblib
import numpy as np
import pandas as pd
import treelite
import treelite.gtil
import treelite.sklearn
from lightgbm import LGBMClassifier, LGBMRegressor
from scipy.special import expit, softmax
from sklearn.compose import ColumnTransformer, TransformedTargetRegressor
from sklearn.ensemble import (
    ExtraTreesClassifier,
    ExtraTreesRegressor,
    HistGradientBoostingClassifier,
    HistGradientBoostingRegressor,
    RandomForestClassifier,
    RandomForestRegressor,
    VotingClassifier,
    VotingRegressor,
)
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder, OrdinalEncoder, StandardScaler, TargetEncoder

from csv_analyzer.training.automl.contracts import MODEL_STEP, PREPARE_STEP, PREPROCESS_STEP

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


@dataclass
class CompiledModel:
    """The final estimator(s) fed by numpy replays of their preprocessing.

    A single model has one member and no weights; a voting ensemble averages its members'
    probabilities (classification) or predictions (regression) with its weights, as sklearn does.
    Members whose column transformers were fitted alike (same settings, same fitted values) share
    one replay per call.
    """

    members: list[tuple[int, Any]]  # (index into transforms, fitted estimator)
    transforms: list[Compiled]
    weights: np.ndarray | None
    classes_: np.ndarray | None

    @property
    def native(self) -> bool:
        """Some member's trees run in Treelite."""
        return any(isinstance(getattr(est, "inner", est), _NativeTrees) for _, est in self.members)

    @property
    def has_trees(self) -> bool:
        """Some member is a tree model (native or not)."""
        trees = (_NativeTrees, _Forest, *_NATIVE)
        return any(isinstance(getattr(est, "inner", est), trees) for _, est in self.members)

    def _inputs(self, columns: Columns, n: int) -> list[np.ndarray]:
        matrices = [t(columns, n) for t in self.transforms]
        return [matrices[i] for i, _ in self.members]

    def predict_proba(self, columns: Columns, n: int) -> np.ndarray:
        """Class probabilities, columns in ``classes_`` order."""
        inputs = self._inputs(columns, n)
        probas = [
            np.asarray(est.predict_proba(x), dtype=float)
            for x, (_, est) in zip(inputs, self.members, strict=True)
        ]
        if self.weights is None:
            return probas[0]
        return np.average(probas, axis=0, weights=self.weights)

    def predict(self, columns: Columns, n: int) -> np.ndarray:
        """Labels (classification) or values (regression)."""
        if self.weights is None:
            x = self._inputs(columns, n)[0]
            return np.asarray(self.members[0][1].predict(x))
        if self.classes_ is not None:
            return np.asarray(self.classes_[np.argmax(self.predict_proba(columns, n), axis=1)])
        inputs = self._inputs(columns, n)
        preds = [
            np.asarray(est.predict(x), dtype=float)
            for x, (_, est) in zip(inputs, self.members, strict=True)
        ]
        return np.average(preds, axis=0, weights=self.weights)

    def transform(self, columns: Columns, n: int) -> list[np.ndarray]:
        """Each member's input matrix (for checking against the pipeline's own transforms)."""
        return self._inputs(columns, n)


class _Forest:
    """A fitted random forest / extra trees averaged tree by tree on the calling thread.

    The forest's own `predict_proba` dispatches its trees through joblib, which costs ~10 ms per
    call whatever the rows; the average of the trees' outputs is the same number.
    """

    def __init__(self, forest: Any) -> None:
        self.trees = list(forest.estimators_)
        self.classes_ = getattr(forest, "classes_", None)
        self.forest = forest

    def predict_proba(self, x: np.ndarray) -> np.ndarray:
        x32 = np.ascontiguousarray(x, dtype=np.float32)
        total = self.trees[0].predict_proba(x32, check_input=False)
        for tree in self.trees[1:]:
            total = total + tree.predict_proba(x32, check_input=False)
        return np.asarray(total / len(self.trees))

    def predict(self, x: np.ndarray) -> np.ndarray:
        if self.classes_ is not None:
            return np.asarray(self.classes_[np.argmax(self.predict_proba(x), axis=1)])
        x32 = np.ascontiguousarray(x, dtype=np.float32)
        total = self.trees[0].predict(x32, check_input=False)
        for tree in self.trees[1:]:
            total = total + tree.predict(x32, check_input=False)
        return np.asarray(total / len(self.trees))


_FORESTS = (
    RandomForestClassifier,
    ExtraTreesClassifier,
    RandomForestRegressor,
    ExtraTreesRegressor,
)


class _NativeTrees:
    """A fitted tree model run by Treelite's C++ predictor (GTIL) on the calling thread.

    scikit-learn and LightGBM walk their trees from Python one at a time (HistGradientBoosting
    calls one predictor per iteration, a forest one per tree), which costs 2-20 ms per call
    whatever the rows; Treelite walks the same trees in one native call. Forests compare float32
    inputs, as scikit-learn does; boosted classifiers take Treelite's float64 margins and apply
    the link (sigmoid, softmax) here, so probabilities match the library to rounding.
    """

    def __init__(self, estimator: Any) -> None:
        self.classes_ = getattr(estimator, "classes_", None)
        self.forest = type(estimator) in _FORESTS
        self.known = _known_categories(estimator)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                if isinstance(estimator, LGBMClassifier | LGBMRegressor):
                    self.model = treelite.frontend.from_lightgbm(estimator.booster_)
                else:
                    self.model = treelite.sklearn.import_model(estimator)
        except Exception as exc:
            raise Unsupported(
                f"Treelite cannot read the {type(estimator).__name__}: {exc}"
            ) from exc

    def _run(self, x: np.ndarray, margin: bool) -> np.ndarray:
        if self.forest:  # scikit-learn's trees split on float32 values
            x = x.astype(np.float32).astype(np.float64)
        data = np.array(x, dtype=np.float64)
        for j, known in self.known:  # HistGradientBoosting sends unseen categories with gaps
            column = data[:, j]
            column[~np.isin(column, known)] = np.nan
        out = treelite.gtil.predict(self.model, data, nthread=1, pred_margin=margin)
        return np.asarray(out, dtype=float).reshape(x.shape[0], -1)

    def predict_proba(self, x: np.ndarray) -> np.ndarray:
        if self.forest:
            return self._run(x, margin=False)
        raw = self._run(x, margin=True)
        if raw.shape[1] == 1:
            positive = expit(raw[:, 0])
            return np.column_stack([1.0 - positive, positive])
        return np.asarray(softmax(raw, axis=1))

    def predict(self, x: np.ndarray) -> np.ndarray:
        if self.classes_ is not None:
            return np.asarray(self.classes_[np.argmax(self.predict_proba(x), axis=1)])
        return self._run(x, margin=False)[:, 0]


def _known_categories(estimator: Any) -> list[tuple[int, np.ndarray]]:
    """(column, categories seen when binning) for a HistGradientBoosting's category columns."""
    if not isinstance(estimator, HistGradientBoostingClassifier | HistGradientBoostingRegressor):
        return []
    flags = getattr(estimator, "is_categorical_", None)
    if flags is None:
        return []
    thresholds = getattr(getattr(estimator, "_bin_mapper", None), "bin_thresholds_", None)
    if thresholds is None:
        raise Unsupported("the HistGradientBoosting's category bins are not readable")
    return [(int(j), np.asarray(thresholds[j], dtype=float)) for j in np.flatnonzero(flags)]


class _Linear:
    """A fitted logistic regression or ridge as one matrix product (no per-call validation).

    scikit-learn spends ~0.3 ms validating a one-row input before the product itself; the
    probabilities are the same sigmoid (binary) or softmax (multinomial) of the same scores.
    """

    def __init__(self, estimator: LogisticRegression | Ridge) -> None:
        self.coef = np.asarray(estimator.coef_, dtype=float)
        self.intercept = np.asarray(estimator.intercept_, dtype=float)
        self.classes_ = getattr(estimator, "classes_", None)

    def _scores(self, x: np.ndarray) -> np.ndarray:
        scores: np.ndarray = np.asarray(x, dtype=float) @ self.coef.T + self.intercept
        return scores

    def predict_proba(self, x: np.ndarray) -> np.ndarray:
        scores = self._scores(x)
        if scores.ndim == 2 and scores.shape[1] > 1:
            return np.asarray(softmax(scores, axis=1))
        positive = expit(scores.reshape(-1))
        return np.column_stack([1.0 - positive, positive])

    def predict(self, x: np.ndarray) -> np.ndarray:
        if self.classes_ is not None:
            return np.asarray(self.classes_[np.argmax(self.predict_proba(x), axis=1)])
        return self._scores(x).reshape(-1)


_NATIVE = (
    *_FORESTS,
    HistGradientBoostingClassifier,
    HistGradientBoostingRegressor,
    LGBMClassifier,
    LGBMRegressor,
)


class _InverseTarget:
    """A fitted log-target regressor: its inner model (itself compiled) and the inverse."""

    def __init__(self, wrapped: TransformedTargetRegressor, native: bool) -> None:
        self.inner = _direct(wrapped.regressor_, native)
        self.inverse = wrapped.inverse_func

    def predict(self, x: np.ndarray) -> np.ndarray:
        return np.asarray(self.inverse(np.asarray(self.inner.predict(x), dtype=float)))


def _direct(estimator: Any, native: bool) -> Any:
    """The estimator, or a cheaper exact stand-in for it (checked on probe rows by the caller).

    With `native`, tree models (forests, HistGradientBoosting, LightGBM) run in Treelite;
    without, forests are averaged tree by tree here and the rest run as they are.
    """
    single_output = getattr(estimator, "n_outputs_", 1) == 1
    if native and type(estimator) in _NATIVE and single_output:
        return _NativeTrees(estimator)
    if type(estimator) in _FORESTS and single_output:
        return _Forest(estimator)
    if type(estimator) in (LogisticRegression, Ridge) and np.ndim(estimator.coef_) <= 2:
        return _Linear(estimator)
    if (
        isinstance(estimator, TransformedTargetRegressor)
        and estimator.transformer is None
        and estimator.inverse_func is not None
    ):
        return _InverseTarget(estimator, native)
    return estimator


def _preprocess_and_model(pipeline: Any, where: str, native: bool) -> tuple[ColumnTransformer, Any]:
    names = [name for name, _ in getattr(pipeline, "steps", [])]
    if names != [PREPROCESS_STEP, MODEL_STEP]:
        raise Unsupported(f"{where} steps are {names}, not {[PREPROCESS_STEP, MODEL_STEP]}")
    ct, estimator = pipeline.steps[0][1], pipeline.steps[1][1]
    if not isinstance(ct, ColumnTransformer):
        raise Unsupported(f"{where} preprocessing is a {type(ct).__name__}")
    return ct, _direct(estimator, native)


def compile_model(pipeline: Any, native: bool = True) -> CompiledModel:
    """Compile a shipped pipeline (single model or voting ensemble) or raise `Unsupported(why)`.

    `native` runs tree models in Treelite (see `_NativeTrees`); the caller checks the result on
    probe rows and compiles again without it if the two disagree.

    The pipeline must be ``PREPARE_STEP -> PREPROCESS_STEP -> MODEL_STEP`` or
    ``PREPARE_STEP -> MODEL_STEP`` with a fitted `VotingClassifier(voting="soft")` /
    `VotingRegressor` whose members are ``PREPROCESS_STEP -> MODEL_STEP`` pipelines.
    """
    steps = getattr(pipeline, "steps", None)
    if not steps or steps[0][0] != PREPARE_STEP:
        raise Unsupported(f"the pipeline does not start with the {PREPARE_STEP!r} step")
    rest = Pipeline(steps[1:]) if len(steps) > 2 else None
    if rest is not None:
        ct, estimator = _preprocess_and_model(rest, "the pipeline's", native)
        classes = getattr(estimator, "classes_", None)
        return CompiledModel(
            [(0, estimator)], [compile_transformer(ct)], None, None if classes is None else classes
        )
    name, voting = steps[-1]
    if name != MODEL_STEP or not isinstance(voting, VotingClassifier | VotingRegressor):
        raise Unsupported(f"the model step is a {type(voting).__name__}")
    if isinstance(voting, VotingClassifier) and voting.voting != "soft":
        raise Unsupported("hard voting")
    if any(isinstance(e, str) for _, e in voting.estimators):
        raise Unsupported("a dropped ensemble member")
    weights = np.ones(len(voting.estimators_)) if voting.weights is None else voting.weights
    transforms: list[Compiled] = []
    seen: dict[str, int] = {}
    members: list[tuple[int, Any]] = []
    for k, member in enumerate(voting.estimators_):
        ct, estimator = _preprocess_and_model(member, f"ensemble member {k}'s", native)
        fingerprint = joblib.hash(ct)  # equal for transformers fitted alike on the same rows
        if fingerprint not in seen:
            seen[fingerprint] = len(transforms)
            transforms.append(compile_transformer(ct))
        members.append((seen[fingerprint], estimator))
    classes = voting.classes_ if isinstance(voting, VotingClassifier) else None
    return CompiledModel(members, transforms, np.asarray(weights, dtype=float), classes)


def matches(expected: np.ndarray, actual: np.ndarray) -> bool:
    """Exact labels, or floats equal to 1e-9 (NaN equal to NaN)."""
    if expected.shape != actual.shape:
        return False
    if expected.dtype.kind in "fc" and actual.dtype.kind in "fc":
        return bool(np.allclose(expected, actual, rtol=1e-9, atol=1e-12, equal_nan=True))
    return bool(np.array_equal(expected, actual))
