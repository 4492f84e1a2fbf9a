"""The schedule grid of the bulk-loaded benchmark events (agenda, reports, publish).

What each benchmark puts on the grid (organizations, people, requests, meetings) differs with
what it measures and stays in its module; the days, slots and tables are set up the same way.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from datetime import time as clock
from typing import Any

__all__ = ["add_partnering_grid", "analyze_tables"]

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
