"""API tokens for scripts: created once (the secret is shown only then), stored hashed."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.utils import timezone

from summit.api.models import ApiToken

__all__ = ["authenticate_token", "create_api_token", "revoke_api_token"]

_PREFIX = "bp_"


def _hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def create_api_token(*, user: Any, name: str) -> tuple[ApiToken, str]:
    """A new token for `user`; returns the stored token and the secret (shown once)."""
    raw = _PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name.strip() or "token", token_hash=_hash(raw), prefix=raw[:10]
    )
    return token, raw


def authenticate_token(*, raw: str) -> Any | None:
    """The active user owning the secret `raw`, or None. Records when it was last used."""
    if not raw.startswith(_PREFIX) or len(raw) > 200:
        return None
    token = ApiToken.objects.select_related("user").filter(token_hash=_hash(raw)).first()
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used is None or (now - token.last_used).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used=now)
    return token.user


def revoke_api_token(*, token: ApiToken) -> None:
    """Delete a token; scripts using it get 401 from then on."""
    token.delete()
