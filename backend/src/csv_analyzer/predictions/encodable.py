"""Text that UTF-8 cannot carry: a lone surrogate such as `\\ud800` (valid JSON, invalid text).

JSON lets a client send `"\\ud800"`; Python decodes it to a one-character string that no UTF-8
encoder (the response serialiser, a database driver) accepts. Such text is refused on the way
in, and the log readers skip any stored row that still holds some instead of failing.
"""

from __future__ import annotations

from collections.abc import Mapping


def is_encodable(text: str) -> bool:
    """True when `text` encodes as UTF-8 (it holds no lone surrogate)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def holds_unencodable_text(value: object) -> bool:
    """True when a string anywhere in `value` (keys of mappings included) is not encodable."""
    if isinstance(value, str):
        return not is_encodable(value)
    if isinstance(value, Mapping):
        return any(holds_unencodable_text(k) or holds_unencodable_text(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return any(holds_unencodable_text(v) for v in value)
    return False
