"""Data drift between a model's training data and the rows it is asked to predict (pure).

A *reference profile* summarises each feature of the training frame once, at training time:
numeric features as 10 quantile bins (plus a random sample of at most 2,000 values for the KS
test), categorical and boolean features as category shares with an ``__other__`` bucket; missing
values are a bucket of their own. ``compare`` bins the current rows the same way and scores each
feature with the Population Stability Index (PSI), the status signal, plus the Jensen-Shannon
distance and, for numeric features, the two-sample Kolmogorov-Smirnov test. PSI and distances
rather than p-values decide the status: on thousands of rows a p-value flags shifts too small to
matter. Everything here is JSON-ready data in and out; no I/O.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd
from scipy.spatial.distance import jensenshannon
from scipy.stats import ks_2samp

Status = Literal["ok", "warning", "drift", "insufficient_data"]
Kind = Literal["numeric", "categorical"]

PROFILE_FORMAT = 1
N_BINS = 10
MAX_CATEGORIES = 20
KS_SAMPLE = 2_000
KS_MAX_CURRENT = 50_000
PSI_EPSILON = 1e-4  # share given to an empty bucket so the logarithm stays finite
OTHER = "__other__"
MISSING = "__missing__"
NUMERIC_TYPES = frozenset({"numeric", "integer"})
CATEGORICAL_TYPES = frozenset({"categorical", "boolean"})
_SEVERITY: dict[str, int] = {"insufficient_data": -1, "ok": 0, "warning": 1, "drift": 2}
_TRUE = frozenset({"true", "yes", "y", "t", "1", "1.0"})
_FALSE = frozenset({"false", "no", "n", "f", "0", "0.0"})


@dataclass(frozen=True)
class DriftThresholds:
    """When a feature counts as drifted.

    Attributes:
        warning_psi: PSI from which a feature is ``warning`` (0.1 is the usual "look at it").
        alert_psi: PSI from which a feature is ``drift`` (0.25 is the usual "it moved").
        min_samples: Fewer current rows than this and the status is ``insufficient_data``: with
            10 bins, sampling noise alone gives a PSI around 9/n, so 200 rows keep false
            warnings near 1 %.
    """

    warning_psi: float = 0.1
    alert_psi: float = 0.25
    min_samples: int = 200


@dataclass
class FeatureDrift:
    """Drift of one feature (or of the predictions): scores, status and chart data."""

    name: str
    kind: Kind
    status: Status
    psi: float | None
    js_distance: float | None
    ks_statistic: float | None = None
    ks_pvalue: float | None = None
    n_reference: int = 0
    n_current: int = 0
    missing_share_reference: float = 0.0
    missing_share_current: float = 0.0
    chart: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class DriftReport:
    """Drift of every profiled feature; ``status`` is the worst feature's status."""

    status: Status
    n_reference: int
    n_current: int
    drifted_share: float
    features: list[FeatureDrift]
    prediction: FeatureDrift | None
    thresholds: dict[str, float | int]
    skipped: list[str]

    def to_dict(self) -> dict[str, Any]:
        """Return the report as JSON-ready data."""
        return asdict(self)


def _label(value: object) -> str:
    """Category label as text; 3.0 and 3 name the same category."""
    if isinstance(value, bool | np.bool_):
        return "true" if value else "false"
    if isinstance(value, float | np.floating) and float(value).is_integer():
        return str(int(value))
    return str(value)


def _as_numeric(values: pd.Series) -> pd.Series:
    if pd.api.types.is_bool_dtype(values):
        return values.astype(float)
    return pd.to_numeric(values, errors="coerce").astype(float)


def _as_labels(values: pd.Series, boolean: bool) -> pd.Series:
    """Text labels (missing stays missing); booleans normalised to ``true``/``false``."""
    texts = [None if pd.isna(v) else _label(v) for v in values.to_numpy(dtype=object)]
    if boolean:
        texts = [_boolean_label(t) for t in texts]
    return pd.Series(texts, index=values.index, dtype=object)


def _boolean_label(text: str | None) -> str | None:
    low = (text or "").strip().lower()
    return "true" if low in _TRUE else "false" if low in _FALSE else None


def _round(value: float) -> float:
    return float(round(value, 6))


def _numeric_profile(values: pd.Series, seed: int) -> dict[str, Any]:
    nums = _as_numeric(values)
    present = nums.dropna().to_numpy()
    present = present[np.isfinite(present)]
    cuts: list[float] = []
    if present.size:
        quantiles = np.quantile(present, np.linspace(0, 1, N_BINS + 1)[1:-1])
        cuts = [float(c) for c in np.unique(quantiles)]
    counts = _numeric_counts(nums, cuts)
    rng = np.random.default_rng(seed)
    sample = present if present.size <= KS_SAMPLE else rng.choice(present, KS_SAMPLE, replace=False)
    return {
        "kind": "numeric",
        "edges": cuts,
        "shares": _shares(counts),
        "n": len(values),
        "sample": [float(v) for v in sample],
    }


