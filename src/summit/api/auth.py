"""API authentication: a Bearer token for scripts, or the browser's session (with CSRF)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth, django_auth

from summit.api.domain.tokens import authenticate_token
from summit.events.domain.permissions import can_create_event

__all__ = ["API_AUTH", "STAFF_AUTH", "BearerToken"]


class BearerToken(HttpBearer):
    """``Authorization: Bearer <token>`` with a token from `create_api_token`."""

    def authenticate(self, request: HttpRequest, token: str) -> Any | None:
        user = authenticate_token(raw=token)
        if user is not None:
            # Permission checks everywhere read request.user, as for pages.
            request.user = user
        return user


class _StaffBearer(BearerToken):
    def authenticate(self, request: HttpRequest, token: str) -> Any | None:
        user = super().authenticate(request, token)
        if user is not None and not can_create_event(user=user):
            # Checked before the body is parsed, so a non-staff user gets 403, never 400.
            raise PermissionDenied
        return user


class _StaffSession(SessionAuth):
    def authenticate(self, request: HttpRequest, key: str | None) -> Any | None:
        user = super().authenticate(request, key)
        if user is not None and not can_create_event(user=user):
            raise PermissionDenied
        return user


API_AUTH = [BearerToken(), django_auth]
#: For operations of the summit's staff only (creating events).
STAFF_AUTH = [_StaffBearer(), _StaffSession()]
