"""`ApiCaller`: a user signed in with a JWT, or a machine client with a personal API token.

Only routes meant for machine clients (predictions) accept API tokens.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from csv_analyzer.auth.models import User
from csv_analyzer.deps import SessionDep, SettingsDep, oauth2_scheme, user_from_access_token
from csv_analyzer.errors import Unauthorized
from csv_analyzer.tokens.service import TokenIds, is_api_token, user_from_api_token


def get_caller(
    session: SessionDep,
    settings: SettingsDep,
    token: Annotated[str | None, Depends(oauth2_scheme)],
) -> User:
    if not token:
        raise Unauthorized()
    if is_api_token(token):
        return user_from_api_token(session, token)
    return user_from_access_token(session, settings, token)


ApiCaller = Annotated[User, Depends(get_caller)]


def get_caller_token_id(
    request: Request,
    session: SessionDep,
    token: Annotated[str | None, Depends(oauth2_scheme)],
) -> str | None:
    """The id of the API token the caller used (None for a JWT), for the prediction log."""
    token_ids: TokenIds = request.app.state.token_ids
    return token_ids.of(session, token)


CallerTokenId = Annotated[str | None, Depends(get_caller_token_id)]