def _numeric_counts(nums: pd.Series, cuts: Sequence[float]) -> np.ndarray:
    """Counts per bin (``len(cuts) + 1`` bins, a value on a cut goes right) plus missing last."""
    arr = nums.to_numpy(dtype=float)
    finite = np.isfinite(arr)
    idx = np.searchsorted(np.asarray(cuts, dtype=float), arr[finite], side="right")
    counts = np.bincount(idx, minlength=len(cuts) + 1).astype(float)
    return np.append(counts, float((~finite).sum()))


def _categorical_profile(values: pd.Series, boolean: bool) -> dict[str, Any]:
    labels = _as_labels(values, boolean)
    top = labels.dropna().value_counts().head(MAX_CATEGORIES)
    categories = [str(c) for c in top.index]
    return {
        "kind": "categorical",
        "boolean": boolean,
        "categories": categories,
        "shares": _shares(_categorical_counts(labels, categories)),
        "n": len(values),
    }


def _categorical_counts(labels: pd.Series, categories: Sequence[str]) -> np.ndarray:
    """Counts per known category, then ``__other__``, then missing."""
    counts = labels.value_counts()
    known = [float(counts.get(c, 0)) for c in categories]
    present = float(labels.notna().sum())
    return np.asarray([*known, present - sum(known), float(labels.isna().sum())])


def _shares(counts: np.ndarray) -> list[float]:
    total = float(counts.sum())
    if total <= 0:
        return [0.0] * len(counts)
    return [_round(c / total) for c in counts]


def _profile(values: pd.Series, kind: Kind, boolean: bool, seed: int) -> dict[str, Any]:
    if kind == "numeric":
        return _numeric_profile(values, seed)
    return _categorical_profile(values, boolean)


def reference_profile(
    df: pd.DataFrame,
    feature_schema: Sequence[Mapping[str, Any]],
    predictions: Sequence[Any] | pd.Series | np.ndarray | None = None,
    *,
    prediction_kind: Kind | None = None,
    seed: int = 0,
) -> dict[str, Any]:
    """Summarise the training data a model saw, for later drift comparisons.

    Args:
        df: The training frame (raw values, as the model's input columns).
        feature_schema: The model's feature schema: dicts with ``name`` and ``type`` (numeric,
            integer, boolean, categorical, datetime, text). Datetime and text are not profiled.
        predictions: The model's predictions on (a sample of) the training rows, if known.
        prediction_kind: ``numeric`` (regression) or ``categorical`` (classes); inferred from the
            values when omitted.
        seed: Seed of the KS sample.

    Returns:
        A JSON-ready dict: ``format``, ``n_rows``, ``features`` (name -> profile),
        ``prediction`` (a profile or None) and ``skipped`` (columns not profiled).
    """
    features: dict[str, Any] = {}
    skipped: list[str] = []
    for entry in feature_schema:
        name, ftype = str(entry["name"]), str(entry.get("type", ""))
        if name not in df.columns or ftype not in NUMERIC_TYPES | CATEGORICAL_TYPES:
            skipped.append(name)
            continue
        kind: Kind = "numeric" if ftype in NUMERIC_TYPES else "categorical"
        features[name] = _profile(df[name], kind, ftype == "boolean", seed)
    prediction = None
    if predictions is not None:
        series = pd.Series(np.asarray(predictions, dtype=object))
        pkind = prediction_kind or _infer_kind(series)
        prediction = _profile(series, pkind, False, seed)
    return {
        "format": PROFILE_FORMAT,
        "n_rows": len(df),
        "features": features,
        "prediction": prediction,
        "skipped": skipped,
    }


def _infer_kind(values: pd.Series) -> Kind:
    nums = pd.to_numeric(values, errors="coerce")
    numeric = bool(nums.notna().all()) and not pd.api.types.is_bool_dtype(values.infer_objects())
    return "numeric" if numeric and nums.nunique() > MAX_CATEGORIES else "categorical"


def psi(reference: Sequence[float], current: Sequence[float]) -> float:
    """Population Stability Index of two share vectors over the same buckets.

    Shares below ``PSI_EPSILON`` are raised to it, so an empty bucket contributes a large but
    finite amount instead of infinity.
    """
    ref = np.maximum(np.asarray(reference, dtype=float), PSI_EPSILON)
    cur = np.maximum(np.asarray(current, dtype=float), PSI_EPSILON)
    return float(np.sum((cur - ref) * np.log(cur / ref)))


def _status(value: float, thresholds: DriftThresholds) -> Status:
    if value >= thresholds.alert_psi:
        return "drift"
    if value >= thresholds.warning_psi:
        return "warning"
    return "ok"


