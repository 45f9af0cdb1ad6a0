"""Streaming multipart upload: the file part goes straight to a staging file, never into memory.

FastAPI's `UploadFile` would first spool the whole body to the system temp directory (possibly a
small tmpfs) and only then let us check its size. Parsing `request.stream()` ourselves lets us
refuse an oversized upload at the first byte over the limit and write each byte once.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from pathlib import Path
from typing import IO, Any

import anyio
from fastapi import Request
from python_multipart.exceptions import FormParserError
from python_multipart.multipart import MultipartParser, parse_options_header

from csv_analyzer.datasets.ingest.staging import ReceivedUpload
from csv_analyzer.errors import AppError, PayloadTooLarge, Unprocessable, UnsupportedMediaType
from csv_analyzer.json_types import JsonObject

FLUSH_BYTES = 1 << 20
MULTIPART_OVERHEAD = 64 << 10
"""Room for the multipart framing and the `name` field on top of the file size limit."""
MAX_FIELD_BYTES = 4096

# Declared types that are certainly not CSV (browsers send text/csv, application/vnd.ms-excel or
# application/octet-stream for .csv files, so the content itself is checked by the ingest too).
_NOT_CSV_PREFIXES = ("image/", "audio/", "video/", "font/")
_NOT_CSV_TYPES = frozenset(
    {
        "application/pdf",
        "application/zip",
        "application/gzip",
        "application/x-gzip",
        "application/x-7z-compressed",
        "application/x-tar",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/vnd.apache.parquet",
        "application/x-parquet",
    }
)


def multipart_upload_openapi(title: str, fields: Mapping[str, JsonObject]) -> JsonObject:
    """The OpenAPI request body of a route that streams a CSV upload (`receive_upload`).

    FastAPI cannot describe a body the route reads itself, so every upload route passes this as
    `openapi_extra`: a required `file` part plus the named text fields (JSON Schema each).
    """
    properties: JsonObject = {
        "file": {"type": "string", "format": "binary", "description": "A CSV file"},
    }
    for name, schema in fields.items():
        properties[name] = dict(schema)
    return {
        "requestBody": {
            "required": True,
            "content": {
                "multipart/form-data": {
                    "schema": {
                        "type": "object",
                        "title": title,
                        "required": ["file"],
                        "properties": properties,
                    }
                }
            },
        }
    }


UPLOAD_OPENAPI = multipart_upload_openapi(
    "DatasetUpload",
    {
        "name": {
            "type": "string",
            "maxLength": 200,
            "description": "Dataset name (defaults to the file name)",
        }
    },
)


class MalformedUpload(AppError):
    status_code = 422  # documented on every route, like any other invalid input
    code = "malformed_upload"


def too_large(limit: int) -> PayloadTooLarge:
    return PayloadTooLarge(
        f"The file is larger than the {limit:,} bytes allowed.",
        code="file_too_large",
        details={"max_upload_bytes": limit},
    )


def _not_csv(content_type: str) -> bool:
    return content_type.startswith(_NOT_CSV_PREFIXES) or content_type in _NOT_CSV_TYPES


class _Collector:
    """Multipart callbacks: route the `file` part to disk (buffered), keep small fields."""

    def __init__(self, out: IO[bytes], limit: int) -> None:
        self.out = out
        self.limit = limit
        self.buffer = bytearray()
        self.size = 0
        self.file_seen = False
        self.filename = ""
        self.content_type = ""
        self.fields: dict[str, str] = {}
        self._headers: dict[str, str] = {}
        self._field = b""
        self._value = b""
        self._part: str | None = None  # "file", a field name, or None (ignored part)
        self._part_value = bytearray()

    def callbacks(self) -> dict[str, Any]:
        return {
            "on_part_begin": self._part_begin,
            "on_header_field": self._header_field,
            "on_header_value": self._header_value,
            "on_header_end": self._header_end,
            "on_headers_finished": self._headers_finished,
            "on_part_data": self._part_data,
            "on_part_end": self._part_end,
        }

    def _part_begin(self) -> None:
        self._headers, self._part, self._part_value = {}, None, bytearray()

    def _header_field(self, data: bytes, start: int, end: int) -> None:
        self._field += data[start:end]

    def _header_value(self, data: bytes, start: int, end: int) -> None:
        self._value += data[start:end]

    def _header_end(self) -> None:
        self._headers[self._field.decode("latin-1").lower()] = self._value.decode("latin-1")
        self._field, self._value = b"", b""

    def _headers_finished(self) -> None:
        _, params = parse_options_header(self._headers.get("content-disposition", ""))
        name = params.get(b"name", b"").decode("utf-8", "replace")
        if name == "file" and b"filename" in params and not self.file_seen:
            self.file_seen = True
            self._part = "file"
            raw_name = params[b"filename"].decode("utf-8", "replace")
            # Control characters (a NUL, a newline) never make it into a dataset name.
            printable = "".join(ch for ch in raw_name if ch.isprintable())
            self.filename = Path(printable.replace("\\", "/")).name[:255] or "upload.csv"
            ctype, _ = parse_options_header(self._headers.get("content-type", ""))
            self.content_type = ctype.decode("latin-1").lower()
            if _not_csv(self.content_type):
                raise UnsupportedMediaType(
                    f"Only CSV files can be uploaded, not {self.content_type}.",
                    code="not_csv",
                    details={"content_type": self.content_type},
                )
        elif name and name != "file":
            self._part = name

    def _part_data(self, data: bytes, start: int, end: int) -> None:
        if self._part == "file":
            self.size += end - start
            if self.size > self.limit:
                raise too_large(self.limit)
            self.buffer += data[start:end]
        elif self._part is not None:
            self._part_value += data[start:end]
            if len(self._part_value) > MAX_FIELD_BYTES:
                raise MalformedUpload(f"The form field {self._part!r} is too long.")

    def _part_end(self) -> None:
        if self._part not in (None, "file"):
            self.fields[self._part] = self._part_value.decode("utf-8", "replace")
        self._part = None


async def receive_upload(
    request: Request,
    dest: Path,
    limit: int,
    on_progress: Callable[[int], Awaitable[None]] | None = None,
) -> ReceivedUpload:
    """Stream the multipart body's `file` part into `dest`, enforcing the size limit.

    `on_progress(bytes_received)` is awaited after each chunk written to disk (about every MiB).

    Raises 415 for a body that is not multipart or a file declared as a non-CSV type, 413
    `file_too_large` as soon as the file exceeds `limit`, 422 for a malformed body or a missing
    `file` part. The caller deletes `dest` whatever happens.
    """
    ctype, params = parse_options_header(request.headers.get("content-type", ""))
    if ctype != b"multipart/form-data" or b"boundary" not in params:
        raise UnsupportedMediaType(
            "Send the file as multipart/form-data with a `file` part.", code="multipart_required"
        )
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit + MULTIPART_OVERHEAD:
        raise too_large(limit)

    with dest.open("wb") as out:
        collector = _Collector(out, limit)
        parser = MultipartParser(params[b"boundary"], collector.callbacks())  # type: ignore[arg-type]
        received = 0
        try:
            async for chunk in request.stream():
                parser.write(chunk)
                received += len(chunk)
                if len(collector.buffer) >= FLUSH_BYTES:
                    await anyio.to_thread.run_sync(out.write, bytes(collector.buffer))
                    collector.buffer.clear()
                    if on_progress is not None:
                        await on_progress(received)
            parser.finalize()
        except FormParserError as e:
            raise MalformedUpload("The multipart body could not be parsed.") from e
        if collector.buffer:
            await anyio.to_thread.run_sync(out.write, bytes(collector.buffer))
            collector.buffer.clear()
    if not collector.file_seen:
        raise Unprocessable("The form has no `file` part with a file in it.", code="file_missing")
    return ReceivedUpload(
        filename=collector.filename,
        content_type=collector.content_type,
        size=collector.size,
        fields=collector.fields,
    )
