"""Agenda benchmark: one participant's agenda on an event with a bio_europe-scale schedule.

``python -m bench agenda [--meetings 30000] [--requests 30] [--backends sqlite,postgres]
[--write]``

Each backend runs in a fresh process with a throw-away database (an SQLite file, or a
``test_…`` database next to ``DATABASE_URL`` for PostgreSQL, skipped when ``DATABASE_URL``
is not PostgreSQL). The fixture is the bio_europe preset's shape (3 days × 18 slots of 30
minutes, 1,000 tables, 3,000 organizations of 2 persons = 6,000 participants) with
``--meetings`` published meetings written directly with bulk inserts (accepted request,
scheduled meeting, two seats each): random pairs of persons of different organizations,
nobody twice in a slot, one meeting per table and slot, 5% cancelled; on PostgreSQL the
tables are then analyzed, as autovacuum does shortly after such a load in production. The measured
participant is the busiest possible: a meeting in every one of the 54 slots.

Through Django's test client (full middleware, templates, sessions) the participant opens
their agenda page (in the event's zone and with a second zone), their organization's agenda,
the .ics download and the subscribed feed, and the PDF with its 54 QR codes; an organizer
opens the table plan of one slot (1,000 tables) and the table-plan PDF of one day (18
slots). Each row: median and 95th percentile wall time, median CPU time of the Django process
(on a shared machine the wall time includes waiting for a core), SQL queries and response
size. The baseline is the participant's event home page in the same run (ratio column).
Target (issue 5): the agenda page ≤ 100 ms.
"""

from __future__ import annotations

import argparse
import json
import random
import time
from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from bench.django_db import selected_backends, throwaway_database, time_requests
from bench.measure import conditions, markdown_table, run_isolated, write_section
from bench.summit_fixture import add_partnering_grid, analyze_tables

TARGET_MS = 100.0
DAYS, SLOTS_PER_DAY, TABLES, ORGANIZATIONS, PEOPLE_PER_ORG = 3, 18, 1000, 3000, 2
RESULTS_JSON = Path(__file__).with_name("results") / "agenda.json"
NEW_YORK = {"tz": "America/New_York"}


