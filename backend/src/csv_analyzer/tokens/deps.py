"""Who is calling a machine-facing route: a user signed in with a JWT, or a personal API token.

Only routes meant for machine clients (predictions) accept API tokens.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends
from fastapi.concurrency import run_in_threadpool
from sqlalchemy.orm import Session, sessionmaker

from csv_analyzer.config import Settings
from csv_analyzer.deps import (
    SessionFactoryDep,
    SettingsDep,
    oauth2_scheme,
    user_from_access_token,
)
from csv_analyzer.errors import Unauthorized
from csv_analyzer.tokens.service import Caller, caller_from_api_token, is_api_token


def resolve_caller(session: Session, settings: Settings, bearer: str | None) -> Caller:
    """The user behind a bearer JWT or API token (and the token's id), or 401."""
    if not bearer:
        raise Unauthorized()
    if is_api_token(bearer):
        return caller_from_api_token(session, bearer)
    return Caller(user_from_access_token(session, settings, bearer))


def _resolve_in_own_session(
    sessions: sessionmaker[Session], settings: Settings, bearer: str | None
) -> Caller:
    with sessions() as session:
        return resolve_caller(session, settings, bearer)


async def get_caller(
    bearer: Annotated[str | None, Depends(oauth2_scheme)],
    sessions: SessionFactoryDep,
    settings: SettingsDep,
) -> Caller:
    """The caller, resolved before the body is read: a bad token is a 401 whatever the body.

    One thread-pool hop with its own short session (sync dependencies would cost one hop each).
    """
    if not bearer:
        raise Unauthorized()
    return await run_in_threadpool(_resolve_in_own_session, sessions, settings, bearer)


ApiCaller = Annotated[Caller, Depends(get_caller)]
