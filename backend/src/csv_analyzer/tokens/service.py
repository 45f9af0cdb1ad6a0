"""Create, list and revoke API tokens, and resolve a presented token to its user."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from csv_analyzer.auth.models import User
from csv_analyzer.db import utcnow
from csv_analyzer.errors import NotFound, Unauthorized
from csv_analyzer.ownership import get_owned, owned_select
from csv_analyzer.security import hash_token, new_opaque_token
from csv_analyzer.tokens.models import ApiToken
from csv_analyzer.tokens.schemas import ApiTokenCreate, ApiTokenCreated

TOKEN_PREFIX = "csa"  # noqa: S105 - a label, not a secret


class ApiTokenNotFound(NotFound):
    code = "api_token_not_found"


def create_token(session: Session, user: User, token_in: ApiTokenCreate) -> ApiTokenCreated:
    secret = new_opaque_token(TOKEN_PREFIX)
    expires = (
        utcnow() + timedelta(days=token_in.expires_in_days) if token_in.expires_in_days else None
    )
    token = ApiToken(
        owner_id=user.id,
        name=token_in.name,
        prefix=secret[:10],
        token_hash=hash_token(secret),
        expires_at=expires,
    )
    session.add(token)
    session.commit()
    return ApiTokenCreated.model_validate({**_as_dict(token), "token": secret})


def _as_dict(token: ApiToken) -> dict[str, object]:
    return {c: getattr(token, c) for c in ApiToken.__table__.columns.keys()}  # noqa: SIM118


def list_tokens(session: Session, user: User) -> Sequence[ApiToken]:
    return session.scalars(owned_select(ApiToken, user).order_by(ApiToken.created_at.desc())).all()


def revoke_token(session: Session, user: User, token_id: str) -> None:
    token = get_owned(session, ApiToken, token_id, user, error=ApiTokenNotFound, what="API token")
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        session.commit()


def is_api_token(bearer: str) -> bool:
    return bearer.startswith(f"{TOKEN_PREFIX}_")


def user_from_api_token(session: Session, bearer: str) -> User:
    token = session.scalars(
        select(ApiToken).where(ApiToken.token_hash == hash_token(bearer))
    ).one_or_none()
    now = utcnow()
    if token is None or token.revoked_at is not None:
        raise Unauthorized("Invalid API token", code="invalid_token")
    if token.expires_at is not None and token.expires_at <= now:
        raise Unauthorized("This API token has expired", code="token_expired")
    user = session.get(User, token.owner_id)
    if user is None or not user.is_active:
        raise Unauthorized("Invalid API token", code="invalid_token")
    # Recording use at minute granularity avoids a write on every prediction.
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=1):
        token.last_used_at = now
        session.commit()
    return user


class TokenIds:
    """Token hash -> API token id, remembered per process for the prediction log.

    A hash always names the same token (ids are never reused), so a remembered id is never
    wrong, only possibly revoked — and a revoked token is refused before its id is looked up.
    The map is bounded: past `limit` entries it starts over. Created once per app (its state).
    """

    def __init__(self, limit: int = 10_000) -> None:
        self._ids: dict[str, str] = {}
        self._limit = limit
        self._lock = threading.Lock()

    def of(self, session: Session, bearer: str | None) -> str | None:
        """The id of the API token used, or None for a signed-in user's JWT."""
        if not bearer or not is_api_token(bearer):
            return None
        digest = hash_token(bearer)
        token_id = self._ids.get(digest)
        if token_id is None:
            token_id = session.scalar(select(ApiToken.id).where(ApiToken.token_hash == digest))
            if token_id is not None:
                with self._lock:
                    if len(self._ids) >= self._limit:
                        self._ids.clear()
                    self._ids[digest] = token_id
        return token_id
