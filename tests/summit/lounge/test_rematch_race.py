"""Two same-day acceptances racing for one table, on PostgreSQL with real transactions.

The unique constraint on (slot, table) already stops a double booking, so a race that ends
in a refusal proves nothing about the lock. What only the schedule lock gives is the right
outcome: two proposals made while table 3 was the first free one are accepted at the same
moment; the second acceptance must wait for the first to commit, see table 3 taken and book
the next free table. The first acceptance is held uncommitted (inside an outer transaction)
while the second starts, so the interleaving is the same every time: with the lock both
meetings are booked at tables 3 and 4; without it the second reads table 3 as free, blocks on
the unique index and is refused ("booked at the same moment").
"""

from __future__ import annotations

import threading
import time
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection, transaction

from summit.lounge.domain.errors import LoungeError
from summit.lounge.domain.rematch import accept_proposal, propose_meeting
from summit.scheduling.models import ScheduledMeeting

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _in_thread(action: Any, outcome: dict[str, str], name: str) -> threading.Thread:
    def run() -> None:
        try:
            action()
            outcome[name] = "done"
        except LoungeError as refused:
            outcome[name] = f"refused: {' '.join(refused.messages)}"
        except Exception as error:  # reported by the assertion, never swallowed
            outcome[name] = f"error: {error!r}"
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def test_two_acceptances_at_once_take_two_different_free_tables(
    event, make_organization, make_membership, make_user, make_scheduled_meeting
):
    def person(code: str) -> Any:
        return make_membership(make_organization(event, code, name=code), make_user(), role="lead")

    first, second, partner_one, partner_two = (person(c) for c in ("A1", "A2", "B1", "B2"))
    # Tables 1 and 2 are taken at 09:00; 3 and 4 are free.
    make_scheduled_meeting(event, slot=0, table=1)
    make_scheduled_meeting(event, slot=0, table=2)
    slot = ScheduledMeeting.objects.get(table__number=1).slot
    now = slot.start + timedelta(minutes=5)
    proposals = [
        propose_meeting(
            sender=sender, partner=partner.organization, slot=slot, user=sender.user, now=now
        )
        for sender, partner in ((first, partner_one), (second, partner_two))
    ]
    assert [p.table.number for p in proposals] == [3, 3]
    booked = threading.Event()
    outcome: dict[str, str] = {}

    def accept_and_hold_the_commit() -> None:
        with transaction.atomic():
            accept_proposal(proposal=proposals[0], membership=partner_one, now=now)
            booked.set()
            time.sleep(1.5)  # the second acceptance starts while this one is not committed

    def accept_once_booked() -> None:
        assert booked.wait(timeout=30)
        accept_proposal(proposal=proposals[1], membership=partner_two, now=now)

    threads = [
        _in_thread(accept_and_hold_the_commit, outcome, "first"),
        _in_thread(accept_once_booked, outcome, "second"),
    ]
    for thread in threads:
        thread.join(timeout=60)

    assert outcome == {"first": "done", "second": "done"}
    tables = sorted(
        ScheduledMeeting.objects.filter(slot=slot, status="scheduled").values_list(
            "table__number", flat=True
        )
    )
    assert tables == [1, 2, 3, 4]
