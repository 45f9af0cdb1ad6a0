"""Login throttling by account and by client address, stored in the database (works across workers)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from csv_analyzer.auth.models import LoginFailure
from csv_analyzer.config import Settings
from csv_analyzer.db import utcnow
from csv_analyzer.errors import TooManyRequests

# An address is shared by many people (offices, NAT): allow it more failures than one account.
IP_FAILURE_FACTOR = 4


def throttle_keys(email: str, client_ip: str) -> list[tuple[str, int]]:
    return [(f"email:{email.lower()}", 1), (f"ip:{client_ip}", IP_FAILURE_FACTOR)]


def check_allowed(session: Session, settings: Settings, *, email: str, client_ip: str) -> None:
    """Raise 429 with Retry-After when the account or the address failed too often recently."""
    now = utcnow()
    since = now - timedelta(seconds=settings.login_window_s)
    for key, factor in throttle_keys(email, client_ip):
        count, last = session.execute(
            select(func.count(LoginFailure.id), func.max(LoginFailure.failed_at)).where(
                LoginFailure.key == key, LoginFailure.failed_at >= since
            )
        ).one()
        if count >= settings.login_max_failures * factor and last is not None:
            last_at = last if last.tzinfo else last.replace(tzinfo=now.tzinfo)
            retry = int(
                (last_at + timedelta(seconds=settings.login_lockout_s) - now).total_seconds()
            )
            if retry > 0:
                raise TooManyRequests(
                    "Too many failed sign-in attempts. Try again later.",
                    code="too_many_attempts",
                    details={"retry_after_s": retry},
                    headers={"Retry-After": str(retry)},
                )


def record_failure(session: Session, *, email: str, client_ip: str) -> None:
    for key, _ in throttle_keys(email, client_ip):
        session.add(LoginFailure(key=key))


def clear_account(session: Session, settings: Settings, *, email: str) -> None:
    """After a successful login the account's failures are forgotten; old rows are pruned."""
    session.execute(delete(LoginFailure).where(LoginFailure.key == f"email:{email.lower()}"))
    horizon = utcnow() - timedelta(seconds=max(settings.login_window_s, settings.login_lockout_s))
    session.execute(delete(LoginFailure).where(LoginFailure.failed_at < horizon))
