"""The schedule grid of the bulk-loaded benchmark events (agenda, reports, publish).

What each benchmark puts on the grid (organizations, people, requests, meetings) differs with
what it measures and stays in its module; the days, slots and tables are set up the same way.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock
from typing import Any

__all__ = [
    "add_organizer_event",
    "add_partnering_grid",
    "add_reported_activity",
    "add_survey_organizations",
    "analyze_tables",
]

SLOT_MINUTES = 30
#: The report fixture's grid: 3 days of 18 half-hour slots (the bio_europe preset's shape).
DAYS, SLOTS_PER_DAY = 3, 18
BATCH = 2000
TABLES_PER_CALL = 500  # `add_tables` (and the set-up page) adds at most 500 at a time


def add_partnering_grid(
    event: Any,
    *,
    days: Sequence[date],
    slots_per_day: int,
    tables: int,
    start: clock = clock(8, 30),
) -> tuple[list[Any], list[Any]]:
    """One "Partnering" session of `slots_per_day` back-to-back 30-minute slots from `start`
    on each of `days`, and `tables` tables, through the set-up domain functions: the
    event's slots by start time and tables by number."""
    from summit.events.domain.setup import add_day, add_tables, save_session
    from summit.events.models import Slot, Table

    end = (
        datetime.combine(date.min, start) + timedelta(minutes=SLOT_MINUTES * slots_per_day)
    ).time()
    for day in days:
        save_session(
            day=add_day(event=event, day=day),
            name="Partnering",
            start_time=start,
            end_time=end,
            slot_minutes=SLOT_MINUTES,
            break_minutes=0,
        )
    for added in range(0, tables, TABLES_PER_CALL):
        add_tables(event=event, kind="table", count=min(TABLES_PER_CALL, tables - added))
    slots = list(Slot.objects.filter(event=event).order_by("start"))
    assert len(slots) == len(days) * slots_per_day, len(slots)
    return slots, list(Table.objects.filter(event=event).order_by("number"))


def add_organizer_event(*, name: str) -> tuple[Any, Any]:
    """The benchmark's event (slug ``bench``) and its organizer (``bench-organizer``)."""
    from django.contrib.auth import get_user_model

    from summit.events.models import Event, Organizer

    event = Event.objects.create(slug="bench", name=name)
    user = get_user_model().objects.create_user("bench-organizer", password="x")
    Organizer.objects.create(event=event, user=user)
    return event, user


def analyze_tables() -> None:
    """On PostgreSQL, gather planner statistics after a bulk load, as autovacuum does within a
    minute in production; without them the planner assumes ~30 meetings per event and picks
    scan-heavy plans."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def add_survey_organizations(
    event: Any, *, count: int, seed: int, with_wishlist: bool = False
) -> list[Any]:
    """`count` organizations with the engine's synthetic survey answers (submitted), bulk
    written; the event's organizations by primary key. `with_wishlist` keeps the synthetic
    wish lists (off where a benchmark measures pages that a wish list would change)."""
    from partnering_engine.matching.synthetic import survey_for_participants
    from summit.organizations.models import Organization

    rows = survey_for_participants([f"ORG{index:05d}" for index in range(count)], seed=seed)
    Organization.objects.bulk_create(
        [
            Organization(
                event=event,
                org_id=row.org_id,
                name=row.organization,
                org_type=row.org_type,
                country=row.country,
                therapeutic_areas=list(row.therapeutic_areas),
                modalities=list(row.modalities),
                offers=list(row.offers),
                seeks=list(row.seeks),
                regions_of_interest=list(row.regions_of_interest),
                languages=list(row.languages),
                preferred_partner_types=list(row.preferred_partner_types),
                description_offer=row.description_offer,
                description_seek=row.description_seek,
                wishlist=list(row.wishlist) if with_wishlist else [],
                survey_status="submitted",
            )
            for row in rows
        ],
        batch_size=500,
    )
    return list(Organization.objects.filter(event=event).order_by("pk"))


def _bulk(model: Any, rows: list[Any]) -> list[Any]:
    return model.objects.bulk_create(rows, batch_size=BATCH)


def add_reported_activity(
    event: Any, *, meetings: int, orgs: int, deals: int, first_day: date
) -> dict[str, int]:
    """A bio_europe-scale event as the organizer's report reads it, bulk written: `orgs`
    organizations (the demo organizations repeated, so types, countries and survey answers
    are realistic) with one participant each, 3 days × 18 half-hour slots from `first_day`
    and enough tables, `meetings` published meetings (each behind its own accepted request;
    60 % checked in, 8 % no-shows), a third as many declined and a tenth as many pending
    requests (sent over the 60 days before the 7th of August 2026), feedback for half of the
    meetings (both sides for a third of those, one side for the rest), `deals` deals (two
    parties, one meeting each, 20 % confidential). Meeting seats are not written."""
    from django.contrib.auth import get_user_model

    from summit.demo.domain.organizations import build_demo_organizations
    from summit.meetings.models import MeetingRequest
    from summit.organizations.models import Membership, Organization
    from summit.outcomes.models import Deal, DealParty, MeetingFeedback
    from summit.scheduling.models import ScheduledMeeting

    rng = random.Random(6)
    slots, tables = add_partnering_grid(
        event,
        days=[first_day + timedelta(days=offset) for offset in range(DAYS)],
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
