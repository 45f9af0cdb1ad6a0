"""The embedded app sends the browser-hardening headers nginx sends in the full stack."""

from __future__ import annotations

import re
from pathlib import Path

from fastapi.testclient import TestClient

from csv_analyzer.security_headers import APP_CSP, COMMON_HEADERS, DOCS_CSP, HSTS
from tests.conftest import SignedIn

SNIPPETS = Path(__file__).resolve().parents[3] / "nginx"


def _nginx_headers(text: str) -> dict[str, str]:
    return dict(re.findall(r'add_header\s+([\w-]+)\s+"([^"]*)"\s+always;', text))


def test_the_values_are_nginxs() -> None:
    common = _nginx_headers((SNIPPETS / "snippets" / "common-headers.conf").read_text())
    assert {k: common[k] for k in COMMON_HEADERS} == COMMON_HEADERS
    app_csp = _nginx_headers((SNIPPETS / "snippets" / "security-headers.conf").read_text())
    assert app_csp["Content-Security-Policy"] == APP_CSP
    docs = (SNIPPETS / "snippets" / "app-locations.conf").read_text().split("location /docs")[1]
    assert _nginx_headers(docs.split("}")[0])["Content-Security-Policy"] == DOCS_CSP
    assert f'on "{HSTS}";' in (SNIPPETS / "nginx.conf").read_text()


def test_nginx_hides_the_apps_copies() -> None:
    proxy = (SNIPPETS / "snippets" / "proxy-api.conf").read_text()
    for name in [*COMMON_HEADERS, "Content-Security-Policy", "Strict-Transport-Security"]:
        assert f"proxy_hide_header {name};" in proxy


def test_api_spa_and_errors_carry_the_headers(client: TestClient, alice: SignedIn) -> None:
    for r in (
        client.get("/api/v1/users/me", headers=alice.headers),
        client.get("/api/v1/datasets/missing", headers=alice.headers),
        client.get("/datasets/42"),  # an SPA deep link
        client.get("/openapi.json"),
    ):
        for name, value in COMMON_HEADERS.items():
            assert r.headers.get(name) == value, (r.url, name)
        assert r.headers["content-security-policy"] == APP_CSP
        assert "frame-ancestors 'none'" in r.headers["content-security-policy"]
        assert "strict-transport-security" not in r.headers  # plain http


def test_the_docs_page_gets_the_docs_policy(client: TestClient) -> None:
    r = client.get("/docs")
    assert r.headers["content-security-policy"] == DOCS_CSP
    assert r.headers["x-frame-options"] == "DENY"


def test_https_adds_hsts(client: TestClient) -> None:
    r = client.get("https://testserver/api/v1/health")
    assert r.headers["strict-transport-security"] == HSTS
