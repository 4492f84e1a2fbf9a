"""API tokens for scripts: created once (the secret is shown only then), stored hashed, each
limited to its scopes (`SCOPES`: read, write, organizer)."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from summit.api.models import SCOPES, ApiToken
from summit.events.domain.permissions import is_organizer
from summit.events.models import Event

__all__ = [
    "SCOPES",
    "authenticate_token",
    "create_api_token",
    "find_token",
    "required_scope",
    "revoke_api_token",
    "scopes_offered",
    "token_of_user",
    "tokens_of_user",
]

_PREFIX = "bp_"


def _hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def _clean_scopes(scopes: Iterable[str]) -> str:
    wanted = {scope.strip() for scope in scopes if scope.strip()}
    unknown = sorted(wanted - set(SCOPES))
    if unknown:
        raise ValidationError(
            {
                "scopes": _("Unknown scope %(scope)s; choose from %(known)s.")
                % {"scope": ", ".join(unknown), "known": ", ".join(SCOPES)}
            }
        )
    if not wanted:
        raise ValidationError({"scopes": _("Give the token at least one scope.")})
    return " ".join(scope for scope in SCOPES if scope in wanted)


def create_api_token(
    *, user: Any, name: str, scopes: Iterable[str] = SCOPES
) -> tuple[ApiToken, str]:
    """A new token for `user` limited to `scopes`; returns the stored token and the secret
    (shown once)."""
    scope_text = _clean_scopes(scopes)
    raw = _PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name.strip() or "token",
        token_hash=_hash(raw),
        prefix=raw[:10],
        scopes=scope_text,
    )
    return token, raw


def find_token(*, raw: str) -> ApiToken | None:
    """The token of an active user matching the secret `raw` (with its user), or None.
    Records when it was last used."""
    if not raw.startswith(_PREFIX) or len(raw) > 200:
        return None
    token = ApiToken.objects.select_related("user").filter(token_hash=_hash(raw)).first()
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used is None or (now - token.last_used).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used=now)
    return token


def authenticate_token(*, raw: str) -> Any | None:
    """The active user owning the secret `raw`, or None."""
    token = find_token(raw=raw)
    return None if token is None else token.user


def required_scope(*, method: str) -> str:
    """The scope an HTTP method needs: ``read`` for GET and HEAD, ``write`` otherwise."""
    return "read" if method.upper() in ("GET", "HEAD", "OPTIONS") else "write"


def revoke_api_token(*, token: ApiToken) -> None:
    """Delete a token; scripts using it get 401 from then on."""
    token.delete()


def tokens_of_user(*, user: Any) -> list[ApiToken]:
    """`user`'s tokens, newest first (one query)."""
    return list(ApiToken.objects.filter(user=user).order_by("-created", "-pk"))


def token_of_user(*, user: Any, token_id: int) -> ApiToken | None:
    """`user`'s token `token_id`, or None (another user's token is never found)."""
    return ApiToken.objects.filter(user=user, pk=token_id).first()


def scopes_offered(*, user: Any, event: Event) -> tuple[str, ...]:
    """The scopes `user` may choose on `event`'s token page: ``organizer`` only for its
    organizers (for anybody else it would grant nothing)."""
    if is_organizer(user=user, event=event):
        return SCOPES
    return tuple(scope for scope in SCOPES if scope != "organizer")
