"""A small known world for the program tests (worked out by hand below).

Program Summit: two days (6 Oct and 7 Oct 2026, 09:00–12:00 KST, six 30-minute slots a
day), four tables. ``NOW`` is 6 Oct 12:00 KST: the first day's slots have ended.

Organizations and people (language in brackets):
- Alpha (survey submitted): alpha_lead [ko]
- Beta (submitted): beta_lead [en]
- Gamma (draft): gamma_lead [ko], gamma_member [en]
- Delta (draft): delta_lead [en], without an e-mail address (never counted)

Requests: Beta → Gamma pending, to the whole organization, sent 5 days before NOW;
Delta → Alpha pending, to alpha_lead, sent 1 day before NOW; Beta → Delta declined.
Meetings (accepted requests behind them): m1 Alpha–Beta slot 0 (09:00), Alpha's feedback
given; m2 Alpha–Gamma slot 1 (09:30), no feedback.

So: no survey = gamma_lead, gamma_member (Gamma; Delta's lead has no address); requests to
answer = gamma_lead, gamma_member (1 each), alpha_lead (1); feedback due = beta_lead (m1),
alpha_lead and gamma_lead (m2).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace
from typing import Any

import pytest

from summit.meetings.models import MeetingRequest
from summit.outcomes.models import MeetingFeedback

NOW = datetime(2026, 10, 6, 3, 0, tzinfo=UTC)


def add_request(
    *,
    event: Any,
    sender: Any,
    receiver: Any,
    status: str = "pending",
    person: Any = None,
    sent: datetime | None = None,
) -> MeetingRequest:
    low, high = sorted([sender.organization, receiver], key=lambda o: o.pk)
    answered = status in ("accepted", "declined")
    meeting_request = MeetingRequest.objects.create(
        event=event,
        sender=sender,
        sender_organization=sender.organization,
        receiver_organization=receiver,
        receiver_person=person,
        low_organization=low,
        high_organization=high,
        status=status,
        answered_by_organization=receiver if answered else None,
    )
    if sent is not None:
        MeetingRequest.objects.filter(pk=meeting_request.pk).update(created=sent)
    return meeting_request


@pytest.fixture
def world(
    make_event: Any,
    make_organization: Any,
    make_membership: Any,
    make_user: Any,
    organizer: Any,
    make_scheduled_meeting: Any,
) -> SimpleNamespace:
    event = make_event(
        "program-summit",
        days=2,
        organizer=organizer,
        name="Program Summit",
        name_ko="프로그램 서밋",
    )
    alpha = make_organization(event, "ALPHA", name="Alpha Bio", name_local="알파 바이오")
    beta = make_organization(event, "BETA", name="Beta Pharma", country="US")
    gamma = make_organization(event, "GAMMA", name="Gamma Vaccines", survey_status="draft")
    delta = make_organization(event, "DELTA", name="Delta Capital", survey_status="draft")
    for organization in (alpha, beta):
        organization.survey_status = "submitted"
        organization.save(update_fields=["survey_status"])

    def person(organization: Any, name: str, language: str, **fields: Any) -> Any:
        user = make_user(name, language=language, first_name=name.title(), **fields)
        return make_membership(organization, user, role="lead")

    alpha_lead = person(alpha, "alpha", "ko")
    beta_lead = person(beta, "beta", "en")
    gamma_lead = person(gamma, "gamma", "ko")
    gamma_member = person(gamma, "gammatwo", "en")
    delta_lead = person(delta, "delta", "en", email="")
    add_request(event=event, sender=beta_lead, receiver=gamma, sent=NOW - timedelta(days=5))
    add_request(
        event=event,
        sender=delta_lead,
        receiver=alpha,
        person=alpha_lead,
        sent=NOW - timedelta(days=1),
    )
    add_request(event=event, sender=beta_lead, receiver=delta, status="declined")
    m1 = make_scheduled_meeting(event, first=alpha_lead, second=beta_lead, slot=0, table=1)
    m2 = make_scheduled_meeting(event, first=alpha_lead, second=gamma_lead, slot=1, table=2)
    MeetingFeedback.objects.create(
        meeting=m1,
        organization=alpha,
        author=alpha_lead,
        took_place=True,
        follow_up_interest="some",
    )
    return SimpleNamespace(
        event=event,
        organizer=organizer,
        alpha=alpha,
        beta=beta,
        gamma=gamma,
        delta=delta,
        alpha_lead=alpha_lead,
        beta_lead=beta_lead,
        gamma_lead=gamma_lead,
        gamma_member=gamma_member,
        delta_lead=delta_lead,
        m1=m1,
        m2=m2,
    )
