"""The lounge grid: cells, pages of tables, filters, the version that polling compares."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from summit.events.domain.setup import add_tables
from summit.events.models import EventDay, Slot
from summit.lounge.domain.attendance import check_in_meeting
from summit.lounge.domain.grid import (
    PAGE_SIZE,
    GridFilter,
    event_days,
    grid_version,
    lounge_grid,
    pick_day,
)
from summit.scheduling.models import ScheduledMeeting

pytestmark = [pytest.mark.unit, pytest.mark.django_db]


def _day(event):
    return EventDay.objects.get(event=event)


def test_lounge_grid_puts_each_meeting_at_its_table_and_slot(event, meeting):
    grid = lounge_grid(event=event, day=_day(event))
    assert [row.table.number for row in grid.rows] == [1, 2, 3, 4]
    assert len(grid.slots) == 6
    placed = [
        (row.table.number, index)
        for row in grid.rows
        for index, (_slot, found) in enumerate(row.cells)
        if found is not None
    ]
    assert placed == [(1, 0)]
    assert grid.rows[0].cells[0][1] == meeting
    assert grid.counts == {"total": 1, "expected": 1, "checked_in": 0, "no_show": 0}


def test_lounge_grid_leaves_out_cancelled_meetings(event, meeting):
    ScheduledMeeting.objects.filter(pk=meeting.pk).update(status="cancelled")
    grid = lounge_grid(event=event, day=_day(event))
    assert all(found is None for row in grid.rows for _slot, found in row.cells)
    assert grid.counts["total"] == 0


def test_lounge_grid_shows_pages_of_tables(event):
    add_tables(event=event, kind="table", count=PAGE_SIZE + 6)
    first = lounge_grid(event=event, day=_day(event))
    second = lounge_grid(event=event, day=_day(event), page_number=2)
    assert len(first.rows) == PAGE_SIZE
    assert [row.table.number for row in second.rows] == list(range(51, 61))
    assert first.page.paginator.num_pages == 2


def test_lounge_grid_filters_tables_by_kind_and_number(event):
    add_tables(event=event, kind="virtual", count=2)
    virtual = lounge_grid(event=event, day=_day(event), grid_filter=GridFilter(kind="virtual"))
    assert [row.table.number for row in virtual.rows] == [5, 6]
    ranged = lounge_grid(event=event, day=_day(event), grid_filter=GridFilter(first=2, last=3))
    assert [row.table.number for row in ranged.rows] == [2, 3]


def test_lounge_grid_search_keeps_the_tables_of_an_organization(
    event, meeting, make_scheduled_meeting
):
    other = make_scheduled_meeting(event, slot=1, table=3)
    for search in ("beta", "베타", "BETA"):
        grid = lounge_grid(event=event, day=_day(event), grid_filter=GridFilter(search=search))
        assert [row.table.number for row in grid.rows] == [1], search
        assert grid.rows[0].cells[0][1].matches is True
    grid = lounge_grid(
        event=event,
        day=_day(event),
        grid_filter=GridFilter(search=other.meeting_request.sender_organization.name),
    )
    assert [row.table.number for row in grid.rows] == [3]


def test_grid_version_changes_with_check_in_and_moves_only(event, meeting, participant):
    day = _day(event)
    now = meeting.slot.start
    first, _counts = grid_version(event=event, day=day, now=now)
    assert grid_version(event=event, day=day, now=now)[0] == first
    check_in_meeting(meeting=meeting, user=participant, now=now)
    checked, counts = grid_version(event=event, day=day, now=now)
    assert checked != first
    assert counts["checked_in"] == 1
    # A move elsewhere (however it is written) grows the sequence.
    ScheduledMeeting.objects.filter(pk=meeting.pk).update(
        sequence=meeting.sequence + 1, slot=Slot.objects.filter(event=event).order_by("start")[2]
    )
    assert grid_version(event=event, day=day, now=now)[0] != checked


def test_grid_version_changes_when_the_current_slot_changes(event, meeting):
    day = _day(event)
    start = meeting.slot.start
    during = grid_version(event=event, day=day, now=start + timedelta(minutes=5))[0]
    assert grid_version(event=event, day=day, now=start + timedelta(minutes=25))[0] == during
    assert grid_version(event=event, day=day, now=start + timedelta(minutes=35))[0] != during


def test_pick_day_prefers_the_asked_day_then_today_then_the_next_then_the_last(make_event):
    event = make_event(days=3)
    days = event_days(event=event)
    assert pick_day(days=days, event=event, day_id=days[2].pk) == days[2]
    on_second = timezone.make_aware(
        timezone.datetime.combine(date(2026, 10, 7), timezone.datetime.min.time())
    )
    assert pick_day(days=days, event=event, now=on_second) == days[1]
    before = on_second - timedelta(days=30)
    assert pick_day(days=days, event=event, now=before) == days[0]
    after = on_second + timedelta(days=30)
    assert pick_day(days=days, event=event, now=after) == days[2]
    assert pick_day(days=days, event=event, day_id="nonsense", now=before) == days[0]


def test_lounge_grid_marks_the_current_slot(event, meeting):
    grid = lounge_grid(event=event, day=_day(event), now=meeting.slot.start + timedelta(minutes=1))
    assert grid.current_slot_id == meeting.slot_id
    later = lounge_grid(event=event, day=_day(event), now=meeting.slot.start + timedelta(days=1))
    assert later.current_slot_id is None
