"""Background tasks of the outcomes app: thin wrappers that look up objects and call the domain."""

from __future__ import annotations

from django_tasks import task

from summit.events.models import Event
from summit.outcomes.domain.reminders import send_feedback_reminders as send_reminders


@task()
def send_feedback_reminders(event_id: int | None = None, base_url: str = "") -> dict[str, int]:
    """Remind people of meetings waiting for their feedback (one event or all)."""
    events = Event.objects.all() if event_id is None else Event.objects.filter(pk=event_id)
    people = meetings = 0
    for event in events:
        result = send_reminders(event=event, base_url=base_url)
        people += result.people
        meetings += result.meetings
    return {"people": people, "meetings": meetings}
