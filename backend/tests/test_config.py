"""Settings: every field documented in .env.example, secrets refused when weak, URLs normalised."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pydantic import ValidationError

from csv_analyzer.config import Settings

ENV_EXAMPLE = Path(__file__).resolve().parents[2] / ".env.example"


def test_every_setting_is_documented_in_env_example() -> None:
    documented = set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]*)=", ENV_EXAMPLE.read_text(), re.M))
    fields = {name.upper() for name in Settings.model_fields}
    assert fields - documented == set()


def test_production_refuses_the_development_secret() -> None:
    with pytest.raises(ValidationError, match="JWT_SECRET must be set in production"):
        Settings(environment="production", _env_file=None)  # type: ignore[call-arg]


def test_short_secret_is_refused() -> None:
    with pytest.raises(ValidationError, match="at least 32 characters"):
        Settings(jwt_secret="short", _env_file=None)  # type: ignore[arg-type, call-arg]


def test_plain_postgresql_url_uses_psycopg3() -> None:
    settings = Settings(database_url="postgresql://u@h/db", _env_file=None)  # type: ignore[call-arg]
    assert settings.resolved_database_url == "postgresql+psycopg://u@h/db"


def test_embedded_defaults_live_in_the_data_dir(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, _env_file=None)  # type: ignore[call-arg]
    assert settings.resolved_database_url == f"sqlite:///{tmp_path / 'csv_analyzer.db'}"
    assert settings.resolved_mlflow_tracking_uri == f"sqlite:///{tmp_path / 'mlflow.db'}"
    assert settings.resolved_storage_dir == tmp_path / "storage"
