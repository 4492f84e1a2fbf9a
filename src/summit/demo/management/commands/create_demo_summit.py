"""`python -m summit create_demo_summit`: load the fictional demo summit (idempotent)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from summit.demo.domain.event import create_demo_event, demo_schedule_counts
from summit.demo.domain.organizations import create_demo_organizations


class Command(BaseCommand):
    help = "Create the demo summit (event, schedule, organizations, logins); safe to re-run."

    def handle(self, *args: Any, **options: Any) -> None:
        demo = create_demo_event()
        organizations = create_demo_organizations(event=demo.event)
        days, slots, places = demo_schedule_counts(event=demo.event)
        self.stdout.write(
            f"Demo summit “{demo.event.name}” (/e/{demo.event.slug}/): {days} days, "
            f"{slots} slots, {places} tables/rooms; "
            f"{demo.event.organizations.count()} organizations "
            f"({organizations.organizations_created} new)."
        )
        self.stdout.write(
            f"  Organizer login:   {demo.organizer_username} / {demo.organizer_password}"
        )
        self.stdout.write(
            f"  Participant login: {organizations.participant_email} / {organizations.password}"
        )
