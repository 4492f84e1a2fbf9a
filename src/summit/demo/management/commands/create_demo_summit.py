"""`python -m summit create_demo_summit [--phase before|during|after]`: load the fictional
demo summit with its dates laid out around today for the phase (idempotent)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from summit.demo.domain.event import create_demo_event, demo_schedule_counts
from summit.demo.domain.organizations import create_demo_organizations
from summit.demo.domain.phases import Phase


class Command(BaseCommand):
    help = (
        "Create the demo summit (event, schedule, organizations, logins) with its dates around "
        "today for the phase; safe to re-run, another phase rebuilds the demo event."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--phase",
            choices=[phase.value for phase in Phase],
            default=Phase.BEFORE.value,
            help="before: requests open, summit next week; during: today is a summit day; "
            "after: the summit ended last week (default: before)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        demo = create_demo_event(phase=Phase(options["phase"]))
        organizations = create_demo_organizations(event=demo.event)
        days, slots, places = demo_schedule_counts(event=demo.event)
        if demo.moved:
            self.stdout.write(
                f"The demo event was on other dates: rebuilt for the “{demo.phase}” phase."
            )
        self.stdout.write(
            f"Demo summit “{demo.event.name}” (/e/{demo.event.slug}/), phase {demo.phase}: "
            f"{days} days, {slots} slots, {places} tables/rooms; "
            f"{demo.event.organizations.count()} organizations "
            f"({organizations.organizations_created} new)."
        )
        self.stdout.write(
            f"  Organizer login:   {demo.organizer_username} / {demo.organizer_password}"
        )
        self.stdout.write(
            f"  Participant login: {organizations.participant_email} / {organizations.password}"
        )
