"""The shape shared by the periodic e-mail commands (cron jobs) of the apps.

`EventCommand` runs for one event (``--event <slug>``) or all of them, here or handed to the
task backend (``--enqueue``), with ``--base-url`` (default ``SUMMIT_BASE_URL``) for the links
in e-mails. A subclass gives `help` and two methods: `run_for` does the work for one event
and returns the line to print after its slug; `enqueue_for` queues the task for one event
and returns what ``.enqueue()`` returned.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from summit.events.models import Event


class EventCommand(BaseCommand):
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

    def run_for(self, *, event: Event, base_url: str) -> str:
        raise NotImplementedError

    def enqueue_for(self, *, event: Event, base_url: str) -> Any:
        raise NotImplementedError

    def handle(self, *args: Any, **options: Any) -> None:
        events = Event.objects.all()
        if options["event"]:
            events = events.filter(slug=options["event"])
            if not events.exists():
                raise CommandError(f"no event with the short name {options['event']!r}")
        base_url = options["base_url"]
        if options["enqueue"]:
            for event in events:
                queued = self.enqueue_for(event=event, base_url=base_url)
                self.stdout.write(f"{event.slug}: queued task {queued.id}")
            return
        if not base_url:
            self.stderr.write(
                "warning: no SUMMIT_BASE_URL or --base-url; e-mail links will be relative"
            )
        for event in events:
            self.stdout.write(f"{event.slug}: {self.run_for(event=event, base_url=base_url)}")
