"""Shared helpers for the ops tests: they read files and call binaries, never import csv_analyzer."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

REPO = Path(__file__).resolve().parents[3]


def require_binary(name: str, install: str) -> str:
    """Path of `name`; skip when missing, or fail when OPS_REQUIRED=1 (CI)."""
    path = shutil.which(name) or (
        f"/usr/sbin/{name}" if Path(f"/usr/sbin/{name}").exists() else None
    )
    if path:
        return path
    message = f"{name} not found: {install}"
    if os.environ.get("OPS_REQUIRED") == "1":
        pytest.fail(f"{message} (OPS_REQUIRED=1)")
    pytest.skip(message)


def load_yaml(path: Path) -> Any:
    return yaml.safe_load(path.read_text())
