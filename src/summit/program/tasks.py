"""Background tasks of the program app: thin wrappers that look up objects and call the domain."""

from __future__ import annotations

from django_tasks import task

from summit.program.domain.reminders import deliver_reminder
from summit.program.models import SegmentReminder


@task()
def send_segment_reminder(reminder_id: int, base_url: str = "") -> int:
    """E-mail a confirmed reminder to its segment (each person once); returns how many."""
    reminder = SegmentReminder.objects.select_related("event").get(pk=reminder_id)
    return deliver_reminder(reminder=reminder, base_url=base_url)
