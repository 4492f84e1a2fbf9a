"""`python -m summit send_feedback_reminders`: e-mail people whose meetings wait for feedback.

Run it periodically (every 15–30 minutes during the event, like ``process_requests``); each
person gets one e-mail per run listing the ended meetings their side has not answered yet,
and is never reminded twice of the same meeting. ``--enqueue`` hands the work to the task
backend instead of doing it here.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from summit.events.models import Event
from summit.outcomes.domain.reminders import send_feedback_reminders


class Command(BaseCommand):
    help = "E-mail feedback reminders for meetings whose time slot has ended."

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
        base_url = options["base_url"]
        if options["enqueue"]:
            from summit.outcomes import tasks

            for event in events:
                queued = tasks.send_feedback_reminders.enqueue(event_id=event.pk, base_url=base_url)
                self.stdout.write(f"{event.slug}: queued task {queued.id}")
            return
        if not base_url:
            self.stderr.write(
                "warning: no SUMMIT_BASE_URL or --base-url; e-mail links will be relative"
            )
        for event in events:
            result = send_feedback_reminders(event=event, base_url=base_url)
            self.stdout.write(
                f"{event.slug}: {result.people} people reminded of {result.meetings} meetings"
            )
