"""App-level behaviour: health, readiness, error shape, docs offline, SPA fallback, metrics."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from csv_analyzer.config import Settings


def test_health_is_public(client: TestClient) -> None:
    assert client.get("/api/v1/health").json() == {"status": "ok"}


def test_ready_checks_database_and_storage(client: TestClient) -> None:
    r = client.get("/api/v1/ready")
    assert r.status_code == 200
    assert r.json()["checks"] == {"database": "ok", "storage": "ok"}


def test_unknown_api_route_is_a_json_404(client: TestClient) -> None:
    r = client.get("/api/v1/nope")
    assert r.status_code == 404
    assert r.json()["error"]["code"] == "not_found"


def test_wrong_method_is_a_json_405(client: TestClient) -> None:
    r = client.delete("/api/v1/health")
    assert r.status_code == 405
    assert r.json()["error"]["code"] == "method_not_allowed"


def test_request_id_is_echoed(client: TestClient) -> None:
    r = client.get("/api/v1/health", headers={"X-Request-ID": "abc123"})
    assert r.headers["x-request-id"] == "abc123"
    assert len(client.get("/api/v1/health").headers["x-request-id"]) == 32


def test_docs_without_a_build_say_how_to_get_one(client: TestClient) -> None:
    r = client.get("/docs")
    assert r.status_code == 200  # behind nginx the assets come from the SPA image, not the API
    assert "make build-frontend" in r.text  # shown by the page when the bundle did not load
    assert client.get("/docs-assets/swagger-ui-bundle.js").status_code == 404


def test_docs_load_swagger_ui_from_the_build_never_a_cdn(
    client: TestClient, settings: Settings
) -> None:
    assets = settings.frontend_dist / "docs-assets"
    assets.mkdir(parents=True)
    (assets / "swagger-ui-bundle.js").write_text("window.SwaggerUIBundle = 1;")
    (settings.frontend_dist / "secret.txt").write_text("not an asset")
    html = client.get("/docs").text
    assert '<script src="/docs-assets/swagger-ui-bundle.js"></script>' in html
    assert "cdn" not in html.lower()
    assert "oauth2RedirectUrl" in html
    r = client.get("/docs-assets/swagger-ui-bundle.js")
    assert (r.status_code, r.text) == (200, "window.SwaggerUIBundle = 1;")
    assert client.get("/docs-assets/index.html").status_code == 404  # only the listed files
    assert "not an asset" not in client.get("/docs-assets/..%2Fsecret.txt").text


def test_openapi_has_stable_operation_ids(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    assert spec["paths"]["/api/v1/auth/login"]["post"]["operationId"] == "auth-login"


def test_spa_deep_links_fall_back_to_index(client: TestClient, settings: Settings) -> None:
    dist: Path = settings.frontend_dist
    (dist / "assets").mkdir(parents=True)
    (dist / "index.html").write_text("<html>spa</html>")
    (dist / "assets" / "app.js").write_text("console.log(1)")
    assert client.get("/datasets/123").text == "<html>spa</html>"
    asset = client.get("/assets/app.js")
    assert "immutable" in asset.headers["cache-control"]
    assert client.get("/../../etc/passwd").text == "<html>spa</html>"


def test_metrics_are_exposed(client: TestClient) -> None:
    client.get("/api/v1/users/me")
    body = client.get("/metrics").text
    assert "http_requests_total" in body


def test_scrape_time_metrics_survive_multiprocess_mode(
    client: TestClient, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    metrics_dir = tmp_path / "prometheus-multiproc"
    metrics_dir.mkdir()
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(metrics_dir))
    body = client.get("/metrics").text
    assert "csv_analyzer_training_jobs" in body
