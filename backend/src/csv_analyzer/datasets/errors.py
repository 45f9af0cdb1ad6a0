"""Domain errors of the datasets feature.

Each error carries a stable machine ``code``, a human ``message`` and JSON-ready ``details``; the
web layer maps them to HTTP responses (all are client errors: 400/422) without parsing messages.
"""

from __future__ import annotations

from collections.abc import Mapping


class DatasetDomainError(Exception):
    """Base class of every error raised by the pure datasets modules.

    Args:
        code: Stable snake_case identifier, e.g. ``"ragged_rows"``.
        message: One or two sentences a user can act on.
        details: JSON-ready evidence (line numbers, sample values, column names).
    """

    def __init__(
        self, code: str, message: str, details: Mapping[str, object] | None = None
    ) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.details: dict[str, object] = dict(details or {})

    def __repr__(self) -> str:
        return f"{type(self).__name__}(code={self.code!r}, message={self.message!r})"


class IngestError(DatasetDomainError):
    """A CSV file cannot be turned into a dataset (empty, binary, ragged, ...)."""


class OperationError(DatasetDomainError):
    """A cleaning operation is invalid for the dataset; nothing was written."""


class QueryError(DatasetDomainError):
    """A browse request (sort, filter, paging) is invalid."""
