"""Template context shared by every page."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from summit.events.domain.permissions import is_organizer


def event_context(request: HttpRequest) -> dict[str, Any]:
    """The current event (set by the event view decorators) and whether the user runs it."""
    event = getattr(request, "event", None)
    if event is None:
        return {}
    known = getattr(request, "event_is_organizer", None)
    return {
        "event": event,
        "is_organizer": known
        if known is not None
        else SimpleLazyObject(lambda: is_organizer(user=request.user, event=event)),
    }
