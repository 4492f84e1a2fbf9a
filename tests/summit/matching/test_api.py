"""The matching endpoints of the REST API: same rules and domain as the pages."""

from __future__ import annotations

import json

import pytest

from summit.api.domain.tokens import create_api_token
from summit.matching.domain.recommendations import recompute_recommendations
from summit.matching.domain.screening import load_example_watchlist
from summit.matching.models import Dismissal, WatchListHit

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


@pytest.fixture
def tokens(organizer, participant, other_participant):
    return {
        "organizer": create_api_token(user=organizer, name="t")[1],
        "participant": create_api_token(user=participant, name="t")[1],
        "other": create_api_token(user=other_participant, name="t")[1],
    }


def _call(client, method, url, token=None, body=None):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    if body is None:
        return getattr(client, method)(url, **headers)
    return getattr(client, method)(
        url, json.dumps(body), content_type="application/json", **headers
    )


def _recommendations_url(org_id):
    return f"/api/events/bio-summit/organizations/{org_id}/recommendations"


@pytest.mark.parametrize(
    ("role", "org_id", "status"),
    [
        (None, "ACME", 401),
        ("other", "ACME", 404),
        ("participant", "ACME", 200),
        ("participant", "HANRIVER", 403),
        ("organizer", "HANRIVER", 200),
    ],
)
def test_read_recommendations_by_role(client, tokens, event, partners, role, org_id, status):
    recompute_recommendations(event=event)
    response = _call(client, "get", _recommendations_url(org_id), tokens.get(role))
    assert response.status_code == status


def test_recommendations_carry_partner_score_and_reasons(client, tokens, event, partners):
    recompute_recommendations(event=event)
    response = _call(client, "get", _recommendations_url("ACME"), tokens["participant"])
    items = response.json()
    assert [item["rank"] for item in items] == list(range(1, len(items) + 1))
    investor = next(item for item in items if item["partner"]["org_id"] == "HANRIVER")
    assert investor["partner"]["org_type"] == "investor"
    assert investor["reasons"] == investor["reasons_en"]
    assert investor["reasons_ko"][0].startswith("Han River Ventures: ")
    assert investor["score"] > 0


def test_recommendations_carry_strength_and_state(client, tokens, event, partners, participant):
    from summit.meetings.domain.requests import create_request
    from summit.organizations.models import Membership

    recompute_recommendations(event=event)
    me = Membership.objects.get(user=participant, event=event)
    create_request(sender=me, receiver_organization=partners["HANRIVER"])
    items = _call(client, "get", _recommendations_url("ACME"), tokens["participant"]).json()
    by_partner = {item["partner"]["org_id"]: item for item in items}
    assert by_partner["HANRIVER"]["state"] == "request_sent"
    assert {item["state"] for org_id, item in by_partner.items() if org_id != "HANRIVER"} == {""}
    assert items[0]["strength"] == 100
    assert [item["strength"] for item in items] == sorted(
        (item["strength"] for item in items), reverse=True
    )


def test_dismiss_by_api_removes_the_partner(client, tokens, event, partners):
    recompute_recommendations(event=event)
    url = _recommendations_url("ACME") + "/dismiss"
    response = _call(client, "post", url, tokens["participant"], {"partner": "HANRIVER"})
    assert response.status_code == 200
    assert response.json() == {"organization": "ACME", "partner": "HANRIVER"}
    listed = _call(client, "get", _recommendations_url("ACME"), tokens["participant"]).json()
    assert "HANRIVER" not in [item["partner"]["org_id"] for item in listed]


@pytest.mark.parametrize(
    ("role", "org_id", "partner", "status"),
    [
        ("other", "ACME", "HANRIVER", 404),
        ("participant", "HANRIVER", "ACME", 403),
        ("participant", "ACME", "", 422),
        ("participant", "ACME", "NOPE", 404),
        ("participant", "ACME", "ACME", 422),
        ("organizer", "HANRIVER", "ACME", 200),
    ],
)
def test_dismiss_by_api_rules(client, tokens, event, partners, role, org_id, partner, status):
    url = _recommendations_url(org_id) + "/dismiss"
    response = _call(client, "post", url, tokens[role], {"partner": partner})
    assert response.status_code == status
    assert Dismissal.objects.count() == (1 if status == 200 else 0)


@pytest.mark.parametrize(("role", "status"), [("other", 404), ("participant", 403)])
def test_hits_are_for_organizers_only(client, tokens, event, role, status):
    url = "/api/events/bio-summit/screening/hits"
    assert _call(client, "get", url, tokens[role]).status_code == status
    decision = {"hit": 1, "decision": "exclude"}
    response = _call(
        client, "post", "/api/events/bio-summit/screening/decisions", tokens[role], decision
    )
    assert response.status_code == status


def test_organizer_lists_and_decides_hits(client, tokens, event, make_organization):
    make_organization(event, "WUXI", name="WuXi Biologics", country="CN")
    load_example_watchlist(event=event)
    hits = _call(client, "get", "/api/events/bio-summit/screening/hits", tokens["organizer"]).json()
    assert len(hits) == 1
    assert hits[0]["organization"]["org_id"] == "WUXI"
    assert hits[0]["example"] is True
    assert hits[0]["decided"] is False
    url = "/api/events/bio-summit/screening/decisions"
    bad = _call(
        client, "post", url, tokens["organizer"], {"hit": hits[0]["id"], "decision": "maybe"}
    )
    assert bad.status_code == 422
    decided = _call(
        client, "post", url, tokens["organizer"], {"hit": hits[0]["id"], "decision": "exclude"}
    )
    assert decided.status_code == 200
    assert decided.json()["excluded"] is True
    assert WatchListHit.objects.get().excluded