def _fill(meetings: int, seed: int = 5) -> dict[str, Any]:
    """The event, its people and `meetings` published meetings (bulk inserts)."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password

    from summit.accounts.models import Profile
    from summit.events.domain.setup import add_organizer
    from summit.events.models import Event
    from summit.meetings.models import MeetingRequest
    from summit.organizations.models import Membership, Organization
    from summit.scheduling.models import MeetingSeat, ScheduledMeeting

    rng = random.Random(seed)
    event = Event.objects.create(
        slug="bench", name="Bench Europe", name_ko="벤치 유럽", venue="Messe Hall 4"
    )
    slots, tables = add_partnering_grid(
        event,
        days=[date(2026, 11, 2) + timedelta(days=offset) for offset in range(DAYS)],
        slots_per_day=SLOTS_PER_DAY,
        tables=TABLES,
    )

    Organization.objects.bulk_create(
        [
            Organization(
                event=event,
                org_id=f"O{index:05d}",
                name=f"Bench Bio {index:05d}",
                name_local=f"벤치 바이오 {index:05d}",
                org_type="biotech",
                country="DE",
            )
            for index in range(ORGANIZATIONS)
        ],
        batch_size=1000,
    )
    organizations = list(Organization.objects.filter(event=event).order_by("org_id"))
    password = make_password("bench")
    user_model = get_user_model()
    people_count = ORGANIZATIONS * PEOPLE_PER_ORG
    user_model.objects.bulk_create(
        [
            user_model(
                username=f"p{index:05d}",
                password=password,
                first_name=f"Person{index:05d}",
                last_name="Bench",
            )
            for index in range(people_count)
        ],
        batch_size=1000,
    )
    users = list(user_model.objects.filter(username__startswith="p").order_by("username"))
    Profile.objects.bulk_create([Profile(user=user, language="en") for user in users], 1000)
    Membership.objects.bulk_create(
        [
            Membership(
                event=event,
                organization=organizations[index // PEOPLE_PER_ORG],
                user=user,
                role="lead" if index % PEOPLE_PER_ORG == 0 else "member",
                job_title="Business development",
            )
            for index, user in enumerate(users)
        ],
        batch_size=1000,
    )
    people = list(Membership.objects.filter(event=event).order_by("user__username"))
    target = people[0]

    # Placement: per slot, a shuffled list of persons paired two by two; the target person
    # gets a meeting in every slot (first pair of each slot).
    per_slot = -(-meetings // len(slots))
    pairs_used: set[tuple[int, int]] = set()
    placed: list[tuple[int, int, int, int]] = []  # (slot index, table index, person a, person b)
    for slot_index in range(len(slots)):
        wanted = min(per_slot, meetings - len(placed))
        order = list(range(1, people_count))
        rng.shuffle(order)
        order.insert(0, 0)
        table_index = 0
        position = 0
        while table_index < wanted and position + 1 < len(order):
            a, b = order[position], order[position + 1]
            position += 2
            org_a, org_b = a // PEOPLE_PER_ORG, b // PEOPLE_PER_ORG
            key = (min(org_a, org_b), max(org_a, org_b))
            if org_a == org_b or key in pairs_used:
                if a == 0:  # keep the target busy: pair them with the next free person
                    order.insert(position, 0)
                continue
            pairs_used.add(key)
            placed.append((slot_index, table_index, a, b))
            table_index += 1
    MeetingRequest.objects.bulk_create(
        [
            MeetingRequest(
                event=event,
                sender=people[a],
                sender_organization_id=people[a].organization_id,
                receiver_organization_id=people[b].organization_id,
                receiver_person=people[b],
                low_organization_id=min(people[a].organization_id, people[b].organization_id),
                high_organization_id=max(people[a].organization_id, people[b].organization_id),
                message="We would like to discuss a licensing deal for our lead asset.",
                status="accepted",
                answered_by=people[b],
                answered_by_organization_id=people[b].organization_id,
            )
            for _slot, _table, a, b in placed
        ],
        batch_size=1000,
    )
    requests = list(MeetingRequest.objects.filter(event=event).order_by("pk"))
    statuses = [
        "cancelled" if rng.random() < 0.05 and a != 0 and b != 0 else "scheduled"
        for _slot, _table, a, b in placed
    ]
    ScheduledMeeting.objects.bulk_create(
        [
            ScheduledMeeting(
                event=event,
                meeting_request=request,
                slot=slots[slot_index],
                table=tables[table_index],
                status=status,
                sequence=1 if status == "cancelled" else 0,
            )
            for request, (slot_index, table_index, _a, _b), status in zip(
                requests, placed, statuses, strict=True
            )
        ],
        batch_size=1000,
    )
    scheduled = list(ScheduledMeeting.objects.filter(event=event).order_by("meeting_request_id"))
    MeetingSeat.objects.bulk_create(
        [
            MeetingSeat(
                meeting=meeting,
                membership=people[person],
                slot=slots[slot_index],
                active=meeting.status == "scheduled",
            )
            for meeting, (slot_index, _table, a, b) in zip(scheduled, placed, strict=True)
            for person in (a, b)
        ],
        batch_size=2000,
    )
    analyze_tables()
    organizer = user_model.objects.create_user("bench-organizer", password="x", is_staff=True)
    add_organizer(event=event, user=organizer)
    target_meetings = MeetingSeat.objects.filter(membership=target).count()
    return {
        "event": event,
        "target": target,
        "organizer": organizer,
        "slot": slots[SLOTS_PER_DAY // 2],
        "day": event.days.order_by("date").first(),
        "meetings": len(placed),
        "target_meetings": target_meetings,
    }


def measure_backend(backend: str, meetings: int, repeats: int) -> dict[str, Any]:
    """In a fresh process: build the database and time every scenario."""
    with throwaway_database(backend, prefix="bench-agenda-"):
        from django.conf import settings
        from django.test import Client
        from django.urls import reverse

        from summit.agenda.domain.tokens import calendar_token_for

        began = time.perf_counter()
        world = _fill(meetings)
        fill_s = time.perf_counter() - began
        event, target = world["event"], world["target"]
        settings.DEBUG = True  # count queries
        participant = Client()
        participant.force_login(target.user)
        organizer = Client()
        organizer.force_login(world["organizer"])
        slug = {"slug": event.slug}
        token = calendar_token_for(membership=target).token
        heavy = max(1, repeats // 10)

        def url(name: str, **kwargs: Any) -> str:
            return reverse(name, kwargs={**slug, **kwargs})

        plan = {"slot": str(world["slot"].pk)}
        day = {"day": str(world["day"].pk)}
        organization = url("agenda:organization", organization_id=target.organization_id)
        scenarios: list[tuple[str, Client, str, dict[str, str], int]] = [
            ("event home (baseline)", participant, url("events:home"), {}, repeats),
            ("agenda page", participant, url("agenda:mine"), {}, repeats),
            ("agenda page + own time zone", participant, url("agenda:mine"), NEW_YORK, repeats),
            ("organization agenda", participant, organization, {"tz": ""}, repeats),
            (".ics download", participant, url("agenda:calendar_file"), {}, repeats),
            (
                ".ics feed (token, no log-in)",
                Client(),
                url("agenda:feed", token=token),
                {},
                repeats,
            ),
            ("PDF agenda (54 QR codes)", participant, url("agenda:pdf"), {}, heavy),
            ("table plan, 1 slot × 1000 tables", organizer, url("agenda:table_plan"), plan, heavy),
            ("table-plan PDF, 1 day (18 slots)", organizer, url("agenda:table_plan_pdf"), day, 1),
        ]
        rows = []
        for name, client, url, params, count in scenarios:
            row = time_requests(client, url, params, count)
            row.update({"backend": backend, "scenario": name, "repeats": count})
            rows.append(row)
            print(f"agenda: {backend} {name}: {row['median_ms']:.1f} ms", flush=True)
        return {
            "rows": rows,
            "fill_s": fill_s,
            "meetings": world["meetings"],
            "target_meetings": world["target_meetings"],
        }


def main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench agenda", description=__doc__)
    parser.add_argument("--meetings", type=int, default=30_000)
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--backends", default="sqlite,postgres")
    parser.add_argument("--write", action="store_true", help="update bench/RESULTS.md")
    args = parser.parse_args(list(argv))
    results: list[dict[str, Any]] = []
    notes = []
    for backend in selected_backends(args.backends, part="agenda"):
        measured, wall, peak = run_isolated(measure_backend, backend, args.meetings, args.requests)
        results.extend(measured["rows"])
        notes.append(
            f"{backend}: {measured['meetings']} meetings written in {measured['fill_s']:.0f} s, "
            f"the participant has {measured['target_meetings']}; whole run {wall:.0f} s, "
            f"peak {peak:.0f} MiB"
        )
        print(f"agenda: {notes[-1]}", flush=True)
    baseline = {
        row["backend"]: row["median_ms"] for row in results if row["scenario"].startswith("event")
    }
    table = markdown_table(
        [
            "backend",
            "scenario",
            "requests",
            "median ms",
            "p95 ms",
            "median CPU ms (Django process)",
            "× event home",
            "queries",
            "KiB",
        ],
        [
            [
                row["backend"],
                row["scenario"],
                str(row["repeats"]),
                f"{row['median_ms']:.1f}",
                f"{row['p95_ms']:.1f}",
                f"{row['cpu_ms']:.1f}",
                f"{row['median_ms'] / baseline[row['backend']]:.2f}",
                str(row["queries"]),
                f"{row['kib']:.0f}",
            ]
            for row in results
        ],
    )
    pages = [row for row in results if row["scenario"] == "agenda page"]
    verdict = ", ".join(
        f"{row['backend']} p95 {row['p95_ms']:.1f} ms "
        f"({'meets' if row['p95_ms'] <= TARGET_MS else 'MISSES'} ≤ {TARGET_MS:.0f} ms)"
        for row in pages
    )
    heading = (
        f"## Agenda, {args.meetings} published meetings (bio_europe scale)\n\n"
        f"Conditions: {conditions()}\n\n" + "".join(f"- {note}\n" for note in notes) + "\n"
    )
    footer = f"\n\nAgenda page target ≤ {TARGET_MS:.0f} ms: {verdict}.\n"
    print(heading + table + footer)
    if args.write:
        write_section("agenda", heading + table + footer)
        RESULTS_JSON.parent.mkdir(exist_ok=True)
        RESULTS_JSON.write_text(
            json.dumps({"conditions": conditions(), "notes": notes, "rows": results}, indent=2),
            encoding="utf-8",
        )
    slow = [row for row in pages if row["median_ms"] > TARGET_MS]
    return 1 if slow else 0
