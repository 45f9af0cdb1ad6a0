"""The key that signs session tokens when JWT_SECRET is not set: random, made once, kept private.

An install that never set JWT_SECRET must still be safe to expose: the first start generates
48 random bytes, writes them to `<data_dir>/jwt_secret` readable by the owner only (0600), and
every later start (and every other API process on the same data dir) reuses the same key.
Rotating it is deleting the file (or setting JWT_SECRET) and restarting: every session ends.
"""

from __future__ import annotations

import logging
import os
import secrets
import stat
from pathlib import Path

from pydantic import SecretStr

from csv_analyzer.config import PUBLISHED_SECRETS, Settings

log = logging.getLogger(__name__)

_MIN_LENGTH = 32


class SigningKeyError(RuntimeError):
    """The key file exists but cannot be used (too short, a published value, unreadable)."""


def load_or_create(path: Path) -> str:
    """The key stored at `path`, created atomically with mode 0600 when missing.

    Two processes starting together agree on one key: each writes its candidate to a private
    temporary file and links it into place; the loser of the race reads the winner's key.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        candidate = secrets.token_urlsafe(48)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(fd, "w") as f:
                f.write(candidate + "\n")
            try:
                os.link(tmp, path)
                log.info("generated a new session signing key in %s", path)
            except FileExistsError:
                pass  # another process won the race: use its key
        finally:
            tmp.unlink(missing_ok=True)
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077:
        log.warning("%s was readable by others (mode %o): tightened to 0600", path, mode)
        path.chmod(0o600)
    key = path.read_text().strip()
    if len(key) < _MIN_LENGTH or key in PUBLISHED_SECRETS:
        raise SigningKeyError(
            f"{path} does not hold a usable key (at least {_MIN_LENGTH} random characters): "
            "delete it to generate a new one, or set JWT_SECRET"
        )
    return key


def ensure_jwt_secret(settings: Settings) -> None:
    """Fill `settings.jwt_secret` from the key file when the environment gave none."""
    if not settings.jwt_secret.get_secret_value():
        settings.jwt_secret = SecretStr(load_or_create(settings.jwt_secret_file))
