"""Sending a reminder to a segment: once per confirmation, once per person, in their language."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from summit.program.domain.reminders import (
    ReminderError,
    deliver_reminder,
    render_reminders,
    start_reminder,
)
from summit.program.models import ReminderDelivery, SegmentReminder

from ..conftest import NOW

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def _reminder(world: Any, segment: str) -> SegmentReminder:
    return SegmentReminder.objects.create(
        event=world.event, segment=segment, created_by=world.organizer
    )


def test_deliver_reminder_mails_each_person_in_their_language(
    world: Any, mailoutbox: Any, django_capture_on_commit_callbacks: Any
) -> None:
    reminder = _reminder(world, "no_survey")

    with django_capture_on_commit_callbacks(execute=True):
        sent = deliver_reminder(reminder=reminder, base_url="https://summit.example/", now=NOW)

    assert sent == 2
    by_address = {mail.to[0]: mail for mail in mailoutbox}
    assert set(by_address) == {"gamma@example.org", "gammatwo@example.org"}
    korean, english = by_address["gamma@example.org"], by_address["gammatwo@example.org"]
    assert "설문" in korean.subject
    assert "프로그램 서밋" in korean.subject
    assert english.subject == "Program Summit: your organization's survey is not submitted yet"
    assert "https://summit.example/e/program-summit/organizations/GAMMA/survey/" in english.body
    reminder.refresh_from_db()
    assert (reminder.status, reminder.sent) == ("done", 2)
    assert reminder.finished_at is not None


def test_deliver_reminder_run_again_sends_nothing_twice(
    world: Any, mailoutbox: Any, django_capture_on_commit_callbacks: Any
) -> None:
    reminder = _reminder(world, "requests_to_answer")
    with django_capture_on_commit_callbacks(execute=True):
        first = deliver_reminder(reminder=reminder, now=NOW)
        again = deliver_reminder(reminder=reminder, now=NOW)

    assert (first, again) == (3, 0)
    assert len(mailoutbox) == 3
    assert ReminderDelivery.objects.filter(reminder=reminder).count() == 3


def test_a_second_reminder_of_the_segment_skips_people_reminded_lately(
    world: Any, mailoutbox: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        deliver_reminder(reminder=_reminder(world, "feedback_due"), now=NOW)
        second = deliver_reminder(reminder=_reminder(world, "feedback_due"), now=NOW)

    assert second == 0
    assert len(mailoutbox) == 3


def test_deliver_reminder_skips_people_who_left_the_segment_since_the_preview(
    world: Any, mailoutbox: Any, django_capture_on_commit_callbacks: Any
) -> None:
    reminder = _reminder(world, "no_survey")
    world.gamma.survey_status = "submitted"
    world.gamma.save(update_fields=["survey_status"])

    with django_capture_on_commit_callbacks(execute=True):
        sent = deliver_reminder(reminder=reminder, now=NOW)

    assert sent == 0
    assert mailoutbox == []


def test_requests_reminder_says_how_many_wait(
    world: Any, mailoutbox: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        deliver_reminder(reminder=_reminder(world, "requests_to_answer"), now=NOW)

    english = next(mail for mail in mailoutbox if mail.to == ["gammatwo@example.org"])
    assert english.subject == "Program Summit: a meeting request waits for your answer"
    assert "/e/program-summit/meetings/" in english.body


def test_render_reminders_previews_both_languages(world: Any) -> None:
    english, korean = render_reminders(
        event=world.event,
        segment="feedback_due",
        membership=world.beta_lead,
        languages=["en", "ko"],
        now=NOW,
    )

    assert english[0] == "Program Summit: how did your meeting go?"
    assert "Hello Beta," in english[1]
    assert "프로그램 서밋" in korean[0]
    assert "/e/program-summit/outcomes/" in korean[1]


def test_start_reminder_with_the_same_key_queues_it_once(
    world: Any,
    mailoutbox: Any,
    immediate_tasks: None,
    django_capture_on_commit_callbacks: Any,
) -> None:
    key = uuid.uuid4()
    with django_capture_on_commit_callbacks(execute=True):
        first, created = start_reminder(
            event=world.event, segment="no_survey", key=key, user=world.organizer, now=NOW
        )
    with django_capture_on_commit_callbacks(execute=True):
        again, created_again = start_reminder(
            event=world.event, segment="no_survey", key=key, user=world.organizer, now=NOW
        )

    assert (created, created_again) == (True, False)
    assert again.pk == first.pk
    assert first.previewed == 2
    assert len(mailoutbox) == 2
    assert SegmentReminder.objects.count() == 1


def test_start_reminder_refuses_a_key_of_another_segment(world: Any) -> None:
    key = uuid.uuid4()
    start_reminder(event=world.event, segment="no_survey", key=key, user=world.organizer, now=NOW)

    with pytest.raises(ReminderError, match="another reminder"):
        start_reminder(
            event=world.event, segment="feedback_due", key=key, user=world.organizer, now=NOW
        )


def test_start_reminder_refuses_an_empty_segment(world: Any) -> None:
    world.event.request_deadline = NOW
    world.event.save(update_fields=["request_deadline"])

    with pytest.raises(ReminderError, match="Nobody in this group"):
        start_reminder(
            event=world.event,
            segment="requests_to_answer",
            key=uuid.uuid4(),
            user=world.organizer,
            now=NOW,
        )
    assert SegmentReminder.objects.count() == 0


def test_start_reminder_is_for_organizers_only(world: Any) -> None:
    with pytest.raises(PermissionDenied):
        start_reminder(
            event=world.event,
            segment="no_survey",
            key=uuid.uuid4(),
            user=world.alpha_lead.user,
            now=NOW,
        )
