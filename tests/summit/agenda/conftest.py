"""Fixtures of the agenda tests: the participant's membership and a Korean partner."""

from __future__ import annotations

from typing import Any

import pytest

from summit.organizations.models import Membership


@pytest.fixture
def me(participant: Any, event: Any) -> Membership:
    """Pat Participant of Acme Biologics (the ready-made participant)."""
    return Membership.objects.select_related("organization", "user").get(
        user=participant, event=event
    )


@pytest.fixture
def partner_organization(make_organization: Any, event: Any) -> Any:
    return make_organization(event, "BETA", name="Beta Therapeutics", name_local="베타 테라퓨틱스")


@pytest.fixture
def partner(make_user: Any, make_membership: Any, partner_organization: Any) -> Membership:
    """Min Kim of Beta Therapeutics, who reads in Korean."""
    user = make_user("kim", language="ko", first_name="Min", last_name="Kim")
    return make_membership(partner_organization, user, role="lead", job_title="CEO")
