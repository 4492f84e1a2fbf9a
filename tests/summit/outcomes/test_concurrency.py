"""Two people (or two job runs) at the same moment (PostgreSQL, real transactions): one
feedback row per side, one reminder per meeting and person."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.db import connection

from summit.outcomes.domain.feedback import save_feedback
from summit.outcomes.domain.reminders import send_feedback_reminders
from summit.outcomes.models import FeedbackReminder, MeetingFeedback

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _race(actions: dict[str, Callable[[], Any]]) -> dict[str, Any]:
    barrier = threading.Barrier(len(actions))
    outcome: dict[str, Any] = {}

    def run(name: str, action: Callable[[], Any]) -> None:
        try:
            barrier.wait(timeout=10)
            outcome[name] = action()
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=item) for item in actions.items()]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcome


@pytest.mark.parametrize("round_", range(3))
def test_two_colleagues_answering_at_once_leave_one_answer(
    held_meeting, acme, make_membership, round_
):
    colleague = make_membership(acme.organization)
    outcome = _race(
        {
            name: (
                lambda person=person, interest=interest: save_feedback(
                    meeting=held_meeting,
                    membership=person,
                    took_place=True,
                    follow_up_interest=interest,
                )
            )
            for name, person, interest in (
                ("pat", acme, "strong"),
                ("colleague", colleague, "some"),
            )
        }
    )
    assert set(outcome) == {"pat", "colleague"}
    [row] = MeetingFeedback.objects.filter(meeting=held_meeting)
    assert (row.author_id, row.follow_up_interest) in {(acme.pk, "strong"), (colleague.pk, "some")}


def test_two_reminder_runs_at_once_remind_once(held_meeting, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox.clear()
    outcome = _race(
        {
            "first": lambda: send_feedback_reminders(event=held_meeting.event),
            "second": lambda: send_feedback_reminders(event=held_meeting.event),
        }
    )
    assert sum(result.meetings for result in outcome.values()) == 2
    assert FeedbackReminder.objects.count() == 2
    assert len(mail.outbox) == 2
