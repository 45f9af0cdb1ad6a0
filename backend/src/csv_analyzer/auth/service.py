"""Account use cases: register, log in, rotate and revoke refresh tokens, create the first admin."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from csv_analyzer.auth import throttle
from csv_analyzer.auth.models import RefreshToken, User
from csv_analyzer.auth.schemas import TokenPair, UserCreate
from csv_analyzer.config import Settings
from csv_analyzer.db import new_id, utcnow
from csv_analyzer.errors import Conflict, Unauthorized
from csv_analyzer.security import (
    create_access_token,
    hash_password,
    hash_token,
    new_opaque_token,
    verify_password,
)


class InvalidCredentials(Unauthorized):
    code = "invalid_credentials"


class InvalidRefreshToken(Unauthorized):
    code = "invalid_token"


def normalise_email(email: str) -> str:
    return email.strip().lower()


def register(
    session: Session,
    user_in: UserCreate,
    *,
    role: str = "user",
    throttled: tuple[Settings, str] | None = None,
) -> User:
    """Create an account. With `throttled=(settings, client_ip)` (the public route), each taken
    address counts against the client's address, so enumerating accounts is slowed to a crawl."""
    email = normalise_email(str(user_in.email))
    attempt = None
    if throttled is not None:
        settings, client_ip = throttled
        attempt = throttle.begin_registration(session, settings, client_ip=client_ip)
    if session.scalars(select(User.id).where(User.email == email)).first():
        raise Conflict("An account with this email already exists", code="email_taken")
    if attempt is not None:
        throttle.forget(session, attempt)
    user = User(
        email=email,
        password_hash=hash_password(user_in.password),
        full_name=user_in.full_name,
        role=role,
    )
    session.add(user)
    try:
        session.commit()
    except IntegrityError as e:  # two registrations raced past the check above
        session.rollback()
        raise Conflict("An account with this email already exists", code="email_taken") from e
    return user


def _issue_pair(session: Session, settings: Settings, user: User, family_id: str) -> TokenPair:
    refresh = new_opaque_token("rt")
    session.add(
        RefreshToken(
            user_id=user.id,
            family_id=family_id,
            token_hash=hash_token(refresh),
            expires_at=utcnow() + timedelta(seconds=settings.refresh_token_ttl_s),
        )
    )
    access = create_access_token(
        subject=user.id,
        secret=settings.jwt_secret.get_secret_value(),
        algorithm=settings.jwt_algorithm,
        ttl_s=settings.access_token_ttl_s,
        extra={"role": user.role},
    )
    return TokenPair(
        access_token=access, refresh_token=refresh, expires_in=settings.access_token_ttl_s
    )


def login(
    session: Session, settings: Settings, *, email: str, password: str, client_ip: str
) -> TokenPair:
    email = normalise_email(email)
    attempt = throttle.begin_attempt(session, settings, email=email, client_ip=client_ip)
    user = session.scalars(select(User).where(User.email == email)).one_or_none()
    ok = verify_password(password, user.password_hash if user else None)
    if not ok or user is None or not user.is_active:
        session.rollback()  # the attempt's failure rows are already committed
        raise InvalidCredentials("Incorrect email or password")
    throttle.succeeded(session, settings, attempt)
    pair = _issue_pair(session, settings, user, family_id=new_id())
    session.commit()
    return pair


def refresh(
    session: Session, settings: Settings, *, refresh_token: str, from_cookie: bool = False
) -> TokenPair:
    """Rotate: the presented token is revoked and a new pair issued in the same family.

    Presenting an already-rotated token means it leaked: the whole family is revoked. Only a
    cookie (which every tab of one browser shares, and which scripts cannot read) replayed within
    `ROTATION_GRACE_S` of its rotation, while the sign-in is alive, is answered `token_rotated`.
    """
    token = session.scalars(
        select(RefreshToken).where(RefreshToken.token_hash == hash_token(refresh_token))
    ).one_or_none()
    now = utcnow()
    if token is None:
        raise InvalidRefreshToken("Invalid refresh token")
    if token.revoked_at is not None:
        if from_cookie and _just_rotated(session, token, now):
            # Two tabs refreshing with one cookie: the later one lost a race, not a theft.
            raise InvalidRefreshToken(
                "This refresh token was just replaced by a newer one: retry with that one",
                code="token_rotated",
            )
        _revoke_family(session, token.family_id)
        session.commit()
        raise InvalidRefreshToken(
            "This refresh token was already used; all sessions from that sign-in were ended",
            code="token_reused",
        )
    if token.expires_at <= now:
        raise InvalidRefreshToken("Your session has expired", code="token_expired")
    user = session.get(User, token.user_id)
    if user is None or not user.is_active:
        raise InvalidRefreshToken("Invalid refresh token")
    # Conditional update: of two concurrent refreshes with one token, only one wins.
    claimed = session.execute(
        update(RefreshToken)
        .where(RefreshToken.id == token.id, RefreshToken.revoked_at.is_(None))
        .values(revoked_at=now)
    )
    if getattr(claimed, "rowcount", 0) != 1:
        session.rollback()
        raise InvalidRefreshToken("This refresh token was already used", code="token_reused")
    pair = _issue_pair(session, settings, user, family_id=token.family_id)
    session.commit()
    return pair


ROTATION_GRACE_S = 30


def _just_rotated(session: Session, token: RefreshToken, now: datetime) -> bool:
    """True when `token` was replaced moments ago and its sign-in is still alive (not a logout):
    its reuse is a race between two tabs, and answering it changes nothing."""
    revoked_at = token.revoked_at
    if revoked_at is None:
        return False
    if revoked_at.tzinfo is None:
        revoked_at = revoked_at.replace(tzinfo=now.tzinfo)
    if (now - revoked_at).total_seconds() > ROTATION_GRACE_S:
        return False
    live = session.scalar(
        select(func.count(RefreshToken.id)).where(
            RefreshToken.family_id == token.family_id,
            RefreshToken.revoked_at.is_(None),
            RefreshToken.expires_at > now,
        )
    )
    return bool(live)


def _revoke_family(session: Session, family_id: str) -> None:
    session.execute(
        update(RefreshToken)
        .where(RefreshToken.family_id == family_id, RefreshToken.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )


def logout(session: Session, user: User, *, refresh_token: str) -> None:
    """Revoke the sign-in the refresh token belongs to (idempotent; others' tokens are ignored)."""
    token = session.scalars(
        select(RefreshToken).where(
            RefreshToken.token_hash == hash_token(refresh_token), RefreshToken.user_id == user.id
        )
    ).one_or_none()
    if token is not None:
        _revoke_family(session, token.family_id)
        session.commit()


def ensure_admin(session: Session, *, email: str, password: str) -> User:
    """Create the admin account, or promote an existing account to admin."""
    email = normalise_email(email)
    user = session.scalars(select(User).where(User.email == email)).one_or_none()
    if user is None:
        user = register(session, UserCreate(email=email, password=password), role="admin")
    elif user.role != "admin":
        user.role = "admin"
        session.commit()
    return user
