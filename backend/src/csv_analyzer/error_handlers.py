"""Render every error as `{"error": {"code", "message", "details"}}`; never a stack trace."""

from __future__ import annotations

import logging
import math
from typing import Any

import duckdb
from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy.exc import DataError
from starlette.exceptions import HTTPException as StarletteHTTPException

from csv_analyzer.errors import AppError
from csv_analyzer.observability import internal_error_payload, request_id_var

log = logging.getLogger(__name__)

_HTTP_CODES = {
    400: "bad_request",
    401: "not_authenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    409: "conflict",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "validation_error",
    429: "too_many_requests",
}


class ErrorDetail(BaseModel):
    code: str
    message: str
    details: Any = None


class ErrorResponse(BaseModel):
    """The body of every error answer."""

    error: ErrorDetail


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorResponse, "description": description}
    for status, description in (
        (401, "Not authenticated"),
        (404, "Not found (or not yours)"),
        (422, "Invalid input"),
    )
}


QUEUE_UNAVAILABLE: dict[int | str, dict[str, Any]] = {
    503: {
        "model": ErrorResponse,
        "description": "The job queue cannot be reached; nothing was queued",
    }
}


def error_body(code: str, message: str, details: Any = None) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "details": json_safe(details)}}


_NON_FINITE = {math.inf: "Infinity", -math.inf: "-Infinity"}


def json_safe(value: Any) -> Any:
    """``value`` made strict-JSON: ``inf``/``-inf``/``nan`` become the text ``"Infinity"``,
    ``"-Infinity"``, ``"NaN"`` (JSON has no such numbers and the encoder refuses them, which
    turned an error about such a value into a 500); tuples become lists.
    """
    if isinstance(value, float) and not math.isfinite(value):
        return _NON_FINITE.get(value, "NaN")
    if isinstance(value, dict):
        return {k: json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [json_safe(v) for v in value]
    return value


def _validation_message(errors: list[dict[str, Any]]) -> str:
    parts = []
    for err in errors[:5]:
        loc = ".".join(str(p) for p in err.get("loc", ()) if p not in ("body", "query", "path"))
        msg = str(err.get("msg", "invalid")).removeprefix("Value error, ")
        parts.append(f"{loc}: {msg}" if loc else msg)
    more = f" (and {len(errors) - 5} more)" if len(errors) > 5 else ""
    return "; ".join(parts) + more


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(AppError)
    async def app_error(_request: Request, exc: AppError) -> JSONResponse:
        return JSONResponse(
            json_safe(jsonable_encoder(error_body(exc.code, exc.message, exc.details))),
            status_code=exc.status_code,
            headers=exc.headers,
        )

    @app.exception_handler(RequestValidationError)
    async def validation_error(_request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [
            {"loc": list(e.get("loc", ())), "msg": str(e.get("msg")), "type": e.get("type")}
            for e in exc.errors()
        ]
        return JSONResponse(
            error_body("validation_error", _validation_message(errors), errors),
            status_code=422,
        )

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        status, code = exc.status_code, _HTTP_CODES.get(exc.status_code, "http_error")
        message = exc.detail if isinstance(exc.detail, str) else code.replace("_", " ")
        if status == 400 and "parsing the body" in message:
            # A body that is not even text (bad UTF-8) gets the 422 that FastAPI gives invalid
            # JSON and that every route documents, not an undocumented 400.
            status, code, message = 422, "malformed_body", "The request body could not be parsed"
        return JSONResponse(error_body(code, message), status_code=status, headers=exc.headers)

    # A number no column can hold (a version 2**31 on PostgreSQL, 2**63 on SQLite) or text
    # PostgreSQL cannot store (a NUL character) is bad input, not a server fault. Request models
    # should refuse such values; this keeps the ones they miss from becoming a 500.
    @app.exception_handler(DataError)  # PostgreSQL: SQLSTATE class 22, "data exception"
    @app.exception_handler(OverflowError)
    async def value_out_of_range(_request: Request, exc: Exception) -> JSONResponse:
        log.warning("request value refused: %s", str(exc).splitlines()[0] if str(exc) else exc)
        return JSONResponse(
            error_body(
                "value_out_of_range",
                "A value in the request is out of range or cannot be stored",
            ),
            status_code=422,
        )

    # JSON may carry a lone surrogate ("\ud800"): valid JSON, but text no encoder accepts. The
    # routes that store or echo free text refuse it themselves; this catches any they miss.
    @app.exception_handler(UnicodeEncodeError)
    async def unencodable_text(_request: Request, _exc: Exception) -> JSONResponse:
        return JSONResponse(
            error_body(
                "unencodable_text",
                "The request holds text that cannot be encoded as UTF-8 "
                "(a lone surrogate such as \\ud800)",
            ),
            status_code=422,
        )

    # DuckDB's memory_limit (settings) was reached: the data is too wide or long for this server's
    # configured memory; the process itself stays well.
    @app.exception_handler(duckdb.OutOfMemoryException)
    async def memory_limit_reached(_request: Request, exc: Exception) -> JSONResponse:
        log.warning(
            "DuckDB memory limit reached: %s", str(exc).splitlines()[0] if str(exc) else exc
        )
        return JSONResponse(
            error_body(
                "memory_limit_reached",
                "This request needs more memory than the server allows for one query "
                "(DUCKDB_MEMORY_LIMIT); ask for fewer columns or rows at a time.",
            ),
            status_code=422,
        )

    # The request-id middleware answers unhandled errors with the id; this is the last resort
    # for anything that escapes it (an error raised by a middleware outside it).
    @app.exception_handler(Exception)
    async def unexpected_error(_request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error", exc_info=exc)
        return JSONResponse(internal_error_payload(request_id_var.get()), status_code=500)
