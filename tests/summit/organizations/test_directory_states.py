"""The directory knows the participant's state with each organization and who wants what
the participant's organization offers."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from summit.meetings.domain.requests import create_request
from summit.organizations.models import Membership

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


@pytest.fixture
def me(participant, event):
    membership = Membership.objects.select_related("organization").get(
        user=participant, event=event
    )
    membership.organization.offers = ["licensing_out"]
    membership.organization.save()
    return membership


def _directory(event):
    return reverse("organizations:directory", kwargs={"slug": event.slug})


def test_wants_what_we_offer_keeps_organizations_seeking_our_offers(
    client, participant, event, me, make_organization
):
    make_organization(event, "SEEKER", name="Licensee Pharma", seeks=["licensing_in"])
    make_organization(event, "OTHER", name="Money Seeker", seeks=["funding"])
    client.force_login(participant)
    page = client.get(_directory(event), {"wants_my_offers": "on"}).content.decode()
    assert "Licensee Pharma" in page
    assert "Money Seeker" not in page
    assert "Acme Biologics" not in page


def test_directory_marks_partners_already_asked(
    client, participant, event, me, make_organization, make_membership
):
    asked = make_organization(event, "ASKED", name="Asked Org")
    make_membership(asked, role="lead")
    make_organization(event, "FRESH", name="Fresh Org")
    create_request(sender=me, receiver_organization=asked)
    client.force_login(participant)
    page = client.get(_directory(event)).content.decode()
    asked_actions = page[page.index('id="partner-actions-ASKED"') :]
    asked_actions = asked_actions[: asked_actions.index("</td>")]
    assert "Request sent" in asked_actions
    assert "Request a meeting" not in asked_actions
    fresh = page[page.index('id="partner-actions-FRESH"') :]
    assert "Request a meeting" in fresh[: fresh.index("</td>")]


def test_directory_queries_stay_flat_for_a_participant(
    client, participant, event, me, make_organization, make_membership
):
    client.force_login(participant)
    counts = []
    made = []
    for size in (1, 3):
        while len(made) < size:
            organization = make_organization(event, f"D{len(made)}", name=f"Dir {len(made)}")
            make_membership(organization, role="lead")
            create_request(sender=me, receiver_organization=organization)
            made.append(organization)
        with CaptureQueriesContext(connection) as queries:
            page = client.get(_directory(event), {"q": "Dir"}).content.decode()
        assert page.count('id="partner-actions-') == size
        counts.append(len(queries))
    assert counts[0] == counts[1]
