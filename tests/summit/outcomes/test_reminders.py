"""Feedback reminders: one e-mail per person per batch, in their language, never twice."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from summit.outcomes.domain import feedback as feedback_domain
from summit.outcomes.domain.reminders import send_feedback_reminders
from summit.outcomes.models import FeedbackReminder
from summit.outcomes.tasks import send_feedback_reminders as reminder_task

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


@pytest.fixture(autouse=True)
def _locmem_mail(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.SUMMIT_BASE_URL = ""


def _mails_to(address):
    return [message for message in mail.outbox if address in message.to]


# Mails leave after the commit: these tests commit for real.
@pytest.mark.django_db(transaction=True)
def test_send_feedback_reminders_one_mail_per_person_listing_their_meetings(
    make_scheduled_meeting, event, acme, beta, gamma
):
    first = make_scheduled_meeting(event, first=acme, second=beta, slot=0)
    second = make_scheduled_meeting(event, first=acme, second=gamma, slot=1)
    result = send_feedback_reminders(event=event, base_url="https://summit.example")
    assert (result.people, result.meetings) == (3, 4)
    [to_pat] = _mails_to(acme.user.email)
    assert f"https://summit.example/e/{event.slug}/outcomes/feedback/{first.pk}/" in to_pat.body
    assert f"https://summit.example/e/{event.slug}/outcomes/feedback/{second.pk}/" in to_pat.body
    assert "Beta Therapeutics" in to_pat.body
    assert "Gamma Pharma" in to_pat.body
    assert to_pat.subject == "How did your 2 meetings at Bio Summit go?"


# Mails leave after the commit: these tests commit for real.
@pytest.mark.django_db(transaction=True)
def test_send_feedback_reminders_in_the_recipients_language(held_meeting, beta):
    send_feedback_reminders(event=held_meeting.event)
    [to_kim] = _mails_to(beta.user.email)
    assert to_kim.subject == "바이오 서밋에서의 미팅 1건은 어떠셨나요?"
    assert "애크미 바이오" in to_kim.body  # Acme's Korean name on a Korean mail


# Mails leave after the commit: these tests commit for real.
@pytest.mark.django_db(transaction=True)
def test_send_feedback_reminders_never_twice_for_the_same_meeting(
    make_scheduled_meeting, event, acme, beta, gamma
):
    first = make_scheduled_meeting(event, first=acme, second=beta, slot=0)
    send_feedback_reminders(event=event)
    assert len(mail.outbox) == 2
    mail.outbox.clear()
    assert send_feedback_reminders(event=event).meetings == 0
    assert mail.outbox == []
    later = make_scheduled_meeting(event, first=acme, second=gamma, slot=1)
    send_feedback_reminders(event=event)
    [to_pat] = _mails_to(acme.user.email)
    assert f"/feedback/{later.pk}/" in to_pat.body
    assert f"/feedback/{first.pk}/" not in to_pat.body
    assert FeedbackReminder.objects.count() == 4


# Mails leave after the commit: these tests commit for real.
@pytest.mark.django_db(transaction=True)
def test_send_feedback_reminders_skips_sides_that_answered(held_meeting, acme, beta):
    feedback_domain.save_feedback(
        meeting=held_meeting, membership=beta, took_place=True, follow_up_interest="some"
    )
    send_feedback_reminders(event=held_meeting.event)
    assert [message.to for message in mail.outbox] == [[acme.user.email]]


def test_send_feedback_reminders_waits_for_the_slot_to_end(held_meeting):
    before = held_meeting.slot.end - timedelta(minutes=1)
    assert send_feedback_reminders(event=held_meeting.event, now=before).meetings == 0
    assert mail.outbox == []


def test_send_feedback_reminders_nothing_after_the_feedback_period(held_meeting):
    closes = feedback_domain.feedback_closes_at(event=held_meeting.event)
    assert send_feedback_reminders(event=held_meeting.event, now=closes).meetings == 0


def test_send_feedback_reminders_command_and_task(held_meeting, capsys):
    call_command("send_feedback_reminders", "--event", held_meeting.event.slug)
    assert "2 people reminded of 2 meetings" in capsys.readouterr().out
    assert reminder_task.call(event_id=held_meeting.event.pk) == {"people": 0, "meetings": 0}


def test_send_feedback_reminders_command_enqueue_and_unknown_event(settings, held_meeting, capsys):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    call_command("send_feedback_reminders", "--event", held_meeting.event.slug, "--enqueue")
    assert f"{held_meeting.event.slug}: queued task" in capsys.readouterr().out
    assert FeedbackReminder.objects.count() == 2
    with pytest.raises(CommandError, match="no event"):
        call_command("send_feedback_reminders", "--event", "nope")


@pytest.mark.django_db(transaction=True)  # mails leave after the commit
def test_send_feedback_reminders_write_names_and_dates_as_each_language_does(
    held_meeting, acme, beta
):
    from django.contrib.auth import get_user_model

    get_user_model().objects.filter(pk=beta.user_id).update(first_name="지훈", last_name="강")
    send_feedback_reminders(event=held_meeting.event)
    [to_kim] = _mails_to(beta.user.email)
    assert "강지훈" in to_kim.body
    assert "지훈 강" not in to_kim.body
    # The event's day was yesterday: "2026년 12월 6일 일요일 09:00" / "Sun, 6 Dec 2026, 09:00".
    assert re.search(r"- \d{4}년 \d{1,2}월 \d{1,2}일 .요일 09:00 · ", to_kim.body)
    [to_pat] = _mails_to(acme.user.email)
    assert "Pat Participant" in to_pat.body
    assert re.search(r"- [A-Z][a-z]{2}, \d{1,2} [A-Z][a-z]{2} \d{4}, 09:00 · ", to_pat.body)
