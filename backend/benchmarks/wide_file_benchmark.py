"""Wide files against the real server: upload, profile, suggestions and rows, with peak RSS.

Starts the API (one uvicorn process on 127.0.0.1, embedded SQLite and store in a temporary data
dir), uploads a generated CSV of ROWS x COLUMNS (numbers, categories, columns with gaps,
constants), then times each answer. A sampler reads the serving process's RSS from /proc every
50 ms; the peak printed is the kernel's high-water mark (VmHWM) of that process. The machine's
load average is printed beside each figure: on a shared 2-core machine it explains the noise.

    cd backend && uv run python benchmarks/wide_file_benchmark.py [--shape 10000x1000]
        [--shape 20x10000] [--duckdb-memory-limit 1GB]

Goal (issue 10): each answer under 30 s, server RSS under 2 GB for 10,000 x 1,000.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx2 as httpx
import numpy as np

from csv_analyzer import migrate
from csv_analyzer.config import Settings

SRC = Path(__file__).resolve().parents[1] / "src"
SECRET = "benchmark-secret-0123456789-0123456789-abc"  # noqa: S105 - a throwaway server
GOAL_S = 30.0
GOAL_RSS_MIB = 2048


def wide_csv(rows: int, columns: int, seed: int = 0) -> bytes:
    """Every 10 columns: 6 numeric (one with gaps, one float), 2 categorical, 1 id-like, 1 constant."""
    rng = np.random.default_rng(seed)
    kinds = ["int", "cat", "float", "gap", "int", "int", "cat", "id", "int", "const"]
    cols: list[np.ndarray] = []
    for j in range(columns):
        kind = kinds[j % len(kinds)]
        if kind == "int":
            col = rng.integers(0, 1000, size=rows).astype(str)
        elif kind == "float":
            col = np.char.mod("%.3f", rng.normal(50, 10, size=rows))
        elif kind == "gap":
            col = rng.integers(0, 100, size=rows).astype(str)
            col[rng.random(rows) < 0.2] = ""
        elif kind == "cat":
            col = rng.choice(np.array(["red", "green", "blue", "grey"]), size=rows)
        elif kind == "id":
            col = np.char.add("k", np.arange(rows).astype(str))
        else:
            col = np.full(rows, "same")
        cols.append(col.astype(object))
    out = io.StringIO()
    out.write(",".join(f"c{j}" for j in range(columns)) + "\n")
    matrix = np.column_stack(cols) if cols else np.empty((rows, 0), dtype=object)
    for line in matrix:
        out.write(",".join(line) + "\n")
    return out.getvalue().encode()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def rss_mib(pid: int, field: str = "VmRSS") -> float:
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    return 0.0


class RssSampler(threading.Thread):
    """Samples a process's RSS; `peak` is the highest sample since the last `reset`."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.peak = 0.0
        self.stop = threading.Event()

    def reset(self) -> None:
        self.peak = rss_mib(self.pid)

    def run(self) -> None:
        while not self.stop.is_set():
            self.peak = max(self.peak, rss_mib(self.pid))
            time.sleep(0.05)


def load() -> str:
    one, five, _ = os.getloadavg()
    return f"load {one:.2f}/{five:.2f}"


@contextlib.contextmanager
def server(work: Path, memory_limit: str) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    env = {
        **os.environ,
        "DATA_DIR": str(work),
        "JWT_SECRET": SECRET,
        "LOG_LEVEL": "WARNING",
        "ENVIRONMENT": "dev",
        "DUCKDB_MEMORY_LIMIT": memory_limit,
        "PYTHONPATH": str(SRC),
    }
    for name in ("REDIS_URL", "DATABASE_URL"):
        env.pop(name, None)
    migrate.upgrade(
        Settings(data_dir=work, jwt_secret=SECRET, _env_file=None).resolved_database_url
    )
    port = free_port()
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
    base = f"http://127.0.0.1:{port}"
    with (work / "api.log").open("wb") as log:
        proc = subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + 120
            while True:
                with contextlib.suppress(httpx.HTTPError):
                    if httpx.get(f"{base}/api/v1/health", timeout=2).status_code == 200:
                        break
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"the server did not start; see {work / 'api.log'}")
                time.sleep(0.3)
            yield base, proc
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()


