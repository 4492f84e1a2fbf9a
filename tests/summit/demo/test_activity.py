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
    # 4 tables × 6 slots: the event cannot hold every accepted meeting. How close the engine
    # gets to 24 within 2 s depends on the machine's load (its optimality is tested there).
    assert activity.scheduled == published.count()
    assert 0 < activity.scheduled <= min(accepted, 24)
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


def test_create_demo_activity_before_the_deadline_has_requests_and_no_schedule(
    recommended_event: Any,
):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from summit.demo.domain.phases import Phase

    # The fixture's day is 2026-10-06; its requests are still open a week before.
    recommended_event.request_deadline = datetime(2026, 10, 4, 18, 0, tzinfo=ZoneInfo("Asia/Seoul"))
    recommended_event.save()
    now = datetime(2026, 9, 30, 12, 0, tzinfo=ZoneInfo("Asia/Seoul"))
    activity = create_demo_activity(event=recommended_event, time_limit_s=2, now=now)
    assert activity.phase == Phase.BEFORE
    assert activity.requests > 0
    assert activity.pending == MeetingRequest.objects.filter(status="pending").count()
    assert not MeetingRequest.objects.filter(status="expired").exists()
    assert not MeetingRequest.objects.filter(created__gt=now).exists()
    assert not MeetingRequest.objects.filter(answered_at__gt=now).exists()
    assert not ScheduledMeeting.objects.filter(event=recommended_event).exists()


def test_create_demo_activity_during_the_summit_records_only_what_has_happened(
    recommended_event: Any,
):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from summit.demo.domain.phases import Phase
    from summit.outcomes.models import MeetingFeedback

    # The fixture's day runs 09:00–12:00 in Seoul in 30-minute slots: at 10:40 three have begun.
    now = datetime(2026, 10, 6, 10, 40, tzinfo=ZoneInfo("Asia/Seoul"))
    activity = create_demo_activity(event=recommended_event, time_limit_s=2, now=now)
    assert activity.phase == Phase.DURING
    meetings = ScheduledMeeting.objects.filter(event=recommended_event)
    assert meetings.exists()
    assert not meetings.filter(slot__start__gt=now).exclude(attendance="expected").exists()
    assert meetings.filter(slot__start__lte=now).exclude(attendance="expected").exists()
    assert not MeetingFeedback.objects.filter(meeting__slot__end__gt=now).exists()


def test_create_demo_activity_command_second_run_reports_what_is_there(recommended_event: Any):
    from io import StringIO

    first, second = StringIO(), StringIO()
    call_command("create_demo_activity", recommended_event.slug, "--time-limit=2", stdout=first)
    call_command("create_demo_activity", recommended_event.slug, "--time-limit=2", stdout=second)
    summary = first.getvalue().splitlines()[0]
    assert "meeting requests" in summary
    again = second.getvalue().splitlines()
    assert again[0].endswith("the demo activity was there already.")
    assert again[1] == summary
    assert any(line.startswith("Demo phase: after") for line in again)


def test_create_demo_activity_during_the_summit_brings_the_participant_login_to_today(
    recommended_event: Any, make_user: Any, make_membership: Any
):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from summit.demo.domain.guide import demo_guide
    from summit.demo.domain.organizations import demo_participant_email
    from summit.organizations.models import Organization

    # The fixture's day 2026-10-06 runs 09:00–12:00 in Seoul: at 09:10 the first slot is on.
    spotlight = Organization.objects.filter(event=recommended_event).order_by("pk").first()
    make_membership(spotlight, make_user(demo_participant_email()), role="member")
    now = datetime(2026, 10, 6, 9, 10, tzinfo=ZoneInfo("Asia/Seoul"))
    create_demo_activity(event=recommended_event, time_limit_s=2, now=now)
    mine = ScheduledMeeting.objects.filter(
        event=recommended_event, status="scheduled", meeting_request__sender_organization=spotlight
    ) | ScheduledMeeting.objects.filter(
        event=recommended_event,
        status="scheduled",
        meeting_request__receiver_organization=spotlight,
    )
    running = mine.filter(slot__start__lte=now, slot__end__gt=now)
    assert running.exists()
    # Left for the participant to check in (an organization of two may meet twice at once).
    assert set(running.values_list("attendance", flat=True)) == {"expected"}
    lines = demo_guide(event=recommended_event, base_url="http://x", now=now)
    assert any("is on now: check in" in line for line in lines)


def test_bring_to_today_moves_a_meeting_of_tomorrow_into_the_running_slot(
    make_event: Any, organizer: Any, make_scheduled_meeting: Any
):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from summit.demo.domain.activity import _bring_to_today
    from summit.events.domain.setup import add_organizer

    event = make_event("two-days", days=2)
    add_organizer(event=event, user=organizer)
    # Slot 6 is the first of the second day (09:00–12:00 in 30-minute slots each day).
    meeting = make_scheduled_meeting(event, slot=6)
    spotlight = meeting.meeting_request.sender_organization_id
    now = datetime(2026, 10, 6, 10, 10, tzinfo=ZoneInfo("Asia/Seoul"))
    assert _bring_to_today(event, organizer, now, spotlight) == 1
    meeting.refresh_from_db()
    assert meeting.slot.start <= now < meeting.slot.end
    assert _bring_to_today(event, organizer, now, spotlight) == 0
