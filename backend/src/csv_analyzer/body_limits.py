"""Request bodies are capped per route before anything parses them (413, not a memory spike).

FastAPI reads a whole JSON body into memory and builds Python objects from it before a route
or a dependency can look at it: a 126 MB predict body once added 725 MB to the server before
its 422. This ASGI middleware refuses a declared `Content-Length` above the route's cap at
once and stops a chunked body as soon as it passes the cap. Multipart uploads are left to
their routes, which stream to disk under `MAX_UPLOAD_BYTES`.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from starlette.exceptions import HTTPException

from csv_analyzer.error_handlers import error_body
from csv_analyzer.observability import ASGIApp, Message, Receive, Scope, Send

_PREDICT_PATH = re.compile(r"^/api/v1/models/[^/]+(/versions/[^/]+)?/predict/?$")


@dataclass(frozen=True)
class BodyLimits:
    """Largest body in bytes: predictions (up to 10,000 rows) and every other JSON or form body."""

    predict_bytes: int
    default_bytes: int

    def for_request(self, path: str, content_type: str) -> int | None:
        """The cap for this request; None where the route streams its own upload."""
        if content_type.startswith("multipart/form-data"):
            return None
        if _PREDICT_PATH.match(path):
            return self.predict_bytes
        return self.default_bytes


def _message(limit: int) -> str:
    return f"The request body is larger than this endpoint accepts ({limit:,} bytes)."


class BodyLimitMiddleware:
    def __init__(self, app: ASGIApp, limits: BodyLimits) -> None:
        self.app = app
        self.limits = limits

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        content_type = headers.get(b"content-type", b"").decode("latin-1").lower()
        limit = self.limits.for_request(scope.get("path", ""), content_type)
        if limit is None:
            await self.app(scope, receive, send)
            return
        declared = headers.get(b"content-length", b"")
        if declared.isdigit() and int(declared) > limit:
            await _refuse(send, limit)
            return
        await self.app(scope, _counting(receive, limit), send)


def _counting(receive: Receive, limit: int) -> Receive:
    received = 0

    async def counted() -> Message:
        nonlocal received
        message = await receive()
        if message["type"] == "http.request":
            received += len(message.get("body", b""))
            if received > limit:
                # Raised while the route reads its body: FastAPI lets an HTTPException through,
                # and the error handlers render it as the usual 413 body.
                raise HTTPException(413, _message(limit))
        return message

    return counted


async def _refuse(send: Send, limit: int) -> None:
    body = json.dumps(
        error_body("payload_too_large", _message(limit), {"max_body_bytes": limit})
    ).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
