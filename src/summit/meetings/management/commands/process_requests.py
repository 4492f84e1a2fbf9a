"""`python -m summit process_requests`: reminders and expiry of meeting requests (for cron).

Run it every few minutes (or hourly); it is idempotent: a request is reminded once and
expires once. ``--enqueue`` hands the work to the task backend instead of doing it here.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from summit.events.models import Event
from summit.meetings.domain.requests import process_requests


class Command(BaseCommand):
    help = "Send due reminders for pending meeting requests and expire them at the deadline."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--event", help="the event's short name (slug); default: all events")
        parser.add_argument(
            "--enqueue", action="store_true", help="run as a background task instead"
        )
        parser.add_argument(
            "--base-url",
            default=settings.BASE_URL,
            help="site address for the links in e-mails (default: SUMMIT_BASE_URL)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        events = Event.objects.all()
        if options["event"]:
            events = events.filter(slug=options["event"])
            if not events.exists():
                raise CommandError(f"no event with the short name {options['event']!r}")
        if options["enqueue"]:
            from summit.meetings.tasks import process_meeting_requests

            for event in events:
                queued = process_meeting_requests.enqueue(event_id=event.pk)
                self.stdout.write(f"{event.slug}: queued task {queued.id}")
            return
        base_url = options["base_url"]
        if not base_url:
            self.stderr.write(
                "warning: no SUMMIT_BASE_URL or --base-url; e-mail links will be relative"
            )
        for event in events:
            result = process_requests(event=event, base_url=base_url)
            self.stdout.write(f"{event.slug}: {result.reminded} reminded, {result.expired} expired")
