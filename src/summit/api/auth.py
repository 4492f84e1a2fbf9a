"""API authentication: a Bearer token for scripts, or the browser's session (with CSRF)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from ninja.security import HttpBearer, SessionAuth, django_auth

from summit.accounts.domain.guard import check_token_attempt, record_token_failure
from summit.api.domain.tokens import authenticate_token
from summit.events.domain.permissions import can_create_event, can_view_event
from summit.events.models import Event

__all__ = ["API_AUTH", "STAFF_AUTH", "BearerToken", "checked_auth", "visible_event"]

#: Refuses a signed-in user (raises PermissionDenied or Http404) or returns quietly.
Check = Callable[[HttpRequest, Any], None]


class BearerToken(HttpBearer):
    """``Authorization: Bearer <token>`` with a token from `create_api_token`.

    Wrong tokens count against the client's address in the authentication guard; a locked
    address is answered 429 (by the guard's middleware) before any token is looked up.
    """

    def authenticate(self, request: HttpRequest, token: str) -> Any | None:
        if not check_token_attempt(request=request):
            return None
        user = authenticate_token(raw=token)
        if user is None:
            record_token_failure(request=request)
        else:
            # Permission checks everywhere read request.user, as for pages.
            request.user = user
        return user


class _CheckedBearer(BearerToken):
    def __init__(self, check: Check) -> None:
        super().__init__()
        self.check = check

    def authenticate(self, request: HttpRequest, token: str) -> Any | None:
        user = super().authenticate(request, token)
        if user is not None:
            self.check(request, user)
        return user


class _CheckedSession(SessionAuth):
    def __init__(self, check: Check) -> None:
        super().__init__()
        self.check = check

    def authenticate(self, request: HttpRequest, key: str | None) -> Any | None:
        user = super().authenticate(request, key)
        if user is not None:
            self.check(request, user)
        return user


def checked_auth(check: Check) -> list[Any]:
    """Token or session, then `check` — before the body is parsed, so a refused user gets
    403/404, never 400/422."""
    return [_CheckedBearer(check), _CheckedSession(check)]


def visible_event(request: HttpRequest, slug: str, user: Any = None) -> Event:
    """The event if the user (default: ``request.user``) may see it; 404 otherwise (its
    existence is not revealed)."""
    event = Event.objects.filter(slug=slug).first()
    viewer = request.user if user is None else user
    if event is None or not can_view_event(user=viewer, event=event):
        raise Http404
    return event


def _staff_only(request: HttpRequest, user: Any) -> None:
    if not can_create_event(user=user):
        raise PermissionDenied


API_AUTH = [BearerToken(), django_auth]
#: For operations of the summit's staff only (creating events).
STAFF_AUTH = checked_auth(_staff_only)
