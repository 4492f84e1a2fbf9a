"""The schedule grid of the bulk-loaded benchmark events (agenda, reports, publish).

What each benchmark puts on the grid (organizations, people, requests, meetings) differs with
what it measures and stays in its module; the days, slots and tables are set up the same way.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from datetime import time as clock
from typing import Any

__all__ = ["add_partnering_grid", "add_survey_organizations", "analyze_tables"]

SLOT_MINUTES = 30
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
