"""The demo summit loads once and re-running it changes nothing."""

from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command

from summit.demo.domain.event import DEMO_SLUG, create_demo_event, demo_schedule_counts
from summit.events.domain.permissions import is_organizer
from summit.events.models import Event

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def test_create_demo_event_builds_schedule_and_organizer():
    demo = create_demo_event()
    assert demo.created is True
    # Per day: 10:00–12:30 and 14:00–17:30 in 25-minute slots with 5-minute breaks → 5 + 7.
    assert demo_schedule_counts(event=demo.event) == (2, 24, 70)
    organizer = authenticate(username=demo.organizer_username, password=demo.organizer_password)
    assert organizer is not None
    assert is_organizer(user=organizer, event=demo.event)


def test_create_demo_event_is_idempotent():
    create_demo_event()
    again = create_demo_event()
    assert again.created is False
    assert Event.objects.filter(slug=DEMO_SLUG).count() == 1
    assert demo_schedule_counts(event=again.event) == (2, 24, 70)


@pytest.mark.slow
def test_create_demo_summit_command_prints_working_logins():
    out = StringIO()
    call_command("create_demo_summit", stdout=out)
    lines = out.getvalue().splitlines()
    participant_line = next(line for line in lines if "Participant login" in line)
    username, password = participant_line.split(":", 1)[1].strip().split(" / ")
    assert authenticate(username=username, password=password) is not None
    event = Event.objects.get(slug=DEMO_SLUG)
    assert event.organizations.count() >= 300


def test_create_demo_event_dates_follow_today_and_the_phase():
    from datetime import UTC, datetime

    from summit.demo.domain.event import demo_phase, event_dates
    from summit.demo.domain.phases import Phase

    now = datetime(2026, 12, 7, 3, 0, tzinfo=UTC)  # 12:00 in Seoul
    during = create_demo_event(phase=Phase.DURING, now=now)
    assert demo_phase(event=during.event, now=now) == Phase.DURING
    assert event_dates(event=during.event)[0].isoformat() == "2026-12-07"
    assert during.event.slots.filter(start__lte=now, end__gt=now).exists()
    assert during.event.request_deadline < now

    again = create_demo_event(phase=Phase.DURING, now=now)
    assert (again.created, again.moved, again.event.pk) == (False, False, during.event.pk)

    after = create_demo_event(phase=Phase.AFTER, now=now)
    assert (after.created, after.moved) == (True, True)
    assert Event.objects.filter(slug=DEMO_SLUG).count() == 1
    assert demo_phase(event=after.event, now=now) == Phase.AFTER


def test_create_demo_event_during_moves_when_todays_session_is_over():
    from datetime import UTC, datetime, timedelta

    from summit.demo.domain.phases import Phase

    now = datetime(2026, 12, 7, 0, 0, tzinfo=UTC)  # 09:00 in Seoul
    create_demo_event(phase=Phase.DURING, now=now)
    later = create_demo_event(phase=Phase.DURING, now=now + timedelta(hours=6))
    assert later.moved is True
    assert later.event.slots.filter(
        start__lte=now + timedelta(hours=6), end__gt=now + timedelta(hours=6)
    ).exists()


def test_create_demo_event_refuses_nothing_for_a_published_schedule(make_scheduled_meeting):
    """Moving the demo removes its published meetings (they protect their slots) first."""
    from datetime import UTC, datetime

    from summit.demo.domain.phases import Phase
    from summit.scheduling.models import ScheduledMeeting

    now = datetime(2026, 12, 7, 3, 0, tzinfo=UTC)
    demo = create_demo_event(phase=Phase.BEFORE, now=now)
    make_scheduled_meeting(demo.event)
    moved = create_demo_event(phase=Phase.AFTER, now=now)
    assert moved.moved is True
    assert not ScheduledMeeting.objects.exists()
