"""Model search under a wall-clock budget: the reference, known-good defaults, then Optuna TPE.

The search stops at ``deadline`` (set by the engine so refit and evaluation still fit in the
budget); a trial whose projected duration overruns it is abandoned between folds.
"""

from __future__ import annotations

import statistics
import time
import warnings
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import optuna

from csv_analyzer.training.automl.contracts import LeaderboardRow, ProgressUpdate
from csv_analyzer.training.automl.cv import CVData, TrialStopped
from csv_analyzer.training.automl.errors import Cancelled
from csv_analyzer.training.automl.portfolio import (
    ALGORITHMS,
    LOG_TARGET,
    REFERENCE,
    TARGET_TRANSFORM,
    Params,
)
from csv_analyzer.training.automl.preprocessing import leading_categoricals
from csv_analyzer.training.automl.task import log_target_may_help

ProgressFn = Callable[[ProgressUpdate], None]
CancelFn = Callable[[], bool]
MAX_TRIALS = 400
KEEP_OOF = 15  # OOF matrices kept for the ensemble (memory bound on large data)
N_PROMISING = 3
# On small data (repeated folds) these run right after the reference: averaged trees give the
# smoothest probabilities on a few hundred rows, where a tuned linear model often only looks best.
SMALL_DATA_FIRST = ("extra_trees", "random_forest")
# Rough cost of each algorithm's default relative to HGB's, to guess the duration of an algorithm
# not tried yet from one that was (a first fold can overrun the deadline before it can be stopped).
RELATIVE_COST = {
    "linear": 0.5,
    "decision_tree": 0.3,
    "hist_gradient_boosting": 1.0,
    "lightgbm": 1.0,
    "extra_trees": 1.5,
    "random_forest": 2.5,
    "gradient_boosting": 3.0,
}


@dataclass
class Trial:
    """A finished trial: its leaderboard row, parameters and (if kept) OOF predictions."""

    row: LeaderboardRow
    params: Params
    score: float | None = None  # higher is better; None unless status is "ok"
    oof: np.ndarray | None = None


