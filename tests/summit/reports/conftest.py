"""A small known world for the report tests (numbers worked out by hand in the docstring).

Organizations (lead contact each): Alpha (KR biotech, oncology+cns, offers licensing out,
seeks funding), Beta (US global pharma, oncology, offers funding, seeks licensing in), Gamma
(JP CDMO, vaccines, offers manufacturing capacity), Delta (KR investor, oncology, offers
funding). Two days, 6 slots a day.

Meetings: m1 Alpha–Beta day 1 checked in (held); m2 Alpha–Gamma day 1 no-show; m3
Beta–Gamma day 2, Beta's feedback says it took place (held); m5 Alpha–Delta day 2 (not
recorded); m4 Gamma–Delta day 2 cancelled (left out everywhere). Requests: the five
accepted ones behind the meetings, Gamma → Delta declined, Beta → Delta pending.

Feedback: m1 Alpha strong (second meeting), m1 Beta some (information), m3 Beta some.
Deals: "Oncology licence" (license, signed, public, Alpha+Beta, from m1, 1,000,000 USD);
"Secret CDMO deal" (CDMO contract, signed, confidential, Alpha+Gamma, from m2, 5,000,000
USD); "Vaccine MOU" (MOU, discussing, public, Beta+Gamma, from m3).
"""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace
from typing import Any

import pytest
from django.utils import timezone

from summit.meetings.models import MeetingRequest
from summit.outcomes.models import Deal, DealParty, MeetingFeedback

PUBLIC_TITLE = "Oncology licence"
SECRET_TITLE = "Secret CDMO deal"
SECRET_PARTY = "Gamma Secretive CDMO"


def add_deal(
    *,
    event: Any,
    title: str,
    kind: str,
    stage: str,
    parties: list[Any],
    meetings: list[Any],
    confidential: bool = False,
    value: int | None = None,
    currency: str = "",
    signed_on: date | None = None,
) -> Deal:
    deal = Deal.objects.create(
        event=event,
        title=title,
        kind=kind,
        stage=stage,
        date=signed_on or date(2026, 10, 20),
        signed_on=signed_on,
        confidential=confidential,
        value=value,
        currency=currency,
        description=f"About {title}",
    )
    for organization in parties:
        DealParty.objects.create(deal=deal, organization=organization)
    deal.meetings.set(meetings)
    return deal


@pytest.fixture
def world(
    make_event: Any,
    make_organization: Any,
    make_membership: Any,
    organizer: Any,
    make_scheduled_meeting: Any,
) -> SimpleNamespace:
    event = make_event(
        "report-summit",
        days=2,
        organizer=organizer,
        name="Report Summit",
        name_ko="리포트 서밋",
        venue="COEX, Seoul",
    )
    alpha = make_organization(
        event,
        "ALPHA",
        name="Alpha Bio",
        name_local="알파 바이오",
        country="KR",
        org_type="biotech",
        therapeutic_areas=["oncology", "cns"],
        offers=["licensing_out"],
        seeks=["funding"],
    )
    beta = make_organization(
        event,
        "BETA",
        name="Beta Pharma",
        country="US",
        org_type="global_pharma",
        therapeutic_areas=["oncology"],
        offers=["funding"],
        seeks=["licensing_in"],
    )
    gamma = make_organization(
        event,
        "GAMMA",
        name=SECRET_PARTY,
        country="JP",
        org_type="cdmo",
        therapeutic_areas=["vaccines"],
        offers=["manufacturing_capacity"],
        seeks=["co_development"],
    )
    delta = make_organization(
        event,
        "DELTA",
        name="Delta Capital",
        country="KR",
        org_type="investor",
        therapeutic_areas=["oncology"],
        offers=["funding"],
        seeks=["market_access"],
    )
    leads = {org.org_id: make_membership(org, role="lead") for org in (alpha, beta, gamma, delta)}
    a, b, g, d = (leads[code] for code in ("ALPHA", "BETA", "GAMMA", "DELTA"))
    m1 = make_scheduled_meeting(event, first=a, second=b, slot=0, table=1, attendance="checked_in")
    m2 = make_scheduled_meeting(event, first=a, second=g, slot=1, table=1, attendance="no_show")
    m3 = make_scheduled_meeting(event, first=b, second=g, slot=6, table=1)
    m4 = make_scheduled_meeting(event, first=g, second=d, slot=7, table=1, status="cancelled")
    m5 = make_scheduled_meeting(event, first=a, second=d, slot=8, table=1)
    MeetingRequest.objects.create(
        event=event,
        sender=g,
        sender_organization=gamma,
        receiver_organization=delta,
        low_organization=min(gamma, delta, key=lambda o: o.pk),
        high_organization=max(gamma, delta, key=lambda o: o.pk),
        status="declined",
        answered_by=d,
        answered_by_organization=delta,
        answered_at=timezone.now(),
    )
    MeetingRequest.objects.create(
        event=event,
        sender=b,
        sender_organization=beta,
        receiver_organization=delta,
        low_organization=min(beta, delta, key=lambda o: o.pk),
        high_organization=max(beta, delta, key=lambda o: o.pk),
    )
    MeetingFeedback.objects.create(
        meeting=m1,
        organization=alpha,
        author=a,
        took_place=True,
        follow_up_interest="strong",
        next_step="second_meeting",
    )
    MeetingFeedback.objects.create(
        meeting=m1,
        organization=beta,
        author=b,
        took_place=True,
        follow_up_interest="some",
        next_step="information",
    )
    MeetingFeedback.objects.create(
        meeting=m3,
        organization=beta,
        author=b,
        took_place=True,
        follow_up_interest="some",
        next_step="none",
    )
    public = add_deal(
        event=event,
        title=PUBLIC_TITLE,
        kind="license",
        stage="signed",
        parties=[alpha, beta],
        meetings=[m1],
        value=1_000_000,
        currency="USD",
        signed_on=date(2026, 10, 30),
    )
    secret = add_deal(
        event=event,
        title=SECRET_TITLE,
        kind="cdmo_cmo_contract",
        stage="signed",
        parties=[alpha, gamma],
        meetings=[m2],
        confidential=True,
        value=5_000_000,
        currency="USD",
        signed_on=date(2026, 11, 2),
    )
    mou = add_deal(
        event=event,
        title="Vaccine MOU",
        kind="mou",
        stage="discussing",
        parties=[beta, gamma],
        meetings=[m3],
    )
    return SimpleNamespace(
        event=event,
        organizer=organizer,
        alpha=alpha,
        beta=beta,
        gamma=gamma,
        delta=delta,
        leads=leads,
        meetings=[m1, m2, m3, m4, m5],
        public=public,
        secret=secret,
        mou=mou,
    )
