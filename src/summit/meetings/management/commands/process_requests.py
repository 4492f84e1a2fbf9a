"""`python -m summit process_requests`: reminders and expiry of meeting requests (for cron).

Run it every few minutes (or hourly); it is idempotent: a request is reminded once and
expires once. ``--enqueue`` hands the work to the task backend instead of doing it here.
"""

from __future__ import annotations

from typing import Any

from summit.core.commands import EventCommand
from summit.events.models import Event
from summit.meetings.domain.requests import process_requests


class Command(EventCommand):
    help = "Send due reminders for pending meeting requests and expire them at the deadline."

    def run_for(self, *, event: Event, base_url: str) -> str:
        result = process_requests(event=event, base_url=base_url)
        return f"{result.reminded} reminded, {result.expired} expired"

    def enqueue_for(self, *, event: Event, base_url: str) -> Any:
        from summit.meetings.tasks import process_meeting_requests

        # The queued task takes no base URL (as before this command shared EventCommand).
        return process_meeting_requests.enqueue(event_id=event.pk)
