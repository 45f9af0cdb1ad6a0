"""An install that never set JWT_SECRET signs sessions with a key nobody else knows."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr, ValidationError

from csv_analyzer.config import Settings
from csv_analyzer.main import create_app
from csv_analyzer.security import create_access_token
from csv_analyzer.signing_key import SigningKeyError, load_or_create

# The constant earlier releases used for every development install.
PUBLISHED = "dev-only-insecure-secret-change-me-0123456789"


def _embedded_settings(settings: Settings) -> Settings:
    """The test settings as a default `make run` install has them: no JWT_SECRET."""
    return settings.model_copy(update={"environment": "dev", "jwt_secret": SecretStr("")})


def test_a_token_signed_with_the_published_constant_is_refused(settings: Settings) -> None:
    app = create_app(_embedded_settings(settings))
    with TestClient(app) as client:
        r = client.post(
            "/api/v1/auth/register", json={"email": "v@example.com", "password": "correct horse 42"}
        )
        assert r.status_code == 201
        forged = create_access_token(
            subject=r.json()["id"], secret=PUBLISHED, algorithm="HS256", ttl_s=600
        )
        me = client.get("/api/v1/users/me", headers={"Authorization": f"Bearer {forged}"})
        assert me.status_code == 401
        assert me.json()["error"]["code"] == "invalid_token"
    app.state.engine.dispose()


def test_the_generated_key_is_private_and_survives_a_restart(settings: Settings) -> None:
    embedded = _embedded_settings(settings)
    first = create_app(embedded.model_copy())
    with TestClient(first) as client:
        client.post(
            "/api/v1/auth/register", json={"email": "k@example.com", "password": "correct horse 42"}
        )
        token = client.post(
            "/api/v1/auth/login", data={"username": "k@example.com", "password": "correct horse 42"}
        ).json()["access_token"]
    first.state.engine.dispose()
    key_file = embedded.jwt_secret_file
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert len(key_file.read_text().strip()) >= 32

    second = create_app(embedded.model_copy())  # a restart on the same data dir
    with TestClient(second) as client:
        me = client.get("/api/v1/users/me", headers={"Authorization": f"Bearer {token}"})
        assert me.status_code == 200, me.text
    second.state.engine.dispose()

    key_file.unlink()  # rotation: a new key ends every session
    third = create_app(embedded.model_copy())
    with TestClient(third) as client:
        me = client.get("/api/v1/users/me", headers={"Authorization": f"Bearer {token}"})
        assert me.status_code == 401
    third.state.engine.dispose()


def test_two_installs_get_different_keys(tmp_path: Path) -> None:
    assert load_or_create(tmp_path / "a" / "jwt_secret") != load_or_create(
        tmp_path / "b" / "jwt_secret"
    )


def test_a_key_file_readable_by_others_is_tightened(tmp_path: Path) -> None:
    path = tmp_path / "jwt_secret"
    path.write_text("x" * 40)
    path.chmod(0o644)
    assert load_or_create(path) == "x" * 40
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


@pytest.mark.parametrize("content", ["short", PUBLISHED])
def test_an_unusable_key_file_stops_the_start(tmp_path: Path, content: str) -> None:
    path = tmp_path / "jwt_secret"
    path.write_text(content)
    with pytest.raises(SigningKeyError, match="does not hold a usable key"):
        load_or_create(path)


@pytest.mark.parametrize("environment", ["dev", "test", "production"])
def test_the_published_constant_is_refused_in_every_environment(environment: str) -> None:
    with pytest.raises(ValidationError, match="published example"):
        Settings(environment=environment, jwt_secret=PUBLISHED, _env_file=None)  # type: ignore[arg-type, call-arg]
