"""A draft's preview in the grid's look (`lounge.domain.draft`, the ``lounge:draft`` page):
cells with their change, only the tables with changes, an organization's tables, the page
in both languages, and a query count that does not grow with the draft."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from summit.events.domain.setup import add_tables
from summit.events.models import EventDay, Table
from summit.lounge.domain.draft import draft_grid
from summit.lounge.domain.grid import GridFilter
from summit.scheduling.domain.preview import draft_changes
from summit.scheduling.models import ScheduleRun

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def _grid(draft: Any, **kwargs: Any) -> Any:
    return draft_grid(
        event=draft.event,
        changes=draft_changes(run=draft.run),
        day=EventDay.objects.get(event=draft.event),
        event_slots=draft.slots,
        **kwargs,
    )


def _cells(grid: Any) -> dict[tuple[int, int], Any]:
    return {
        (row.table.number, index): cell
        for row in grid.rows
        for index, (_slot, cell) in enumerate(row.cells)
        if cell is not None
    }


def test_draft_grid_marks_each_cell_with_its_change(draft):
    grid = _grid(draft)
    cells = _cells(grid)
    assert {place: cell.change for place, cell in cells.items()} == {
        (1, 0): "same",
        (2, 1): "moved_away",
        (2, 3): "moved",
        (3, 2): "removed",
        (4, 1): "added",
    }
    assert [org.name for org in cells[(1, 0)].parties] == ["Acme Biologics", "Beta Therapeutics"]
    assert cells[(2, 3)].note == "from Tue 09:30, Table 2"
    assert cells[(2, 1)].note == "to Tue 10:30, Table 2"
    assert cells[(3, 2)].change_label == "cancelled"
    assert [org.name for org in cells[(4, 1)].parties] == ["Delta Labs", "Echo Bio"]
    assert grid.day_changes == 3


def test_draft_grid_only_changes_leaves_out_unchanged_tables(draft):
    grid = _grid(draft, only_changes=True)
    assert [row.table.number for row in grid.rows] == [2, 3, 4]


def test_draft_grid_search_keeps_the_tables_of_an_organization(draft):
    for search in ("echo", "에코", "ECHO"):
        grid = _grid(draft, grid_filter=GridFilter(search=search))
        assert [row.table.number for row in grid.rows] == [4], search
        assert _cells(grid)[(4, 1)].matches is True


def test_draft_grid_lists_each_slot_with_its_changes_first(draft):
    grid = _grid(draft)
    second = grid.by_slot[1]
    assert [(table.number, cell.change) for table, cell in second.changed] == [
        (2, "moved_away"),
        (4, "added"),
    ]
    assert [table.number for table, _cell in grid.by_slot[0].unchanged] == [1]


def _page(client: Any, draft: Any, **params: Any) -> tuple[int, str]:
    url = reverse("lounge:draft", kwargs={"slug": draft.event.slug, "run_id": draft.run.pk})
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_draft_page_says_the_figures_and_the_changes(client, organizer, draft):
    client.force_login(organizer)
    _queries, page = _page(client, draft)
    assert "Every accepted meeting is in the schedule: all 3 of them." in page
    assert "This is the best possible schedule: proven." in page
    assert "3 changes since the published schedule." in page
    assert 'id="draft-count-moved">1<' in page
    assert page.count('data-change="added"') == 2  # the grid's cell and the phone's list
    assert "weight" not in page.split('id="run-technical"')[0].lower()


def test_draft_page_in_korean(client, organizer, draft):
    organizer.profile.language = "ko"
    organizer.profile.save()
    client.force_login(organizer)
    _queries, page = _page(client, draft)
    assert "가능한 최선의 일정입니다: 증명됨." in page
    assert "에코바이오" in page


def _tables(event: Any) -> list[Table]:
    return list(Table.objects.filter(event=event).order_by("number"))


def test_draft_page_query_count_does_not_grow_with_the_draft(
    client, organizer, draft, make_scheduled_meeting, draft_row
):
    client.force_login(organizer)
    small, page = _page(client, draft)
    assert page.count("draft-meeting draft-") == 5
    add_tables(event=draft.event, kind="table", count=40)
    tables = _tables(draft.event)
    rows = list(draft.run.assignments)
    for index in range(30):
        meeting = make_scheduled_meeting(
            draft.event, slot=draft.slots[index % 6], table=tables[4 + index]
        )
        target = tables[4 + (index + 1) % 30] if index % 3 == 0 else tables[4 + index]
        rows.append(draft_row(meeting, draft.slots[index % 6], target))
    draft.run.assignments = rows
    draft.run.save()
    large, page = _page(client, draft)
    assert page.count("draft-meeting draft-") == 45
    assert small == large
    assert large <= 20


def test_draft_page_refuses_a_capacity_run(client, organizer, event):
    client.force_login(organizer)
    run = ScheduleRun.objects.create(event=event, status="done", purpose="what_if")
    url = reverse("lounge:draft", kwargs={"slug": event.slug, "run_id": run.pk})
    assert client.get(url).status_code == 404


def test_draft_grid_names_a_cancelled_meeting_whose_place_another_takes(draft):
    rows = list(draft.run.assignments)
    rows[2] = {**rows[2], "slot": draft.slots[2].pk, "table": draft.tables[2].pk}
    draft.run.assignments = rows
    draft.run.save()
    cell = _cells(_grid(draft))[(3, 2)]
    assert cell.change == "added"
    assert len(cell.removed) == 2
    assert cell.changed is True
