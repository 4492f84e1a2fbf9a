"""Two workers sending at the same moment (PostgreSQL, real transactions): each person gets
one e-mail, whether the same reminder runs twice or two reminders of one segment overlap."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.db import connection

from summit.program.domain.reminders import deliver_reminder
from summit.program.models import ReminderDelivery, SegmentReminder

from ..conftest import NOW

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
        thread.join(timeout=60)
    return outcome


@pytest.fixture
def locmem_mail(settings: Any) -> list[Any]:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox = []
    return mail.outbox


@pytest.mark.parametrize("round_", range(3))
def test_the_same_reminder_run_twice_at_once_mails_each_person_once(
    world: Any, locmem_mail: list[Any], round_: int
) -> None:
    reminder = SegmentReminder.objects.create(event=world.event, segment="feedback_due")

    outcome = _race(
        {name: (lambda: deliver_reminder(reminder=reminder, now=NOW)) for name in ("a", "b")}
    )

    assert sum(outcome.values()) == 3
    assert ReminderDelivery.objects.filter(reminder=reminder).count() == 3
    assert sorted(message.to[0] for message in mail.outbox) == [
        "alpha@example.org",
        "beta@example.org",
        "gamma@example.org",
    ]


def test_two_reminders_of_one_segment_at_once_mail_each_person_once(
    world: Any, locmem_mail: list[Any]
) -> None:
    first, second = (
        SegmentReminder.objects.create(event=world.event, segment="requests_to_answer")
        for _ in range(2)
    )

    outcome = _race(
        {
            "first": lambda: deliver_reminder(reminder=first, now=NOW),
            "second": lambda: deliver_reminder(reminder=second, now=NOW),
        }
    )

    assert sum(outcome.values()) == 3
    assert ReminderDelivery.objects.count() == 3
    assert len(mail.outbox) == 3
