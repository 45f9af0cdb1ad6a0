"""JSON as a type: what a JSON column or a free-form JSON field can hold.

`JsonValue` is pydantic's recursive JSON type (str, int, float, bool, None, lists and objects of
those); `JsonObject` is a JSON object. Use them instead of ``dict[str, Any]`` so that reading a
value forces a check of what it is.
"""

from __future__ import annotations

from typing import TypeAlias

from pydantic import JsonValue

JsonObject: TypeAlias = dict[str, JsonValue]

__all__ = ["JsonObject", "JsonValue"]
