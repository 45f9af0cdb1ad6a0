"""Soak: N clients for T seconds against a real `csv-analyzer serve` (embedded mode) on loopback.

Each client loops over a weighted mix of what users do at once: browse pages of a dataset,
predict one row, upload a small CSV, poll a training job and sign in. Printed: requests by
kind, 5xx (must be 0), p50/p99 latency, the server's peak RSS (VmHWM), and whether the
prediction log holds exactly one row per successful prediction. Bounded in count and time;
only 127.0.0.1 is contacted.

    cd backend && uv run python benchmarks/soak_benchmark.py --clients 20 --seconds 60
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import random
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx2 as httpx
import numpy as np

PASSWORD = "soak benchmark password 1"  # noqa: S105 - a throwaway local account


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def peak_rss_mb(pid: int) -> float:
    """The process's high-water resident set (VmHWM), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


@contextlib.contextmanager
def server(work: Path, port: int) -> Iterator[subprocess.Popen[bytes]]:
    env = {
        **os.environ,
        "DATA_DIR": str(work / "var"),
        "FRONTEND_DIST": str(work / "none"),
        "LOG_LEVEL": "WARNING",
        "MLFLOW_DISABLE_TELEMETRY": "true",
    }
    cmd = [sys.executable, "-m", "csv_analyzer.cli", "serve", "--host", "127.0.0.1"]
    with (work / "server.log").open("wb") as log:
        proc = subprocess.Popen([*cmd, "--port", str(port)], env=env, stdout=log, stderr=log)
        try:
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline:
                with contextlib.suppress(httpx.HTTPError):
                    if httpx.get(f"http://127.0.0.1:{port}/api/v1/health").status_code == 200:
                        break
                time.sleep(0.3)
            else:
                raise RuntimeError("the server did not start; see server.log")
            yield proc
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()


def dataset_csv(rows: int, seed: int) -> bytes:
    rng = np.random.default_rng(seed)
    out = io.StringIO()
    out.write("age,income,plan,visits,churned\n")
    for _ in range(rows):
        age = int(rng.integers(18, 80))
        income = round(float(rng.lognormal(10, 0.5)), 2)
        plan = rng.choice(["basic", "plus", "pro"])
        visits = int(rng.poisson(5))
        churned = "yes" if rng.random() < 1 / (1 + np.exp(0.1 * visits - 0.02 * age)) else "no"
        out.write(f"{age},{income},{plan},{visits},{churned}\n")
    return out.getvalue().encode()


def sign_in(client: httpx.Client, email: str) -> dict[str, str]:
    r = client.post("/api/v1/auth/login", data={"username": email, "password": PASSWORD})
    r.raise_for_status()
    return {"Authorization": f"Bearer {r.json()['access_token']}"}


def prepare(base: str) -> dict[str, str]:
    """An account, a 20,000-row dataset and a trained model (through the API)."""
    with httpx.Client(base_url=base, timeout=120) as c:
        email = "soak@example.com"
        c.post("/api/v1/auth/register", json={"email": email, "password": PASSWORD})
        h = sign_in(c, email)
        up = c.post(
            "/api/v1/datasets",
            files={"file": ("churn.csv", dataset_csv(20_000, 1), "text/csv")},
            headers=h,
        )
        up.raise_for_status()
        dataset_id = up.json()["id"]
        job = c.post(
            "/api/v1/training-jobs",
            json={
                "dataset_id": dataset_id,
                "target": "churned",
                "algorithms": ["linear"],
                "time_budget_s": 15,
                "model_name": "soak",
            },
            headers=h,
        )
        job.raise_for_status()
        job_id = job.json()["id"]
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            status = c.get(f"/api/v1/training-jobs/{job_id}", headers=h).json()
            if status["status"] in {"succeeded", "failed", "cancelled"}:
                break
            time.sleep(1)
        if status["status"] != "succeeded":
            raise RuntimeError(f"training ended {status['status']}: {status.get('error')}")
        models = c.get("/api/v1/models", headers=h).json()
        items = models["items"] if isinstance(models, dict) else models
        return {
            "email": email,
            "dataset_id": dataset_id,
            "job_id": job_id,
            "model_id": items[0]["id"],
        }


