"""Two people acting on the same request at the same moment (PostgreSQL, real transactions).

Each thread has its own database connection; a barrier releases them together so their
transactions overlap, and the row locks decide who wins.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection

from summit.meetings.domain.errors import RequestError
from summit.meetings.domain.requests import (
    accept_request,
    create_request,
    decline_request,
    withdraw_request,
)
from summit.meetings.models import MeetingRequest

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _race(actions: dict[str, Callable[[], Any]]) -> dict[str, str]:
    barrier = threading.Barrier(len(actions))
    outcome: dict[str, str] = {}

    def run(name: str, action: Callable[[], Any]) -> None:
        try:
            barrier.wait(timeout=10)
            action()
            outcome[name] = "done"
        except RequestError:
            outcome[name] = "refused"
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=item) for item in actions.items()]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcome


@pytest.mark.parametrize("round_", range(3))
def test_accept_and_decline_at_once_end_in_one_state(
    pending_request, receiver, receiver_colleague, round_
):
    outcome = _race(
        {
            "accept": lambda: accept_request(meeting_request=pending_request, answerer=receiver),
            "decline": lambda: decline_request(
                meeting_request=pending_request, answerer=receiver_colleague, reason="busy"
            ),
        }
    )
    assert sorted(outcome.values()) == ["done", "refused"]
    winner = next(name for name, result in outcome.items() if result == "done")
    final = MeetingRequest.objects.get(pk=pending_request.pk)
    expected = {"accept": ("accepted", receiver.pk), "decline": ("declined", receiver_colleague.pk)}
    assert (final.status, final.answered_by_id) == expected[winner]
    assert final.answered_by_organization_id == final.receiver_organization_id


def test_two_accepts_at_once_accept_once(pending_request, receiver, receiver_colleague, mailoutbox):
    outcome = _race(
        {
            "first": lambda: accept_request(meeting_request=pending_request, answerer=receiver),
            "second": lambda: accept_request(
                meeting_request=pending_request, answerer=receiver_colleague
            ),
        }
    )
    assert sorted(outcome.values()) == ["done", "refused"]
    assert MeetingRequest.objects.get(pk=pending_request.pk).status == "accepted"
    accepted_mails = [mail for mail in mailoutbox if "accepted" in mail.subject]
    assert len(accepted_mails) == 1


def test_both_sides_requesting_each_other_at_once_leave_one_open_request(
    sender, receiver, receiver_organization
):
    outcome = _race(
        {
            "a_to_b": lambda: create_request(
                sender=sender, receiver_organization=receiver_organization
            ),
            "b_to_a": lambda: create_request(
                sender=receiver, receiver_organization=sender.organization
            ),
        }
    )
    assert sorted(outcome.values()) == ["done", "refused"]
    assert MeetingRequest.objects.filter(status="pending").count() == 1


def test_accept_and_withdraw_at_once_end_in_one_state(pending_request, sender, receiver):
    outcome = _race(
        {
            "accept": lambda: accept_request(meeting_request=pending_request, answerer=receiver),
            "withdraw": lambda: withdraw_request(meeting_request=pending_request, person=sender),
        }
    )
    assert sorted(outcome.values()) == ["done", "refused"]
    final = MeetingRequest.objects.get(pk=pending_request.pk)
    expected = {"accept": "accepted", "withdraw": "withdrawn"}
    winner = next(name for name, result in outcome.items() if result == "done")
    assert final.status == expected[winner]
