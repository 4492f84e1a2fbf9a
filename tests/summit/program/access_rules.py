"""Access rules of the program pages (read by tests/summit/test_access.py): organizers only.

The world gets one reminder of the event (``world.segment_reminder``) to open.
"""

from __future__ import annotations

from typing import Any


def prepare_world(world: Any) -> None:
    from summit.program.models import SegmentReminder

    world.segment_reminder = SegmentReminder.objects.create(
        event=world.event, segment="no_survey", created_by=world.users["organizer"]
    )


RULES = {
    "program:reminders": {"read": "organizers", "write": "nobody"},
    "program:send_reminder": {"read": "nobody", "write": "organizers"},
    "program:reminder": {
        "read": "organizers",
        "write": "nobody",
        "kwargs": {"slug": "event.slug", "reminder_id": "segment_reminder.pk"},
    },
}
