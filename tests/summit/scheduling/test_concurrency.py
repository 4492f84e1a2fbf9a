"""Two changes of the published schedule at the same moment (PostgreSQL, real transactions).

Each thread has its own database connection; a barrier releases them together so their
transactions overlap. The event's schedule lock serialises them: the second one reads the
schedule only after the first committed, and is refused when it no longer fits. Whatever the
interleaving, no table and no person is ever booked twice in a slot.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection

from summit.events.models import Slot, Table
from summit.meetings.models import MeetingRequest
from summit.scheduling.domain.changes import move_meeting
from summit.scheduling.domain.errors import ScheduleConflict
from summit.scheduling.domain.publish import publish_run
from summit.scheduling.models import MeetingSeat, ScheduledMeeting, ScheduleRun

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _race(actions: dict[str, Callable[[], Any]]) -> dict[str, str]:
    barrier = threading.Barrier(len(actions))
    outcome: dict[str, str] = {}

    def run(name: str, action: Callable[[], Any]) -> None:
        try:
            barrier.wait(timeout=10)
            action()
            outcome[name] = "done"
        except ScheduleConflict:
            outcome[name] = "refused"
        except Exception as error:  # reported by the assertion, never swallowed
            outcome[name] = f"error: {error!r}"
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=item) for item in actions.items()]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcome


def _assert_no_double_booking() -> None:
    scheduled = ScheduledMeeting.objects.filter(status="scheduled")
    places = Counter(scheduled.values_list("slot_id", "table_id"))
    assert [place for place, n in places.items() if n > 1] == []
    seats = Counter(MeetingSeat.objects.filter(active=True).values_list("membership_id", "slot_id"))
    assert [seat for seat, n in seats.items() if n > 1] == []
    for meeting in scheduled:
        assert set(meeting.seats.values_list("slot_id", flat=True)) == {meeting.slot_id}


@pytest.fixture
def accepted(event: Any, make_organization: Any, make_membership: Any) -> Any:
    def make() -> MeetingRequest:
        first = make_membership(make_organization(event), role="lead")
        second = make_membership(make_organization(event), role="lead")
        low, high = sorted([first.organization_id, second.organization_id])
        request = MeetingRequest.objects.create(
            event=event,
            sender=first,
            sender_organization_id=first.organization_id,
            receiver_organization_id=second.organization_id,
            receiver_person=second,
            low_organization_id=low,
            high_organization_id=high,
            status="accepted",
            answered_by=second,
            answered_by_organization_id=second.organization_id,
        )
        request.people = [first.pk, second.pk]
        return request

    return make


def _run(event: Any, placements: list[tuple[Any, Slot, Table]]) -> ScheduleRun:
    rows = [
        {"request": r.pk, "slot": s.pk, "table": t.pk, "attendees": r.people}
        for r, s, t in placements
    ]
    return ScheduleRun.objects.create(event=event, status="done", assignments=rows)


@pytest.mark.parametrize("round_", range(2))
def test_two_publishes_of_conflicting_runs_at_once_publish_one(
    event, organizer, accepted, slots, tables, round_
):
    first, second, shared = accepted(), accepted(), accepted()
    # Both runs were computed from the same (empty) schedule: each puts a different meeting
    # at table 1 in the first slot, and the shared meeting at different places.
    run_a = _run(event, [(first, slots[0], tables[0]), (shared, slots[1], tables[0])])
    run_b = _run(event, [(second, slots[0], tables[0]), (shared, slots[2], tables[1])])
    outcome = _race(
        {
            "a": lambda: publish_run(run=run_a, user=organizer),
            "b": lambda: publish_run(run=run_b, user=organizer),
        }
    )
    assert sorted(outcome.values()) == ["done", "refused"]
    winner = run_a if outcome["a"] == "done" else run_b
    published = ScheduledMeeting.objects.filter(status="scheduled")
    assert set(published.values_list("published_by_run", flat=True)) == {winner.pk}
    assert published.count() == 2
    assert ScheduleRun.objects.filter(published_at__isnull=False).count() == 1
    _assert_no_double_booking()


@pytest.mark.parametrize("round_", range(2))
def test_two_moves_into_the_same_table_and_slot_at_once_move_one(
    event, organizer, make_scheduled_meeting, slots, tables, round_
):
    one = make_scheduled_meeting(event, slot=0, table=1)
    two = make_scheduled_meeting(event, slot=1, table=1)
    outcome = _race(
        {
            "one": lambda: move_meeting(
                meeting=one, slot=slots[3], table=tables[2], user=organizer
            ),
            "two": lambda: move_meeting(
                meeting=two, slot=slots[3], table=tables[2], user=organizer
            ),
        }
    )
    assert sorted(outcome.values()) == ["done", "refused"]
    assert ScheduledMeeting.objects.filter(slot=slots[3], table=tables[2]).count() == 1
    assert ScheduledMeeting.objects.filter(sequence=1).count() == 1
    _assert_no_double_booking()


def test_two_moves_of_one_persons_meetings_into_one_slot_at_once_move_one(
    event, organizer, make_scheduled_meeting, make_organization, make_membership, slots, tables
):
    busy = make_membership(make_organization(event), role="lead")
    one = make_scheduled_meeting(event, first=busy, slot=0, table=1)
    two = make_scheduled_meeting(event, first=busy, slot=1, table=1)
    outcome = _race(
        {
            "one": lambda: move_meeting(
                meeting=one, slot=slots[4], table=tables[1], user=organizer
            ),
            "two": lambda: move_meeting(
                meeting=two, slot=slots[4], table=tables[2], user=organizer
            ),
        }
    )
    assert sorted(outcome.values()) == ["done", "refused"]
    assert MeetingSeat.objects.filter(membership=busy, slot=slots[4], active=True).count() == 1
    _assert_no_double_booking()


def test_a_publish_and_a_move_at_once_serialise(
    event, organizer, accepted, make_scheduled_meeting, slots, tables
):
    meeting = make_scheduled_meeting(event, slot=0, table=1)
    newcomer = accepted()
    run = _run(event, [(newcomer, slots[2], tables[0])])
    outcome = _race(
        {
            "publish": lambda: publish_run(run=run, user=organizer),
            "move": lambda: move_meeting(
                meeting=meeting, slot=slots[2], table=tables[0], user=organizer
            ),
        }
    )
    assert sorted(outcome.values()) == ["done", "refused"]
    assert ScheduledMeeting.objects.filter(slot=slots[2], status="scheduled").count() == 1
    _assert_no_double_booking()
