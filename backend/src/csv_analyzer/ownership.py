"""Ownership: every stored object belongs to one user, and a user sees only their own.

Services load and list objects through these helpers, so the rule is written once: an object that
is missing and one that belongs to someone else give the same 404 (a 403 would confirm it exists).
Nothing here knows HTTP; the web layer turns a ``NotFound`` into its status.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol, TypeVar, cast

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from csv_analyzer.db import Base
from csv_analyzer.errors import NotFound

# Any table with `id` and `owner_id` columns; checked at run time by attribute access.
T = TypeVar("T", bound=Base)


class Owner(Protocol):
    """Whoever owns objects: only the id matters here."""

    @property
    def id(self) -> str: ...


@dataclass
class Page:
    """One page of a list: skip `offset` objects, return at most `limit`."""

    offset: int = 0
    limit: int = 50


def owned_by(model: type[Base], owner: Owner) -> Any:
    """The WHERE clause "owned by `owner`", for queries that join or aggregate."""
    return cast(Any, model).owner_id == owner.id


def owned_select(model: type[T], owner: Owner) -> Select[T]:
    """`select(model)` already filtered to the owner's objects, for lists."""
    return select(model).where(owned_by(model, owner))


def get_owned(
    session: Session,
    model: type[T],
    object_id: Any,
    owner: Owner,
    *,
    error: type[NotFound] = NotFound,
    what: str | None = None,
    for_update: bool = False,
) -> T:
    """Load one object owned by `owner`; missing or someone else's is the same 404."""
    stmt = owned_select(model, owner).where(cast(Any, model).id == object_id)
    if for_update:
        stmt = stmt.with_for_update()
    obj = session.scalars(stmt).one_or_none()
    if obj is None:
        label = what or getattr(model, "__tablename__", "object").replace("_", " ")
        raise error(f"{label.capitalize()} {object_id} not found")
    return obj
