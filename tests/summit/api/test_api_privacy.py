"""The API reveals nothing the pages would not, role by role: confidential deals of other
organizations, contact details before a request is accepted, other organizations' feedback.

Each test compares the API with the page of the same thing for the same user, so a rule
changed in one place and not the other fails here.
"""

from datetime import date

import pytest

from summit.api.domain.tokens import create_api_token
from summit.meetings.domain.requests import accept_request, create_request
from summit.outcomes.domain.deals import DealData, record_deal
from summit.outcomes.domain.feedback import save_feedback

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

BASE = "/api/events/bio-summit"
SECRET_NOTE = "their-side-secret-note"
OWN_NOTE = "our-own-note"


@pytest.fixture(autouse=True)
def _feedback_open(settings):
    settings.SUMMIT_FEEDBACK_DAYS = 10_000


@pytest.fixture
def world(
    event,
    participant,
    organizer,
    make_organization,
    make_membership,
    make_user,
    make_scheduled_meeting,
):
    """Acme (the participant) met Beta; Beta and Gamma have a confidential deal, Acme and Beta
    a confidential one and a public one; Beta's people wrote feedback on the meeting, as did
    Acme; Delta asked Acme for a meeting, not yet answered."""
    acme = participant.memberships.select_related("organization").get()
    beta = make_membership(
        make_organization(event, "BETA"),
        make_user("beta", email="beta-bd@example.org"),
        phone="+82-2-555-0101",
    )
    gamma = make_membership(make_organization(event, "GAMMA"))
    delta = make_membership(
        make_organization(event, "DELTA"),
        make_user("delta", email="delta-bd@example.org"),
        phone="+49-30-555-0199",
    )
    meeting = make_scheduled_meeting(event, first=acme, second=beta)
    save_feedback(
        meeting=meeting,
        membership=beta,
        took_place=False,
        follow_up_interest="none",
        note=SECRET_NOTE,
    )
    save_feedback(
        meeting=meeting,
        membership=acme,
        took_place=True,
        follow_up_interest="strong",
        note=OWN_NOTE,
    )

    def deal(recorder, parties, confidential, title):
        data = DealData(
            title=title,
            kind="mou",
            stage="discussing",
            date=date(2026, 11, 1),
            organizations=[p.organization for p in parties],
            confidential=confidential,
        )
        return record_deal(event=event, user=recorder.user, data=data)

    deals = {
        "hidden": deal(beta, [beta, gamma], True, "Beta-Gamma secret"),
        "own_confidential": deal(beta, [acme, beta], True, "Acme-Beta secret"),
        "public": deal(beta, [beta, gamma], False, "Beta-Gamma public"),
    }
    pending = create_request(sender=delta, receiver_organization=acme.organization)
    return {
        "acme": acme,
        "beta": beta,
        "delta": delta,
        "deals": deals,
        "pending": pending,
        "meeting": meeting,
    }


def _token(user):
    return {"HTTP_AUTHORIZATION": f"Bearer {create_api_token(user=user, name='t')[1]}"}


def _visible_on_page(client, user, deal):
    client.force_login(user)
    status = client.get(f"/e/bio-summit/outcomes/deals/{deal.pk}/").status_code
    client.logout()
    return status == 200


def test_participant_api_shows_the_deals_its_pages_show(client, world, participant):
    headers = _token(participant)
    listed = {item["id"] for item in client.get(f"{BASE}/deals", **headers).json()["items"]}
    for name, deal in world["deals"].items():
        on_page = _visible_on_page(client, participant, deal)
        in_api = client.get(f"{BASE}/deals/{deal.pk}", **headers).status_code == 200
        assert in_api == on_page == (deal.pk in listed), name
    assert world["deals"]["hidden"].pk not in listed
    body = client.get(f"{BASE}/deals", {"limit": 200}, **headers).content.decode()
    assert "Beta-Gamma secret" not in body


def test_participant_api_shows_only_own_organizations_feedback(client, world, participant):
    body = client.get(f"{BASE}/feedback", **_token(participant)).json()
    assert [row["org_id"] for row in body["items"]] == ["ACME"]
    for url in (
        f"{BASE}/feedback",
        f"{BASE}/schedule/meetings",
        f"{BASE}/agenda",
        f"{BASE}/organizations/ACME/agenda",
    ):
        assert SECRET_NOTE not in client.get(url, **_token(participant)).content.decode(), url
    client.force_login(participant)
    page = client.get("/e/bio-summit/outcomes/").content.decode()
    assert OWN_NOTE in page or "strong" in page
    assert SECRET_NOTE not in page


def test_participant_api_hides_contacts_until_accepted(client, world, participant):
    headers = _token(participant)
    pending = world["pending"]
    url = f"{BASE}/meeting-requests/{pending.pk}"
    before = client.get(url, **headers)
    assert before.json()["contacts"] == []
    listed = client.get(f"{BASE}/meeting-requests", **headers).content.decode()
    for secret in ("delta-bd@example.org", "+49-30-555-0199"):
        assert secret not in before.content.decode()
        assert secret not in listed
    accept_request(meeting_request=pending, answerer=world["acme"])
    after = client.get(url, **headers).json()
    assert [c["email"] for c in after["contacts"]] == ["delta-bd@example.org"]


def test_organizer_api_shows_every_deal_and_answer_as_its_pages(client, world, organizer):
    headers = _token(organizer)
    listed = {item["id"] for item in client.get(f"{BASE}/deals", **headers).json()["items"]}
    assert listed == {deal.pk for deal in world["deals"].values()}
    for deal in world["deals"].values():
        assert _visible_on_page(client, organizer, deal)
    notes = {row["note"] for row in client.get(f"{BASE}/feedback", **headers).json()["items"]}
    assert notes == {SECRET_NOTE, OWN_NOTE}


def test_other_events_participant_sees_nothing(client, world, other_participant):
    headers = _token(other_participant)
    for url in (
        f"{BASE}/deals",
        f"{BASE}/feedback",
        f"{BASE}/schedule/meetings",
        f"{BASE}/deals/{world['deals']['public'].pk}",
        f"{BASE}/meeting-requests/{world['pending'].pk}",
    ):
        assert client.get(url, **headers).status_code == 404, url
