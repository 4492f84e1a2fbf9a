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
