"""Fixtures of the meeting tests: two organizations of ``event`` with people, and a request."""

from __future__ import annotations

from typing import Any

import pytest

from summit.meetings.domain.requests import create_request
from summit.organizations.models import Membership


@pytest.fixture
def sender(participant: Any, event: Any) -> Membership:
    """Pat Participant of Acme Biologics (the ready-made participant)."""
    return Membership.objects.select_related("organization", "user").get(
        user=participant, event=event
    )


@pytest.fixture
def receiver_organization(make_organization: Any, event: Any) -> Any:
    return make_organization(event, "BETA", name="Beta Therapeutics", name_local="베타 테라퓨틱스")


@pytest.fixture
def receiver(make_user: Any, make_membership: Any, receiver_organization: Any) -> Membership:
    """Kim of Beta Therapeutics, who reads e-mails in Korean."""
    user = make_user("kim", language="ko", first_name="Min", last_name="Kim")
    return make_membership(
        receiver_organization, user, role="lead", job_title="CEO", phone="+82 2 555 0100"
    )


@pytest.fixture
def receiver_colleague(make_user: Any, make_membership: Any, receiver_organization: Any) -> Any:
    user = make_user("lee", first_name="Ji", last_name="Lee")
    return make_membership(receiver_organization, user, job_title="BD Manager")


@pytest.fixture
def pending_request(sender: Membership, receiver_organization: Any, receiver: Membership) -> Any:
    return create_request(
        sender=sender,
        receiver_organization=receiver_organization,
        message="We would like to discuss a licensing deal.",
        priority="high",
    )