def soak(base: str, ids: dict[str, str], clients: int, seconds: float) -> dict[str, object]:
    latencies: dict[str, list[float]] = defaultdict(list)
    statuses: Counter[tuple[str, int]] = Counter()
    predicted_ok = 0
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds
    small_csv = dataset_csv(200, 7)
    with httpx.Client(base_url=base, timeout=60) as c:
        headers = sign_in(c, ids["email"])  # one sign-in shared by every client

    def one_client(seed: int) -> None:
        nonlocal predicted_ok
        rng = random.Random(seed)
        with httpx.Client(base_url=base, timeout=60) as c:
            h = headers
            ops: list[tuple[str, Callable[[], httpx.Response]]] = [
                (
                    "browse",
                    lambda: c.get(
                        f"/api/v1/datasets/{ids['dataset_id']}/rows",
                        params={"offset": rng.randrange(0, 19_900), "limit": 50},
                        headers=h,
                    ),
                ),
                (
                    "predict",
                    lambda: c.post(
                        f"/api/v1/models/{ids['model_id']}/predict",
                        json={
                            "rows": [
                                {
                                    "age": rng.randrange(18, 80),
                                    "income": rng.uniform(5_000, 90_000),
                                    "plan": rng.choice(["basic", "plus", "pro"]),
                                    "visits": rng.randrange(0, 12),
                                }
                            ]
                        },
                        headers=h,
                    ),
                ),
                (
                    "upload",
                    lambda: c.post(
                        "/api/v1/datasets",
                        files={"file": ("small.csv", small_csv, "text/csv")},
                        headers=h,
                    ),
                ),
                ("status", lambda: c.get(f"/api/v1/training-jobs/{ids['job_id']}", headers=h)),
                (
                    "login",
                    lambda: c.post(
                        "/api/v1/auth/login", data={"username": ids["email"], "password": PASSWORD}
                    ),
                ),
            ]
            weights = [40, 40, 3, 15, 2]
            while time.monotonic() < stop_at:
                kind, call = rng.choices(ops, weights)[0]
                start = time.perf_counter()
                try:
                    r = call()
                    code = r.status_code
                except httpx.HTTPError:
                    code = 0
                elapsed = time.perf_counter() - start
                with lock:
                    latencies[kind].append(elapsed)
                    statuses[(kind, code)] += 1
                    if kind == "predict" and code == 200:
                        predicted_ok += 1

    threads = [threading.Thread(target=one_client, args=(i,)) for i in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return {"latencies": latencies, "statuses": statuses, "predicted_ok": predicted_ok}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="soak-") as tmp:
        work = Path(tmp)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        with server(work, port) as proc:
            ids = prepare(base)
            print(f"load before: {os.getloadavg()[0]:.2f}", flush=True)
            result = soak(base, ids, args.clients, args.seconds)
            load = os.getloadavg()[0]
            with httpx.Client(base_url=base, timeout=60) as c:
                h = sign_in(c, ids["email"])
                url = f"/api/v1/models/{ids['model_id']}/predictions?limit=1"
                logged = c.get(url, headers=h).json()["total"]
            rss = peak_rss_mb(proc.pid)
        statuses: Counter[tuple[str, int]] = result["statuses"]  # type: ignore[assignment]
        latencies: dict[str, list[float]] = result["latencies"]  # type: ignore[assignment]
        total = sum(statuses.values())
        server_errors = sum(n for (_, code), n in statuses.items() if code >= 500 or code == 0)
        every = np.concatenate([np.asarray(v) for v in latencies.values()]) * 1000
        print(f"{args.clients} clients x {args.seconds:.0f} s, load average {load:.2f}")
        print(f"requests: {total} ({total / args.seconds:.0f}/s), 5xx or dropped: {server_errors}")
        print(f"all: p50 {np.percentile(every, 50):.1f} ms, p99 {np.percentile(every, 99):.1f} ms")
        for kind, values in sorted(latencies.items()):
            arr = np.asarray(values) * 1000
            codes = {code: n for (k, code), n in statuses.items() if k == kind}
            print(
                f"  {kind:8s} n={len(arr):6d} p50 {np.percentile(arr, 50):7.1f} ms "
                f"p99 {np.percentile(arr, 99):7.1f} ms statuses {codes}"
            )
        print(f"server peak RSS: {rss:.0f} MB")
        ok = result["predicted_ok"]
        verdict = "equal" if ok == logged else "DIFFERENT"
        print(f"successful predictions {ok}, prediction log rows {logged}: {verdict}")
        if server_errors or ok != logged:
            sys.exit(1)


if __name__ == "__main__":
    main()
