"""Fixtures of the lounge tests: a meeting of Acme (the ready-made participant) with Beta, and
an event happening *today* for pages that use the real clock.

``live_event`` has one day, today in a time zone where it is day time now (so the session
fits in the day), with 30-minute slots from about an hour ago: slot 0 started 60–90 minutes
ago, slot 2 is running now, slots 3–5 are still to come.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from summit.events.domain.setup import add_day, add_organizer, save_session
from summit.organizations.models import Membership

ZONES = ("Asia/Seoul", "Europe/Berlin", "America/New_York")


@pytest.fixture
def acme(participant: Any, event: Any) -> Membership:
    """Pat Participant of Acme Biologics."""
    return Membership.objects.select_related("organization", "user").get(
        user=participant, event=event
    )


@pytest.fixture
def beta(make_organization: Any, make_membership: Any, make_user: Any, event: Any) -> Membership:
    """Kim of Beta Therapeutics."""
    organization = make_organization(event, "BETA", name="Beta Therapeutics", name_local="베타")
    return make_membership(organization, make_user("kim", first_name="Min", last_name="Kim"))


@pytest.fixture
def meeting(make_scheduled_meeting: Any, event: Any, acme: Membership, beta: Membership) -> Any:
    """Acme × Beta at table 1 in the first slot (2026-10-06 09:00 in Seoul)."""
    return make_scheduled_meeting(event, first=acme, second=beta, slot=0, table=1)


@pytest.fixture
def outsider(make_organization: Any, make_membership: Any, make_user: Any, event: Any) -> Any:
    """A participant of the event who is not in the meeting."""
    organization = make_organization(event, "GAMMA", name="Gamma Pharma")
    return make_membership(organization, make_user("gina")).user


def _day_zone(now: datetime) -> str:
    for zone in ZONES:
        if 2 <= timezone.localtime(now, ZoneInfo(zone)).hour <= 19:
            return zone
    raise AssertionError("no time zone with day time now")  # pragma: no cover


@pytest.fixture
def live_event(make_event: Any, organizer: Any) -> Any:
    now = timezone.now()
    zone = _day_zone(now)
    local = timezone.localtime(now, ZoneInfo(zone))
    start = local.replace(minute=30 if local.minute >= 30 else 0, second=0, microsecond=0)
    start -= timedelta(hours=1)
    event = make_event("live-summit", days=0, tables=4, name="Live Summit", time_zone=zone)
    add_organizer(event=event, user=organizer)
    day = add_day(event=event, day=start.date())
    save_session(
        day=day,
        name="Now",
        start_time=start.time(),
        end_time=(datetime.combine(start.date(), start.time()) + timedelta(hours=3)).time(),
        slot_minutes=30,
        break_minutes=0,
    )
    return event
