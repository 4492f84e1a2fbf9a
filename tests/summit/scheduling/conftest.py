"""Fixtures of the scheduling tests (schedule runs): small real events with accepted requests.

Other scheduling test authors: add your fixtures below, keep these."""

from __future__ import annotations

from typing import Any

import pytest

from summit.events.models import Slot, Table
from summit.meetings.models import MeetingRequest, Unavailability


def _accepted(first: Any, second: Any, *, priority: str = "normal") -> MeetingRequest:
    """An accepted request from membership `first` to membership `second`."""
    low, high = sorted([first.organization, second.organization], key=lambda o: o.pk)
    return MeetingRequest.objects.create(
        event=first.event,
        sender=first,
        sender_organization=first.organization,
        receiver_organization=second.organization,
        receiver_person=second,
        low_organization=low,
        high_organization=high,
        status="accepted",
        priority=priority,
        answered_by=second,
        answered_by_organization=second.organization,
    )


def _only_free_in(membership: Any, *positions: int) -> None:
    """Mark the person unavailable in every slot of the event except those positions."""
    slots = list(Slot.objects.filter(event=membership.event).order_by("start"))
    Unavailability.objects.bulk_create(
        Unavailability(membership=membership, slot=slot)
        for index, slot in enumerate(slots)
        if index not in positions
    )


def _people(event: Any, make_organization: Any, make_membership: Any, count: int) -> list[Any]:
    """`count` persons, each the lead contact of their own organization."""
    return [
        make_membership(make_organization(event, name=f"Org {i:02d}"), role="lead")
        for i in range(count)
    ]


def _recommend(organization: Any, partner: Any, rank: int) -> Any:
    """A stored recommendation of `partner` to `organization` at `rank`."""
    from django.utils import timezone

    from summit.matching.models import Recommendation

    return Recommendation.objects.create(
        event=organization.event,
        organization=organization,
        partner=partner,
        rank=rank,
        score=1.0 / rank,
        computed_at=timezone.now(),
    )


@pytest.fixture
def accepted(db: None) -> Any:
    """``accepted(first, second, priority=...)``: an accepted request between two persons."""
    return _accepted


@pytest.fixture
def only_free_in(db: None) -> Any:
    """``only_free_in(membership, *slot positions)``: unavailable everywhere else."""
    return _only_free_in


@pytest.fixture
def make_people(make_organization: Any, make_membership: Any) -> Any:
    """``make_people(event, count)``: lead contacts of `count` new organizations."""
    return lambda event, count: _people(event, make_organization, make_membership, count)


@pytest.fixture
def recommend(db: None) -> Any:
    """``recommend(organization, partner, rank)``: a stored recommendation."""
    return _recommend


@pytest.fixture
def slots(event: Any) -> list[Slot]:
    """The event's slots in time order."""
    return list(Slot.objects.filter(event=event).order_by("start"))


@pytest.fixture
def tables(event: Any) -> list[Table]:
    """The event's tables by number."""
    return list(Table.objects.filter(event=event).order_by("number"))
