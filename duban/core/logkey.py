"""The secret that keys the event log's chain, kept in a file under DUBAN_HOME and never in the database.

Someone who can write the database but cannot read this file cannot compute a valid chain, so an
edited event cannot be re-hashed to look intact. Backups leave the file out unless asked to take it.
"""
import hashlib
import hmac
import os
import secrets
import time
from functools import cache
from pathlib import Path

from django.conf import settings


def key_path() -> Path:
    return Path(getattr(settings, "DUBAN_LOG_KEY_FILE", None) or settings.DUBAN_HOME / "log.key")


@cache
def _key_at(path: str) -> bytes:
    target = Path(path)
    try:  # O_EXCL: of two processes starting at once, exactly one writes the key
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        pass
    else:
        with os.fdopen(fd, "w") as out:
            out.write(secrets.token_hex(32))
    for _ in range(50):
        key = target.read_text().strip()
        if key:
            return key.encode()
        time.sleep(0.01)
    raise RuntimeError(f"{target} is empty: restore the log key from where it was kept")


def log_key() -> bytes:
    # Read on every hash (an import hashes ~20 digests a row): the settings are looked up, the path
    # built and the file read once per distinct setting.
    return _key_for(getattr(settings, "DUBAN_LOG_KEY_FILE", None), settings.DUBAN_HOME)


@cache
def _key_for(key_file, home) -> bytes:
    return _key_at(str(Path(key_file or Path(home) / "log.key")))


def mac(*parts: bytes) -> str:
    """HMAC-SHA-256 of the parts joined by newlines, under the installation's log key."""
    return hmac.new(log_key(), b"\n".join(parts), hashlib.sha256).hexdigest()


def keyed() -> hmac.HMAC:
    """An HMAC-SHA-256 under the log key, fed nothing yet: `keyed().copy()` fed the parts joined by
    newlines gives `mac(*parts)` without setting the key up again (a task's digests are ~20 macs)."""
    return hmac.new(log_key(), digestmod=hashlib.sha256)
