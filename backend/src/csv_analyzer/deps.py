"""Shared FastAPI dependencies: settings, DB session, the current user and the ONE ownership filter."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

import jwt
from fastapi import Depends, Query, Request
from fastapi.security import OAuth2PasswordBearer
from sqlalchemy.orm import Session, sessionmaker

from csv_analyzer.auth.models import User
from csv_analyzer.config import Settings
from csv_analyzer.errors import Forbidden, Unauthorized
from csv_analyzer.ownership import Page
from csv_analyzer.security import decode_access_token
from csv_analyzer.storage import ObjectStore


async def get_settings_dep(request: Request) -> Settings:
    # async: no I/O, so FastAPI does not spend a thread-pool hop on it for every request
    settings: Settings = request.app.state.settings
    return settings


SettingsDep = Annotated[Settings, Depends(get_settings_dep)]


def get_session(request: Request) -> Iterator[Session]:
    session: Session = request.app.state.sessionmaker()
    try:
        yield session
    finally:
        session.close()


SessionDep = Annotated[Session, Depends(get_session)]


async def get_session_factory(request: Request) -> sessionmaker[Session]:
    """For a route that opens its session itself, inside the one thread it does its work in."""
    factory: sessionmaker[Session] = request.app.state.sessionmaker
    return factory


SessionFactoryDep = Annotated["sessionmaker[Session]", Depends(get_session_factory)]

oauth2_scheme = OAuth2PasswordBearer(tokenUrl="/api/v1/auth/login", auto_error=False)


def user_from_access_token(session: Session, settings: Settings, token: str) -> User:
    """Resolve a bearer JWT to an active user, or raise 401 with a precise code."""
    try:
        claims = decode_access_token(
            token,
            secret=settings.jwt_secret.get_secret_value(),
            algorithm=settings.jwt_algorithm,
        )
    except jwt.ExpiredSignatureError as e:
        raise Unauthorized("Your session has expired", code="token_expired") from e
    except jwt.PyJWTError as e:
        raise Unauthorized("Invalid access token", code="invalid_token") from e
    user = session.get(User, claims.subject)
    if user is None or not user.is_active:
        raise Unauthorized("Invalid access token", code="invalid_token")
    return user


def get_current_user(
    session: SessionDep,
    settings: SettingsDep,
    token: Annotated[str | None, Depends(oauth2_scheme)],
) -> User:
    if not token:
        raise Unauthorized()
    return user_from_access_token(session, settings, token)


CurrentUser = Annotated[User, Depends(get_current_user)]


def get_admin_user(user: CurrentUser) -> User:
    if user.role != "admin":
        raise Forbidden("Administrators only")
    return user


AdminUser = Annotated[User, Depends(get_admin_user)]


class PageParams(Page):
    """Offset pagination shared by every list route (the query parameters of a `Page`)."""

    def __init__(
        self,
        offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
        limit: Annotated[int, Query(ge=1, le=200)] = 50,
    ) -> None:
        self.offset = offset
        self.limit = limit


PageDep = Annotated[PageParams, Depends()]


def get_store(request: Request) -> ObjectStore:
    store: ObjectStore = request.app.state.store
    return store


StoreDep = Annotated[ObjectStore, Depends(get_store)]


EscapeFormulasQuery = Annotated[
    bool,
    Query(
        description="Spreadsheet safety (default true): cells and header names that a spreadsheet "
        "would run as a formula (starting with = + - @, tab or CR) get a leading single quote; "
        "numbers stay numbers. false returns the exact text, for machine consumers."
    ),
]
"""The per-download opt-out of CSV formula escaping (see `csv_analyzer.csv_safety`)."""
