"""Benchmark online predictions: our API vs `mlflow models serve` vs bare in-process predict.

Pipelines exactly as the AutoML engine ships them (caster -> column transformer -> model, or
caster -> soft-voting ensemble of column transformer -> model members) for HistGradientBoosting,
LightGBM, linear and a 5-member weighted ensemble, on a synthetic 20-feature dataset (14 numbers with gaps, 4 low- and 2
high-cardinality categories) is registered in a temporary MLflow registry and served by the real
API (uvicorn subprocess on 127.0.0.1, one process) and by `mlflow models serve` (one worker).

    cd backend && uv run python benchmarks/predict_benchmark.py
    uv run python benchmarks/predict_benchmark.py --models ensemble --requests 1000
    uv run python benchmarks/predict_benchmark.py --requests 2000 --mlflow-python /path/bin/python

`--mlflow-python` is a Python with full `mlflow==3.17.2` (the API only needs mlflow-skinny), e.g.
a venv made from `uv export --group server`; without it the mlflow column is skipped.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx2 as httpx
import mlflow.sklearn
import numpy as np
import pandas as pd
from mlflow import MlflowClient
from sklearn.pipeline import Pipeline
from threadpoolctl import threadpool_limits

from csv_analyzer import migrate
from csv_analyzer.config import Settings
from csv_analyzer.db import make_engine, make_sessionmaker
from csv_analyzer.predictions.inference import prepare_rows
from csv_analyzer.predictions.serving import build_serving_model
from csv_analyzer.registry.service import record_trained_version
from csv_analyzer.training.automl.columns import feature_schema, plan_columns
from csv_analyzer.training.automl.contracts import MODEL_STEP, PREPARE_STEP, PREPROCESS_STEP
from csv_analyzer.training.automl.ensemble import build_voting
from csv_analyzer.training.automl.portfolio import ALGORITHMS
from csv_analyzer.training.automl.preprocessing import (
    build_caster,
    build_preprocessor,
    leading_categoricals,
)
from csv_analyzer.training.report import RunReport

SRC = Path(__file__).resolve().parents[1] / "src"
SECRET = "benchmark-secret-0123456789-0123456789-abc"  # noqa: S105 - a throwaway server


# uvicorn re-raises SIGTERM after shutting down; exiting from our own handler lets cProfile write.
PROFILED_SERVER = """
import cProfile, signal, sys, uvicorn
signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
server = uvicorn.Server(uvicorn.Config("csv_analyzer.main:create_app", factory=True,
    host="127.0.0.1", port=int(sys.argv[2]), access_log=False, log_level="warning"))
profile = cProfile.Profile()
try:
    profile.runcall(server.run)
finally:
    profile.dump_stats(sys.argv[1])
