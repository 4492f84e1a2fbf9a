"""Live changes of the published schedule: moves (checked by the engine's validator and
explained in people's words), cancellations and late placement with the schedule pinned."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from summit.events.domain.setup import add_tables
from summit.events.models import Slot, Table
from summit.meetings.domain.availability import set_unavailable
from summit.meetings.models import MeetingRequest
from summit.scheduling.domain.changes import (
    cancel_meeting,
    late_requests,
    move_meeting,
    place_late_meetings,
)
from summit.scheduling.domain.errors import ScheduleConflict
from summit.scheduling.models import ScheduledMeeting, ScheduleRun

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


@pytest.fixture
def person(make_organization: Any, make_membership: Any, make_user: Any, event: Any) -> Any:
    def make(first: str, last: str, organization: str, **fields: Any) -> Any:
        return make_membership(
            make_organization(event, name=organization, **fields),
            make_user(first_name=first, last_name=last),
            role="lead",
        )

    return make


def _seats(meeting: ScheduledMeeting) -> set[tuple[int, bool]]:
    return set(meeting.seats.values_list("slot_id", "active"))


def test_move_meeting_saves_new_place_bumps_sequence_and_emails_both(
    event,
    organizer,
    make_scheduled_meeting,
    slots,
    tables,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    meeting = make_scheduled_meeting(event, slot=0, table=1)
    uid = meeting.uid
    with django_capture_on_commit_callbacks(execute=True):
        moved = move_meeting(meeting=meeting, slot=slots[2], table=tables[3], user=organizer)
    moved.refresh_from_db()
    assert (moved.slot, moved.table, moved.sequence, moved.uid) == (slots[2], tables[3], 1, uid)
    assert _seats(moved) == {(slots[2].pk, True)}
    assert len(mailoutbox) == 2
    assert "Table 1 → " in mailoutbox[0].body


def test_move_meeting_to_a_taken_table_names_the_meeting_there(
    event, organizer, person, make_scheduled_meeting, slots, tables
):
    holder = make_scheduled_meeting(
        event,
        first=person("Ann", "Lee", "Alpha Bio"),
        second=person("Bo", "Kim", "Beta Pharma"),
        slot=1,
        table=2,
    )
    meeting = make_scheduled_meeting(event, slot=0, table=1)
    with pytest.raises(ScheduleConflict) as error:
        move_meeting(meeting=meeting, slot=slots[1], table=tables[1], user=organizer)
    assert error.value.problems == ["Table 2 is taken at Tue 09:30 by Alpha Bio – Beta Pharma."]
    meeting.refresh_from_db()
    assert (meeting.slot, meeting.sequence) == (slots[0], 0)
    assert holder.table == tables[1]


def test_move_meeting_into_a_persons_busy_slot_says_who(
    event, organizer, person, make_scheduled_meeting, slots, tables
):
    jihoon = person("Jihoon", "Kang", "Samsung Biologics")
    make_scheduled_meeting(event, first=jihoon, second=person("Eve", "Roe", "Gamma"), slot=1)
    meeting = make_scheduled_meeting(
        event, first=jihoon, second=person("Max", "Muster", "Delta"), slot=0, table=2
    )
    with pytest.raises(ScheduleConflict) as error:
        move_meeting(meeting=meeting, slot=slots[1], table=tables[2], user=organizer)
    assert error.value.problems == [
        "Jihoon Kang (Samsung Biologics) already has a meeting at Tue 09:30 "
        "(Samsung Biologics – Gamma)."
    ]


def test_move_meeting_to_an_unavailable_slot_says_who(
    event, organizer, person, make_scheduled_meeting, slots, tables
):
    doctor = person("Xavier", "Doe", "Omega Labs")
    meeting = make_scheduled_meeting(event, second=doctor, slot=0)
    set_unavailable(membership=doctor, slot_id=slots[4].pk, unavailable=True)
    with pytest.raises(ScheduleConflict) as error:
        move_meeting(meeting=meeting, slot=slots[4], table=tables[0], user=organizer)
    assert error.value.problems == ["Xavier Doe (Omega Labs) is not available at Tue 11:00."]


def test_move_meeting_to_a_virtual_room_is_refused_for_an_in_person_meeting(
    event, organizer, make_scheduled_meeting, slots
):
    add_tables(event=event, kind="virtual", count=1)
    room = Table.objects.get(event=event, kind="virtual")
    meeting = make_scheduled_meeting(event, slot=0, table=1)
    with pytest.raises(ScheduleConflict) as error:
        move_meeting(meeting=meeting, slot=slots[0], table=room, user=organizer)
    assert error.value.problems == [
        f"{room.label or f'Table {room.number}'} is a virtual room; "
        "this meeting takes place in person."
    ]


def test_move_meeting_without_a_free_interpreter_is_refused(
    event, organizer, person, make_scheduled_meeting, slots, tables
):
    event.interpreters_per_slot = 1
    event.save()
    make_scheduled_meeting(
        event,
        first=person("Ko", "Rean", "K1", languages=["ko"]),
        second=person("En", "Glish", "E1", languages=["en"]),
        slot=1,
    )
    meeting = make_scheduled_meeting(
        event,
        first=person("Ko", "Two", "K2", languages=["ko"]),
        second=person("En", "Two", "E2", languages=["en"]),
        slot=0,
    )
    with pytest.raises(ScheduleConflict) as error:
        move_meeting(meeting=meeting, slot=slots[1], table=tables[1], user=organizer)
    assert error.value.problems == ["No Korean–English interpreter is free at Tue 09:30."]


def test_move_meeting_to_another_events_slot_is_refused(
    event, organizer, other_event, make_scheduled_meeting, tables
):
    meeting = make_scheduled_meeting(event, slot=0)
    foreign = Slot.objects.filter(event=other_event).first()
    with pytest.raises(ScheduleConflict) as error:
        move_meeting(meeting=meeting, slot=foreign, table=tables[0], user=organizer)
    assert error.value.problems == ["This slot belongs to another event."]


def test_move_meeting_by_a_participant_is_denied(
    event, participant, make_scheduled_meeting, slots, tables
):
    meeting = make_scheduled_meeting(event, slot=0)
    with pytest.raises(PermissionDenied):
        move_meeting(meeting=meeting, slot=slots[1], table=tables[0], user=participant)


def test_cancel_meeting_frees_the_slot_and_cancels_the_request(
    event,
    organizer,
    make_scheduled_meeting,
    slots,
    tables,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    cancelled = make_scheduled_meeting(event, slot=1, table=1)
    other = make_scheduled_meeting(event, slot=0, table=1)
    with django_capture_on_commit_callbacks(execute=True):
        cancel_meeting(meeting=cancelled, user=organizer, reason="Flight cancelled")
    cancelled.refresh_from_db()
    assert (cancelled.status, cancelled.sequence) == ("cancelled", 1)
    assert _seats(cancelled) == {(slots[1].pk, False)}
    assert cancelled.meeting_request.status == "cancelled"
    assert len(mailoutbox) == 2
    assert "Reason: Flight cancelled" in mailoutbox[0].body
    # The table and the people's slot are free again.
    move_meeting(meeting=other, slot=slots[1], table=tables[0], user=organizer)
    assert not late_requests(event=event).exists()


def test_cancel_meeting_keeping_the_request_makes_it_late_again(
    event, organizer, make_scheduled_meeting
):
    meeting = make_scheduled_meeting(event, slot=1, table=1)
    cancel_meeting(meeting=meeting, user=organizer, keep_request=True)
    assert list(late_requests(event=event)) == [meeting.meeting_request]
    with pytest.raises(ScheduleConflict):
        cancel_meeting(meeting=meeting, user=organizer)


@pytest.fixture
def accept(event: Any) -> Any:
    def make(first: Any, second: Any) -> MeetingRequest:
        low, high = sorted([first.organization_id, second.organization_id])
        return MeetingRequest.objects.create(
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

    return make


def test_place_late_meetings_moves_nothing_published(
    event, organizer, person, accept, make_scheduled_meeting
):
    published = [make_scheduled_meeting(event, slot=i, table=1) for i in range(3)]
    before = {m.pk: (m.slot_id, m.table_id, m.sequence, m.uid) for m in published}
    late = accept(person("La", "Te", "Late One"), person("Co", "Mer", "Late Two"))
    result = place_late_meetings(event=event, user=organizer, time_limit_s=2)
    assert (result.late, result.placed, result.unplaced) == (1, 1, [])
    assert result.published is not None
    assert (result.published.created, result.published.unchanged) == (1, 3)
    assert result.run.purpose == ScheduleRun.Purpose.REPLAN
    for meeting in published:
        meeting.refresh_from_db()
        assert (meeting.slot_id, meeting.table_id, meeting.sequence, meeting.uid) == before[
            meeting.pk
        ]
    assert ScheduledMeeting.objects.get(meeting_request=late).status == "scheduled"
    assert not late_requests(event=event).exists()


def test_place_late_meetings_offers_moves_when_pins_leave_no_room(
    event, organizer, person, accept, make_scheduled_meeting
):
    first, second = person("Pia", "First", "P Org"), person("Quinn", "Second", "Q Org")
    for index in range(6):
        make_scheduled_meeting(event, first=first if index < 3 else second, slot=index, table=1)
    accept(first, second)
    result = place_late_meetings(event=event, user=organizer, time_limit_s=2)
    assert (result.late, result.placed, result.published) == (1, 0, None)
    assert [row["reason"] for row in result.unplaced] == ["common_slots_busy"]
    assert result.alternative is not None
    assert result.alternative.published_at is None
    assert result.alternative.options["movable_published"] is True
    assert result.alternative_placed == 1
    assert result.alternative_moves >= 1
    assert ScheduledMeeting.objects.filter(sequence__gt=0).count() == 0


def test_place_late_meetings_with_nothing_late_does_nothing(event, organizer):
    result = place_late_meetings(event=event, user=organizer, time_limit_s=1)
    assert (result.late, result.run) == (0, None)
    assert not ScheduleRun.objects.exists()


def test_place_late_meetings_without_tables_says_why(event, organizer, person, accept):
    Table.objects.filter(event=event).delete()
    accept(person("La", "Te", "Late One"), person("Co", "Mer", "Late Two"))
    with pytest.raises(ScheduleConflict) as error:
        place_late_meetings(event=event, user=organizer, time_limit_s=1)
    assert error.value.problems == ["The event has no tables yet: add tables in the event setup."]
    assert not ScheduleRun.objects.exists()
