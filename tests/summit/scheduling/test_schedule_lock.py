"""The schedule lock (`lock_schedule`) itself, on PostgreSQL with real transactions.

The unique constraints already stop two meetings at one table or one person twice in a
slot, so races that end in such a clash prove nothing about the lock. What only the lock
prevents is a lost update: a publication that planned its changes from the schedule as it
was before a move committed, then writes over the moved meeting (the organizer's move is
silently undone, and the ``sequence`` is counted from the old row, so calendars see two
versions under one number and keep the stale one). Here the move is held uncommitted
(inside an outer transaction) while the publication starts, so the interleaving is the same
every time: with the lock the publication waits and plans from the moved meeting (two
changes, sequence 2); without it the publication plans from the old row and writes over the
move with sequence 1.
"""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest
from django.db import connection, transaction

from summit.scheduling.domain.changes import move_meeting
from summit.scheduling.domain.errors import ScheduleConflict
from summit.scheduling.domain.publish import publish_run
from summit.scheduling.models import MeetingSeat, ScheduledMeeting, ScheduleRun

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _in_thread(action: Any, outcome: dict[str, str], name: str) -> threading.Thread:
    def run() -> None:
        try:
            action()
            outcome[name] = "done"
        except ScheduleConflict as conflict:
            outcome[name] = f"refused: {conflict}"
        except Exception as error:  # reported by the assertion, never swallowed
            outcome[name] = f"error: {error!r}"
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def test_publish_during_an_uncommitted_move_plans_from_the_moved_meeting(
    event, organizer, make_scheduled_meeting, slots, tables
):
    meeting = make_scheduled_meeting(event, slot=0, table=1)
    people = list(MeetingSeat.objects.filter(meeting=meeting).values_list("membership", flat=True))
    # A full re-plan computed earlier wants the meeting one slot later at the same table.
    run = ScheduleRun.objects.create(
        event=event,
        status="done",
        options={"pin_published": False},
        assignments=[
            {
                "request": meeting.meeting_request_id,
                "slot": slots[1].pk,
                "table": tables[0].pk,
                "attendees": people,
            }
        ],
    )
    moved = threading.Event()
    outcome: dict[str, str] = {}

    def move_and_hold_the_commit() -> None:
        with transaction.atomic():
            move_meeting(meeting=meeting, slot=slots[3], table=tables[1], user=organizer)
            moved.set()
            time.sleep(1.5)  # the publication starts while the move is not committed

    def publish_once_moved() -> None:
        assert moved.wait(timeout=30)
        publish_run(run=run, user=organizer)

    threads = [
        _in_thread(move_and_hold_the_commit, outcome, "move"),
        _in_thread(publish_once_moved, outcome, "publish"),
    ]
    for thread in threads:
        thread.join(timeout=60)

    assert outcome == {"move": "done", "publish": "done"}
    final = ScheduledMeeting.objects.get(pk=meeting.pk)
    # Two changes one after the other: the move (sequence 1), then the publication (2).
    assert final.sequence == 2
    assert (final.slot_id, final.table_id) == (slots[1].pk, tables[0].pk)
    assert set(final.seats.filter(active=True).values_list("slot_id", flat=True)) == {slots[1].pk}
