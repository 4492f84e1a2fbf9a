"""Fixtures of the lounge tests: a meeting of Acme (the ready-made participant) with Beta, and
an event happening *today* for pages that use the real clock.

``live_event`` has one day, today in a time zone where it is day time now (so the session
fits in the day), with 30-minute slots from about an hour ago: slot 0 started 60–90 minutes
ago, slot 2 is running now, slots 3–5 are still to come.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from types import SimpleNamespace
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


# --- a draft run against a published schedule (the draft's preview) --------------------


def _draft_row(meeting: Any, slot: Any, table: Any) -> dict[str, Any]:
    return {
        "request": meeting.meeting_request_id,
        "slot": slot.pk,
        "table": table.pk,
        "attendees": list(meeting.seats.values_list("membership_id", flat=True)),
    }


@pytest.fixture
def draft_row() -> Any:
    """``draft_row(meeting, slot, table)``: a run's assignment row placing a published
    meeting (its request and seated people) at another place."""
    return _draft_row


@pytest.fixture
def draft(event, organizer, acme, beta, make_organization, make_membership, make_scheduled_meeting):
    """Published: Acme × Beta (slot 0, table 1), a meeting at (slot 1, table 2) and one at
    (slot 2, table 3) whose request is then cancelled. The draft keeps Acme × Beta, moves the
    second to (slot 3, table 2) and adds Delta × Echo at (slot 1, table 4)."""
    from summit.events.models import Slot, Table
    from summit.meetings.models import MeetingRequest
    from summit.scheduling.models import ScheduleRun

    slots = list(Slot.objects.filter(event=event).select_related("session").order_by("start"))
    tables = list(Table.objects.filter(event=event).order_by("number"))
    stays = make_scheduled_meeting(event, first=acme, second=beta, slot=slots[0], table=tables[0])
    moves = make_scheduled_meeting(event, slot=slots[1], table=tables[1])
    removed = make_scheduled_meeting(event, slot=slots[2], table=tables[2])
    MeetingRequest.objects.filter(pk=removed.meeting_request_id).update(status="cancelled")
    delta = make_membership(make_organization(event, "DELTA", name="Delta Labs"), role="lead")
    echo = make_membership(
        make_organization(event, "ECHO", name="Echo Bio", name_local="에코바이오"), role="lead"
    )
    low, high = sorted([delta.organization, echo.organization], key=lambda o: o.pk)
    new = MeetingRequest.objects.create(
        event=event,
        sender=delta,
        sender_organization=delta.organization,
        receiver_organization=echo.organization,
        receiver_person=echo,
        low_organization=low,
        high_organization=high,
        status="accepted",
        answered_by=echo,
        answered_by_organization=echo.organization,
    )
    run = ScheduleRun.objects.create(
        event=event,
        name="Draft B",
        status="done",
        options={"movable_published": True},
        assignments=[
            _draft_row(stays, slots[0], tables[0]),
            _draft_row(moves, slots[3], tables[1]),
            {
                "request": new.pk,
                "slot": slots[1].pk,
                "table": tables[3].pk,
                "attendees": [delta.pk, echo.pk],
            },
        ],
        unscheduled=[],
        summary={
            "requested": 3,
            "scheduled_requests": 3,
            "weight": 3.0,
            "bound": 3.0,
            "gap": 0.0,
            "status": "optimal",
            "persons": 6,
            "persons_without_meeting": 0,
            "min_share": 1.0,
            "gaps": 0,
            "max_gaps": 0,
            "people": {},
        },
    )
    return SimpleNamespace(run=run, slots=slots, tables=tables, event=event)
