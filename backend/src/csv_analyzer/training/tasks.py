"""The "training.run" job: load the dataset version, run AutoML, track and register the model.

Runs in a worker process (embedded job process or Celery worker), never in the API.
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
import math
import time
from typing import Any

from pydantic import ValidationError
from sqlalchemy import update

from csv_analyzer.datasets import service as datasets
from csv_analyzer.datasets.models import DatasetVersion
from csv_analyzer.errors import NotFound
from csv_analyzer.jobs.context import JobCancelled, JobContext, JobFailed
from csv_analyzer.jobs.specs import read_spec
from csv_analyzer.json_types import JsonObject
from csv_analyzer.registry.gate import GateDecision
from csv_analyzer.registry.paired import ChampionComparison
from csv_analyzer.storage import ObjectStore, make_store
from csv_analyzer.training.automl import (
    AutoMLConfig,
    AutoMLResult,
    Cancelled,
    ConfigError,
    LeaderboardRow,
    NoModelError,
    ProgressUpdate,
    TargetError,
    run_automl,
)
from csv_analyzer.training.column_hints import column_hints
from csv_analyzer.training.models import TrainingRun
from csv_analyzer.training.report import RunReport
from csv_analyzer.training.schemas import (
    LeaderboardEntry,
    ProgressPoint,
    RegistryEntry,
    TrainingProgress,
    TrainingResult,
    TrainingSpec,
)

log = logging.getLogger(__name__)

MAX_HISTORY = 300
MAX_LIVE_LEADERBOARD = 200
MAX_ERROR_CHARS = 300
EXAMPLE_ROWS = 5
MIN_ENGINE_BUDGET_S = 1.0


def jsonable(value: Any) -> Any:
    """Plain JSON: numpy scalars unwrapped, NaN/inf as null (PostgreSQL's JSON refuses NaN)."""
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if hasattr(value, "item") and not isinstance(value, str | bytes):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


class ProgressWriter:
    """Turns the engine's updates into the job's progress JSON (with a thinned score history)."""

    def __init__(
        self, ctx: JobContext, metric: str | None = None, greater_is_better: bool | None = None
    ) -> None:
        self.ctx = ctx
        self.start = time.monotonic()
        self.last_step: str | None = None
        self.history: list[ProgressPoint] = []
        self.greater_is_better = greater_is_better
        self.leaderboard: list[LeaderboardEntry] = []
        self.trial_counts: dict[str, int] = {}
        if metric is not None:
            ctx.update_progress(metric=metric, greater_is_better=greater_is_better)

    def _add_row(self, row: LeaderboardRow) -> None:
        """Keep the best rows (scored first, by the metric's direction) and count every status."""
        self.trial_counts[row.status] = self.trial_counts.get(row.status, 0) + 1
        entry = LeaderboardEntry.model_validate(jsonable(row.to_dict()))
        if entry.error is not None and len(entry.error) > MAX_ERROR_CHARS:
            entry.error = entry.error[: MAX_ERROR_CHARS - 1] + "…"
        sign = -1.0 if self.greater_is_better is not False else 1.0

        def rank(item: LeaderboardEntry) -> tuple[int, float, int]:
            if item.cv_mean is None:
                return (1, 0.0, item.trial_id)
            return (0, sign * item.cv_mean, item.trial_id)

        self.leaderboard.append(entry)
        self.leaderboard.sort(key=rank)
        del self.leaderboard[MAX_LIVE_LEADERBOARD:]

    def __call__(self, update: ProgressUpdate) -> None:
        best = jsonable(update.best_score)
        point = ProgressPoint(
            elapsed_s=round(time.monotonic() - self.start, 2),
            trials_done=update.trials_done,
            best_score=best,
        )
        if update.row is not None:
            self._add_row(update.row)
            self.history.append(point)
            if len(self.history) > MAX_HISTORY:
                self.history = self.history[::2]
        message = None
        if update.row is not None:
            score = f"{update.row.cv_mean:.4g}" if update.row.cv_mean is not None else "-"
            message = (
                f"trial {update.row.trial_id}: {update.row.algorithm} {update.row.status} ({score})"
            )
        self.ctx.update_progress(
            force=update.step != self.last_step,
            fraction=round(min(update.fraction, 0.99), 4),
            trials_done=update.trials_done,
            best_score=best,
            step=update.step,
            message=message,
            history=[p.model_dump(mode="json") for p in self.history],
            leaderboard=[e.model_dump(mode="json") for e in self.leaderboard],
            leaderboard_total=sum(self.trial_counts.values()),
            trial_counts=dict(self.trial_counts),
        )
        self.last_step = update.step


def grace_s(budget: float) -> float:
    """How long a job may overrun its budget (registering the model, one last fold) before it is
    stopped: 10 s plus a tenth of the budget."""
    return 10.0 + 0.1 * budget


def overrun_message(progress: JsonObject, budget: float) -> str:
    """Why a job that overran its budget was stopped, for the user."""
    seen = TrainingProgress.model_validate(progress)
    trials = seen.trials_done
    limit = f"{budget:g} s time budget (+{grace_s(budget):g} s grace)"
    if trials == 0:
        return (
            f"No model finished within the {limit}: the first model alone needs longer on this "
            "data. Raise the time budget, or train on fewer rows, features or classes."
        )
    step = seen.step or "training"
    return (
        f"The job ran past its {limit} while in step '{step}' after {trials} trial(s) and was "
        "stopped. Raise the time budget, or choose faster algorithms."
    )


def training_spec(payload: object) -> TrainingSpec:
    """The job's payload as a `TrainingSpec`; a payload that does not fit fails the job readably."""
    return read_spec(TrainingSpec, payload, "training job")


def automl_config(spec: TrainingSpec, column_types: dict[str, str]) -> AutoMLConfig:
    """The engine configuration from a job's spec."""
    return AutoMLConfig(
        target=spec.target,
        task=spec.task,
        features=spec.features,
        column_types=column_types,
        algorithms=spec.algorithms,
        hyperparameters=spec.hyperparameters,
        time_budget_s=spec.time_budget_s,
        metric=spec.metric,
        folds=spec.folds,
        holdout_share=spec.holdout_share,
        seed=spec.seed,
    )


def resolved_metric(frame: Any, config: AutoMLConfig) -> tuple[str | None, bool | None]:
    """The metric the engine will optimise (the user's or the task default) and its direction.

    Resolved the way the engine does it, so the live page can name it from the first trial.
    (None, None) when the target or metric is invalid: the engine then fails with the reason.
    """
    from csv_analyzer.training.automl.metrics import resolve_metric
    from csv_analyzer.training.automl.task import prepare_target

    try:
        target = prepare_target(frame[config.target], config.task)
        n_classes = len(target.classes) if target.classes is not None else 0
        metric = resolve_metric(config.metric, target.task, n_classes)
    except (TargetError, ConfigError, KeyError):
        return None, None
    return metric.name, metric.greater_is_better


def run_report(result: AutoMLResult) -> RunReport:
    """The engine's report validated against the shape the registry, API and SPA read.

    A report that does not fit is a defect of this release, not of the user's data: the job fails
    before anything is registered, naming the part that is wrong.
    """
    try:
        return RunReport.model_validate(jsonable(result.to_dict()))
    except ValidationError as e:
        where = ", ".join(".".join(str(p) for p in err["loc"]) for err in e.errors()[:5])
        raise JobFailed(f"the training report has an unexpected shape ({where})") from e


def file_sha256(store: ObjectStore, key: str) -> str:
    digest = hashlib.sha256()
    with store.open_read(key) as f:
        while chunk := f.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _load_version(ctx: JobContext) -> tuple[TrainingRun, DatasetVersion]:
    with ctx.sessionmaker() as session:
        run = session.get(TrainingRun, ctx.job_id)
        if run is None:
            raise JobFailed("the training run record is missing")
        if run.dataset_version_id is None:
            raise JobFailed("the dataset version was deleted before training started")
        try:
            version = datasets.get_version_by_id(session, run.dataset_version_id)
        except NotFound as e:
            raise JobFailed("the dataset version was deleted before training started") from e
        session.expunge_all()
        return run, version


def run_training(ctx: JobContext) -> JsonObject:
    """The "training.run" handler; returns the job result (JSON)."""
    started = ctx.started  # the claim: loading the training libraries counts too
    spec = training_spec(ctx.payload)
    budget = spec.time_budget_s
    ctx.deadline = started + budget + grace_s(budget)
    ctx.overrun_message = lambda: overrun_message(ctx.progress, budget)
    run, version = _load_version(ctx)
    ctx.update_progress(force=True, step="loading", message="Reading the dataset version")
    store = make_store(ctx.settings)
    frame = datasets.read_version_frame(store, version)
    hints = column_hints(dict(version.column_types), spec.features, frame)
    config = automl_config(spec, hints)
    metric, greater_is_better = resolved_metric(frame, config)
    writer = ProgressWriter(ctx, metric, greater_is_better)
    # Reading and preparing count against the budget: the engine gets what is left of it.
    left = max(MIN_ENGINE_BUDGET_S, budget - (time.monotonic() - started))
    config = dataclasses.replace(config, time_budget_s=left)
    try:
        result = run_automl(frame, config, writer, ctx.should_cancel)
    except Cancelled as e:
        raise JobCancelled(str(e)) from e
    except (TargetError, ConfigError, NoModelError) as e:
        raise JobFailed(str(e)) from e
    ctx.check_cancel()  # the last chance: nothing is registered after a cancel
    ctx.critical = True  # from here a cancel waits: half a registration is worse than none
    ctx.update_progress(force=True, step="registering", message="Registering the model")
    # MLflow is imported only now: its seconds of imports are not spent before the first trial.
    from csv_analyzer.training import tracking

    report = run_report(result)
    sha = file_sha256(store, version.parquet_key)
    info = tracking.RunInfo(
        job_id=ctx.job_id,
        owner_id=ctx.owner_id,
        model_name=run.model_name,
        registry_name=run.mlflow_model_name,
        dataset_id=version.dataset_id,
        dataset_version=version.number,
        dataset_sha256=sha,
        target=run.target,
    )
    example = _example(frame, report)
    paired = _compare_with_champion(ctx, run, version, result)
    registered = tracking.log_and_register(ctx.settings, info, result, report, example)
    with ctx.sessionmaker.begin() as session:
        session.execute(
            update(TrainingRun)
            .where(TrainingRun.id == ctx.job_id)
            .values(
                mlflow_experiment_id=registered.experiment_id,
                mlflow_run_id=registered.run_id,
                model_version=registered.version,
            )
        )
    log.info("job %s: registered %s v%s", ctx.job_id, registered.registry_name, registered.version)
    registry = _record_version(ctx, run, version, registered, report, paired)
    # Monitoring hook: the training-data profile drift checks compare live inputs with.
    from csv_analyzer.monitoring.references import store_training_reference

    store_training_reference(ctx.sessionmaker, registry.model_id, registry.version, frame, result)
    training_result = TrainingResult(**dict(report), registry=registry, dataset_sha256=sha)
    return {
        **training_result.model_dump(mode="json"),
        "mlflow": {
            "experiment_id": registered.experiment_id,
            "run_id": registered.run_id,
            "model_uri": registered.model_uri,
            "registered_model_name": registered.registry_name,
            "version": registered.version,
        },
    }


def _record_version(
    ctx: JobContext,
    run: TrainingRun,
    version: DatasetVersion,
    registered: Any,
    report: RunReport,
    paired: ChampionComparison | None,
) -> RegistryEntry:
    """Mirror the new MLflow version in the registry tables; its gate picks the alias."""
    from csv_analyzer.registry import service as registry

    with ctx.sessionmaker() as session:
        row = registry.record_trained_version(
            session,
            settings=ctx.settings,
            owner_id=ctx.owner_id,
            model_name=run.model_name,
            mlflow_model_name=registered.registry_name,
            mlflow_version=registered.version,
            source_uri=registered.source,
            report=report,
            mlflow_run_id=registered.run_id,
            training_job_id=ctx.job_id,
            dataset_id=version.dataset_id,
            dataset_version=version.number,
            target=run.target,
            paired=paired,
        )
        return RegistryEntry(
            model_id=row.model_id,
            version=row.version,
            gate=GateDecision.model_validate(row.gate),
        )


def _compare_with_champion(
    ctx: JobContext, run: TrainingRun, version: DatasetVersion, result: AutoMLResult
) -> ChampionComparison | None:
    """The champion scored on this run's holdout rows, so the gate can tell a win from noise."""
    from csv_analyzer.training.challenge import compare_with_champion

    ctx.update_progress(force=True, step="registering", message="Comparing with the champion")
    with ctx.sessionmaker() as session:
        return compare_with_champion(
            session,
            ctx.settings,
            owner_id=ctx.owner_id,
            model_name=run.model_name,
            dataset_id=version.dataset_id,
            result=result,
        )


def _example(frame: Any, report: RunReport) -> Any:
    names = [feature.name for feature in report.feature_schema]
    return frame[names].dropna(how="all").head(EXAMPLE_ROWS).reset_index(drop=True)
