"""A draft against the published schedule, place by place (`domain.preview.draft_changes`)."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from summit.meetings.models import MeetingRequest
from summit.scheduling.domain.preview import (
    ADDED,
    MOVED,
    MOVED_AWAY,
    REMOVED,
    SAME,
    draft_changes,
)
from summit.scheduling.domain.publish import plan_publication
from summit.scheduling.models import ScheduleRun

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def _row(meeting: Any, slot: Any, table: Any) -> dict[str, Any]:
    return {
        "request": meeting.meeting_request_id,
        "slot": slot.pk,
        "table": table.pk,
        "attendees": list(meeting.seats.values_list("membership_id", flat=True)),
    }


@pytest.fixture
def published(event, make_scheduled_meeting, slots, tables) -> SimpleNamespace:
    """Four published meetings: stays, moves, loses its request, is left out but accepted."""
    return SimpleNamespace(
        stays=make_scheduled_meeting(event, slot=slots[0], table=tables[0]),
        moves=make_scheduled_meeting(event, slot=slots[1], table=tables[1]),
        cancelled=make_scheduled_meeting(event, slot=slots[2], table=tables[2]),
        kept=make_scheduled_meeting(event, slot=slots[3], table=tables[3]),
    )


def _draft(event, published, slots, tables, accepted, make_people, **options) -> ScheduleRun:
    first, second = make_people(event, 2)
    new = accepted(first, second)
    MeetingRequest.objects.filter(pk=published.cancelled.meeting_request_id).update(
        status="cancelled"
    )
    rows = [
        _row(published.stays, slots[0], tables[0]),
        _row(published.moves, slots[4], tables[1]),
        {
            "request": new.pk,
            "slot": slots[1].pk,
            "table": tables[1].pk,
            "attendees": [first.pk, second.pk],
        },
    ]
    options.setdefault("movable_published", True)
    return ScheduleRun.objects.create(event=event, status="done", assignments=rows, options=options)


def test_draft_changes_marks_each_place_as_the_publication_would(
    event, published, slots, tables, accepted, make_people
):
    run = _draft(event, published, slots, tables, accepted, make_people)
    changes = draft_changes(run=run)
    placed = {place: found.change for place, found in changes.placed.items()}
    assert placed == {
        (slots[0].pk, tables[0].pk): SAME,
        (slots[4].pk, tables[1].pk): MOVED,
        (slots[1].pk, tables[1].pk): ADDED,
        (slots[3].pk, tables[3].pk): SAME,  # kept: left out of the run, still accepted
    }
    assert changes.placed[(slots[4].pk, tables[1].pk)].before == (slots[1].pk, tables[1].pk)
    vacated = {place: (left.change, left.after) for place, left in changes.vacated.items()}
    assert vacated == {
        (slots[1].pk, tables[1].pk): (MOVED_AWAY, (slots[4].pk, tables[1].pk)),
        (slots[2].pk, tables[2].pk): (REMOVED, None),
    }
    assert (changes.added, changes.moved, changes.removed, changes.unchanged) == (1, 1, 1, 2)
    assert (changes.total, changes.published) == (3, 4)


def test_draft_changes_counts_what_the_confirmation_page_counts(
    event, published, slots, tables, accepted, make_people
):
    run = _draft(event, published, slots, tables, accepted, make_people)
    plan, changes = plan_publication(run=run), draft_changes(run=run)
    assert (len(plan.new), len(plan.moved), len(plan.cancelled)) == (
        changes.added,
        changes.moved,
        changes.removed,
    )
    assert len(plan.unchanged) + len(plan.kept) == changes.unchanged


def test_draft_changes_of_a_full_replan_remove_what_it_leaves_out(
    event, published, slots, tables, accepted, make_people
):
    run = _draft(event, published, slots, tables, accepted, make_people, pin_published=False)
    changes = draft_changes(run=run)
    assert changes.vacated[(slots[3].pk, tables[3].pk)].change == REMOVED
    assert (changes.removed, changes.unchanged) == (2, 1)


def test_draft_changes_tables_with_a_change_in_given_slots(
    event, published, slots, tables, accepted, make_people
):
    run = _draft(event, published, slots, tables, accepted, make_people)
    changes = draft_changes(run=run)
    assert changes.changed_tables(slot_ids={slots[0].pk}) == set()
    assert changes.changed_tables(slot_ids={slots[1].pk, slots[2].pk}) == {
        tables[1].pk,
        tables[2].pk,
    }


def test_draft_changes_without_a_published_schedule_are_all_new(
    event, slots, tables, accepted, make_people
):
    first, second = make_people(event, 2)
    request = accepted(first, second)
    run = ScheduleRun.objects.create(
        event=event,
        status="done",
        assignments=[
            {
                "request": request.pk,
                "slot": slots[0].pk,
                "table": tables[0].pk,
                "attendees": [first.pk, second.pk],
            }
        ],
    )
    changes = draft_changes(run=run)
    assert (changes.added, changes.published, changes.total) == (1, 0, 1)
