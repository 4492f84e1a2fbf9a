"""Feedback and deals in the API: the pages' rules, writes, pages, ETag/304, queries."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from summit.outcomes.domain.deals import DealData, record_deal
from summit.outcomes.domain.feedback import save_feedback
from summit.outcomes.models import Deal

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

BASE = "/api/events/bio-summit"


@pytest.fixture(autouse=True)
def _feedback_open(settings):
    # The test event's meetings were in October; keep its feedback period open.
    settings.SUMMIT_FEEDBACK_DAYS = 10_000


@pytest.fixture
def me(participant):
    return participant.memberships.select_related("organization").get()


@pytest.fixture
def beta(event, make_organization, make_membership):
    return make_membership(make_organization(event, "BETA", name="Beta Therapeutics"))


@pytest.fixture
def meeting(event, me, beta, make_scheduled_meeting):
    return make_scheduled_meeting(event, first=me, second=beta)


def _put(client, url, headers, body):
    return client.put(url, body, content_type="application/json", **headers)


def _patch(client, url, headers, body):
    return client.patch(url, body, content_type="application/json", **headers)


def _post(client, url, headers, body=None):
    return client.post(url, body or {}, content_type="application/json", **headers)


def test_participant_gives_feedback_and_reads_it_back(client, api_auth, meeting):
    url = f"{BASE}/schedule/meetings/{meeting.pk}/feedback"
    body = {"took_place": True, "follow_up_interest": "strong", "next_step": "second_meeting"}
    response = _put(client, url, api_auth("participant"), body)
    assert response.status_code == 200
    assert response.json()["partner_org_id"] == "BETA"
    listed = client.get(f"{BASE}/feedback", **api_auth("participant")).json()
    assert [row["follow_up_interest"] for row in listed["items"]] == ["strong"]


def test_feedback_needs_details_for_other_next_step(client, api_auth, meeting):
    url = f"{BASE}/schedule/meetings/{meeting.pk}/feedback"
    body = {"took_place": True, "follow_up_interest": "some", "next_step": "other"}
    response = _put(client, url, api_auth("participant"), body)
    assert response.status_code == 422
    assert "next_step_text" in response.json()["errors"]


def test_feedback_on_a_meeting_of_others_is_404(client, api_auth, event, make_scheduled_meeting):
    others = make_scheduled_meeting(event, slot=1)
    url = f"{BASE}/schedule/meetings/{others.pk}/feedback"
    body = {"took_place": True, "follow_up_interest": "some"}
    assert _put(client, url, api_auth("participant"), body).status_code == 404


def test_participant_records_deal_from_crm_confirmed_for_own_side(client, api_auth, meeting, beta):
    body = {
        "title": "Licence of ACM-12",
        "kind": "license",
        "stage": "term_sheet",
        "date": "2026-11-02",
        "party_org_ids": ["ACME", "BETA"],
        "value": "1500000.00",
        "currency": "usd",
        "meeting_ids": [meeting.pk],
    }
    response = _post(client, f"{BASE}/deals", api_auth("participant"), body)
    assert response.status_code == 201, response.json()
    deal = response.json()
    assert deal["value"] == "1500000.00"
    assert deal["currency"] == "USD"
    assert {p["org_id"]: p["confirmed"] for p in deal["parties"]} == {"ACME": True, "BETA": False}
    assert deal["meeting_ids"] == [meeting.pk]


def test_record_deal_names_unknown_codes_and_meetings(client, api_auth, event):
    body = {
        "title": "X",
        "kind": "mou",
        "date": "2026-11-02",
        "party_org_ids": ["ACME", "NOPE"],
        "meeting_ids": [987654],
    }
    response = _post(client, f"{BASE}/deals", api_auth("participant"), body)
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert "NOPE" in errors["party_org_ids"][0]
    assert "987654" in errors["meeting_ids"][0]
    assert not Deal.objects.exists()


def test_record_deal_for_other_organizations_refused_for_participants(
    client, api_auth, event, beta, make_organization
):
    make_organization(event, "GAMMA")
    body = {"title": "X", "kind": "mou", "date": "2026-11-02", "party_org_ids": ["BETA", "GAMMA"]}
    response = _post(client, f"{BASE}/deals", api_auth("participant"), body)
    assert response.status_code == 422
    assert "organizations" in response.json()["errors"]


def _deal(event, user, organizations, *, confidential=False, title="Deal"):
    data = DealData(
        title=title,
        kind="mou",
        stage="discussing",
        date=date(2026, 11, 1),
        organizations=organizations,
        confidential=confidential,
    )
    return record_deal(event=event, user=user, data=data)


def test_stage_change_backwards_needs_reason_and_confirm(client, api_auth, event, me, beta):
    deal = _deal(event, beta.user, [me.organization, beta.organization])
    url = f"{BASE}/deals/{deal.pk}"
    moved = _post(
        client, f"{url}/stage", api_auth("participant"), {"stage": "signed", "date": "2026-11-05"}
    )
    assert moved.json()["stage"] == "signed"
    back = _post(
        client,
        f"{url}/stage",
        api_auth("participant"),
        {"stage": "discussing", "date": "2026-11-06"},
    )
    assert back.status_code == 422
    assert "reason" in back.json()["errors"]
    confirmed = _post(client, f"{url}/confirm", api_auth("participant"))
    assert confirmed.status_code == 200
    assert _post(client, f"{url}/confirm", api_auth("organizer")).status_code == 403


def test_deals_filter_and_answer_304_until_a_confirmation(client, api_auth, event, me, beta):
    deal = _deal(event, beta.user, [me.organization, beta.organization])
    first = client.get(f"{BASE}/deals", {"org_id": "ACME"}, **api_auth("participant"))
    assert first.json()["count"] == 1
    assert (
        client.get(f"{BASE}/deals", {"stage": "signed"}, **api_auth("participant")).json()["count"]
        == 0
    )
    headers = {"HTTP_IF_NONE_MATCH": first["ETag"], **api_auth("participant")}
    assert client.get(f"{BASE}/deals", {"org_id": "ACME"}, **headers).status_code == 304
    _post(client, f"{BASE}/deals/{deal.pk}/confirm", api_auth("participant"))
    assert client.get(f"{BASE}/deals", {"org_id": "ACME"}, **headers).status_code == 200


@pytest.mark.parametrize("count", [1, 3])
def test_deal_list_query_count_does_not_grow(client, api_auth, event, me, count, make_organization):
    for number in range(count):
        partner = make_organization(event)
        _deal(event, me.user, [me.organization, partner], title=f"Deal {number}")
    headers = api_auth("organizer")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"{BASE}/deals", **headers)
    assert response.json()["count"] == count
    assert len(queries) <= 11, "\n".join(q["sql"][:90] for q in queries.captured_queries)


@pytest.mark.parametrize("count", [1, 3])
def test_feedback_list_query_count_does_not_grow(
    client, api_auth, event, me, count, make_scheduled_meeting
):
    for slot in range(count):
        meeting = make_scheduled_meeting(event, first=me, slot=slot)
        save_feedback(meeting=meeting, membership=me, took_place=True, follow_up_interest="some")
    headers = api_auth("organizer")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"{BASE}/feedback", **headers)
    assert response.json()["count"] == count
    assert len(queries) <= 10, "\n".join(q["sql"][:90] for q in queries.captured_queries)


def test_deal_sent_twice_from_a_crm_is_recorded_once(client, api_auth, event, me, beta):
    body = {
        "title": "Licence",
        "kind": "license",
        "date": "2026-11-02",
        "party_org_ids": ["ACME", "BETA"],
        "crm_id": "HS-19023",
    }
    first = _post(client, f"{BASE}/deals", api_auth("participant"), body)
    assert first.status_code == 201
    again = _post(client, f"{BASE}/deals", api_auth("participant"), body)
    assert again.status_code == 409
    assert str(first.json()["id"]) in again.json()["errors"]["crm_id"][0]
    # Another side's CRM may use the same number.
    assert _post(client, f"{BASE}/deals", api_auth("organizer"), body).status_code == 201
    found = client.get(f"{BASE}/deals", {"crm_id": "HS-19023"}, **api_auth("participant")).json()
    assert found["count"] == 2
    assert Deal.objects.filter(crm_id="HS-19023").count() == 2


def test_deal_details_change_by_patch_keeping_the_rest(client, api_auth, event, me, beta):
    deal = _deal(event, beta.user, [me.organization, beta.organization], title="MOU")
    url = f"{BASE}/deals/{deal.pk}"
    body = {"value": "900000", "currency": "EUR", "title": "MOU on ADC"}
    response = _patch(client, url, api_auth("participant"), body)
    assert response.status_code == 200, response.json()
    changed = response.json()
    assert (changed["title"], changed["value"], changed["currency"]) == (
        "MOU on ADC",
        "900000.00",
        "EUR",
    )
    assert {p["org_id"] for p in changed["parties"]} == {"ACME", "BETA"}
    cleared = client.patch(
        url, {"value": None}, content_type="application/json", **api_auth("organizer")
    )
    assert cleared.json()["value"] is None
    refused = client.patch(
        url, {"title": None}, content_type="application/json", **api_auth("organizer")
    )
    assert refused.status_code == 422
