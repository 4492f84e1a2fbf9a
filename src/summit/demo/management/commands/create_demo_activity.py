"""`python -m summit create_demo_activity SLUG`: what has happened at the demo summit so far,
for the phase it is in, then what to try (idempotent)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from summit.demo.domain.activity import create_demo_activity, demo_activity_totals
from summit.demo.domain.guide import demo_guide
from summit.demo.domain.phases import Phase
from summit.events.models import Event


class Command(BaseCommand):
    help = (
        "Create the demo summit's activity so far for its phase (meeting requests; from the "
        "summit on the engine's published schedule, attendance, feedback and deals), then "
        "print what each role can try; safe to re-run."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug", help="the event's short name, e.g. bio-summit-demo")
        parser.add_argument(
            "--time-limit", type=float, default=20.0, help="engine time limit in seconds"
        )
        parser.add_argument(
            "--base-url",
            default="http://127.0.0.1:8000",
            help="where the demo is served, for the addresses printed",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        event = Event.objects.filter(slug=options["slug"]).first()
        if event is None:
            raise CommandError(f"slug: no event {options['slug']!r}")
        activity = create_demo_activity(event=event, time_limit_s=options["time_limit"])
        if activity.problem:
            raise CommandError(f"schedule: the demo schedule was not built: {activity.problem}")
        new = activity.requests or activity.scheduled or activity.feedback or activity.deals
        if not new:
            self.stdout.write(f"{event.slug}: the demo activity was there already.")
        # What the event holds, whichever run made it.
        activity = demo_activity_totals(event=event)
        requests = (
            f"{event.slug}: {activity.requests} meeting requests ({activity.accepted} accepted, "
            f"{activity.pending} waiting for an answer)"
        )
        if activity.phase == Phase.BEFORE:
            self.stdout.write(f"{requests}; no schedule yet.")
        else:
            self.stdout.write(
                f"{requests}, {activity.scheduled} meetings scheduled and published "
                f"({activity.unscheduled} left out), {activity.checked_in} checked in, "
                f"{activity.no_shows} no-shows, {activity.feedback} feedback answers, "
                f"{activity.deals} deals."
            )
        for line in demo_guide(event=event, base_url=options["base_url"]):
            self.stdout.write(line)
