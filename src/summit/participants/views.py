"""Pages of the participants app. Views parse input and call `summit.participants.domain`."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from summit.events.access import event_member_required
from summit.events.domain.permissions import membership_for
from summit.events.models import Event
from summit.participants.domain.inbox import next_meeting_of


@event_member_required
@require_GET
def next_meeting(request: HttpRequest, event: Event) -> HttpResponse:
    """The inbox's "next meeting" block, polled by HTMX so its countdown stays current."""
    membership = membership_for(user=request.user, event=event)
    if membership is None:
        raise PermissionDenied
    following, meetings = next_meeting_of(membership=membership, now=timezone.now())
    context = {"event": event, "next_meeting": following, "meetings": meetings}
    return render(request, "participants/_next_meeting.html", context)
