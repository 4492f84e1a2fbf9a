"""`python -m summit send_feedback_reminders`: e-mail people whose meetings wait for feedback.

Run it periodically (every 15–30 minutes during the event, like ``process_requests``); each
person gets one e-mail per run listing the ended meetings their side has not answered yet,
and is never reminded twice of the same meeting. ``--enqueue`` hands the work to the task
backend instead of doing it here (options: `summit.core.commands.EventCommand`).
"""

from __future__ import annotations

from typing import Any

from summit.core.commands import EventCommand
from summit.events.models import Event
from summit.outcomes.domain.reminders import send_feedback_reminders


class Command(EventCommand):
    help = "E-mail feedback reminders for meetings whose time slot has ended."

    def run_for(self, *, event: Event, base_url: str) -> str:
        result = send_feedback_reminders(event=event, base_url=base_url)
        return f"{result.people} people reminded of {result.meetings} meetings"

    def enqueue_for(self, *, event: Event, base_url: str) -> Any:
        from summit.outcomes import tasks

        return tasks.send_feedback_reminders.enqueue(event_id=event.pk, base_url=base_url)
