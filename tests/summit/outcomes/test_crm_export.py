"""The CRM export: HubSpot's and Salesforce's import columns, formula-safe cells, and the
pages' privacy (a participant exports only their own organization's meetings and deals)."""

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from summit.outcomes.domain.deals import DealData, record_deal
from summit.outcomes.interfaces.crm import (
    HUBSPOT_DEAL_COLUMNS,
    HUBSPOT_MEETING_COLUMNS,
    SALESFORCE_DEAL_COLUMNS,
    SALESFORCE_MEETING_COLUMNS,
)

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

URL = "/api/events/bio-summit/crm-export"


def _rows(response):
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


@pytest.fixture
def world(
    event, participant, organizer, make_organization, make_membership, make_scheduled_meeting
):
    me = participant.memberships.select_related("organization").get()
    beta = make_membership(
        make_organization(
            event, "BETA", name='=HYPERLINK("x")', website="https://www.beta.example/"
        )
    )
    gamma = make_membership(make_organization(event, "GAMMA", name="Gamma"))
    delta = make_membership(make_organization(event, "DELTA", name="Delta"))
    meeting = make_scheduled_meeting(event, first=me, second=beta, attendance="no_show")
    make_scheduled_meeting(event, first=gamma, second=delta, slot=1)

    def deal(parties, title, **fields):
        data = DealData(
            title=title,
            kind="license",
            stage="term_sheet",
            date=date(2026, 11, 2),
            organizations=[p.organization for p in parties],
            **fields,
        )
        return record_deal(event=event, user=organizer, data=data)

    deal(
        [me, beta],
        "Acme-Beta licence",
        value=Decimal("2500000.00"),
        currency="USD",
        confidential=True,
    )
    deal([gamma, delta], "Gamma-Delta public")
    deal([gamma, delta], "Gamma-Delta secret", confidential=True)
    return {"meeting": meeting}


def test_hubspot_deals_have_its_columns_and_the_participants_own_deals(client, api_auth, world):
    rows = _rows(client.get(f"{URL}/hubspot/deals", **api_auth("participant")))
    assert tuple(rows[0]) == HUBSPOT_DEAL_COLUMNS
    [row] = rows[1:]
    record = dict(zip(rows[0], row, strict=True))
    assert record["Deal name"] == "Acme-Beta licence"
    assert record["Pipeline"] == "Sales Pipeline"
    assert record["Deal stage"] == "Contract Sent"
    assert record["Amount"] == "2500000.00"
    assert record["Close date"] == "2026-11-02"
    # The other party, its name neutralised for spreadsheets, its domain for HubSpot's match.
    assert record["Company name"] == '\'=HYPERLINK("x")'
    assert record["Company domain name"] == "beta.example"


def test_salesforce_deals_for_organizers_hold_every_deal(client, api_auth, world):
    rows = _rows(client.get(f"{URL}/salesforce/deals", **api_auth("organizer")))
    assert tuple(rows[0]) == SALESFORCE_DEAL_COLUMNS
    names = {row[0] for row in rows[1:]}
    assert names == {"Acme-Beta licence", "Gamma-Delta public", "Gamma-Delta secret"}
    assert {row[1] for row in rows[1:]} == {"Negotiation/Review"}


def test_meetings_export_in_both_systems_with_outcome_and_utc_times(client, api_auth, world):
    hubspot = _rows(client.get(f"{URL}/hubspot/meetings", **api_auth("participant")))
    assert tuple(hubspot[0]) == HUBSPOT_MEETING_COLUMNS
    [row] = hubspot[1:]
    record = dict(zip(hubspot[0], row, strict=True))
    assert record["Meeting outcome"] == "No Show"
    assert record["Meeting start time"].endswith("Z")
    assert record["Meeting location"] == "Table 1"
    salesforce = _rows(client.get(f"{URL}/salesforce/meetings", **api_auth("organizer")))
    assert tuple(salesforce[0]) == SALESFORCE_MEETING_COLUMNS
    assert len(salesforce) == 3


def test_crm_export_refuses_unknown_system(client, api_auth, world):
    response = client.get(f"{URL}/pipedrive/deals", **api_auth("organizer"))
    assert response.status_code == 422
    assert "system" in response.json()["errors"]


@pytest.mark.parametrize("count", [1, 3])
def test_crm_deal_export_query_count_does_not_grow(
    client, api_auth, event, participant, count, make_organization, organizer
):
    me = participant.memberships.get()
    for number in range(count):
        data = DealData(
            title=f"D{number}",
            kind="mou",
            stage="discussing",
            date=date(2026, 11, 1),
            organizations=[me.organization, make_organization(event)],
        )
        record_deal(event=event, user=organizer, data=data)
    with CaptureQueriesContext(connection) as queries:
        rows = _rows(client.get(f"{URL}/hubspot/deals", **api_auth("organizer")))
    assert len(rows) == count + 1
    assert len(queries) <= 9, "\n".join(q["sql"][:90] for q in queries.captured_queries)


def test_deal_pages_link_the_crm_files_downloadable_with_the_session(
    client, world, organizer, participant
):
    client.force_login(organizer)
    page = client.get("/e/bio-summit/outcomes/deals/").content.decode()
    assert f"{URL}/salesforce/deals" in page
    rows = _rows(client.get(f"{URL}/salesforce/deals"))
    assert len(rows) == 4
    client.force_login(participant)
    assert f"{URL}/hubspot/meetings" in client.get("/e/bio-summit/outcomes/").content.decode()
