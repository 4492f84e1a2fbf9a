"""Keep an uploaded survey file on the server between the preview and the confirmation.

The file is stored under the data folder with a random name; only that name goes into the
organizer's session, so the confirmation imports exactly the bytes that were previewed and
never anything the browser sends back. Files older than a day are removed on each upload.
"""

from __future__ import annotations

import re
import secrets
import time
from pathlib import Path

from django.conf import settings

__all__ = ["discard_upload", "load_upload", "store_upload"]

_TOKEN = re.compile(r"^[0-9a-f]{32}$")
_MAX_AGE_S = 24 * 3600


def _folder() -> Path:
    folder = Path(getattr(settings, "SUMMIT_UPLOAD_DIR", settings.DATA_DIR / "uploads"))
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return folder


def _path(token: str) -> Path:
    if not _TOKEN.match(token):
        raise ValueError("invalid upload token")
    return _folder() / f"survey-{token}.upload"


def store_upload(*, data: bytes) -> str:
    """Save the bytes under a new random token and return the token."""
    folder = _folder()
    cutoff = time.time() - _MAX_AGE_S
    for old in folder.glob("survey-*.upload"):
        if old.stat().st_mtime < cutoff:
            old.unlink(missing_ok=True)
    token = secrets.token_hex(16)
    path = _path(token)
    path.write_bytes(data)
    path.chmod(0o600)
    return token


def load_upload(*, token: str) -> bytes | None:
    """The stored bytes, or None when the token is unknown or expired."""
    try:
        return _path(token).read_bytes()
    except (ValueError, FileNotFoundError):
        return None


def discard_upload(*, token: str) -> None:
    """Remove a stored upload (after import, or when replaced)."""
    try:
        _path(token).unlink(missing_ok=True)
    except ValueError:
        return
