"""The demo's meeting requests follow the rules real requests follow."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from summit.demo.domain.requests import create_demo_requests
from summit.matching.models import Recommendation
from summit.meetings.models import MeetingRequest


@pytest.fixture
def recommended_world(
    event: Any, organizer: Any, make_organization: Any, make_membership: Any
) -> list[Any]:
    organizations = [make_organization(event, f"D{i}") for i in range(8)]
    for organization in organizations:
        make_membership(organization, role="lead")
    now = timezone.now()
    for i, organization in enumerate(organizations):
        for rank, step in enumerate((1, 2, 3, 4), start=1):
            Recommendation.objects.create(
                event=event,
                organization=organization,
                partner=organizations[(i + step) % len(organizations)],
                rank=rank,
                score=1.0 / rank,
                computed_at=now,
            )
    return organizations


def test_create_demo_requests_one_per_pair_and_consistent(event: Any, recommended_world: Any):
    result = create_demo_requests(event=event, per_organization=3, arranged=2)
    requests = list(MeetingRequest.objects.filter(event=event))
    assert len(requests) == result.created > 0
    pairs = [(r.low_organization_id, r.high_organization_id) for r in requests]
    assert len(pairs) == len(set(pairs))
    assert result.accepted + result.declined + result.expired == result.created
    assert result.arranged == 2
    deadline = event.slots.order_by("start").first().start - timedelta(days=7)
    for request in requests:
        if request.answered_at is not None:
            assert request.created <= request.answered_at <= deadline


def test_create_demo_requests_respects_survey_exclusions(event: Any, recommended_world: Any):
    first, second = recommended_world[0], recommended_world[1]
    first.excluded_partners = [second.org_id]
    first.save()
    create_demo_requests(event=event, arranged=0)
    assert not MeetingRequest.objects.filter(
        low_organization=min(first, second, key=lambda o: o.pk),
        high_organization=max(first, second, key=lambda o: o.pk),
    ).exists()


def test_create_demo_requests_second_run_adds_nothing(event: Any, recommended_world: Any):
    create_demo_requests(event=event)
    count = MeetingRequest.objects.count()
    assert create_demo_requests(event=event).created == 0
    assert MeetingRequest.objects.count() == count


def test_create_demo_requests_while_open_leave_some_waiting_for_the_spotlight(
    event: Any, recommended_world: Any
):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    event.request_deadline = datetime(2026, 10, 4, 18, 0, tzinfo=ZoneInfo("Asia/Seoul"))
    event.save()
    now = datetime(2026, 9, 30, 12, 0, tzinfo=ZoneInfo("Asia/Seoul"))
    spotlight = recommended_world[0]
    result = create_demo_requests(
        event=event, now=now, spotlight=spotlight.pk, waiting=2, per_organization=1
    )
    assert result.expired == 0
    assert result.accepted + result.declined + result.pending == result.created
    waiting = MeetingRequest.objects.filter(
        receiver_organization=spotlight, status="pending", kind="participant"
    )
    assert waiting.count() >= 2
    assert not MeetingRequest.objects.filter(created__gt=now).exists()
