"""View decorators that load an event by slug, check the role and use the event's time zone."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone

from summit.events.domain.permissions import can_view_event, is_organizer
from summit.events.models import Event

View = Callable[..., HttpResponse]


def _event_view(check: Callable[..., bool], *, organizers_only: bool) -> Callable[[View], View]:
    def decorator(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, slug: str, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            event = get_object_or_404(Event, slug=slug)
            if not check(user=request.user, event=event):
                raise PermissionDenied
            request.event = event  # type: ignore[attr-defined]
            if organizers_only:
                # Known now; the template context reads it instead of asking the database again.
                request.event_is_organizer = True  # type: ignore[attr-defined]
            with timezone.override(event.time_zone):
                return view(request, event, *args, **kwargs)

        return wrapper

    return decorator


#: For pages of the event's organizers; the view receives ``(request, event, ...)``.
organizer_required = _event_view(is_organizer, organizers_only=True)
#: For pages of organizers and participants; the view receives ``(request, event, ...)``.
event_member_required = _event_view(can_view_event, organizers_only=False)
