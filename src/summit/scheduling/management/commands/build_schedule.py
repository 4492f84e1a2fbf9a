"""``python -m summit build_schedule <event slug>``: run a draft schedule now, in this process.

For operators without a task worker and for scripts; the Schedule page queues the same run
as a background task. The draft appears on the Schedule page like any other.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from partnering_engine.solvers import solver_names
from summit.events.models import Event
from summit.scheduling.domain.runs import (
    DEFAULT_TIME_LIMIT_S,
    RunOptions,
    create_run,
    execute_run,
)


class Command(BaseCommand):
    help = "Build a draft schedule of an event's accepted meetings now (stored as a run)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug", help="the event's slug")
        parser.add_argument("--solver", default="auto", choices=solver_names())
        parser.add_argument("--time-limit", type=int, default=DEFAULT_TIME_LIMIT_S)
        parser.add_argument("--seed", type=int, default=0)
        parser.add_argument("--name", default="")
        parser.add_argument(
            "--proposed-top",
            type=int,
            default=0,
            help="also propose pairs that are in each other's top N recommendations",
        )
        parser.add_argument("--proposed-weight", type=float, default=0.5)

    def handle(self, *args: Any, **options: Any) -> None:
        event = Event.objects.filter(slug=options["slug"]).first()
        if event is None:
            raise CommandError(f"no event with slug {options['slug']!r}")
        run_options = RunOptions(
            solver=options["solver"],
            time_limit_s=options["time_limit"],
            seed=options["seed"],
            proposed_top=options["proposed_top"],
            proposed_weight=options["proposed_weight"],
        )
        try:
            run = create_run(event=event, user=None, options=run_options, name=options["name"])
        except ValueError as error:
            raise CommandError(str(error)) from None
        run = execute_run(run=run)
        if run.status != run.Status.DONE:
            raise CommandError(f"run {run.pk} failed: {run.error}")
        summary = run.summary
        self.stdout.write(
            f"{event.slug} run {run.pk}: {summary['scheduled_requests']} of "
            f"{summary['requested']} accepted requests scheduled "
            f"({summary['requested_percent']} %), weight {summary['weight']:g} of bound "
            f"{summary['bound']:g} (gap {summary['gap']} %), {summary['gaps']} idle gaps, "
            f"{len(run.unscheduled)} left out, {summary['wall_s']} s"
        )
