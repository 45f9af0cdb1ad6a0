"""The CI workflow runs every suite, with the binaries the ops and e2e checks require."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

from .support import REPO, load_yaml

WORKFLOW = REPO / ".github" / "workflows" / "ci.yml"


def jobs() -> dict[str, Any]:
    result: dict[str, Any] = load_yaml(WORKFLOW)["jobs"]
    return result


def steps_text(job: dict[str, Any]) -> str:
    return "\n".join(str(step.get("run", "")) + str(step.get("with", "")) for step in job["steps"])


def test_workflow_matches_the_github_workflow_schema() -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "check_jsonschema",
            "--builtin-schema",
            "vendor.github-workflows",
            str(WORKFLOW),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_suite_has_a_job() -> None:
    assert set(jobs()) == {"lint", "backend-test", "frontend-test", "e2e", "ops", "docker"}


def test_backend_tests_get_postgres_16_and_redis_7() -> None:
    job = jobs()["backend-test"]
    assert job["services"]["postgres"]["image"] == "postgres:16"
    assert job["services"]["redis"]["image"] == "redis:7"
    assert job["env"]["TEST_DATABASE_URL"].startswith(
        "postgresql+psycopg://postgres:postgres@localhost:5432/test"
    )
    assert "make backend-test" in steps_text(job)


def test_ops_and_e2e_require_their_binaries() -> None:
    ops, e2e = jobs()["ops"], jobs()["e2e"]
    assert ops["env"]["OPS_REQUIRED"] == "1"
    assert "nginx-light prometheus" in steps_text(ops)
    assert "make ops-test" in steps_text(ops)
    assert e2e["env"]["E2E_REQUIRED"] == "1"
    assert "chromium" in steps_text(e2e)


def test_images_are_built_but_never_pushed() -> None:
    builds = [s for s in jobs()["docker"]["steps"] if "build-push-action" in s.get("uses", "")]
    assert {s["with"]["context"] for s in builds} == {"backend", "frontend"}
    assert {s["with"].get("target") for s in builds} == {"runtime", "mlflow", None}
    assert all(s["with"]["push"] is False for s in builds)