def timed(
    label: str, sampler: RssSampler, call: Callable[[], httpx.Response]
) -> tuple[httpx.Response, float]:
    sampler.reset()
    t0 = time.perf_counter()
    r = call()
    elapsed = time.perf_counter() - t0
    verdict = "ok" if elapsed < GOAL_S and r.status_code < 400 else "OVER GOAL"
    print(
        f"  {label:<34} {r.status_code}  {elapsed:7.2f} s   peak RSS {sampler.peak:7.0f} MiB"
        f"   {load()}   {verdict}",
        flush=True,
    )
    return r, elapsed


def run_shape(base: str, proc: subprocess.Popen[bytes], rows: int, columns: int) -> None:
    content = wide_csv(rows, columns)
    print(f"\n{rows:,} rows x {columns:,} columns ({len(content) / 1e6:.1f} MB CSV)", flush=True)
    creds = {"email": f"bench{rows}x{columns}@example.com", "password": "benchmark password 1"}
    httpx.post(f"{base}/api/v1/auth/register", json=creds).raise_for_status()
    login = httpx.post(
        f"{base}/api/v1/auth/login",
        data={"username": creds["email"], "password": creds["password"]},
    )
    auth = {"Authorization": f"Bearer {login.json()['access_token']}"}
    sampler = RssSampler(proc.pid)
    sampler.start()
    with httpx.Client(base_url=f"{base}/api/v1", headers=auth, timeout=600) as client:
        r, _ = timed(
            "upload (POST /datasets)",
            sampler,
            lambda: client.post("/datasets", files={"file": ("wide.csv", content, "text/csv")}),
        )
        r.raise_for_status()
        dataset_id = r.json()["id"]
        timed(
            "profile, first (computes)",
            sampler,
            lambda: client.get(f"/datasets/{dataset_id}/profile"),
        )
        timed(
            "profile, cached page 1", sampler, lambda: client.get(f"/datasets/{dataset_id}/profile")
        )
        last = max(0, columns - 50)
        timed(
            f"profile, columns {last}-{columns}",
            sampler,
            lambda: client.get(
                f"/datasets/{dataset_id}/profile",
                params={"columns_offset": last, "columns_limit": 50},
            ),
        )
        r, _ = timed(
            "suggestions", sampler, lambda: client.get(f"/datasets/{dataset_id}/suggestions")
        )
        print(f"    {len(r.json().get('items', []))} suggestions")
        timed("rows, first page", sampler, lambda: client.get(f"/datasets/{dataset_id}/rows"))
        timed(
            "rows, sorted + filtered",
            sampler,
            lambda: client.get(
                f"/datasets/{dataset_id}/rows",
                params={"sort": "c4:desc", "filter": "c0:gt:500", "offset": 100},
            ),
        )
    sampler.stop.set()
    sampler.join()
    hwm = rss_mib(proc.pid, "VmHWM")
    verdict = "ok" if hwm < GOAL_RSS_MIB else "OVER GOAL"
    print(f"  server peak RSS so far (VmHWM): {hwm:.0f} MiB   {load()}   {verdict}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--shape",
        action="append",
        help="ROWSxCOLUMNS, repeatable (default 10000x1000)",
    )
    parser.add_argument("--duckdb-memory-limit", default="1GB")
    args = parser.parse_args()
    shapes = [tuple(int(p) for p in s.lower().split("x")) for s in args.shape or ["10000x1000"]]
    print(f"cores {os.cpu_count()}, {load()}, DUCKDB_MEMORY_LIMIT={args.duckdb_memory_limit}")
    with (
        tempfile.TemporaryDirectory(prefix="wide-bench-") as tmp,
        server(Path(tmp), args.duckdb_memory_limit) as (base, proc),
    ):
        print(f"server pid {proc.pid}, RSS after start {rss_mib(proc.pid):.0f} MiB")
        for rows, columns in shapes:
            run_shape(base, proc, rows, columns)


if __name__ == "__main__":
    main()
