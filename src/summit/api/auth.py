"""API authentication: a Bearer token for scripts, or the browser's session (with CSRF)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja.errors import HttpError
from ninja.security import HttpBearer, SessionAuth, django_auth

from summit.accounts.domain.guard import check_token_attempt, record_token_failure
from summit.api.domain.tokens import find_token, required_scope
from summit.api.models import ApiToken
from summit.events.domain.permissions import can_create_event, can_view_event, is_organizer
from summit.events.models import Event

__all__ = [
    "API_AUTH",
    "MEMBER_AUTH",
    "STAFF_AUTH",
    "BearerToken",
    "checked_auth",
    "token_allows",
    "visible_event",
]

#: The request attribute holding the scopes of the token that authenticated it.
_SCOPES_ATTRIBUTE = "api_token_scopes"

#: Refuses a signed-in user (raises PermissionDenied or Http404) or returns quietly.
Check = Callable[[HttpRequest, Any], None]


class BearerToken(HttpBearer):
    """``Authorization: Bearer <token>`` with a token from `create_api_token`.

    Wrong tokens count against the client's address in the authentication guard; a locked
    address is answered 429 (by the guard's middleware) before any token is looked up.
    A token lacking the scope a request needs is answered 403 naming the scope.
    """

    def authenticate(self, request: HttpRequest, token: str) -> Any | None:
        if not check_token_attempt(request=request):
            return None
        found = find_token(raw=token)
        if found is None:
            record_token_failure(request=request)
            return None
        _check_scopes(request, found)
        # Permission checks everywhere read request.user, as for pages.
        request.user = found.user
        setattr(request, _SCOPES_ATTRIBUTE, found.scope_set)
        return found.user


def _path_event(request: HttpRequest) -> Event | None:
    match = request.resolver_match
    slug = match.kwargs.get("slug", "") if match is not None else ""
    return Event.objects.filter(slug=slug).first() if slug else None


def _check_scopes(request: HttpRequest, token: ApiToken) -> None:
    """``read`` for GET, ``write`` for changes, ``organizer`` to act on an event the token's
    user organizes (without it, the token is refused there rather than silently acting
    with fewer rights)."""
    needed = required_scope(method=request.method or "GET")
    if needed not in token.scope_set:
        raise HttpError(403, _("This token lacks the “%(scope)s” scope.") % {"scope": needed})
    if "organizer" in token.scope_set:
        return
    event = _path_event(request)
    if event is not None and is_organizer(user=token.user, event=event):
        raise HttpError(
            403,
            _("This token lacks the “organizer” scope needed for an event its user organizes."),
        )


def token_allows(request: HttpRequest, scope: str) -> bool:
    """Whether the request's token has `scope` (requests with a session: always)."""
    scopes = getattr(request, _SCOPES_ATTRIBUTE, None)
    return scopes is None or scope in scopes


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
    if not token_allows(request, "organizer"):
        raise HttpError(403, _("This token lacks the “organizer” scope."))


def _event_member(request: HttpRequest, user: Any) -> None:
    match = request.resolver_match
    visible_event(request, match.kwargs.get("slug", "") if match is not None else "", user)


API_AUTH = [BearerToken(), django_auth]
#: For changes by an event's organizers and participants: anybody else gets 404 before the
#: body is read (what they may change is then the domain's to say: 403 or 422).
MEMBER_AUTH = checked_auth(_event_member)
#: For operations of the summit's staff only (creating events).
STAFF_AUTH = checked_auth(_staff_only)
