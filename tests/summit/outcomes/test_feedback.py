"""Feedback after a meeting: who may give it, when, one answer per side, the organizers' list."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction

from summit.outcomes.domain import feedback as domain
from summit.outcomes.domain.errors import OutcomeError
from summit.outcomes.models import MeetingFeedback

pytestmark = [pytest.mark.unit, pytest.mark.django_db]


def _give(meeting, membership, **fields):
    values = {"took_place": True, "follow_up_interest": "strong", "next_step": "second_meeting"}
    values.update(fields)
    return domain.save_feedback(meeting=meeting, membership=membership, **values)


def test_save_feedback_by_either_side_gives_one_row_per_side(held_meeting, acme, beta):
    _give(held_meeting, acme)
    _give(held_meeting, beta, took_place=False, follow_up_interest="none", next_step="none")
    rows = {
        row.organization_id: (row.took_place, row.follow_up_interest, row.author_id)
        for row in MeetingFeedback.objects.filter(meeting=held_meeting)
    }
    assert rows == {
        acme.organization_id: (True, "strong", acme.pk),
        beta.organization_id: (False, "none", beta.pk),
    }


def test_save_feedback_by_a_colleague_changes_the_sides_answer(held_meeting, acme, make_membership):
    colleague = make_membership(acme.organization)
    _give(held_meeting, acme, follow_up_interest="some")
    _give(held_meeting, colleague, follow_up_interest="strong", note="Send the deck")
    row = MeetingFeedback.objects.get(meeting=held_meeting)
    assert (row.follow_up_interest, row.note, row.author_id) == (
        "strong",
        "Send the deck",
        colleague.pk,
    )


def test_feedback_database_refuses_a_second_row_per_side(held_meeting, acme):
    _give(held_meeting, acme)
    with pytest.raises(IntegrityError), transaction.atomic():
        MeetingFeedback.objects.create(
            meeting=held_meeting,
            organization=acme.organization,
            took_place=True,
            follow_up_interest="some",
        )


def test_save_feedback_by_a_third_organization_is_refused(held_meeting, gamma):
    with pytest.raises(OutcomeError, match="Only the two organizations"):
        _give(held_meeting, gamma)


def test_save_feedback_before_the_slot_ends_is_refused(held_meeting, acme):
    with pytest.raises(OutcomeError, match="opens when"):
        _give(held_meeting, acme, now=held_meeting.slot.end - timedelta(minutes=1))


def test_save_feedback_after_the_feedback_period_is_refused(held_meeting, acme, settings):
    settings.SUMMIT_FEEDBACK_DAYS = 2
    closes = domain.feedback_closes_at(event=held_meeting.event)
    assert closes == held_meeting.event.slots.order_by("-end").first().end + timedelta(days=2)
    _give(held_meeting, acme, now=closes - timedelta(seconds=1))
    with pytest.raises(OutcomeError, match="period"):
        _give(held_meeting, acme, follow_up_interest="none", now=closes)
    assert MeetingFeedback.objects.get().follow_up_interest == "strong"


def test_save_feedback_on_a_cancelled_meeting_is_refused(held_meeting, acme):
    held_meeting.status = "cancelled"
    held_meeting.save()
    with pytest.raises(OutcomeError, match="cancelled"):
        _give(held_meeting, acme)


def test_save_feedback_other_next_step_needs_details(held_meeting, acme):
    with pytest.raises(OutcomeError) as caught:
        _give(held_meeting, acme, next_step="other", next_step_text=" ")
    assert list(caught.value.error_dict) == ["next_step_text"]


def test_save_feedback_unknown_interest_names_the_field(held_meeting, acme):
    with pytest.raises(OutcomeError) as caught:
        _give(held_meeting, acme, follow_up_interest="huge")
    assert list(caught.value.error_dict) == ["follow_up_interest"]


def test_save_feedback_did_not_take_place_leaves_attendance_alone(held_meeting, acme):
    _give(held_meeting, acme, took_place=False, follow_up_interest="none")
    held_meeting.refresh_from_db()
    assert held_meeting.attendance == "expected"


def test_meetings_awaiting_feedback_lists_ended_unanswered_meetings_of_the_organization(
    make_scheduled_meeting, event, acme, beta, gamma, make_membership
):
    first = make_scheduled_meeting(event, first=acme, second=beta, slot=0)
    second = make_scheduled_meeting(event, first=gamma, second=acme, slot=1)
    third = make_scheduled_meeting(event, first=beta, second=gamma, slot=2)  # not Acme's
    make_scheduled_meeting(event, first=acme, second=gamma, slot=3, status="cancelled")
    colleague = make_membership(acme.organization)
    assert domain.meetings_awaiting_feedback(membership=colleague) == [first, second]
    _give(second, acme)
    assert domain.meetings_awaiting_feedback(membership=colleague) == [first]
    assert domain.meetings_awaiting_feedback(membership=beta) == [first, third]


def test_meetings_awaiting_feedback_leaves_out_meetings_not_over_yet(held_meeting, acme):
    before = held_meeting.slot.end - timedelta(seconds=1)
    assert domain.meetings_awaiting_feedback(membership=acme, now=before) == []
    assert domain.meetings_awaiting_feedback(membership=acme, now=held_meeting.slot.end) == [
        held_meeting
    ]


def test_event_feedback_filters_by_day_interest_and_took_place(
    make_scheduled_meeting, event, acme, beta, gamma
):
    first = make_scheduled_meeting(event, first=acme, second=beta, slot=0)
    second = make_scheduled_meeting(event, first=acme, second=gamma, slot=1)
    _give(first, acme, follow_up_interest="strong")
    _give(first, beta, follow_up_interest="none", took_place=False)
    _give(second, gamma, follow_up_interest="some")
    day = event.days.get().date
    assert domain.event_feedback(event=event).count() == 3
    assert domain.event_feedback(event=event, day=day).count() == 3
    assert domain.event_feedback(event=event, day=day + timedelta(days=1)).count() == 0
    strong = domain.event_feedback(event=event, follow_up_interest="strong")
    assert [row.organization_id for row in strong] == [acme.organization_id]
    not_held = domain.event_feedback(event=event, took_place=False)
    assert [row.organization_id for row in not_held] == [beta.organization_id]
    assert domain.feedback_summary(event=event) == {"answers": 3, "not_held": 1, "strong": 1}
