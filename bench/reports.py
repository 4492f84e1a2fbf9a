"""Reports benchmark: the organizer dashboard and the report downloads at bio_europe scale.

``python -m bench reports [--meetings 30000] [--orgs 6000] [--deals 2000] [--requests 5]
[--backends sqlite,postgres] [--write]``

Each backend runs in a fresh process with a throw-away database (an SQLite file, or a
``test_…`` PostgreSQL database next to ``DATABASE_URL``; PostgreSQL is skipped when
``DATABASE_URL`` is not PostgreSQL). The fixture is written with ``bulk_create``: ``--orgs``
organizations (the demo organizations repeated, so types, countries and survey answers are
realistic) with one participant each, 3 days × 18 half-hour slots × enough tables,
``--meetings`` published meetings (each behind its own accepted request; 60 % checked in,
8 % no-shows), a third as many declined and a tenth as many pending requests, feedback for
half of the meetings (both sides for a third of those, one side for the rest),
``--deals`` deals (two parties, one meeting each, 20 % confidential). Meeting seats are not
written: no report reads them.

An organizer then requests, through Django's test client (middleware, sessions,
templates): the dashboard without filters (with an empty cache every time, then warm: the
matched-areas counts are cached), filtered by a day, filtered by an organization type, and
the Excel, PDF and anonymised CSV downloads. The dashboard rows are requested
``--requests`` times after one warm-up, the downloads twice after one warm-up; the table
gives the median and 95th percentile wall time and the SQL queries per request. Baseline of
the same run: the directory-sized event home page (``events:home``). Target (issue 6):
dashboard ≤ 1 s.
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock
from typing import Any

from bench.django_db import selected_backends, throwaway_database, time_requests
from bench.measure import conditions, markdown_table, run_isolated, write_section
from bench.summit_fixture import add_partnering_grid, analyze_tables

TARGET_MS = 1000.0
DAYS, SLOTS_PER_DAY = 3, 18
BATCH = 2000


def _bulk(model: Any, rows: list[Any]) -> list[Any]:
    return model.objects.bulk_create(rows, batch_size=BATCH)


def _fill(event: Any, *, meetings: int, orgs: int, deals: int) -> dict[str, int]:
    from django.contrib.auth import get_user_model

    from summit.demo.domain.organizations import build_demo_organizations
    from summit.meetings.models import MeetingRequest
    from summit.organizations.models import Membership, Organization
    from summit.outcomes.models import Deal, DealParty, MeetingFeedback
    from summit.scheduling.models import ScheduledMeeting

    rng = random.Random(6)
    slots, tables = add_partnering_grid(
        event,
        days=[date(2026, 10, 6) + timedelta(days=offset) for offset in range(DAYS)],
        slots_per_day=SLOTS_PER_DAY,
        tables=-(-meetings // (DAYS * SLOTS_PER_DAY)),
        start=clock(9, 0),
    )

    demo = build_demo_organizations()
    organizations = []
    for index in range(orgs):
        base = demo[index % len(demo)]
        organizations.append(
            Organization(
                event=event,
                org_id=f"{base.org_id}-{index}",
                name=f"{base.name} {index}",
                org_type=base.org_type,
                country=base.country,
                therapeutic_areas=list(base.therapeutic_areas),
                modalities=list(base.modalities),
                offers=list(base.offers),
                seeks=list(base.seeks),
            )
        )
    organizations = _bulk(Organization, organizations)
    users = _bulk(
        get_user_model(),
        [get_user_model()(username=f"bench-person-{index}") for index in range(orgs)],
    )
    members = _bulk(
        Membership,
        [
            Membership(event=event, organization=organization, user=user, role="lead")
            for organization, user in zip(organizations, users, strict=True)
        ],
    )

    # Requests: meeting i pairs a with a + k (k = 1 + i // orgs): unordered pairs are unique.
    created = MeetingRequest._meta.get_field("created")
    created.auto_now_add = False  # spread the sending dates over 60 days (fixture only)
    start = datetime(2026, 8, 7, 1, 0, tzinfo=UTC)
    requests = []

    def request(a: int, b: int, status: str) -> MeetingRequest:
        low, high = sorted((a, b), key=lambda i: organizations[i].pk)
        sent = start + timedelta(days=rng.randrange(60), minutes=rng.randrange(600))
        answered = sent + timedelta(days=rng.randrange(4)) if status != "pending" else None
        return MeetingRequest(
            event=event,
            sender=members[a],
            sender_organization=organizations[a],
            receiver_organization=organizations[b],
            low_organization=organizations[low],
            high_organization=organizations[high],
            status=status,
            answered_by=members[b] if answered else None,
            answered_by_organization=organizations[b] if answered else None,
            answered_at=answered,
            created=sent,
        )

    pairs = [(i % orgs, (i % orgs + 1 + i // orgs) % orgs) for i in range(meetings)]
    requests = [request(a, b, "accepted") for a, b in pairs]
    k = 2 + meetings // orgs
    requests += [request(i % orgs, (i % orgs + k) % orgs, "pending") for i in range(meetings // 10)]
    requests += [request(rng.randrange(orgs), 0, "declined") for _ in range(meetings // 3)]
    requests = [r for r in requests if r.sender_organization_id != r.receiver_organization_id]
    requests = _bulk(MeetingRequest, requests)
    created.auto_now_add = True

    scheduled = []
    for index in range(meetings):
        roll = rng.random()
        attendance = "checked_in" if roll < 0.6 else ("no_show" if roll < 0.68 else "expected")
        scheduled.append(
            ScheduledMeeting(
                event=event,
                meeting_request=requests[index],
                slot=slots[index % len(slots)],
                table=tables[index // len(slots)],
                attendance=attendance,
            )
        )
    scheduled = _bulk(ScheduledMeeting, scheduled)

    feedback = []
    for index in range(0, meetings, 2):
        a, b = pairs[index]
        sides = [a, b] if index % 3 == 0 else [rng.choice((a, b))]
        for side in sides:
            feedback.append(
                MeetingFeedback(
                    meeting=scheduled[index],
                    organization=organizations[side],
                    author=members[side],
                    took_place=rng.random() < 0.9,
                    follow_up_interest=rng.choice(("none", "some", "some", "strong")),
                    next_step=rng.choice(("none", "information", "second_meeting", "proposal")),
                )
            )
    _bulk(MeetingFeedback, feedback)

    kinds = [code for code, _ in Deal.Kind.choices]
    stages = [code for code, _ in Deal.Stage.choices]
    chosen = rng.sample(range(meetings), deals)
    deal_rows = []
    for number in range(len(chosen)):
        stage = rng.choice(stages)
        signed = stage in ("signed", "announced")
        deal_rows.append(
            Deal(
                event=event,
                title=f"Deal {number}",
                kind=rng.choice(kinds),
                stage=stage,
                date=date(2026, 10, 10) + timedelta(days=rng.randrange(50)),
                signed_on=date(2026, 10, 10) + timedelta(days=rng.randrange(50))
                if signed
                else None,
                confidential=rng.random() < 0.2,
                value=rng.randrange(10, 10_000) * 1000 if rng.random() < 0.5 else None,
                currency="USD",
            )
        )
    deal_rows = _bulk(Deal, deal_rows)
    parties = []
    links = []
    for deal, index in zip(deal_rows, chosen, strict=True):
        a, b = pairs[index]
        parties += [
            DealParty(deal=deal, organization=organizations[a]),
            DealParty(deal=deal, organization=organizations[b]),
        ]
        links.append(
            Deal.meetings.through(deal_id=deal.pk, scheduledmeeting_id=scheduled[index].pk)
        )
    _bulk(DealParty, parties)
    _bulk(Deal.meetings.through, links)
    return {
        "organizations": len(organizations),
        "requests": len(requests),
        "meetings": len(scheduled),
        "feedback": len(feedback),
        "deals": len(deal_rows),
    }


def measure_backend(
    backend: str, meetings: int, orgs: int, deals: int, repeat: int
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """In a fresh process: build the database and time every page and download."""
    with throwaway_database(backend, prefix="bench-reports-"):
        from django.conf import settings
        from django.contrib.auth import get_user_model
        from django.core.cache import cache
        from django.test import Client
        from django.urls import reverse

        from summit.events.models import Event, EventDay, Organizer

        event = Event.objects.create(slug="bench", name="Bench BIO-Europe")
        user = get_user_model().objects.create_user("bench-organizer", password="x")
        Organizer.objects.create(event=event, user=user)
        began = time.perf_counter()
        sizes = _fill(event, meetings=meetings, orgs=orgs, deals=deals)
        analyze_tables()
        sizes["fill_s"] = round(time.perf_counter() - began, 1)
        client = Client()
        client.force_login(user)
        settings.DEBUG = True  # count queries
        day = EventDay.objects.filter(event=event).order_by("date")[1]

        def url(name: str) -> str:
            return reverse(name, kwargs={"slug": event.slug})

        scenarios = (
            ("event home (baseline)", url("events:home"), {}, repeat),
            ("dashboard, cold cache", url("reports:dashboard"), {}, repeat),
            ("dashboard", url("reports:dashboard"), {}, repeat),
            ("dashboard, one day", url("reports:dashboard"), {"day": str(day.pk)}, repeat),
            ("dashboard, type biotech", url("reports:dashboard"), {"org_type": "biotech"}, repeat),
            ("Excel download", url("reports:export_xlsx"), {}, 2),
            ("PDF download", url("reports:export_pdf"), {}, 2),
            ("anonymised CSV download", url("reports:export_csv"), {}, 2),
        )
        rows = []
        for name, address, params, times in scenarios:
            row = time_requests(
                client,
                address,
                params,
                times,
                warmups=1,
                before_each=cache.clear if "cold" in name else None,
            )
            rows.append({"backend": backend, "scenario": name, **row})
        return sizes, rows


def main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench reports", description=__doc__)
    parser.add_argument("--meetings", type=int, default=30000)
    parser.add_argument("--orgs", type=int, default=6000)
    parser.add_argument("--deals", type=int, default=2000)
    parser.add_argument("--requests", type=int, default=5)
    parser.add_argument("--backends", default="sqlite,postgres")
    parser.add_argument("--write", action="store_true", help="update bench/RESULTS.md")
    args = parser.parse_args(list(argv))
    results: list[dict[str, Any]] = []
    sizes: dict[str, Any] = {}
    for backend in selected_backends(args.backends, part="reports"):
        (sizes, rows), wall, peak = run_isolated(
            measure_backend, backend, args.meetings, args.orgs, args.deals, args.requests
        )
        results.extend(rows)
        print(
            f"reports: {backend} done in {wall:.0f} s (fixture {sizes['fill_s']} s, "
            f"peak {peak:.0f} MiB)",
            flush=True,
        )
    baseline = {
        row["backend"]: row["median_ms"] for row in results if "baseline" in row["scenario"]
    }
    table = markdown_table(
        [
            "backend",
            "scenario",
            "median ms",
            "p95 ms",
            "median CPU ms (Django process)",
            "× event home",
            "queries",
            "KiB",
            "dashboard ≤ 1 s",
        ],
        [
            [
                row["backend"],
                row["scenario"],
                f"{row['median_ms']:.0f}",
                f"{row['p95_ms']:.0f}",
                f"{row['cpu_ms']:.0f}",
                f"{row['median_ms'] / baseline[row['backend']]:.1f}",
                str(row["queries"]),
                f"{row['kib']:.0f}",
                ("yes" if row["p95_ms"] <= TARGET_MS else "NO")
                if row["scenario"].startswith("dashboard")
                else "",
            ]
            for row in results
        ],
    )
    heading = (
        f"## Reports: dashboard and downloads, {sizes.get('meetings', args.meetings)} meetings, "
        f"{sizes.get('organizations', args.orgs)} organizations, "
        f"{sizes.get('deals', args.deals)} deals\n\n"
        f"Fixture: {sizes}. Dashboard rows: {args.requests} requests each after a warm-up; "
        f"downloads: 2 each. Conditions: {conditions()}\n\n"
    )
    print(heading + table)
    if args.write:
        write_section("reports", heading + table)
    slow = [
        row
        for row in results
        if row["scenario"].startswith("dashboard") and row["median_ms"] > TARGET_MS
    ]
    return 1 if slow else 0
