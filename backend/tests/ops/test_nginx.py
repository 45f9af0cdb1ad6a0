"""nginx/ renders, passes `nginx -t`, and behaves as specified when run natively on loopback.

The running checks start Debian's nginx on the rendered config (scripts/ops/nginx-test.sh) in
front of a stub API on 127.0.0.1, so headers, routing and limits are observed, not just parsed.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import signal
import socket
import ssl
import subprocess
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from .support import REPO, require_binary

SCRIPT = REPO / "scripts" / "ops" / "nginx-test.sh"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


class StubApi(BaseHTTPRequestHandler):
    """Echoes what nginx forwarded: path, headers and the body length."""

    def _reply(self) -> None:
        # nginx drops the requests a test cuts short on purpose.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self._echo()

    def _echo(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        received = 0
        while received < length:
            chunk = self.rfile.read(min(65536, length - received))
            if not chunk:
                break
            received += len(chunk)
        if self.headers.get("Transfer-Encoding") == "chunked":
            while True:
                size = int(self.rfile.readline().strip() or b"0", 16)
                if size == 0:
                    self.rfile.readline()
                    break
                received += len(self.rfile.read(size))
                self.rfile.readline()
        body = json.dumps(
            {"path": self.path, "headers": dict(self.headers), "received": received}
        ).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Request-ID", "from-the-app")
        self.end_headers()
        self.wfile.write(body)

    do_GET = _reply
    do_POST = _reply

    def log_message(self, format: str, *args: object) -> None:
        pass


class Nginx:
    def __init__(self, http_port: int, https_port: int) -> None:
        self.http_port = http_port
        self.https_port = https_port

    def request(
        self,
        method: str,
        path: str,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
        *,
        tls: bool = False,
    ) -> tuple[int, http.client.HTTPMessage, bytes]:
        if tls:
            context = ssl.create_default_context()
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
            conn: http.client.HTTPConnection = http.client.HTTPSConnection(
                "127.0.0.1", self.https_port, timeout=10, context=context
            )
        else:
            conn = http.client.HTTPConnection("127.0.0.1", self.http_port, timeout=10)
        try:
            conn.request(method, path, body=body, headers=headers or {})
            response = conn.getresponse()
            return response.status, response.headers, response.read()
        finally:
            conn.close()


def render(
    out: Path, api_port: int, http_port: int, https_port: int
) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "API_PORT": str(api_port),
        "NGINX_HTTP_PORT": str(http_port),
        "NGINX_HTTPS_PORT": str(https_port),
    }
    return subprocess.run(
        ["bash", str(SCRIPT), str(out)], capture_output=True, text=True, env=env, check=False
    )


def test_nginx_t_accepts_plain_and_tls_configs(tmp_path: Path) -> None:
    require_binary("nginx", "apt-get install nginx-light")
    result = render(tmp_path, 8000, 8080, 8443)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "plain: configuration OK" in result.stdout
    assert "tls: configuration OK" in result.stdout


def wait_for_port(port: int, proc: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"nginx exited with {proc.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    raise TimeoutError(f"nginx did not listen on {port}")


@pytest.fixture(scope="module")
def nginx(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Nginx]:
    binary = require_binary("nginx", "apt-get install nginx-light")
    stub = ThreadingHTTPServer(("127.0.0.1", 0), StubApi)
    threading.Thread(target=stub.serve_forever, daemon=True).start()
    out = tmp_path_factory.mktemp("nginx")
    http_port, https_port = free_port(), free_port()
    result = render(out, stub.server_address[1], http_port, https_port)
    assert result.returncode == 0, result.stdout + result.stderr
    # As root, workers would drop to "nobody" and lose access to the private temp dir.
    directives = "daemon off; user root;" if os.geteuid() == 0 else "daemon off;"
    procs = []
    for variant, port in (("plain", http_port), ("tls", https_port)):
        if variant == "tls":
            # The TLS variant also listens on 8080-equivalent: give it its own HTTP port.
            conf = out / "tls" / "etc" / "nginx" / "conf.d" / "default.conf"
            conf.write_text(
                conf.read_text().replace(f"127.0.0.1:{http_port}", f"127.0.0.1:{free_port()}")
            )
        root = out / variant
        proc = subprocess.Popen(
            [
                binary,
                "-p",
                str(root / "run"),
                "-e",
                str(root / "run" / "error.log"),
                "-c",
                str(root / "etc" / "nginx" / "nginx.conf"),
                "-g",
                directives,
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        procs.append(proc)
        wait_for_port(port, proc)
    try:
        yield Nginx(http_port, https_port)
    finally:
        for proc in procs:
            proc.send_signal(signal.SIGQUIT)
        for proc in procs:
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
        stub.shutdown()


def test_spa_routes_fall_back_to_index_html(nginx: Nginx) -> None:
    for path in ("/", "/datasets/42", "/models/7/versions/3"):
        status, headers, body = nginx.request("GET", path)
        assert status == 200, path
        assert b'<div id="root">' in body
        assert headers["Cache-Control"] == "no-cache"


def test_security_headers_on_the_spa(nginx: Nginx) -> None:
    _, headers, _ = nginx.request("GET", "/datasets")
    csp = headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "style-src 'self' 'unsafe-inline'" in csp
    assert "img-src 'self' data:" in csp
    assert "frame-ancestors 'none'" in csp
    assert "'unsafe-inline'" not in csp.split("script-src")[1].split(";")[0]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "camera=()" in headers["Permissions-Policy"]
    assert headers["Server"] == "nginx", "server_tokens off hides the version"
    assert "Strict-Transport-Security" not in headers, "no HSTS over plain HTTP"


def test_assets_are_cached_forever_and_compressed(nginx: Nginx) -> None:
    status, headers, _ = nginx.request("GET", "/assets/app.js", headers={"Accept-Encoding": "gzip"})
    assert status == 200
    assert headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert headers["Content-Encoding"] == "gzip"
    assert headers["X-Content-Type-Options"] == "nosniff", "security headers survive add_header"
    missing, _, _ = nginx.request("GET", "/assets/missing-1234.js")
    assert missing == 404, "a missing bundle must not be answered with index.html"


@pytest.mark.parametrize("path", ["/metrics", "/metrics/", "/api/../metrics"])
def test_metrics_are_not_exposed(nginx: Nginx, path: str) -> None:
    status, _, body = nginx.request("GET", path)
    assert status == 404
    assert b"from-the-app" not in body


def test_api_is_proxied_with_forwarding_headers(nginx: Nginx) -> None:
    status, headers, body = nginx.request("GET", "/api/v1/health?x=1")
    assert status == 200
    seen = json.loads(body)
    assert seen["path"] == "/api/v1/health?x=1"
    assert seen["headers"]["X-Forwarded-Proto"] == "http"
    assert seen["headers"]["X-Real-IP"] == "127.0.0.1"
    request_id = seen["headers"]["X-Request-ID"]
    assert len(request_id) == 32
    assert headers["X-Request-ID"] == request_id, "one id, not the app's copy"


def test_a_valid_request_id_is_passed_through_and_a_bad_one_replaced(nginx: Nginx) -> None:
    _, headers, body = nginx.request("GET", "/api/v1/health", headers={"X-Request-ID": "abc-123"})
    assert json.loads(body)["headers"]["X-Request-ID"] == "abc-123"
    assert headers["X-Request-ID"] == "abc-123"
    _, _, body = nginx.request(
        "GET", "/api/v1/health", headers={"X-Request-ID": "bad id\x7f" + "x" * 200}
    )
    assert json.loads(body)["headers"]["X-Request-ID"] != "bad id"


def test_docs_and_openapi_are_proxied_with_a_csp_swagger_can_run_under(nginx: Nginx) -> None:
    status, headers, body = nginx.request("GET", "/docs")
    assert status == 200
    assert json.loads(body)["path"] == "/docs"
    assert "script-src 'self' 'unsafe-inline'" in headers["Content-Security-Policy"]
    assert headers["X-Frame-Options"] == "DENY"
    status, _, body = nginx.request("GET", "/openapi.json")
    assert status == 200
    assert json.loads(body)["path"] == "/openapi.json"


def test_swagger_ui_files_come_from_the_spa_build_not_the_api(nginx: Nginx) -> None:
    status, headers, body = nginx.request("GET", "/docs-assets/swagger-ui-bundle.js")
    assert status == 200
    assert body.startswith(b"window.SwaggerUIBundle")  # the static file, not the stub API's JSON
    assert headers["X-Content-Type-Options"] == "nosniff"
    missing, _, _ = nginx.request("GET", "/docs-assets/missing.js")
    assert missing == 404, "a missing Swagger file must not be answered with index.html"


def test_uploads_above_one_mebibyte_are_streamed_to_the_api(nginx: Nginx) -> None:
    payload = b"a,b\n" + b"1,2\n" * (5 * 1024 * 1024 // 4)
    status, _, body = nginx.request(
        "POST", "/api/v1/datasets", body=payload, headers={"Content-Type": "text/csv"}
    )
    assert status == 200
    assert json.loads(body)["received"] == len(payload)


def test_bodies_over_1025_mib_are_refused_by_nginx(nginx: Nginx) -> None:
    # nginx checks Content-Length before reading the body: no need to send 1 GiB.
    with socket.create_connection(("127.0.0.1", nginx.http_port), timeout=10) as s:
        s.sendall(
            b"POST /api/v1/datasets HTTP/1.1\r\nHost: localhost\r\n"
            b"Content-Length: %d\r\nConnection: close\r\n\r\n" % (1025 * 1024 * 1024 + 1)
        )
        reply = s.recv(4096)
    assert reply.startswith(b"HTTP/1.1 413")
    # Within the limit nginx answers nothing yet: it waits for the body. (Sending part of it and
    # closing made nginx reset the connection under load, which said nothing about the limit.)
    with socket.create_connection(("127.0.0.1", nginx.http_port), timeout=10) as s:
        s.sendall(
            b"POST /api/v1/datasets HTTP/1.1\r\nHost: localhost\r\n"
            b"Content-Length: %d\r\nConnection: close\r\n\r\n" % (1024 * 1024 * 1024 + 4096)
        )
        s.sendall(b"x" * 1024)
        s.settimeout(2)
        try:
            reply = s.recv(4096)
        except TimeoutError:
            reply = b""  # still reading the body: not refused
    assert not reply.startswith(b"HTTP/1.1 413"), "1 GiB plus multipart overhead must reach the app"


def test_tls_variant_sends_hsts(nginx: Nginx) -> None:
    status, headers, _ = nginx.request("GET", "/datasets", tls=True)
    assert status == 200
    assert headers["Strict-Transport-Security"].startswith("max-age=63072000")
    assert headers["X-Frame-Options"] == "DENY"
    _, headers, _ = nginx.request("GET", "/assets/app.js", tls=True)
    assert "Strict-Transport-Security" in headers, "HSTS survives locations with their own headers"
