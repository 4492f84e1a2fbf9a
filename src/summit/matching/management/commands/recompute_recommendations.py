"""``python -m summit recompute_recommendations <event slug>``: recompute now, in this process.

For the demo and for operators without a task worker; the pages queue the same work as a
background task.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from summit.events.models import Event
from summit.matching.domain.recommendations import execute_recompute_run
from summit.matching.models import RecomputeRun


class Command(BaseCommand):
    help = "Recompute an event's recommendations now (recorded as a recompute run)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug", help="the event's slug")

    def handle(self, *args: Any, **options: Any) -> None:
        event = Event.objects.filter(slug=options["slug"]).first()
        if event is None:
            raise CommandError(f"no event with slug {options['slug']!r}")
        # A run waiting for a worker is taken over (the worker then finds it taken).
        run = RecomputeRun.objects.filter(
            event=event, status=RecomputeRun.Status.QUEUED
        ).first() or RecomputeRun.objects.create(event=event)
        stored = execute_recompute_run(run=run)
        run.refresh_from_db()
        self.stdout.write(
            f"{event.slug}: {stored} recommendations for {run.organizations} organizations"
        )
