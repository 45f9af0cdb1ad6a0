"""Shared fixtures: an isolated, migrated database per test (SQLite, or PostgreSQL when
TEST_DATABASE_URL is set), the app, an HTTP client and user factories."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from csv_analyzer import migrate
from csv_analyzer.config import Settings
from csv_analyzer.db import make_engine, make_sessionmaker
from csv_analyzer.main import create_app

TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL", "")
TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
TEST_SECRET = "test-secret-0123456789-0123456789-abcdef"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--db-only",
        action="store_true",
        help="run only tests that use the database (for the second, PostgreSQL pass)",
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.getoption("--db-only"):
        selected = [i for i in items if "database_url" in getattr(i, "fixturenames", ())]
        deselected = [i for i in items if i not in selected]
        config.hook.pytest_deselected(items=deselected)
        items[:] = selected
    for item in items:
        if "database_url" in getattr(item, "fixturenames", ()) and TEST_DATABASE_URL:
            item.add_marker(pytest.mark.postgres)


def _worker_id() -> str:
    return os.environ.get("PYTEST_XDIST_WORKER", "main")


def worker_redis_url() -> str:
    """TEST_REDIS_URL with a database of this xdist worker's own (gw0: the URL's, gw1: one below,
    ...): tests flush it, and two workers sharing one would wipe each other's queues."""
    base, _, db = TEST_REDIS_URL.rpartition("/")
    index = int(_worker_id().removeprefix("gw")) if _worker_id().startswith("gw") else 0
    number = int(db) if db.isdigit() else 15
    return f"{base}/{max(number - index, 0)}"


@pytest.fixture
def redis_url() -> str:
    """An empty Redis database for this test (needs Redis; skips without it unless
    REDIS_REQUIRED=1, as in CI, where it fails)."""
    import redis

    url = worker_redis_url()
    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=2)
        client.flushdb()
        client.close()
    except redis.RedisError as e:
        message = f"Redis is not reachable at {url} ({e}); set TEST_REDIS_URL"
        if os.environ.get("REDIS_REQUIRED") == "1":
            pytest.fail(message)
        pytest.skip(message)
    return url


@pytest.fixture(scope="session")
def _database_template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Migrate once per test process; tests then get a copy (SQLite) or a truncated DB (PostgreSQL)."""
    if TEST_DATABASE_URL:
        url = make_url(TEST_DATABASE_URL)
        name = f"csv_analyzer_test_{_worker_id()}_{os.getpid()}"
        admin = create_engine(url, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        admin.dispose()
        worker_url = url.set(database=name).render_as_string(hide_password=False)
        migrate.upgrade(worker_url)
        yield worker_url
        admin = create_engine(url, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
    else:
        path = tmp_path_factory.mktemp("db-template") / "template.db"
        migrate.upgrade(f"sqlite:///{path}")
        yield str(path)


@pytest.fixture
def database_url(_database_template: str, tmp_path: Path) -> Iterator[str]:
    if TEST_DATABASE_URL:
        yield _database_template
        engine = create_engine(_database_template)
        tables = [t for t in inspect(engine).get_table_names() if t != "alembic_version"]
        if tables:
            with engine.begin() as conn:
                quoted = ", ".join(f'"{t}"' for t in tables)
                conn.execute(text(f"TRUNCATE {quoted} RESTART IDENTITY CASCADE"))
        engine.dispose()
    else:
        db = tmp_path / "test.db"
        shutil.copyfile(_database_template, db)
        yield f"sqlite:///{db}"


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    return Settings(
        environment="test",
        data_dir=tmp_path / "var",
        database_url=database_url,
        jwt_secret=TEST_SECRET,
        frontend_dist=tmp_path / "dist",
        redis_url="",
        # Argon2 at its production cost is deliberately slow; the tests exercise the same code.
        password_hash_memory_kib=1024,
        password_hash_time_cost=1,
        # A warm job process per app would import scikit-learn in the background of every test.
        worker_standby=False,
        _env_file=None,
    )


@pytest.fixture
def app(settings: Settings) -> Iterator[FastAPI]:
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    application = create_app(settings)
    yield application
    application.state.engine.dispose()


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as c:
        yield c


@pytest.fixture
def db_session(settings: Settings) -> Iterator[Session]:
    engine = make_engine(settings.resolved_database_url)
    with make_sessionmaker(engine)() as session:
        yield session
    engine.dispose()


@dataclass
class SignedIn:
    email: str
    password: str
    access_token: str
    refresh_token: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.access_token}"}


_counter = iter(range(1_000_000))


@pytest.fixture
def make_user(client: TestClient) -> Callable[..., SignedIn]:
    """Register and sign in a fresh user through the real API."""

    def factory(*, email: str | None = None, password: str = "correct horse 42") -> SignedIn:
        email = email or f"user{next(_counter)}@example.com"
        r = client.post("/api/v1/auth/register", json={"email": email, "password": password})
        assert r.status_code == 201, r.text
        r = client.post("/api/v1/auth/login", data={"username": email, "password": password})
        assert r.status_code == 200, r.text
        body = r.json()
        return SignedIn(email, password, body["access_token"], body["refresh_token"])

    return factory


@pytest.fixture
def alice(make_user: Callable[..., SignedIn]) -> SignedIn:
    return make_user(email="alice@example.com")


@pytest.fixture
def bob(make_user: Callable[..., SignedIn]) -> SignedIn:
    return make_user(email="bob@example.com")
