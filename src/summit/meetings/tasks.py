"""Background tasks of the meetings app: thin wrappers that look up objects and call the domain."""

from __future__ import annotations

from django_tasks import task

from summit.events.models import Event
from summit.meetings.domain.requests import process_requests


@task()
def process_meeting_requests(event_id: int | None = None) -> dict[str, int]:
    """Send due reminders and expire requests past the deadline (one event or all)."""
    events = Event.objects.all() if event_id is None else Event.objects.filter(pk=event_id)
    reminded = expired = 0
    for event in events:
        result = process_requests(event=event)
        reminded += result.reminded
        expired += result.expired
    return {"reminded": reminded, "expired": expired}
