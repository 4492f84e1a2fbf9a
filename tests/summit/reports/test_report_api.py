"""The report's figures in the API: the dashboard's numbers, organizers only, filters
checked, confidential deals counted but never named."""

from datetime import date

import pytest

from summit.outcomes.domain.deals import DealData, record_deal

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

URL = "/api/events/bio-summit/report"


def test_report_gives_headline_figures_to_organizers(
    client, api_auth, event, organizer, participant, make_scheduled_meeting, make_organization
):
    me = participant.memberships.get()
    make_scheduled_meeting(event, first=me)
    partner = make_organization(event, "BETA")
    data = DealData(
        title="Secret licence",
        kind="license",
        stage="signed",
        date=date(2026, 11, 1),
        organizations=[me.organization, partner],
        confidential=True,
    )
    record_deal(event=event, user=organizer, data=data)
    response = client.get(URL, **api_auth("organizer"))
    assert response.status_code == 200
    body = response.json()
    figures = {item["key"]: item["value"] for item in body["headline"]}
    assert figures["meetings_scheduled"] == 1
    assert figures["deals_confidential"] == 1
    assert "Secret licence" not in response.content.decode()
    assert {section["key"] for section in body["sections"]} >= {"signed_deals"}


def test_report_is_for_organizers(client, api_auth, event):
    assert client.get(URL, **api_auth("participant")).status_code == 403


def test_report_filters_name_unknown_day_and_type(client, api_auth, event):
    response = client.get(URL, {"day": "2030-01-01", "org_type": "bakery"}, **api_auth("organizer"))
    assert response.status_code == 422
    assert set(response.json()["errors"]) == {"day", "org_type"}
    day = event.days.get().date.isoformat()
    assert (
        client.get(URL, {"day": day, "org_type": "biotech"}, **api_auth("organizer")).json()["day"]
        == day
    )
