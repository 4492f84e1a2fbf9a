"""Days, sessions and tables that hold published meetings cannot vanish under them."""

from __future__ import annotations

from datetime import time
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from summit.events.domain.setup import delete_day, delete_session, delete_table, save_session
from summit.events.models import EventDay, Session, Table
from summit.scheduling.models import ScheduledMeeting


def test_delete_table_with_published_meeting_refused(event: Any, make_scheduled_meeting: Any):
    meeting = make_scheduled_meeting(event, table=2)
    with pytest.raises(ValidationError, match="1 meeting of the published schedule"):
        delete_table(table=meeting.table)
    assert Table.objects.filter(pk=meeting.table_id).exists()


def test_delete_table_with_only_cancelled_meeting_removes_it(
    event: Any, make_scheduled_meeting: Any
):
    meeting = make_scheduled_meeting(event, table=2, status="cancelled")
    delete_table(table=meeting.table)
    assert not ScheduledMeeting.objects.filter(pk=meeting.pk).exists()
    assert not Table.objects.filter(pk=meeting.table_id).exists()


def test_delete_day_with_published_meetings_refused_and_nothing_deleted(
    event: Any, make_scheduled_meeting: Any
):
    make_scheduled_meeting(event, slot=0, status="cancelled")
    make_scheduled_meeting(event, slot=1)
    make_scheduled_meeting(event, slot=2, table=2)
    day = EventDay.objects.get(event=event)
    with pytest.raises(ValidationError, match="2 meetings of the published schedule"):
        delete_day(day=day)
    assert ScheduledMeeting.objects.filter(event=event).count() == 3


def test_delete_session_with_published_meeting_refused(event: Any, make_scheduled_meeting: Any):
    meeting = make_scheduled_meeting(event)
    with pytest.raises(ValidationError):
        delete_session(session=meeting.slot.session)
    assert Session.objects.filter(pk=meeting.slot.session_id).exists()


def test_save_session_renamed_keeps_slots_of_published_meetings(
    event: Any, make_scheduled_meeting: Any
):
    meeting = make_scheduled_meeting(event)
    session = meeting.slot.session
    save_session(
        day=session.day,
        session=session,
        name="Renamed",
        start_time=session.start_time,
        end_time=session.end_time,
        slot_minutes=session.slot_minutes,
        break_minutes=session.break_minutes,
    )
    meeting.refresh_from_db()
    assert meeting.slot.session.name == "Renamed"


def test_save_session_new_times_with_published_meeting_refused(
    event: Any, make_scheduled_meeting: Any
):
    meeting = make_scheduled_meeting(event)
    session = meeting.slot.session
    with pytest.raises(ValidationError, match="published schedule"):
        save_session(
            day=session.day,
            session=session,
            name=session.name,
            start_time=time(10, 0),
            end_time=session.end_time,
            slot_minutes=session.slot_minutes,
            break_minutes=session.break_minutes,
        )
    session.refresh_from_db()
    assert session.start_time == time(9, 0)


def test_delete_table_view_explains_refusal(
    client: Any, event: Any, organizer: Any, make_scheduled_meeting: Any
):
    meeting = make_scheduled_meeting(event, table=3)
    client.force_login(organizer)
    response = client.post(
        reverse("events:table_delete", args=[event.slug, meeting.table_id]), follow=True
    )
    assert response.status_code == 200
    assert "meeting of the published schedule" in response.content.decode()