"""


def make_data(n: int, seed: int = 0) -> tuple[pd.DataFrame, np.ndarray]:
    rng = np.random.default_rng(seed)
    cols: dict[str, Any] = {}
    for i in range(14):
        x = rng.normal(size=n)
        x[rng.random(n) < 0.05] = np.nan
        cols[f"num_{i}"] = x
    for i in range(4):
        cols[f"cat_{i}"] = rng.choice([f"c{j}" for j in range(5)], size=n)
    for i in range(2):
        cols[f"city_{i}"] = rng.choice([f"city{j}" for j in range(30)], size=n)
    frame = pd.DataFrame(cols)
    signal = (
        np.nan_to_num(frame["num_0"]) + (frame["cat_0"] == "c1") * 1.5 - frame["num_3"].fillna(0)
    )
    y = np.where(signal + rng.normal(scale=0.5, size=n) > 0.3, "yes", "no")
    return frame, y


MODELS = {
    "hgb": ("hist_gradient_boosting",),
    "lightgbm": ("lightgbm",),
    "linear": ("linear",),
    "ensemble": ("hist_gradient_boosting", "lightgbm", "linear", "random_forest", "extra_trees"),
}
PARAMS: dict[str, dict[str, Any]] = {
    "hist_gradient_boosting": {"max_iter": 100},
    "lightgbm": {"n_estimators": 100},
    "random_forest": {"n_estimators": 100},
    "extra_trees": {"n_estimators": 100},
}
ENSEMBLE_WEIGHTS = (5, 4, 2, 1, 1)


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"[load {one:.2f} {five:.2f} {fifteen:.2f}]"


def _member(plan: Any, algorithm: str) -> Pipeline:
    spec = ALGORITHMS[algorithm]
    n_cat = leading_categoricals(plan, spec.family)
    return Pipeline(
        [
            (PREPROCESS_STEP, build_preprocessor(plan, spec.family, 0, task="classification")),
            (MODEL_STEP, spec.build("classification", PARAMS.get(algorithm, {}), 0, n_cat)),
        ]
    )


def fit(kind: str, frame: pd.DataFrame, y: np.ndarray) -> tuple[Pipeline, list[dict[str, Any]]]:
    """The pipeline the engine would ship for `kind` (see MODELS)."""
    plan = plan_columns(frame)
    algorithms = MODELS[kind]
    if len(algorithms) == 1:
        member = _member(plan, algorithms[0])
        pipeline = Pipeline([(PREPARE_STEP, build_caster(plan)), *member.steps])
    else:
        members = [(f"m{k}_{a}", _member(plan, a)) for k, a in enumerate(algorithms)]
        voting = build_voting("classification", members, ENSEMBLE_WEIGHTS)
        pipeline = Pipeline([(PREPARE_STEP, build_caster(plan)), (MODEL_STEP, voting)])
    with threadpool_limits(1):
        pipeline.fit(frame, y)
    return pipeline, feature_schema(frame, plan)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def wait_http(url: str, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(url, timeout=2).status_code == 200:
                return
        time.sleep(0.3)
    raise RuntimeError(f"{url} did not come up")


@contextlib.contextmanager
def process(cmd: list[str], env: dict[str, str], log: Path) -> Iterator[subprocess.Popen[bytes]]:
    with log.open("wb") as out:
        proc = subprocess.Popen(cmd, env=env, stdout=out, stderr=subprocess.STDOUT)
        try:
            yield proc
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()


def percentiles(samples: list[float]) -> tuple[float, float]:
    arr = np.asarray(samples) * 1000
    return float(np.percentile(arr, 50)), float(np.percentile(arr, 99))


def sequential(call: Callable[[], None], n: int, warmup: int = 50) -> tuple[float, float]:
    for _ in range(warmup):
        call()
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        call()
        times.append(time.perf_counter() - t0)
    return percentiles(times)


def concurrent(make_call: Callable[[], Callable[[], None]], clients: int, per_client: int) -> float:
    """Requests per second with `clients` threads, each with its own connection."""
    calls = [make_call() for _ in range(clients)]
    for c in calls:
        c()
    barrier = threading.Barrier(clients + 1)

    def worker(call: Callable[[], None]) -> None:
        barrier.wait()
        for _ in range(per_client):
            call()

    threads = [threading.Thread(target=worker, args=(c,)) for c in calls]
    for t in threads:
        t.start()
    barrier.wait()
    t0 = time.perf_counter()
    for t in threads:
        t.join()
    return clients * per_client / (time.perf_counter() - t0)


def rows_per_second(call: Callable[[], None], rows: int, repeats: int = 5) -> float:
    call()
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        call()
        times.append(time.perf_counter() - t0)
    return rows / statistics.median(times)


def json_rows(frame: pd.DataFrame) -> list[dict[str, Any]]:
    records = frame.to_dict(orient="records")
    return [
        {k: (None if isinstance(v, float) and np.isnan(v) else v) for k, v in r.items()}
        for r in records
    ]


def poster(
    url: str, body: Any, headers: dict[str, str] | None = None
) -> Callable[[], Callable[[], None]]:
    # The body is encoded once: the clients' JSON encoding is not what is being measured.
    payload = json.dumps(body).encode()
    sent = {"Content-Type": "application/json", **(headers or {})}

    def make() -> Callable[[], None]:
        client = httpx.Client(timeout=60, headers=sent)

        def call() -> None:
            r = client.post(url, content=payload)
            if r.status_code != 200:
                raise RuntimeError(f"{r.status_code}: {r.text[:300]}")

        return call

    return make


def measure(
    name: str, url: str, one: Any, big: Any, headers: dict[str, str] | None, args: Any
) -> dict[str, Any]:
    p50, p99 = sequential(poster(url, one, headers)(), args.requests)
    rps = concurrent(poster(url, one, headers), 16, args.requests // 16)
    rows = rows_per_second(poster(url, big, headers)(), args.big_rows)
    print(
        f"  {name}: p50 {p50:.2f} ms, p99 {p99:.2f} ms, {rps:.0f} req/s, {rows:,.0f} rows/s"
        f" {load()}",
        flush=True,
    )
    return {"p50": p50, "p99": p99, "rps": rps, "rows": rows, "load": load()}


def register_model(
    settings: Settings, owner_id: str, pipeline: Pipeline, schema: list[dict[str, Any]]
) -> tuple[str, str]:
    client = MlflowClient(
        settings.resolved_mlflow_tracking_uri, settings.resolved_mlflow_registry_uri
    )
    name = f"{owner_id}.bench-{uuid.uuid4().hex[:8]}"
    exp = client.create_experiment(
        name, artifact_location=(settings.mlflow_artifact_root / "bench").as_uri()
    )
    run = client.create_run(exp)
    with tempfile.TemporaryDirectory() as tmp:
        local = Path(tmp) / "model"
        mlflow.sklearn.save_model(
            pipeline,
            str(local),
            serialization_format="cloudpickle",
            pip_requirements=["scikit-learn"],
        )
        client.log_artifacts(run.info.run_id, str(local), "model")
    client.set_terminated(run.info.run_id)
    client.create_registered_model(name)
    source = f"{run.info.artifact_uri}/model"
    mv = client.create_model_version(name, source=source, run_id=run.info.run_id)
    engine = make_engine(settings.resolved_database_url)
    with make_sessionmaker(engine)() as session:
        version = record_trained_version(
            session,
            settings=settings,
            owner_id=owner_id,
            model_name=name.split(".", 1)[1],
            mlflow_model_name=name,
            mlflow_version=mv.version,
            source_uri=source,
            report=bench_report(schema),
        )
    engine.dispose()
    return version.model_id, source


def bench_report(schema: list[dict[str, Any]]) -> RunReport:
    """A minimal valid run report: the registry only needs the task, metric and schema here."""
    trial = {
        "trial_id": 0,
        "algorithm": "benchmark",
        "params": {},
        "source": "default",
        "status": "ok",
        "cv_mean": 0.9,
        "cv_std": 0.0,
        "fit_time_s": 0.0,
        "predict_time_s": 0.0,
        "error": None,
    }
    return RunReport.model_validate(
        {
            "task": "classification",
            "task_explanation": "benchmark",
            "metric": "accuracy",
            "greater_is_better": True,
            "cv_score": 0.9,
            "leaderboard": [trial],
            "best_trial": trial,
            "ensemble_used": False,
            "ensemble_members": [],
            "holdout_metrics": {"accuracy": 0.9},
            "baseline_metrics": {},
            "plots": {},
            "feature_importances": [],
            "feature_schema": schema,
            "dropped_columns": [],
            "classes": ["no", "yes"],
            "rows": {"input": 0, "train": 0, "holdout": 0},
            "timings": {},
            "library_versions": {},
        }
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=1000, help="sequential single-row requests")
    parser.add_argument("--big-rows", type=int, default=10_000)
    parser.add_argument("--mlflow-python", default="", help="a Python with full mlflow (serve)")
    parser.add_argument(
        "--models", default=",".join(MODELS), help=f"comma-separated, of {', '.join(MODELS)}"
    )
    parser.add_argument(
        "--profile-api", default="", help="write a cProfile of the API server to this file"
    )
    args = parser.parse_args()
    table: list[tuple[str, str, dict[str, Any]]] = []
    for kind in args.models.split(","):
        print(f"\n=== {kind} ({' + '.join(MODELS[kind])}) {load()}", flush=True)
        table += [(kind, name, r) for name, r in bench(kind, args).items()]
    print(
        "\n| model | path | p50 ms | p99 ms | req/s, 16 clients | rows/s, 10k-row request | load |"
    )
    print("|---|---|---|---|---|---|---|")
    for kind, name, r in table:
        rps = f"{r['rps']:.0f}" if "rps" in r else "-"
        rows = f"{r['rows']:,.0f}" if "rows" in r else "-"
        print(
            f"| {kind} | {name} | {r['p50']:.2f} | {r['p99']:.2f} | {rps} | {rows} | {r['load']} |"
        )


def bench(kind: str, args: Any) -> dict[str, dict[str, Any]]:
    """Every figure for one model kind: in process, our API, and `mlflow models serve`."""
    os.environ["MLFLOW_DISABLE_TELEMETRY"] = "true"
    work = Path(tempfile.mkdtemp(prefix="predict-bench-"))
    env = {
        **os.environ,
        "DATA_DIR": str(work),
        "JWT_SECRET": SECRET,
        "LOG_LEVEL": "WARNING",
        "ENVIRONMENT": "dev",
        "REDIS_URL": "",
        "DATABASE_URL": "",
        "PYTHONPATH": str(SRC),
    }
    env = {k: v for k, v in env.items() if v != ""}
    settings = Settings(data_dir=work, jwt_secret=SECRET, _env_file=None)  # type: ignore[arg-type,call-arg]
    migrate.upgrade(settings.resolved_database_url)

    frame, y = make_data(5000)
    pipeline, schema = fit(kind, frame, y)
    one_frame = frame.iloc[[0]]
    one = json_rows(one_frame)
    big = json_rows(frame.sample(args.big_rows, replace=True, random_state=1))
    results: dict[str, dict[str, Any]] = {}

    print("in process:", flush=True)
    with threadpool_limits(1):
        p50, p99 = sequential(lambda: pipeline.predict_proba(one_frame), args.requests)
    print(
        f"  pipeline.predict_proba(1-row DataFrame), 1 thread: p50 {p50:.2f} ms, p99 {p99:.2f} ms"
        f" {load()}"
    )
    results["in-process pipeline"] = {"p50": p50, "p99": p99, "load": load()}
    serving = build_serving_model(pipeline, schema, "classification", ["no", "yes"])
    assert serving.fast is not None, f"the compiled path was refused: {serving.fallback_reason}"
    p50, p99 = sequential(lambda: serving.score(prepare_rows(one, serving.features)), args.requests)
    print(
        f"  validate + compiled path (labels + probabilities): p50 {p50:.2f} ms, p99 {p99:.2f} ms"
        f" {load()}"
    )
    results["in-process ours"] = {"p50": p50, "p99": p99, "load": load()}
    check = serving.score(prepare_rows(big, serving.features))
    reference = pipeline.predict(pd.DataFrame(big))
    assert check.predictions == reference.tolist(), "compiled path differs from the pipeline"

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    cmd = [
        sys.executable,
        "-m",
        "uvicorn",
        "csv_analyzer.main:create_app",
        "--factory",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--no-access-log",
        "--log-level",
        "warning",
    ]
    if args.profile_api:
        cmd = [sys.executable, "-c", PROFILED_SERVER, args.profile_api, str(port)]
    with process(cmd, env, work / "api.log"):
        wait_http(f"{base}/api/v1/health")
        creds = {"email": "bench@example.com", "password": "benchmark password 1"}
        httpx.post(f"{base}/api/v1/auth/register", json=creds).raise_for_status()
        login = httpx.post(
            f"{base}/api/v1/auth/login",
            data={"username": creds["email"], "password": creds["password"]},
        )
        jwt = {"Authorization": f"Bearer {login.json()['access_token']}"}
        me = httpx.get(f"{base}/api/v1/users/me", headers=jwt).json()
        model_id, source = register_model(settings, me["id"], pipeline, schema)
        token = httpx.post(f"{base}/api/v1/tokens", json={"name": "bench"}, headers=jwt).json()[
            "token"
        ]
        api = {"Authorization": f"Bearer {token}"}
        url = f"{base}/api/v1/models/{model_id}/predict"
        print("our API (1 uvicorn process, API token):", flush=True)
        results["our API"] = measure("ours", url, {"rows": one}, {"rows": big}, api, args)
        log = httpx.get(f"{base}/api/v1/models/{model_id}/predictions?limit=1", headers=jwt).json()
        print(f"  prediction log rows written: {log['total']}")

    if args.mlflow_python:
        port = free_port()
        mlflow_bin = str(Path(args.mlflow_python).parent / "mlflow")
        serve_env = {**env, "MLFLOW_TRACKING_URI": settings.resolved_mlflow_tracking_uri}
        cmd = [
            mlflow_bin,
            "models",
            "serve",
            "-m",
            source,
            "--env-manager",
            "local",
            "-h",
            "127.0.0.1",
            "-p",
            str(port),
            "-w",
            "1",
        ]
        with process(cmd, serve_env, work / "mlflow-serve.log"):
            wait_http(f"http://127.0.0.1:{port}/ping", timeout=180)
            print("mlflow models serve (1 worker):", flush=True)
            results["mlflow serve"] = measure(
                "mlflow",
                f"http://127.0.0.1:{port}/invocations",
                {"dataframe_records": one},
                {"dataframe_records": big},
                None,
                args,
            )

    shutil.rmtree(work, ignore_errors=True)
    return results


if __name__ == "__main__":
    main()
