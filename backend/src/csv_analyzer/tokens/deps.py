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


async def get_token_ids(request: Request) -> TokenIds:
    """The app's API-token id cache (async: no I/O, so no thread-pool hop on the hot path)."""
    token_ids: TokenIds = request.app.state.token_ids
    return token_ids


TokenIdsDep = Annotated[TokenIds, Depends(get_token_ids)]
