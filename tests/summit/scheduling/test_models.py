"""The database itself refuses double bookings (table × slot, person × slot)."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import IntegrityError, transaction

from summit.scheduling.models import MeetingSeat, ScheduledMeeting


def test_scheduled_meeting_same_table_and_slot_refused(event: Any, make_scheduled_meeting: Any):
    make_scheduled_meeting(event, slot=0, table=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        make_scheduled_meeting(event, slot=0, table=1)


def test_scheduled_meeting_cancelled_frees_its_table(event: Any, make_scheduled_meeting: Any):
    make_scheduled_meeting(event, slot=0, table=1, status="cancelled")
    make_scheduled_meeting(event, slot=0, table=1)
    assert ScheduledMeeting.objects.filter(status="scheduled").count() == 1


def test_meeting_seat_person_twice_in_one_slot_refused(event: Any, make_scheduled_meeting: Any):
    first = make_scheduled_meeting(event, slot=0, table=1)
    person = first.seats.first().membership
    with pytest.raises(IntegrityError), transaction.atomic():
        make_scheduled_meeting(event, first=person, slot=0, table=2)


def test_meeting_seat_person_in_two_slots_allowed(event: Any, make_scheduled_meeting: Any):
    first = make_scheduled_meeting(event, slot=0, table=1)
    person = first.seats.first().membership
    make_scheduled_meeting(event, first=person, slot=1, table=1)
    assert MeetingSeat.objects.filter(membership=person, active=True).count() == 2


def test_scheduled_meeting_request_scheduled_twice_refused(event: Any, make_scheduled_meeting: Any):
    first = make_scheduled_meeting(event, slot=0, table=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        ScheduledMeeting.objects.create(
            event=event,
            meeting_request=first.meeting_request,
            slot=first.slot,
            table=event.tables.get(number=2),
        )
