"""Logging with a request id on every line, and the Prometheus instrumentation of the API."""

from __future__ import annotations

import contextvars
import json
import logging
import os
import time
import uuid
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from fastapi import FastAPI
from fastapi.responses import Response
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Gauge,
    generate_latest,
    multiprocess,
)
from prometheus_fastapi_instrumentator import Instrumentator

from csv_analyzer.json_types import JsonObject

request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

access_log = logging.getLogger("csv_analyzer.access")
error_log = logging.getLogger("csv_analyzer.errors")

INTERNAL_ERROR_MESSAGE = "Something went wrong on our side. The error was logged."


def internal_error_payload(request_id: str) -> JsonObject:
    """The body of every 500: no stack trace, the id to quote when reporting it."""
    return {
        "error": {
            "code": "internal_error",
            "message": INTERNAL_ERROR_MESSAGE,
            "details": {"request_id": request_id},
        }
    }


def _internal_error_body(request_id: str) -> bytes:
    return json.dumps(internal_error_payload(request_id)).encode()


def _internal_error_start(request_id: str) -> Message:
    return {
        "type": "http.response.start",
        "status": 500,
        "headers": [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(_internal_error_body(request_id))).encode()),
        ],
    }


# Collectors that compute their values at scrape time (e.g. counting job rows). They are exposed
# as they are in every mode: the multiprocess aggregation only covers metrics kept in files.
SCRAPE_TIME_REGISTRY = CollectorRegistry(auto_describe=True)

# Module level, so created once per process however many apps the factory builds.
REQUESTS_IN_FLIGHT = Gauge(
    "http_requests_inprogress",
    "HTTP requests being served right now.",
    multiprocess_mode="livesum",
)


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id_var.get()
        return True


def configure_logging(level: str) -> None:
    handler = logging.StreamHandler()
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(
        logging.Formatter("%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s")
    )
    root = logging.getLogger()
    root.handlers = [handler]
    root.setLevel(level.upper())


class RequestIdMiddleware:
    """Takes X-Request-ID from the client (or makes one), logs the request, echoes the id back.

    A plain ASGI middleware: it adds almost nothing to the latency of the predict path.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        incoming = dict(scope.get("headers") or []).get(b"x-request-id", b"").decode("latin-1")
        rid = incoming[:64] if incoming and incoming.isprintable() else uuid.uuid4().hex
        token = request_id_var.set(rid)
        start = time.perf_counter()
        status_holder = {"status": 500}

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                status_holder["status"] = message["status"]
                status_holder["started"] = 1
                headers = list(message.get("headers", []))
                headers.append((b"x-request-id", rid.encode("latin-1")))
                message["headers"] = headers
            await send(message)

        REQUESTS_IN_FLIGHT.inc()
        try:
            await self.app(scope, receive, send_with_id)
        except Exception:
            # Starlette's last-resort handler runs outside every middleware, after this id is
            # gone: answer the 500 here so its body, header and log line all carry the id.
            error_log.exception("unhandled error")
            if status_holder.get("started"):
                raise  # the response is half sent: only the server can close the connection
            status_holder["status"] = 500
            await send_with_id(_internal_error_start(rid))
            await send_with_id({"type": "http.response.body", "body": _internal_error_body(rid)})
        finally:
            REQUESTS_IN_FLIGHT.dec()
            access_log.info(
                "%s %s %s %.1fms",
                scope.get("method"),
                scope.get("path"),
                status_holder["status"],
                (time.perf_counter() - start) * 1000,
            )
            request_id_var.reset(token)


def instrument(app: FastAPI) -> None:
    """HTTP metrics (count, latency histogram by handler and status, in-flight) and `/metrics`.

    HTTP metrics live in a registry of this app (the factory may run many times in one process,
    as in tests); domain metrics live in the default registry; `/metrics` exposes both. With
    PROMETHEUS_MULTIPROC_DIR set, the exposition aggregates every process's files instead.
    """
    http_registry = CollectorRegistry(auto_describe=True)
    Instrumentator(
        should_group_status_codes=False,
        excluded_handlers=["/metrics", "/api/v1/health"],
        registry=http_registry,
    ).instrument(app)

    @app.get("/metrics", include_in_schema=False)
    def metrics() -> Response:
        if multiprocess_enabled():
            registry = CollectorRegistry()
            multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
            body = generate_latest(registry)
        else:
            body = generate_latest(REGISTRY) + generate_latest(http_registry)
        body += generate_latest(SCRAPE_TIME_REGISTRY)
        return Response(body, media_type=CONTENT_TYPE_LATEST)


def multiprocess_enabled() -> bool:
    return bool(os.environ.get("PROMETHEUS_MULTIPROC_DIR"))
