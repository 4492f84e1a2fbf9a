"""Background tasks of the events app: thin wrappers that look up objects and call the domain."""

from __future__ import annotations

from django_tasks import task

from summit.events.domain.setup import generate_slots
from summit.events.models import Session


@task()
def regenerate_session_slots(session_id: int) -> int:
    """Generate a session's slots again; returns how many there are now."""
    session = Session.objects.select_related("day__event").get(pk=session_id)
    return len(generate_slots(session=session))
