"""Fixtures for the ops tests (deployment files under the repository root)."""

from __future__ import annotations

from pathlib import Path

import pytest

from .support import REPO


@pytest.fixture(scope="session")
def repo() -> Path:
    return REPO
