"""``run_automl``: the whole training job as one pure function.

Order: validate -> target -> holdout split (before anything looks at the data) -> column plan ->
search on the training part -> optional ensemble -> refit on the training part -> holdout
evaluation against a naive baseline -> permutation importance.
"""

from __future__ import annotations

import time
import warnings
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
from sklearn.pipeline import Pipeline
from threadpoolctl import threadpool_limits

from csv_analyzer.training.automl import evaluation as ev
from csv_analyzer.training.automl.columns import feature_schema, plan_columns
from csv_analyzer.training.automl.contracts import (
    MODEL_STEP,
    PREPARE_STEP,
    PREPROCESS_STEP,
    AutoMLConfig,
    AutoMLResult,
    ProgressUpdate,
)
from csv_analyzer.training.automl.cv import CVData, make_folds, subsample_rows
from csv_analyzer.training.automl.ensemble import MAX_CANDIDATES, build_voting, select_ensemble
from csv_analyzer.training.automl.errors import Cancelled, ConfigError, NoModelError
from csv_analyzer.training.automl.importance import permutation_importance
from csv_analyzer.training.automl.metrics import resolve_metric
from csv_analyzer.training.automl.portfolio import ALGORITHMS, validate_hyperparameters
from csv_analyzer.training.automl.preprocessing import (
    build_caster,
    build_preprocessor,
    leading_categoricals,
)
from csv_analyzer.training.automl.search import Search, Trial
from csv_analyzer.training.automl.settings import (
    config_to_dict,
    library_versions,
    search_plan,
    validate_config,
)
from csv_analyzer.training.automl.task import prepare_target

IMPORTANCE_SHARE = 0.1
"""Share of the time budget reserved for permutation importance over every feature."""
IMPORTANCE_MIN_S = 1.0


def importance_allowance(budget: float) -> float:
    """Seconds permutation importance may take for a run of `budget` seconds."""
    return max(IMPORTANCE_MIN_S, IMPORTANCE_SHARE * budget)


def _noop(_update: ProgressUpdate) -> None:
    return None


def _never() -> bool:
    return False


def _member(plan: Any, trial: Trial, task: Any, seed: int) -> Pipeline:
    spec = ALGORITHMS[trial.row.algorithm]
    return Pipeline(
        [
            (PREPROCESS_STEP, build_preprocessor(plan, spec.family, seed, task=task)),
            (
                MODEL_STEP,
                spec.build(task, trial.params, seed, leading_categoricals(plan, spec.family)),
            ),
        ]
    )


def ensemble_candidates(ranked: list[Trial], limit: int = MAX_CANDIDATES) -> list[Trial]:
    """The ensemble pool: the best trial of each algorithm, then the next best overall.

    Ranked by one noisy CV, the top ten of a long search can all be tuned variants of one family
    (400 linear trials on penguins); the blend needs the other families' best to be robust.
    """
    firsts: dict[str, Trial] = {}
    for t in ranked:
        firsts.setdefault(t.row.algorithm, t)
    picked = list(firsts.values())[:limit]
    chosen = {id(t) for t in picked}
    picked += [t for t in ranked if id(t) not in chosen][: limit - len(picked)]
    return sorted(picked, key=lambda t: -(t.score or 0.0))


def predict_final(pipeline: Any, X: pd.DataFrame, task: str) -> np.ndarray:
    """Probabilities (columns in ``classes`` order: sklearn sorts labels) or regression values."""
    if task == "regression":
        return np.asarray(pipeline.predict(X), dtype=float)
    return np.asarray(pipeline.predict_proba(X), dtype=float)


