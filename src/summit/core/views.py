"""Front page: anonymous visitors log in; a logged-in person sees their events."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from summit.events.domain.permissions import events_for


@require_GET
@login_required
def home(request: HttpRequest) -> HttpResponse:
    """List the events the user organizes or takes part in; go straight there if only one."""
    events = events_for(user=request.user)
    if len(events) == 1 and not request.user.is_staff:
        return redirect("events:home", slug=events[0].slug)
    return render(request, "core/home.html", {"events": events})
