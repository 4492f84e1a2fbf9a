"""The demo's story runs through the real domain: requests → published schedule → outcomes."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from summit.demo.domain.activity import create_demo_activity
from summit.matching.models import Recommendation
from summit.meetings.models import MeetingRequest
from summit.scheduling.models import MeetingSeat, ScheduledMeeting, ScheduleRun


@pytest.fixture
def recommended_event(
    event: Any, organizer: Any, make_organization: Any, make_membership: Any
) -> Any:
    organizations = [make_organization(event, f"D{i}") for i in range(10)]
    for organization in organizations:
        make_membership(organization, role="lead")
    now = timezone.now()
    for i, organization in enumerate(organizations):
        for rank, step in enumerate((1, 3), start=1):
            Recommendation.objects.create(
                event=event,
                organization=organization,
                partner=organizations[(i + step) % len(organizations)],
                rank=rank,
                score=1.0 / rank,
                computed_at=now,
            )
    return event


def test_create_demo_activity_publishes_a_valid_schedule(recommended_event: Any):
    activity = create_demo_activity(event=recommended_event, time_limit_s=2)
    assert activity.problem == ""
    accepted = MeetingRequest.objects.filter(event=recommended_event, status="accepted").count()
    published = ScheduledMeeting.objects.filter(event=recommended_event, status="scheduled")
    # 4 tables × 6 slots: the event cannot hold every accepted meeting.
    assert activity.scheduled == published.count() == min(accepted, 24)
    assert activity.scheduled + activity.unscheduled == accepted
    assert ScheduleRun.objects.get(event=recommended_event).published_at is not None
    seats = MeetingSeat.objects.filter(meeting__event=recommended_event)
    assert seats.count() == 2 * activity.scheduled
    assert activity.checked_in + activity.no_shows <= activity.scheduled
    assert activity.checked_in == published.filter(attendance="checked_in").count()


def test_create_demo_activity_second_run_changes_nothing(recommended_event: Any):
    create_demo_activity(event=recommended_event, time_limit_s=2)
    before = ScheduledMeeting.objects.filter(event=recommended_event).count()
    again = create_demo_activity(event=recommended_event, time_limit_s=2)
    assert (again.requests, again.scheduled, again.checked_in, again.deals) == (0, 0, 0, 0)
    assert ScheduledMeeting.objects.filter(event=recommended_event).count() == before


def test_create_demo_activity_command_unknown_event_names_the_slug(db: None):
    with pytest.raises(CommandError, match="slug: no event 'nope'"):
        call_command("create_demo_activity", "nope")
