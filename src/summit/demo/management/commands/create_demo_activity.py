"""`python -m summit create_demo_activity SLUG`: what happened at the demo summit (idempotent)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from summit.demo.domain.activity import create_demo_activity
from summit.events.models import Event


class Command(BaseCommand):
    help = (
        "Create the demo summit's meeting requests, build and publish its schedule with the "
        "engine, record attendance, feedback and deals; safe to re-run."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug", help="the event's short name, e.g. bio-summit-demo")
        parser.add_argument(
            "--time-limit", type=float, default=20.0, help="engine time limit in seconds"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        event = Event.objects.filter(slug=options["slug"]).first()
        if event is None:
            raise CommandError(f"slug: no event {options['slug']!r}")
        activity = create_demo_activity(event=event, time_limit_s=options["time_limit"])
        if activity.problem:
            raise CommandError(f"schedule: the demo schedule was not built: {activity.problem}")
        self.stdout.write(
            f"{event.slug}: {activity.requests} meeting requests ({activity.accepted} accepted), "
            f"{activity.scheduled} meetings scheduled and published "
            f"({activity.unscheduled} left out), {activity.checked_in} checked in, "
            f"{activity.no_shows} no-shows, {activity.feedback} feedback answers, "
            f"{activity.deals} deals."
        )