def _bucket_labels(profile: Mapping[str, Any]) -> list[str]:
    if profile["kind"] == "categorical":
        return [*profile["categories"], OTHER, MISSING]
    cuts = [f"{c:.6g}" for c in profile["edges"]]
    if not cuts:
        return ["all", MISSING]
    bounds = [f"< {cuts[0]}"]
    bounds += [f"[{lo}, {hi})" for lo, hi in itertools.pairwise(cuts)]
    return [*bounds, f">= {cuts[-1]}", MISSING]


def _current_counts(profile: Mapping[str, Any], values: pd.Series) -> np.ndarray:
    if profile["kind"] == "numeric":
        return _numeric_counts(_as_numeric(values), profile["edges"])
    labels = _as_labels(values, bool(profile.get("boolean", False)))
    return _categorical_counts(labels, profile["categories"])


def compare_feature(
    name: str,
    profile: Mapping[str, Any],
    values: pd.Series,
    thresholds: DriftThresholds,
) -> FeatureDrift:
    """Score one feature's current values against its reference profile."""
    ref_shares = [float(s) for s in profile["shares"]]
    counts = _current_counts(profile, values)
    cur_shares = _shares(counts)
    n_cur = len(values)
    drift = FeatureDrift(
        name=name,
        kind=profile["kind"],
        status="insufficient_data",
        psi=None,
        js_distance=None,
        n_reference=int(profile.get("n", 0)),
        n_current=n_cur,
        missing_share_reference=ref_shares[-1],
        missing_share_current=cur_shares[-1],
        chart=[
            {"bucket": label, "reference": r, "current": c}
            for label, r, c in zip(_bucket_labels(profile), ref_shares, cur_shares, strict=True)
        ],
    )
    if n_cur == 0:
        return drift
    drift.psi = _round(psi(ref_shares, cur_shares))
    js = float(jensenshannon(ref_shares, cur_shares, base=2)) if sum(ref_shares) else 0.0
    drift.js_distance = _round(js if np.isfinite(js) else 0.0)
    sample = np.asarray(profile.get("sample", []), dtype=float)
    if profile["kind"] == "numeric" and sample.size:
        current = _as_numeric(values).to_numpy(dtype=float)
        current = current[np.isfinite(current)]
        if current.size > KS_MAX_CURRENT:
            current = np.random.default_rng(0).choice(current, KS_MAX_CURRENT, replace=False)
        if current.size:
            ks = ks_2samp(sample, current)
            drift.ks_statistic = _round(float(ks.statistic))
            drift.ks_pvalue = float(ks.pvalue)
    if n_cur >= thresholds.min_samples:
        drift.status = _status(drift.psi, thresholds)
    return drift


def compare(
    reference: Mapping[str, Any],
    current_rows: pd.DataFrame,
    current_predictions: Sequence[Any] | pd.Series | np.ndarray | None,
    thresholds: DriftThresholds | None = None,
) -> DriftReport:
    """Compare current rows (and predictions) with a reference profile.

    Args:
        reference: A profile from ``reference_profile``.
        current_rows: The rows recently sent for prediction (raw values; a feature column that
            is absent counts as missing everywhere).
        current_predictions: The predictions returned for those rows, or None.
        thresholds: PSI thresholds and the minimum sample size; defaults when omitted.

    Returns:
        The report. Its status is the worst feature status (``insufficient_data`` when fewer
        than ``min_samples`` current rows); ``drifted_share`` is the share of features whose
        status is ``drift``. Prediction drift is reported but does not set the status.
    """
    thresholds = thresholds or DriftThresholds()
    n_cur = len(current_rows)
    features = []
    for name, profile in reference.get("features", {}).items():
        values = (
            current_rows[name]
            if name in current_rows.columns
            else pd.Series([None] * n_cur, dtype=object)
        )
        features.append(compare_feature(name, profile, values, thresholds))
    prediction = None
    ref_pred = reference.get("prediction")
    if ref_pred is not None and current_predictions is not None:
        series = pd.Series(np.asarray(current_predictions, dtype=object))
        prediction = compare_feature("prediction", ref_pred, series, thresholds)
    if n_cur < thresholds.min_samples or not features:
        status: Status = "insufficient_data"
    else:
        status = max((f.status for f in features), key=lambda s: _SEVERITY[s])
    drifted = sum(f.status == "drift" for f in features)
    return DriftReport(
        status=status,
        n_reference=int(reference.get("n_rows", 0)),
        n_current=n_cur,
        drifted_share=_round(drifted / len(features)) if features else 0.0,
        features=features,
        prediction=prediction,
        thresholds={
            "warning_psi": thresholds.warning_psi,
            "alert_psi": thresholds.alert_psi,
            "min_samples": thresholds.min_samples,
        },
        skipped=list(reference.get("skipped", [])),
    )