def run_automl(
    df: pd.DataFrame,
    config: AutoMLConfig,
    on_progress: Callable[[ProgressUpdate], None] = _noop,
    should_cancel: Callable[[], bool] = _never,
) -> AutoMLResult:
    """Train, select, refit and evaluate a model for ``config.target``.

    Args:
        df: The dataset (raw dtypes; any extra columns are ignored unless used as features).
        config: What to train and within which budget.
        on_progress: Called after every trial and phase change.
        should_cancel: Polled between trials; returning True raises ``Cancelled``.

    Returns:
        The result; ``result.pipeline`` is fitted on the training part (or all rows with
        ``config.refit_full``) and predicts original labels from raw rows.

    Raises:
        ConfigError: Invalid configuration (unknown column, algorithm, metric, hyperparameter).
        TargetError: The target cannot be learned.
        Cancelled: ``should_cancel()`` returned True.
        NoModelError: No candidate finished within the budget.
    """
    start = time.monotonic()
    timings: dict[str, float] = {}
    features = validate_config(df, config)
    with threadpool_limits(limits=1), warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        return _run(df, config, features, on_progress, should_cancel, start, timings)


def _run(
    df: pd.DataFrame,
    config: AutoMLConfig,
    features: list[str],
    on_progress: Callable[[ProgressUpdate], None],
    should_cancel: Callable[[], bool],
    start: float,
    timings: dict[str, float],
) -> AutoMLResult:
    budget = float(config.time_budget_s)
    target = prepare_target(df[config.target], config.task)
    task = target.task
    classes = target.classes
    n_classes = len(classes) if classes is not None else 0
    metric = resolve_metric(config.metric, task, n_classes)
    fixed = {
        name: validate_hyperparameters(name, params, task)
        for name, params in (config.hyperparameters or {}).items()
    }
    algorithms = list(config.algorithms) if config.algorithms else list(ALGORITHMS)

    X = df.loc[target.keep, features].reset_index(drop=True)
    y_raw = target.y
    y = np.searchsorted(np.asarray(classes), y_raw) if classes is not None else y_raw
    tr, ho = ev.holdout_split(y, task, config.holdout_share, config.seed)
    X_tr, X_ho = X.iloc[tr], X.iloc[ho]
    # Roles look at feature values only (never the target), so all rows may inform them.
    plan = plan_columns(X, config.column_types)
    if not plan.roles:
        reasons = "; ".join(f"{d['name']}: {d['reason']}" for d in plan.dropped) or "none given"
        raise ConfigError(f"No usable feature columns ({reasons}).")
    caster = build_caster(plan)
    timings["prepare_s"] = time.monotonic() - start

    # Search on (a sample of) the training part only: the holdout stays untouched until the end.
    max_rows, n_folds, repeats = search_plan(len(tr), budget, config.folds)
    sub = subsample_rows(y[tr], task, max_rows, config.seed)
    data = CVData(
        X=caster.transform(X_tr.iloc[sub]),
        y=y[tr][sub],
        task=task,
        n_classes=n_classes,
        metric=metric,
        plan=plan,
        folds=make_folds(y[tr][sub], task, n_folds, config.seed, repeats),
        seed=config.seed,
        repeats=repeats,
    )
    search = Search(
        data=data,
        algorithms=algorithms,
        fixed=fixed,
        start=start,
        budget_s=budget,
        # The search leaves room for importance's own share (it runs after refit).
        deadline=start + max(0.5 * budget, 0.8 * budget - importance_allowance(budget)),
        on_progress=on_progress,
        should_cancel=should_cancel,
        refit_scale=(len(tr) / len(sub))
        * data.folds_per_repeat
        / max(data.folds_per_repeat - 1, 1),
    )
    trials = search.run()
    timings["search_s"] = time.monotonic() - start - timings["prepare_s"]
    ranked = sorted((t for t in trials if t.oof is not None), key=lambda t: -(t.score or 0.0))
    if not ranked:
        raise NoModelError("No model finished cross-validation within the time budget.")
    if should_cancel():
        raise Cancelled("training cancelled")

    # Ensemble only when the blend beats the best single model on the same OOF rows.
    t0 = time.monotonic()
    search.report("ensemble")
    candidates = ensemble_candidates(ranked)
    oofs = [t.oof for t in candidates if t.oof is not None]
    choice = select_ensemble(oofs, data.oof_y, metric, folds=data.oof_folds)
    members = [(candidates[i], w) for i, w in sorted(choice.weights.items())]
    refit_cost = sum(t.row.fit_time_s for t, _ in members) / len(data.folds) * search.refit_scale
    use_ensemble = choice.improves and time.monotonic() + refit_cost < start + 0.95 * budget
    timings["ensemble_s"] = time.monotonic() - t0

    t0 = time.monotonic()
    search.report("refit")
    best = ranked[0]
    if use_ensemble:
        voting = build_voting(
            task,
            [
                (f"m{t.row.trial_id}_{t.row.algorithm}", _member(plan, t, task, config.seed))
                for t, _ in members
            ],
            [w for _, w in members],
        )
        pipeline = Pipeline([(PREPARE_STEP, caster), (MODEL_STEP, voting)])
        # Scored per fold like every leaderboard row, so it compares with their CV means.
        cv_score = choice.score if metric.greater_is_better else -choice.score
    else:
        member = _member(plan, best, task, config.seed)
        pipeline = Pipeline([(PREPARE_STEP, caster), *member.steps])
        cv_score = float(best.row.cv_mean or 0.0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        pipeline.fit(X_tr, y_raw[tr])
    timings["refit_s"] = time.monotonic() - t0

    t0 = time.monotonic()
    search.report("evaluation")
    pred = predict_final(pipeline, X_ho, task)
    if classes is not None:
        prior = np.bincount(y[tr], minlength=n_classes) / len(tr)
        baseline = np.tile(prior, (len(ho), 1))
        holdout = ev.classification_report(y[ho], pred, classes)
        base_metrics = ev.classification_report(y[ho], baseline, classes)
        plots = ev.classification_plots(y[ho], pred, classes)
    else:
        baseline = np.full(len(ho), float(np.mean(y[tr])))
        holdout = ev.regression_report(y[ho], pred)
        base_metrics = ev.regression_report(y[ho], baseline)
        plots = ev.regression_plots(y[ho], pred, config.seed)
    # Importance has its own share of the budget, not what the search left over: a chart that
    # measured only some columns points at the wrong drivers.
    importance = permutation_importance(
        lambda frame: predict_final(pipeline, frame, task),
        metric.score,
        X_ho,
        y[ho],
        list(plan.roles),
        importance_allowance(budget),
        config.seed,
    )
    importances = importance.rows
    plots["feature_importance"] = importances
    plots["feature_importance_coverage"] = importance.coverage
    timings["evaluation_s"] = time.monotonic() - t0

    if config.refit_full:
        t0 = time.monotonic()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            pipeline.fit(X, y_raw)
        timings["refit_full_s"] = time.monotonic() - t0
    timings["total_s"] = time.monotonic() - start
    search.report("done")
    return AutoMLResult(
        pipeline=pipeline,
        task=task,
        task_explanation=target.explanation,
        metric=metric.name,
        greater_is_better=metric.greater_is_better,
        leaderboard=[t.row for t in trials],
        best_trial=best.row,
        ensemble_used=use_ensemble,
        ensemble_members=[
            {"trial_id": t.row.trial_id, "algorithm": t.row.algorithm, "weight": w}
            for t, w in (members if use_ensemble else [])
        ],
        cv_score=float(cv_score),
        holdout_metrics=holdout,
        baseline_metrics=base_metrics,
        plots=plots,
        feature_importances=importances,
        feature_schema=feature_schema(X_tr, plan),
        dropped_columns=list(plan.dropped),
        classes=[c.item() if isinstance(c, np.generic) else c for c in classes]
        if classes
        else None,
        rows={
            "input": len(df),
            "missing_target_dropped": target.n_missing,
            "train": len(tr),
            "holdout": len(ho),
            "search": len(sub),
            "folds": data.folds_per_repeat,
            "cv_repeats": data.repeats,
        },
        timings={k: round(v, 3) for k, v in timings.items()},
        library_versions=library_versions(),
        config=config_to_dict(config),
        holdout_X=None if config.refit_full else X_ho,  # refit on them: no fair comparison
        holdout_y=y_raw[ho],
    )
