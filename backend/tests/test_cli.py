"""The command line: migrate and create-admin against a real database."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from csv_analyzer import cli
from csv_analyzer.auth.models import User
from csv_analyzer.config import get_settings


@pytest.fixture
def cli_env(database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("DATA_DIR", str(tmp_path))
    monkeypatch.setenv("PASSWORD_HASH_MEMORY_KIB", "1024")
    monkeypatch.setenv("PASSWORD_HASH_TIME_COST", "1")
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


@pytest.mark.usefixtures("cli_env")
def test_create_admin_creates_then_promotes(
    db_session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ADMIN_PASSWORD", "a strong password 1")
    assert cli.main(["migrate"]) == 0
    assert cli.main(["create-admin", "Root@Example.com"]) == 0
    user = db_session.scalars(select(User).where(User.email == "root@example.com")).one()
    assert user.role == "admin"
    user.role = "user"
    db_session.commit()
    assert cli.main(["create-admin", "root@example.com"]) == 0
    db_session.expire_all()
    assert db_session.get(User, user.id).role == "admin"  # type: ignore[union-attr]


@pytest.mark.usefixtures("cli_env")
def test_create_admin_refuses_a_weak_password(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("ADMIN_PASSWORD", "123")
    assert cli.main(["create-admin", "weak@example.com"]) == 2
    assert "Password must be" in capsys.readouterr().err
