"""Fixtures of the outcome tests: an event held yesterday (so its meetings have ended and the
feedback period is open, whatever today's date), Acme (the ready-made participant) and Beta
with people, and a held meeting between them."""

from __future__ import annotations

from datetime import time, timedelta
from typing import Any

import pytest
from django.utils import timezone

from summit.events.domain.setup import add_day, save_session
from summit.organizations.models import Membership


@pytest.fixture
def event(make_event: Any, organizer: Any) -> Any:
    """Like the shared fixture, but its one day (09:00–12:00, 6 slots) was yesterday."""
    made = make_event(
        "bio-summit", days=0, organizer=organizer, name="Bio Summit", name_ko="바이오 서밋"
    )
    yesterday = timezone.localtime(timezone.now(), timezone=made_zone(made)).date() - timedelta(
        days=1
    )
    day = add_day(event=made, day=yesterday)
    save_session(
        day=day,
        name="Morning",
        start_time=time(9, 0),
        end_time=time(12, 0),
        slot_minutes=30,
        break_minutes=0,
    )
    return made


def made_zone(event: Any) -> Any:
    from zoneinfo import ZoneInfo

    return ZoneInfo(event.time_zone)


@pytest.fixture
def acme(participant: Any, event: Any) -> Membership:
    """Pat Participant of Acme Biologics."""
    return Membership.objects.select_related("organization", "user", "event").get(
        user=participant, event=event
    )


@pytest.fixture
def beta_organization(make_organization: Any, event: Any) -> Any:
    return make_organization(event, "BETA", name="Beta Therapeutics", name_local="베타 테라퓨틱스")


@pytest.fixture
def beta(make_user: Any, make_membership: Any, beta_organization: Any) -> Membership:
    """Kim of Beta Therapeutics, who reads e-mails in Korean."""
    user = make_user("kim", language="ko", first_name="Min", last_name="Kim")
    return make_membership(beta_organization, user, role="lead", job_title="CEO")


@pytest.fixture
def held_meeting(make_scheduled_meeting: Any, event: Any, acme: Membership, beta: Membership):
    """Acme and Beta met at the first slot, table 1."""
    return make_scheduled_meeting(event, first=acme, second=beta, slot=0, table=1)


@pytest.fixture
def gamma(make_organization: Any, make_membership: Any, make_user: Any, event: Any) -> Membership:
    organization = make_organization(event, "GAMMA", name="Gamma Pharma", country="JP")
    return make_membership(organization, make_user("gina", first_name="Gina"), role="lead")
