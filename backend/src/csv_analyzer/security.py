"""Password hashing (Argon2 via pwdlib), JWT access tokens (PyJWT, algorithm pinned), token hashing."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import jwt
from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher

_hasher = PasswordHash((Argon2Hasher(),))
# Argon2 uses ~64 MiB per hash: bound how many run at once so a login storm cannot exhaust memory.
_hash_slots = threading.BoundedSemaphore(4)
# Verifying against a real hash for unknown users keeps their timing equal to known users'.
_DUMMY_HASH = _hasher.hash("dummy-password-for-equal-timing")


def configure_hashing(*, concurrency: int, memory_kib: int, time_cost: int) -> None:
    """Apply the settings' Argon2 cost and concurrency (tests use a cheap cost)."""
    global _hash_slots, _hasher, _DUMMY_HASH
    _hash_slots = threading.BoundedSemaphore(concurrency)
    _hasher = PasswordHash((Argon2Hasher(memory_cost=memory_kib, time_cost=time_cost),))
    _DUMMY_HASH = _hasher.hash("dummy-password-for-equal-timing")


def hash_password(password: str) -> str:
    with _hash_slots:
        return _hasher.hash(password)


def verify_password(password: str, password_hash: str | None) -> bool:
    """Check a password; with no stored hash, burn the same time and answer False."""
    with _hash_slots:
        if password_hash is None:
            _hasher.verify(password, _DUMMY_HASH)
            return False
        return _hasher.verify(password, password_hash)


def create_access_token(
    *,
    subject: str,
    secret: str,
    algorithm: str,
    ttl_s: int,
    extra: Mapping[str, object] | None = None,
) -> str:
    now = datetime.now(UTC)
    claims: dict[str, object] = {
        "sub": subject,
        "iat": now,
        "nbf": now,
        "exp": now + timedelta(seconds=ttl_s),
        "typ": "access",
        "jti": secrets.token_hex(8),
    }
    if extra:
        claims.update(extra)
    return jwt.encode(claims, secret, algorithm=algorithm)


@dataclass(frozen=True)
class AccessClaims:
    """What a verified access token says."""

    subject: str  # the user id
    token_id: str | None


def decode_access_token(token: str, *, secret: str, algorithm: str) -> AccessClaims:
    """Decode and verify an access token; raises `jwt.PyJWTError` on any problem."""
    claims: dict[str, object] = jwt.decode(
        token,
        secret,
        algorithms=[algorithm],
        options={"require": ["exp", "iat", "sub", "typ"]},
    )
    if claims.get("typ") != "access":
        raise jwt.InvalidTokenError("not an access token")
    subject, token_id = claims["sub"], claims.get("jti")
    if not isinstance(subject, str):  # PyJWT checks this too; the type says it here
        raise jwt.InvalidTokenError("the subject must be a string")
    return AccessClaims(subject=subject, token_id=token_id if isinstance(token_id, str) else None)


def new_opaque_token(prefix: str) -> str:
    """A random bearer secret (refresh or API token) with a recognisable prefix."""
    return f"{prefix}_{secrets.token_urlsafe(32)}"


def hash_token(token: str) -> str:
    """Tokens are stored as SHA-256 digests: they are long random secrets, so no slow hash is needed."""
    return hashlib.sha256(token.encode()).hexdigest()


def tokens_equal(a: str, b: str) -> bool:
    return hmac.compare_digest(a, b)
