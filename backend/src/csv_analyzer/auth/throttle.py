"""Login throttling by account and by client address, stored in the database (works across workers).

Each attempt is written as a failure *before* the password is checked and committed, and only
then are the recent failures counted, its own included. Of any number of concurrent attempts,
the k-th to commit counts at least k rows, so no more than the limit ever reach the password
check; a correct password deletes the attempt's rows again. (Checking first and recording after
let 19 of 40 concurrent guesses through a limit of 5.)

The address is the client as the app sees it: the TCP peer, or the `X-Forwarded-For` client
when the peer is a proxy listed in FORWARDED_ALLOW_IPS. An address blocks only itself, so one
attacker cannot lock everyone out; an IPv6 client is keyed by its /64, the block one host gets.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from csv_analyzer.auth.models import LoginFailure
from csv_analyzer.config import Settings
from csv_analyzer.db import utcnow
from csv_analyzer.errors import TooManyRequests

# An address is shared by many people (offices, NAT): allow it more failures than one account.
IP_FAILURE_FACTOR = 4


def address_key(client_ip: str) -> str:
    """`ip:<address>` for IPv4, `ip:<network>/64` for IPv6 (one host's usual allocation)."""
    try:
        address = ipaddress.ip_address(client_ip)
    except ValueError:
        return f"ip:{client_ip[:100]}"
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return f"ip:{address.ipv4_mapped}"
        return f"ip:{ipaddress.IPv6Network((address, 64), strict=False)}"
    return f"ip:{address}"


def throttle_keys(email: str, client_ip: str) -> list[tuple[str, int]]:
    return [(f"email:{email.lower()}", 1), (address_key(client_ip), IP_FAILURE_FACTOR)]


@dataclass(frozen=True)
class Attempt:
    """The failure rows written for one attempt, to delete if the password is right."""

    email: str
    row_ids: tuple[int, ...]


def begin_attempt(session: Session, settings: Settings, *, email: str, client_ip: str) -> Attempt:
    """Record the attempt, commit, then raise 429 (with Retry-After) if it is over a limit."""
    return _begin(session, settings, throttle_keys(email, client_ip), email=email)


def begin_registration(session: Session, settings: Settings, *, client_ip: str) -> Attempt:
    """Like `begin_attempt`, for sign-ups: an address that keeps hitting taken addresses
    (enumerating accounts) is slowed down like one that keeps guessing passwords."""
    keys = [(f"register:{address_key(client_ip)}", IP_FAILURE_FACTOR)]
    return _begin(session, settings, keys, email="")


def _begin(
    session: Session, settings: Settings, keys: list[tuple[str, int]], *, email: str
) -> Attempt:
    rows = [LoginFailure(key=key) for key, _ in keys]
    session.add_all(rows)
    session.commit()
    attempt = Attempt(email=email, row_ids=tuple(r.id for r in rows))
    now = utcnow()
    since = now - timedelta(seconds=settings.login_window_s)
    for (key, factor), own in zip(keys, rows, strict=True):
        count, last = session.execute(
            select(func.count(LoginFailure.id), func.max(LoginFailure.failed_at)).where(
                LoginFailure.key == key,
                LoginFailure.failed_at >= since,
                LoginFailure.id != own.id,
            )
        ).one()
        if count >= settings.login_max_failures * factor and last is not None:
            last_at = last if last.tzinfo else last.replace(tzinfo=now.tzinfo)
            retry = int(
                (last_at + timedelta(seconds=settings.login_lockout_s) - now).total_seconds()
            )
            if retry > 0:
                # A refused attempt neither counts nor extends the lockout.
                forget(session, attempt)
                session.commit()
                raise TooManyRequests(
                    "Too many failed sign-in attempts. Try again later.",
                    code="too_many_attempts",
                    details={"retry_after_s": retry},
                    headers={"Retry-After": str(retry)},
                )
    return attempt


def forget(session: Session, attempt: Attempt) -> None:
    session.execute(delete(LoginFailure).where(LoginFailure.id.in_(attempt.row_ids)))


def succeeded(session: Session, settings: Settings, attempt: Attempt) -> None:
    """After a successful login the attempt and the account's failures are forgotten; old rows
    are pruned. The address keeps its other failures (they were other accounts' guesses)."""
    forget(session, attempt)
    session.execute(
        delete(LoginFailure).where(LoginFailure.key == f"email:{attempt.email.lower()}")
    )
    horizon = utcnow() - timedelta(seconds=max(settings.login_window_s, settings.login_lockout_s))
    session.execute(delete(LoginFailure).where(LoginFailure.failed_at < horizon))
