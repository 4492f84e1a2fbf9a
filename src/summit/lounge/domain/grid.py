"""The organizers' lounge grid: one day's tables × slots with the published meetings.

A big event (1,000 tables × 18 slots) does not fit one page: the grid shows one page of
`PAGE_SIZE` tables, filtered by kind, number range or an organization's name, and is built
with a fixed number of queries whatever the page size. `grid_version` is one aggregate query
over the day's meetings; the page polls with the version it shows and gets "no change" (204)
while it is the same.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.core.paginator import Page, Paginator
from django.db.models import Count, Max, Q, QuerySet, Sum
from django.utils import timezone

from summit.events.models import Event, EventDay, Slot, Table
from summit.meetings.domain.parties import involving, party_ids_of, party_paths
from summit.organizations.models import Organization
from summit.scheduling.models import ScheduledMeeting

PAGE_SIZE = 50
Attendance = ScheduledMeeting.Attendance


@dataclass(frozen=True)
class GridFilter:
    """Which tables a grid page shows: a kind, a number range, an organization's name/code."""

    kind: str = ""
    first: int | None = None
    last: int | None = None
    search: str = ""


@dataclass
class GridRow:
    table: Table
    #: (slot, what the cell shows): a published meeting here, a `draft.DraftCell` in a
    #: draft's preview; None for an empty cell.
    cells: list[tuple[Slot, Any]]
    label: str = ""


@dataclass
class LoungeGrid:
    day: EventDay | None
    slots: list[Slot]
    rows: list[GridRow]
    page: Page[Table] | None
    current_slot_id: int | None
    version: str
    counts: dict[str, int] = field(default_factory=dict)


def event_days(*, event: Event) -> list[EventDay]:
    return list(EventDay.objects.filter(event=event).order_by("date"))


def pick_day(
    *, days: list[EventDay], event: Event, day_id: Any = None, now: datetime | None = None
) -> EventDay | None:
    """The asked-for day, else today (event's time zone), else the next day, else the last."""
    if day_id not in (None, ""):
        for day in days:
            if str(day.pk) == str(day_id):
                return day
    if not days:
        return None
    today = timezone.localtime(now or timezone.now(), ZoneInfo(event.time_zone)).date()
    upcoming = [day for day in days if day.date >= today]
    return upcoming[0] if upcoming else days[-1]


def _day_meetings(*, event: Event, day: EventDay) -> QuerySet[ScheduledMeeting]:
    return ScheduledMeeting.objects.filter(
        event=event, status=ScheduledMeeting.Status.SCHEDULED, slot__session__day=day
    )


def grid_version(
    *, event: Event, day: EventDay | None, now: datetime | None = None, extra: str = ""
) -> tuple[str, dict[str, int]]:
    """A short fingerprint of the day's meetings (one query) and their counts by attendance.

    It changes when a meeting is added, cancelled, moved (the iCalendar sequence grows),
    checked in or reported, and when the current slot changes."""
    if day is None:
        return hashlib.sha1(f"none|{extra}".encode()).hexdigest()[:16], {}
    now = now or timezone.now()
    figures = _day_meetings(event=event, day=day).aggregate(
        total=Count("pk"),
        expected=Count("pk", filter=Q(attendance=Attendance.EXPECTED)),
        checked_in=Count("pk", filter=Q(attendance=Attendance.CHECKED_IN)),
        no_show=Count("pk", filter=Q(attendance=Attendance.NO_SHOW)),
        last_pk=Max("pk"),
        sequences=Sum("sequence"),
        updated=Max("updated"),
        recorded=Max("attendance_recorded_at"),
        current=Max("slot_id", filter=Q(slot__start__lte=now, slot__end__gt=now)),
    )
    fingerprint = "|".join(str(figures[key]) for key in sorted(figures)) + f"|{day.pk}|{extra}"
    counts = {key: int(figures[key] or 0) for key in ("total", "expected", "checked_in", "no_show")}
    return hashlib.sha1(fingerprint.encode()).hexdigest()[:16], counts


