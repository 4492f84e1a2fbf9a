"""Command center benchmark: the organizer's event home and the reminder pages at bio_europe
scale, on the second of the summit's three days.

``python -m bench program [--meetings 30000] [--orgs 6000] [--deals 2000] [--requests 30]
[--backends postgres,sqlite] [--write]``

Each backend runs in a fresh process with a throw-away database (an SQLite file, or a
``test_…`` PostgreSQL database next to ``DATABASE_URL``; PostgreSQL is skipped when
``DATABASE_URL`` is not PostgreSQL). The event is the reports benchmark's
(`bench.summit_fixture.add_reported_activity`: ``--orgs`` organizations with one participant
each, ``--meetings`` published meetings behind accepted requests, declined and pending
requests, feedback for half of the meetings, ``--deals`` deals), laid out so that today is
its second day, with what the command center reads on top: every participant's seat in
their meetings, an e-mail address each, two thirds of the surveys submitted, the request
deadline a week ago, the published draft run (published four days ago; 1 % of the meetings
moved since and 0.5 % cancelled), recommendations for every organization (ten each), and
three earlier reminders.

An organizer requests each page ``--requests`` times through Django's test client
(middleware, sessions, templates) after two warm-ups; the table gives the median and 95th
percentile wall time, the median CPU time of the Django process and the SQL queries per
request. Baseline of the same run: the event home without the command center (its
template hidden, as the page was before it less the six counts it showed). Target (issue
13): the event home p95 ≤ 300 ms on PostgreSQL.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import timedelta
from typing import Any
from zoneinfo import ZoneInfo

from bench.django_db import selected_backends, throwaway_database, time_requests
from bench.measure import conditions, markdown_table, run_isolated, write_section
from bench.summit_fixture import BATCH, add_organizer_event, add_reported_activity, analyze_tables

TARGET_MS = 300.0
CENTER_TEMPLATE = "program/_command_center.html"


@contextmanager
def _without_command_center() -> Iterator[None]:
    """The event home as it was before the command center: its template is not found."""
    from django.template import TemplateDoesNotExist

    from summit.core.templatetags import summit as tags

    original = tags.get_template

    def hidden(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == CENTER_TEMPLATE:
            raise TemplateDoesNotExist(name)
        return original(name, *args, **kwargs)

    tags.get_template = hidden
    try:
        yield
    finally:
        tags.get_template = original


def _program_state(event: Any, organizer: Any) -> dict[str, int]:
    """What the command center reads beyond the report fixture (see the module docstring)."""
    from django.contrib.auth import get_user_model
    from django.db.models import F, Value
    from django.db.models.functions import Concat
    from django.utils import timezone

    from summit.matching.models import Recommendation, RecomputeRun
    from summit.meetings.domain.parties import party_id_fields, party_ids_in
    from summit.organizations.models import Membership, Organization
    from summit.program.models import SegmentReminder
    from summit.scheduling.models import MeetingSeat, ScheduledMeeting, ScheduleRun

    now = timezone.now()
    get_user_model().objects.filter(username__startswith="bench-person-").update(
        email=Concat(F("username"), Value("@example.org"))
    )
    ids = list(Organization.objects.filter(event=event).order_by("pk").values_list("pk", flat=True))
    Organization.objects.filter(pk__in=ids[: 2 * len(ids) // 3]).update(
        survey_status="submitted", survey_submitted_at=now - timedelta(days=30)
    )
    event.request_deadline = now - timedelta(days=7)
    event.save(update_fields=["request_deadline"])
    person = dict(Membership.objects.filter(event=event).values_list("organization_id", "pk"))
    seats = []
    via = "meeting_request"
    for row in ScheduledMeeting.objects.filter(event=event).values(
        "pk", "slot_id", *party_id_fields(via=via)
    ):
        seats += [
            MeetingSeat(meeting_id=row["pk"], membership_id=person[org], slot_id=row["slot_id"])
            for org in party_ids_in(row, via=via)
        ]
    MeetingSeat.objects.bulk_create(seats, batch_size=BATCH, ignore_conflicts=True)
    published = now - timedelta(days=4)
    run = ScheduleRun.objects.create(
        event=event,
        status=ScheduleRun.Status.DONE,
        created_by=organizer,
        finished_at=published,
        published_at=published,
        published_by=organizer,
        summary={"scheduled": len(seats) // 2},
    )
    meetings = ScheduledMeeting.objects.filter(event=event)
    meetings.update(created=published, updated=published, published_by_run=run)
    pks = list(meetings.order_by("pk").values_list("pk", flat=True))
    moved, cancelled = pks[::100], pks[1::200]
    ScheduledMeeting.objects.filter(pk__in=moved).update(sequence=1, updated=now)
    ScheduledMeeting.objects.filter(pk__in=cancelled).update(status="cancelled", updated=now)
    MeetingSeat.objects.filter(meeting_id__in=cancelled).update(active=False)
    RecomputeRun.objects.create(
        event=event,
        status=RecomputeRun.Status.DONE,
        progress=100,
        organizations=len(ids),
        recommendations=10 * len(ids),
        finished=now - timedelta(days=20),
    )
    Recommendation.objects.bulk_create(
        [
            Recommendation(
                event_id=event.pk,
                organization_id=org,
                partner_id=ids[(index + step) % len(ids)],
                score=1.0 / step,
                rank=step,
                computed_at=now - timedelta(days=20),
            )
            for index, org in enumerate(ids)
            for step in range(1, 11)
        ],
        batch_size=BATCH,
    )
    for segment in ("no_survey", "requests_to_answer", "feedback_due"):
        SegmentReminder.objects.create(
            event=event, segment=segment, created_by=organizer, status="done", previewed=10, sent=10
        )
    return {"seats": len(seats), "moved": len(moved), "cancelled": len(cancelled)}


def measure_backend(
    backend: str, meetings: int, orgs: int, deals: int, repeat: int
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """In a fresh process: build the database and time every page and its baseline."""
    with throwaway_database(backend, prefix="bench-program-"):
        from django.conf import settings
        from django.test import Client
        from django.urls import reverse
        from django.utils import timezone

        event, user = add_organizer_event(name="Bench BIO-Europe")
        began = time.perf_counter()
        today = timezone.localtime(timezone.now(), ZoneInfo(event.time_zone)).date()
        sizes = add_reported_activity(
            event, meetings=meetings, orgs=orgs, deals=deals, first_day=today - timedelta(days=1)
        )
        sizes.update(_program_state(event, user))
        analyze_tables()
        sizes["fill_s"] = round(time.perf_counter() - began, 1)
        client = Client()
        client.force_login(user)
        settings.DEBUG = True  # count queries
        home = reverse("events:home", kwargs={"slug": event.slug})
        reminders = reverse("program:reminders", kwargs={"slug": event.slug})
        scenarios: list[tuple[str, str, dict[str, str], Any]] = [
            ("event home without the command center (baseline)", home, {}, None),
            ("event home with the command center", home, {}, None),
            ("reminders: the three segments counted", reminders, {}, None),
            ("reminders: preview, feedback due", reminders, {"segment": "feedback_due"}, None),
            ("reminders: preview, no survey", reminders, {"segment": "no_survey"}, None),
        ]
        rows = []
        for name, url, params, _ in scenarios:
            if "baseline" in name:
                with _without_command_center():
                    row = time_requests(client, url, params, repeat)
            else:
                row = time_requests(client, url, params, repeat)
            rows.append({"backend": backend, "scenario": name, **row})
        settings.DEBUG = False
        return sizes, rows


def main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench program", description=__doc__)
    parser.add_argument("--meetings", type=int, default=30000)
    parser.add_argument("--orgs", type=int, default=6000)
    parser.add_argument("--deals", type=int, default=2000)
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--backends", default="postgres,sqlite")
    parser.add_argument("--write", action="store_true", help="update bench/RESULTS.md")
    args = parser.parse_args(list(argv))
    results: list[dict[str, Any]] = []
    sizes: dict[str, Any] = {}
    before = conditions()
    for backend in selected_backends(args.backends, part="program"):
        (sizes, rows), wall, peak = run_isolated(
            measure_backend, backend, args.meetings, args.orgs, args.deals, args.requests
        )
        results.extend(rows)
        print(
            f"program: {backend} done in {wall:.0f} s (fixture {sizes['fill_s']} s, "
            f"peak {peak:.0f} MiB)",
            flush=True,
        )
    baseline = {row["backend"]: row for row in results if "baseline" in row["scenario"]}
    table = markdown_table(
        [
            "backend",
            "page (organizer)",
            "median ms",
            "p95 ms",
            "CPU ms",
            "queries",
            "KiB",
            "p95 × baseline",
            f"p95 ≤ {TARGET_MS:.0f} ms",
        ],
        [
            [
                row["backend"],
                row["scenario"],
                f"{row['median_ms']:.1f}",
                f"{row['p95_ms']:.1f}",
                f"{row['cpu_ms']:.1f}",
                str(row["queries"]),
                f"{row['kib']:.0f}",
                f"{row['p95_ms'] / baseline[row['backend']]['p95_ms']:.2f}",
                ""
                if "baseline" in row["scenario"]
                else ("yes" if row["p95_ms"] <= TARGET_MS else "NO"),
            ]
            for row in results
        ],
    )
    heading = (
        f"## Command center and reminders, {sizes.get('meetings', args.meetings)} meetings, "
        f"{sizes.get('organizations', args.orgs)} organizations (bio_europe scale)\n\n"
        f"Fixture: {sizes}. {args.requests} requests per row after two warm-ups.\n\n"
        f"Conditions before: {before}\n\nConditions after: {conditions()}\n\n"
        "Baseline (same process): the event home without the command center.\n\n"
    )
    print(heading + table)
    if args.write:
        write_section("program", heading + table)
    slow = [
        row
        for row in results
        if row["backend"] == "postgres"
        and row["scenario"] == "event home with the command center"
        and row["p95_ms"] > TARGET_MS
    ]
    return 1 if slow else 0
