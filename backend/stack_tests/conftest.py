"""The native full stack on loopback: PostgreSQL, Redis, `mlflow server`, the API under uvicorn,
a Celery worker, nginx in front, and Prometheus scraping — the processes docker-compose runs.

Needs PostgreSQL on 127.0.0.1:5432 (trust auth), Redis on 127.0.0.1:6379, Debian's nginx and
prometheus, and the `server` dependency group (full mlflow). `make stack-test` runs it.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx2 as httpx
import pytest
from sqlalchemy import create_engine, text

REPO = Path(__file__).resolve().parents[2]
BACKEND = REPO / "backend"
PG_ADMIN_URL = os.environ.get(
    "STACK_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
REDIS_URL = os.environ.get("STACK_REDIS_URL", "redis://127.0.0.1:6379/14")
REQUIRED = os.environ.get("STACK_REQUIRED") == "1"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def wait_http(
    url: str, *, timeout: float = 60, proc: subprocess.Popen[bytes] | None = None
) -> None:
    deadline = time.monotonic() + timeout
    last: Exception | None = None
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"process for {url} exited with {proc.returncode}")
        try:
            if httpx.get(url, timeout=2).status_code < 500:
                return
        except httpx.HTTPError as e:
            last = e
        time.sleep(0.3)
    raise TimeoutError(f"{url} did not answer within {timeout}s ({last})")


def _missing_prerequisites() -> list[str]:
    missing = [b for b in ("nginx", "prometheus") if shutil.which(b) is None]
    try:
        import mlflow.server  # noqa: F401
    except ImportError:
        missing.append("full mlflow (uv sync --group server)")
    try:
        engine = create_engine(PG_ADMIN_URL)
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        engine.dispose()
    except Exception:  # any failure means: no usable PostgreSQL here
        missing.append("PostgreSQL on 127.0.0.1:5432")
    return missing


@dataclass
class Stack:
    nginx_url: str
    api_url: str
    prometheus_url: str
    mlflow_url: str
    work: Path


class Processes:
    def __init__(self, logs: Path) -> None:
        self.logs = logs
        self.procs: list[tuple[str, subprocess.Popen[bytes]]] = []

    def start(self, name: str, cmd: list[str], env: dict[str, str]) -> subprocess.Popen[bytes]:
        log = (self.logs / f"{name}.log").open("wb")
        proc = subprocess.Popen(
            cmd, env=env, stdout=log, stderr=subprocess.STDOUT, cwd=REPO, start_new_session=True
        )
        self.procs.append((name, proc))
        return proc

    def stop_all(self) -> None:
        for _name, proc in reversed(self.procs):
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
        for name, proc in reversed(self.procs):
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                print(f"{name} had to be killed", file=sys.stderr)

    def dump_logs(self) -> None:
        for log in sorted(self.logs.glob("*.log")):
            tail = log.read_text(errors="replace")[-3000:]
            print(f"\n===== {log.name} (tail) =====\n{tail}", file=sys.stderr)


def _recreate_database(name: str) -> str:
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    missing = _missing_prerequisites()
    if missing:
        if REQUIRED:
            pytest.fail(f"stack test prerequisites missing: {', '.join(missing)}")
        pytest.skip(f"stack test needs: {', '.join(missing)}")
    work = tmp_path_factory.mktemp("stack")
    logs = work / "logs"
    logs.mkdir()
    procs = Processes(logs)
    ports = {k: free_port() for k in ("api", "nginx", "mlflow", "prometheus", "worker")}
    app_db = _recreate_database("csv_analyzer_stack")
    mlflow_db = _recreate_database("csv_analyzer_stack_mlflow")
    python = sys.executable
    base_env = {
        **os.environ,
        "MLFLOW_DISABLE_TELEMETRY": "true",
        "PYTHONUNBUFFERED": "1",
    }
    try:
        mlflow_url = f"http://127.0.0.1:{ports['mlflow']}"
        mlflow_proc = procs.start(
            "mlflow",
            [
                python,
                "-m",
                "mlflow",
                "server",
                "--host",
                "127.0.0.1",
                "--port",
                str(ports["mlflow"]),
                "--backend-store-uri",
                mlflow_db,
                "--artifacts-destination",
                str(work / "mlartifacts"),
                "--workers",
                "1",
                "--allowed-hosts",
                f"127.0.0.1:{ports['mlflow']},localhost:{ports['mlflow']}",
            ],
            base_env,
        )
        multiproc = work / "prom-multiproc"
        multiproc.mkdir()
        app_env = {
            **base_env,
            "ENVIRONMENT": "production",
            "DATABASE_URL": app_db,
            "REDIS_URL": REDIS_URL,
            "DATA_DIR": str(work / "var"),
            "JWT_SECRET": "stack-test-secret-0123456789-0123456789",
            "FORWARDED_ALLOW_IPS": "127.0.0.1",  # nginx, as in compose
            "MLFLOW_TRACKING_URI": mlflow_url,
            "MLFLOW_REGISTRY_URI": mlflow_url,
            "PROMETHEUS_MULTIPROC_DIR": str(multiproc),
            "FRONTEND_DIST": str(REPO / "frontend" / "dist"),
            "WORKER_METRICS_PORT": str(ports["worker"]),
        }
        subprocess.run(
            [python, "-m", "csv_analyzer.cli", "migrate"], env=app_env, check=True, cwd=REPO
        )
        api_url = f"http://127.0.0.1:{ports['api']}"
        api_proc = procs.start(
            "api",
            [
                python,
                "-m",
                "csv_analyzer.cli",
                "serve",
                "--host",
                "127.0.0.1",
                "--port",
                str(ports["api"]),
            ],
            app_env,
        )
        procs.start(
            "worker",
            [
                python,
                "-m",
                "celery",
                "-A",
                "csv_analyzer.worker",
                "worker",
                "--pool",
                "solo",
                "--concurrency",
                "1",
                "--loglevel",
                "INFO",
            ],
            app_env,
        )
        nginx_root = work / "nginx"
        subprocess.run(
            ["bash", str(REPO / "scripts/ops/nginx-test.sh"), str(nginx_root)],
            env={
                **base_env,
                "NGINX_HTTP_PORT": str(ports["nginx"]),
                "NGINX_HTTPS_PORT": str(free_port()),
                "API_PORT": str(ports["api"]),
            },
            check=True,
            cwd=REPO,
        )
        plain = nginx_root / "plain"
        dist = REPO / "frontend" / "dist"
        if (dist / "index.html").is_file():
            shutil.rmtree(plain / "html")
            shutil.copytree(dist, plain / "html")
        # As root, nginx's workers would drop to "nobody", who cannot read pytest's private tmp dirs.
        nginx_globals = "daemon off; user root;" if os.geteuid() == 0 else "daemon off;"
        procs.start(
            "nginx",
            [
                "nginx",
                "-p",
                str(plain / "run"),
                "-c",
                str(plain / "etc/nginx/nginx.conf"),
                "-g",
                nginx_globals,
            ],
            base_env,
        )
        prom_cfg = work / "prometheus.yml"
        prom_cfg.write_text(
            "global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\n"
            "scrape_configs:\n"
            f"  - job_name: api\n    static_configs:\n      - targets: ['127.0.0.1:{ports['api']}']\n"
            f"  - job_name: worker\n    static_configs:\n      - targets: ['127.0.0.1:{ports['worker']}']\n"
        )
        prometheus_url = f"http://127.0.0.1:{ports['prometheus']}"
        prom_proc = procs.start(
            "prometheus",
            [
                "prometheus",
                f"--config.file={prom_cfg}",
                f"--storage.tsdb.path={work / 'tsdb'}",
                f"--web.listen-address=127.0.0.1:{ports['prometheus']}",
            ],
            base_env,
        )
        wait_http(f"{mlflow_url}/health", timeout=120, proc=mlflow_proc)
        wait_http(f"{api_url}/api/v1/health", proc=api_proc)
        wait_http(f"http://127.0.0.1:{ports['nginx']}/api/v1/health")
        wait_http(f"{prometheus_url}/-/ready", proc=prom_proc)
        yield Stack(
            nginx_url=f"http://127.0.0.1:{ports['nginx']}",
            api_url=api_url,
            prometheus_url=prometheus_url,
            mlflow_url=mlflow_url,
            work=work,
        )
    except BaseException:
        procs.dump_logs()
        raise
    finally:
        procs.stop_all()