def current_slot(*, slots: list[Slot], now: datetime | None = None) -> Slot | None:
    now = now or timezone.now()
    return next((slot for slot in slots if slot.start <= now < slot.end), None)


def matching_organizations(*, event: Event, search: str) -> list[int]:
    """Ids of the event's organizations whose name, Korean name or code contains ``search``."""
    return list(
        Organization.objects.filter(
            Q(name__icontains=search)
            | Q(name_local__icontains=search)
            | Q(org_id__icontains=search),
            event=event,
        ).values_list("pk", flat=True)
    )


def grid_tables(
    *,
    event: Event,
    day: EventDay,
    grid_filter: GridFilter,
    organization_ids: list[int] | None = None,
) -> QuerySet[Table]:
    """The tables a grid page lists. With a search, only the tables where one of
    ``organization_ids`` (the organizations matching it) meets that day — looked up as a short
    list of ids first, which keeps the query plan simple on a big event."""
    tables = Table.objects.filter(event=event).order_by("number")
    if grid_filter.kind:
        tables = tables.filter(kind=grid_filter.kind)
    if grid_filter.first is not None:
        tables = tables.filter(number__gte=grid_filter.first)
    if grid_filter.last is not None:
        tables = tables.filter(number__lte=grid_filter.last)
    if grid_filter.search:
        found = organization_ids or []
        busy = set(
            _day_meetings(event=event, day=day)
            .filter(involving(found, via="meeting_request"))
            .values_list("table_id", flat=True)
        )
        tables = tables.filter(pk__in=sorted(busy))
    return tables


def lounge_grid(
    *,
    event: Event,
    day: EventDay | None,
    grid_filter: GridFilter | None = None,
    page_number: Any = 1,
    now: datetime | None = None,
    version_extra: str = "",
    versioned: tuple[str, dict[str, int]] | None = None,
) -> LoungeGrid:
    """One page of the day's grid (a fixed number of queries); ``versioned`` is the day's
    `grid_version` when the caller has just computed it."""
    now = now or timezone.now()
    grid_filter = grid_filter or GridFilter()
    version, counts = versioned or grid_version(event=event, day=day, now=now, extra=version_extra)
    if day is None:
        return LoungeGrid(day, [], [], None, None, version, counts)
    slots = list(Slot.objects.filter(event=event, session__day=day).order_by("start"))
    matching = (
        set(matching_organizations(event=event, search=grid_filter.search))
        if grid_filter.search
        else set()
    )
    tables_found = grid_tables(
        event=event, day=day, grid_filter=grid_filter, organization_ids=sorted(matching)
    )
    page = Paginator(tables_found, PAGE_SIZE).get_page(page_number)
    tables = list(page.object_list)
    meetings = (
        _day_meetings(event=event, day=day)
        .filter(table__in=[table.pk for table in tables])
        .select_related(*party_paths(via="meeting_request"))
    )
    placed: dict[tuple[int, int], ScheduledMeeting] = {}
    for meeting in meetings:
        meeting.matches = bool(set(party_ids_of(meeting)) & matching)  # type: ignore[attr-defined]
        placed[(meeting.table_id, meeting.slot_id)] = meeting
    by_pk = {table.pk: table for table in tables}
    slot_by_pk = {slot.pk: slot for slot in slots}
    for meeting in placed.values():
        meeting.table = by_pk[meeting.table_id]  # already loaded; saves a query per cell
        meeting.slot = slot_by_pk[meeting.slot_id]
        meeting.event = event
    rows = [
        GridRow(table, [(slot, placed.get((table.pk, slot.pk))) for slot in slots], str(table))
        for table in tables
    ]
    found = current_slot(slots=slots, now=now)
    return LoungeGrid(day, slots, rows, page, found.pk if found else None, version, counts)
