"""Create, list and revoke API tokens, and resolve a presented token to its user."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
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


@dataclass(frozen=True)
class Caller:
    """Who is calling: the user, and the API token used (None for a signed-in user's JWT)."""

    user: User
    token_id: str | None = None


def caller_from_api_token(session: Session, bearer: str) -> Caller:
    """The active owner of a live API token, found with the token in one query (or 401)."""
    row = session.execute(
        select(ApiToken, User)
        .join(User, User.id == ApiToken.owner_id)
        .where(ApiToken.token_hash == hash_token(bearer))
    ).one_or_none()
    now = utcnow()
    if row is None or row[0].revoked_at is not None:
        raise Unauthorized("Invalid API token", code="invalid_token")
    token, user = row
    caller = Caller(user, token.id)
    if token.expires_at is not None and token.expires_at <= now:
        raise Unauthorized("This API token has expired", code="token_expired")
    if not user.is_active:
        raise Unauthorized("Invalid API token", code="invalid_token")
    # Recording use at minute granularity avoids a write on every prediction.
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=1):
        token.last_used_at = now
        session.commit()
    return caller


def user_from_api_token(session: Session, bearer: str) -> User:
    return caller_from_api_token(session, bearer).user