@dataclass
class Search:
    """State of one search run. Call ``run()`` once.

    Attributes:
        data: Cross-validation data.
        algorithms: Algorithm names, in the order defaults are tried.
        fixed: User hyperparameters per algorithm (override defaults, never searched).
        start: ``time.monotonic()`` when the job started.
        budget_s: Whole-job budget (progress fractions are relative to it).
        deadline: Monotonic time at which the search must stop.
        on_progress: Progress callback.
        should_cancel: Cancellation probe, checked between trials.
        refit_scale: Refit time of a model / its mean fold fit time (more rows than a fold).
        search_params: False when the user fixed a single configuration (no tuning).
    """

    data: CVData
    algorithms: Sequence[str]
    fixed: Mapping[str, Params]
    start: float
    budget_s: float
    deadline: float
    on_progress: ProgressFn
    should_cancel: CancelFn
    search_params: bool = True
    refit_scale: float = 1.25
    trials: list[Trial] = field(default_factory=list)
    _durations: dict[str, list[float]] = field(default_factory=dict)

    # -- bookkeeping -------------------------------------------------------------------------
    def best(self) -> Trial | None:
        """Best successful trial so far."""
        ok = [t for t in self.trials if t.score is not None]
        return max(ok, key=lambda t: t.score or 0.0) if ok else None

    def _metric_value(self, score: float | None) -> float | None:
        if score is None:
            return None
        return score if self.data.metric.greater_is_better else -score

    def report(self, step: str, row: LeaderboardRow | None = None) -> None:
        """Send a progress update (fraction of the whole budget, capped at 1)."""
        best = self.best()
        fraction = min(1.0, (time.monotonic() - self.start) / self.budget_s)
        best_value = self._metric_value(best.score) if best else None
        self.on_progress(ProgressUpdate(fraction, len(self.trials), best_value, step, row))

    def _expected(self, algorithm: str) -> float:
        past = self._durations.get(algorithm)
        if past:
            return statistics.median(past)
        guesses = [
            statistics.median(d) * RELATIVE_COST[algorithm] / RELATIVE_COST[other]
            for other, d in self._durations.items()
            if other not in ("linear", "decision_tree")  # their cost scales differently
        ]
        return min(guesses) if guesses else 0.0

    def _fits(self, algorithm: str) -> bool:
        return time.monotonic() + self._expected(algorithm) <= self.deadline

    def _update_deadline(self) -> None:
        """Pull the deadline in so refitting the likely ensemble and evaluating still fit."""
        top = sorted(
            (t for t in self.trials if t.score is not None), key=lambda t: -(t.score or 0.0)
        )
        n_folds = len(self.data.folds)
        refit = sum(t.row.fit_time_s for t in top[:N_PROMISING]) / n_folds * self.refit_scale
        reserve = 0.1 * self.budget_s + 1.2 * refit
        self.deadline = min(self.deadline, self.start + self.budget_s - reserve)

    def _trim_oof(self) -> None:
        ok = sorted((t for t in self.trials if t.oof is not None), key=lambda t: -(t.score or 0.0))
        # The best trial of every algorithm keeps its OOF too: the ensemble needs diverse members,
        # and a long search of one family would otherwise push every other family out.
        keep = {id(t) for t in ok[:KEEP_OOF]}
        seen: set[str] = set()
        for t in ok:
            if t.row.algorithm not in seen:
                seen.add(t.row.algorithm)
                keep.add(id(t))
        for t in ok:
            if id(t) not in keep:
                t.oof = None

    @property
    def log_target(self) -> bool:
        """Whether the log1p target transform is a searched dimension (skewed regression)."""
        return self.data.task == "regression" and log_target_may_help(self.data.y)

    # -- one trial -------------------------------------------------------------------------
    def evaluate(
        self, algorithm: str, params: Params, source: str, trial: optuna.Trial | None
    ) -> Trial:
        """Cross-validate one configuration, record it and report progress."""
        if self.should_cancel():
            raise Cancelled("training cancelled")
        spec = ALGORITHMS[algorithm]
        params = {**params, **self.fixed.get(algorithm, {})}
        row = LeaderboardRow(len(self.trials), algorithm, dict(params), "default", "ok")
        row.source = "search" if source == "search" else "default"
        # The family's fold preprocessing is built once and shared by all its trials: timing it
        # as this trial's first fold would project a 15-fold trial far past the deadline.
        self.data.fold_matrices(spec.family)
        began = time.monotonic()
        n_folds = len(self.data.folds)

        def after_fold(k: int, running: float, _used: float) -> None:
            if trial is not None:
                trial.report(running, k)
                if trial.should_prune():
                    raise TrialStopped("pruned")
            projected = began + (time.monotonic() - began) * n_folds / (k + 1)
            # Without any finished model the job would produce nothing: let the first one finish.
            if k + 1 < n_folds and projected > self.deadline and self.best() is not None:
                raise TrialStopped("timeout")

        result = Trial(row, params)
        try:
            cv = self.data.cross_validate(spec, params, after_fold)
        except TrialStopped as stop:
            row.status = "pruned" if stop.status == "pruned" else "timeout"
        except Exception as exc:  # a bad configuration must not end the job
            row.status, row.error = "failed", f"{type(exc).__name__}: {exc}"[:500]
        else:
            row.cv_mean = self._metric_value(float(np.mean(cv.fold_scores)))
            row.cv_std = float(np.std(cv.fold_scores))
            row.fit_time_s, row.predict_time_s = (
                round(cv.fit_time_s, 4),
                round(cv.predict_time_s, 4),
            )
            result.score, result.oof = float(np.mean(cv.fold_scores)), cv.oof
        self._durations.setdefault(algorithm, []).append(time.monotonic() - began)
        self.trials.append(result)
        self._trim_oof()
        self._update_deadline()
        self.report("search" if source == "search" else "defaults", row)
        return result

    # -- phases ----------------------------------------------------------------------------
    def default_plan(self) -> list[tuple[str, list[Params]]]:
        """Default configurations per algorithm, in trial order.

        The reference (HGB with the library's defaults, what a user would write by hand) runs
        first whenever HGB is selected: it is then always on the leaderboard and in the ensemble
        pool, so the final choice can never be worse than it on CV. A skewed non-negative
        regression target also tries each algorithm's first default on ``log1p(y)``; on small data
        (repeated folds) the averaged-tree families run right after the reference.
        """
        n_categorical = leading_categoricals(self.data.plan, "tree")
        plan = []
        log_target = self.log_target and self.search_params
        for algorithm in self.algorithms:
            configs = ALGORITHMS[algorithm].default_configs(self.data.task, n_categorical)
            if log_target:
                configs = [configs[0], {**configs[0], **LOG_TARGET}, *configs[1:]]
            plan.append((algorithm, configs if self.search_params else configs[:1]))
        if self.data.repeats > 1:
            plan.sort(key=lambda entry: entry[0] not in SMALL_DATA_FIRST)  # stable
        for i, (algorithm, configs) in enumerate(plan):
            if algorithm == REFERENCE:
                plan[i] = (algorithm, configs[1:])
                plan.insert(0, (algorithm, configs[:1]))
                break
        return [(algorithm, configs) for algorithm, configs in plan if configs]

    def run(self) -> list[Trial]:
        """Run defaults, then Optuna until the deadline. Returns every trial."""
        for algorithm, defaults in self.default_plan():
            for params in defaults:
                # The first default always runs (a result beats none); later ones only in time.
                if self.best() is not None and not self._fits(algorithm):
                    break
                self.evaluate(algorithm, params, "default", None)
                if time.monotonic() >= self.deadline:
                    return self.trials
        if self.search_params:
            self._optuna()
        return self.trials

    def _promising(self) -> list[str]:
        best: dict[str, float] = {}
        for t in self.trials:
            if t.score is not None:
                best[t.row.algorithm] = max(best.get(t.row.algorithm, -np.inf), t.score)
        ranked = sorted(best, key=lambda a: -best[a])
        return ranked if len(self.algorithms) <= N_PROMISING else ranked[:N_PROMISING]

    def _optuna(self) -> None:
        candidates = self._promising()
        if not candidates:
            return
        optuna.logging.set_verbosity(optuna.logging.WARNING)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", optuna.exceptions.ExperimentalWarning)
            sampler = optuna.samplers.TPESampler(
                seed=self.data.seed, multivariate=True, group=True, n_startup_trials=8
            )
        pruner = optuna.pruners.MedianPruner(n_startup_trials=6, n_warmup_steps=1)
        study = optuna.create_study(direction="maximize", sampler=sampler, pruner=pruner)
        while len(self.trials) < MAX_TRIALS:
            if not any(self._fits(a) for a in candidates) or time.monotonic() >= self.deadline:
                return
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", optuna.exceptions.ExperimentalWarning)
                trial = study.ask()
            algorithm = str(trial.suggest_categorical("algorithm", candidates))
            if not self._fits(algorithm):
                study.tell(trial, state=optuna.trial.TrialState.PRUNED)
                continue
            n_categorical = leading_categoricals(self.data.plan, ALGORITHMS[algorithm].family)
            params = ALGORITHMS[algorithm].sample(
                trial, self.data.task, f"{algorithm}.", n_categorical
            )
            if self.log_target:
                transform = str(trial.suggest_categorical(TARGET_TRANSFORM, ["none", "log1p"]))
                if transform != "none":
                    params[TARGET_TRANSFORM] = transform
            done = self.evaluate(algorithm, params, "search", trial)
            if done.score is not None:
                study.tell(trial, done.score)
            elif done.row.status == "failed":
                study.tell(trial, state=optuna.trial.TrialState.FAIL)
            else:
                study.tell(trial, state=optuna.trial.TrialState.PRUNED)
