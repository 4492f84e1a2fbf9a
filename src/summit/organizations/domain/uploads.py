"""Keep an uploaded survey file on the server between the preview and the confirmation.

The file is stored under the data folder with a random name; only that name goes into the
organizer's session, so the confirmation imports exactly the bytes that were previewed and
never anything the browser sends back. Files older than a day are removed on each upload.
"""

from __future__ import annotations

import json
import re
import secrets
import time
from pathlib import Path
from typing import Any

from django.conf import settings

__all__ = [
    "discard_upload",
    "load_note",
    "load_upload",
    "store_note",
    "store_upload",
]

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
    for old in folder.glob("survey-*"):
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
    """Remove a stored upload and its notes (after import, or when replaced)."""
    try:
        path = _path(token)
    except ValueError:
        return
    path.unlink(missing_ok=True)
    for kind in _NOTES:
        path.with_suffix(f".{kind}.json").unlink(missing_ok=True)


#: What is kept beside an upload: the preview's result and the background preview's progress.
_NOTES = ("preview", "progress")


def store_note(*, token: str, kind: str, data: dict[str, Any]) -> None:
    """Keep `data` (JSON) beside the upload, replacing the file only once it is written."""
    if kind not in _NOTES:
        raise ValueError(f"unknown note {kind!r}")
    target = _path(token).with_suffix(f".{kind}.json")
    temporary = target.with_suffix(".tmp")
    temporary.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    temporary.chmod(0o600)
    temporary.replace(target)


def load_note(*, token: str, kind: str) -> dict[str, Any] | None:
    """A note stored with `store_note`, or None."""
    if kind not in _NOTES:
        raise ValueError(f"unknown note {kind!r}")
    try:
        text = _path(token).with_suffix(f".{kind}.json").read_text(encoding="utf-8")
    except (ValueError, FileNotFoundError):
        return None
    data: dict[str, Any] = json.loads(text)
    return data
