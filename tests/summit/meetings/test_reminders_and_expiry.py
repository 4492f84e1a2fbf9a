"""Reminders for pending requests and expiry at the request deadline (clock driven by now=)."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from summit.meetings.domain.errors import RequestError
from summit.meetings.domain.requests import (
    accept_request,
    expire_requests,
    process_requests,
    send_reminders,
)
from summit.meetings.models import MeetingRequest
from summit.meetings.tasks import process_meeting_requests

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


@pytest.fixture
def deadline(event):
    event.request_deadline = timezone.now() + timedelta(days=5)
    event.save()
    return event.request_deadline


def test_no_reminder_for_a_fresh_request_far_from_deadline(
    pending_request, event, deadline, mailoutbox
):
    mailoutbox.clear()
    assert send_reminders(event=event, now=timezone.now()) == 0
    assert mailoutbox == []


# Mails leave after the commit: these tests commit for real.
@pytest.mark.django_db(transaction=True)
def test_reminder_48_hours_before_deadline_once(pending_request, event, deadline, mailoutbox):
    mailoutbox.clear()
    now = deadline - timedelta(hours=47)
    assert send_reminders(event=event, now=now) == 1
    assert send_reminders(event=event, now=now + timedelta(hours=1)) == 0
    [mail] = mailoutbox
    assert mail.to == ["kim@example.org"]
    assert f"/meetings/r/{pending_request.pk}/" in mail.body
    pending_request.refresh_from_db()
    assert pending_request.reminder_sent_at == now


# Mails leave after the commit: these tests commit for real.
@pytest.mark.django_db(transaction=True)
def test_reminder_after_three_days_without_deadline(pending_request, event, mailoutbox):
    mailoutbox.clear()
    sent = pending_request.created
    assert send_reminders(event=event, now=sent + timedelta(days=2)) == 0
    assert send_reminders(event=event, now=sent + timedelta(days=3, minutes=1)) == 1
    assert len(mailoutbox) == 1


def test_answered_request_gets_no_reminder(pending_request, event, receiver, deadline, mailoutbox):
    accept_request(meeting_request=pending_request, answerer=receiver)
    mailoutbox.clear()
    assert send_reminders(event=event, now=deadline - timedelta(hours=1)) == 0


# Mails leave after the commit: these tests commit for real.
@pytest.mark.django_db(transaction=True)
def test_expiry_only_at_the_deadline(pending_request, event, deadline, mailoutbox):
    assert expire_requests(event=event, now=deadline - timedelta(seconds=1)) == 0
    mailoutbox.clear()
    assert expire_requests(event=event, now=deadline) == 1
    pending_request.refresh_from_db()
    assert pending_request.status == "expired"
    assert sorted(mail.to[0] for mail in mailoutbox) == [
        "kim@example.org",
        "participant@example.org",
    ]
    assert expire_requests(event=event, now=deadline + timedelta(days=1)) == 0


def test_expired_request_cannot_be_accepted(pending_request, event, receiver, deadline):
    expire_requests(event=event, now=deadline)
    with pytest.raises(RequestError, match="already"):
        accept_request(meeting_request=pending_request, answerer=receiver)


def test_accepted_request_does_not_expire(pending_request, event, receiver, deadline):
    accept_request(meeting_request=pending_request, answerer=receiver)
    assert expire_requests(event=event, now=deadline) == 0
    pending_request.refresh_from_db()
    assert pending_request.status == "accepted"


def test_process_requests_reminds_then_expires(pending_request, event, deadline):
    first = process_requests(event=event, now=deadline - timedelta(hours=10))
    second = process_requests(event=event, now=deadline + timedelta(minutes=5))
    assert (first.reminded, first.expired, second.reminded, second.expired) == (1, 0, 0, 1)


# Mails leave after the commit: these tests commit for real.
@pytest.mark.django_db(transaction=True)
def test_process_requests_command_expires_past_deadline(pending_request, event, mailoutbox):
    MeetingRequest.objects.filter(pk=pending_request.pk).update(
        created=timezone.now() - timedelta(days=10)
    )
    event.request_deadline = timezone.now() - timedelta(minutes=1)
    event.save()
    output = StringIO()
    call_command(
        "process_requests",
        "--event",
        event.slug,
        "--base-url",
        "https://partnering.example.org",
        stdout=output,
    )
    assert "bio-summit: 0 reminded, 1 expired" in output.getvalue()
    assert f"https://partnering.example.org/e/bio-summit/meetings/r/{pending_request.pk}/" in (
        mailoutbox[-1].body
    )
    pending_request.refresh_from_db()
    assert pending_request.status == "expired"


def test_process_requests_command_unknown_event_is_an_error(db):
    with pytest.raises(CommandError, match="no event"):
        call_command("process_requests", "--event", "nope")


def test_process_meeting_requests_task_runs_the_domain(settings, pending_request, event):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    MeetingRequest.objects.filter(pk=pending_request.pk).update(
        created=timezone.now() - timedelta(days=4)
    )
    result = process_meeting_requests.enqueue(event_id=event.pk)
    assert result.return_value == {"reminded": 1, "expired": 0}
