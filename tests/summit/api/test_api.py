"""The REST API: every endpoint as anonymous, other event's participant, participant and
organizer, with token and session authentication; same validation as the pages."""

import json

import pytest
from django.core.management import call_command

from summit.api.domain.tokens import authenticate_token, create_api_token, revoke_api_token
from summit.api.models import ApiToken
from summit.organizations.models import Organization

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
    data = json.dumps(body) if body is not None else None
    kwargs = {"content_type": "application/json"} if data is not None else {}
    return (
        getattr(client, method)(url, data, **kwargs, **headers)
        if data
        else getattr(client, method)(url, **headers)
    )


def test_token_is_stored_hashed_and_revocable(participant):
    token, secret = create_api_token(user=participant, name="script")
    assert secret.startswith("bp_")
    assert secret not in token.token_hash
    assert authenticate_token(raw=secret) == participant
    assert authenticate_token(raw=secret + "x") is None
    revoke_api_token(token=token)
    assert authenticate_token(raw=secret) is None


def test_create_api_token_command_prints_a_working_token(participant, capsys):
    call_command("create_api_token", "participant", "--name", "nightly export")
    secret = capsys.readouterr().out.strip()
    assert authenticate_token(raw=secret) == participant
    assert ApiToken.objects.get(user=participant).name == "nightly export"


def test_anonymous_and_bad_tokens_get_401(client, event):
    assert client.get("/api/events/").status_code == 401
    response = client.get("/api/events/", HTTP_AUTHORIZATION="Bearer bp_wrong")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"


@pytest.mark.parametrize(
    ("role", "slugs"),
    [("organizer", ["bio-summit"]), ("participant", ["bio-summit"]), ("other", ["other-summit"])],
)
def test_list_events_shows_own_events(client, tokens, event, other_event, role, slugs):
    response = _call(client, "get", "/api/events/", tokens[role])
    assert response.status_code == 200
    assert [item["slug"] for item in response.json()] == slugs


@pytest.mark.parametrize(
    ("role", "status"), [("organizer", 200), ("participant", 200), ("other", 404)]
)
def test_read_event(client, tokens, event, role, status):
    response = _call(client, "get", "/api/events/bio-summit", tokens[role])
    assert response.status_code == status
    if status == 200:
        assert response.json()["name_ko"] == "바이오 서밋"


@pytest.mark.parametrize(
    ("role", "status"), [("organizer", 200), ("participant", 403), ("other", 404)]
)
def test_update_event_is_for_organizers(client, tokens, event, role, status):
    response = _call(client, "patch", "/api/events/bio-summit", tokens[role], {"venue": "Hall C"})
    assert response.status_code == status
    event.refresh_from_db()
    assert (event.venue == "Hall C") == (status == 200)


def test_update_event_rejects_an_unknown_time_zone(client, tokens, event):
    response = _call(
        client, "patch", "/api/events/bio-summit", tokens["organizer"], {"time_zone": "Mars/Base"}
    )
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["time_zone"]


@pytest.mark.parametrize(("role", "status"), [("organizer", 201), ("participant", 403)])
def test_create_event_is_for_staff(client, tokens, event, role, status):
    response = _call(client, "post", "/api/events/", tokens[role], {"slug": "new", "name": "New"})
    assert response.status_code == status


@pytest.mark.parametrize(
    ("role", "status"), [("organizer", 200), ("participant", 200), ("other", 404)]
)
def test_list_organizations_with_filters(
    client, tokens, event, organization, make_organization, role, status
):
    make_organization(
        event, "CDMO", name="Make It", org_type="cdmo", offers=["manufacturing_capacity"]
    )
    url = "/api/events/bio-summit/organizations?org_type=cdmo"
    response = _call(client, "get", url, tokens[role])
    assert response.status_code == status
    if status == 200:
        assert response.json()["count"] == 1
        assert [item["org_id"] for item in response.json()["items"]] == ["CDMO"]


def test_list_organizations_paginates(client, tokens, event, organization, make_organization):
    for number in range(3):
        make_organization(event, f"X{number}", name=f"X {number}")
    response = _call(
        client,
        "get",
        "/api/events/bio-summit/organizations?limit=2&offset=1",
        tokens["participant"],
    )
    body = response.json()
    assert body["count"] == 4
    assert [item["org_id"] for item in body["items"]] == ["X0", "X1"]


@pytest.mark.parametrize(
    ("role", "status"), [("organizer", 200), ("participant", 200), ("other", 404)]
)
def test_read_organization(client, tokens, event, organization, role, status):
    response = _call(client, "get", "/api/events/bio-summit/organizations/ACME", tokens[role])
    assert response.status_code == status


@pytest.mark.parametrize(
    ("role", "status"), [("organizer", 200), ("participant", 200), ("other", 404)]
)
def test_update_own_organization(client, tokens, event, organization, role, status):
    body = {"website": "https://acme.example.org", "country": "South Korea"}
    response = _call(
        client, "patch", "/api/events/bio-summit/organizations/ACME", tokens[role], body
    )
    assert response.status_code == status
    if status == 200:
        assert response.json()["website"] == "https://acme.example.org"
        assert response.json()["country"] == "KR"


def test_participant_cannot_update_another_organization(
    client, tokens, event, participant, make_organization
):
    make_organization(event, "RIVAL", name="Rival")
    response = _call(
        client,
        "patch",
        "/api/events/bio-summit/organizations/RIVAL",
        tokens["participant"],
        {"name": "Mine"},
    )
    assert response.status_code == 403
    assert Organization.objects.get(org_id="RIVAL").name == "Rival"
    survey = _call(
        client, "get", "/api/events/bio-summit/organizations/RIVAL/survey", tokens["participant"]
    )
    assert survey.status_code == 403


@pytest.mark.parametrize(
    ("role", "status"), [("organizer", 200), ("participant", 200), ("other", 404)]
)
def test_read_survey(client, tokens, event, organization, role, status):
    response = _call(
        client, "get", "/api/events/bio-summit/organizations/ACME/survey", tokens[role]
    )
    assert response.status_code == status
    if status == 200:
        assert response.json()["modalities"] == ["mab"]


def test_submit_survey_with_labels_in_either_language(client, tokens, event, organization):
    body = {
        "submit": True,
        "modalities": ["Antibody-drug conjugate", "단일클론항체"],
        "seeks": ["funding"],
    }
    response = _call(
        client,
        "patch",
        "/api/events/bio-summit/organizations/ACME/survey",
        tokens["participant"],
        body,
    )
    assert response.status_code == 200
    assert response.json()["modalities"] == ["mab", "adc"]
    assert response.json()["survey_status"] == "submitted"


def test_survey_unknown_code_is_422_naming_field_and_suggestion(
    client, tokens, event, organization
):
    body = {"modalities": ["monoclonal antibodyy"]}
    response = _call(
        client,
        "patch",
        "/api/events/bio-summit/organizations/ACME/survey",
        tokens["participant"],
        body,
    )
    assert response.status_code == 422
    assert response.json()["errors"] == {
        "modalities": ["Unknown value “monoclonal antibodyy”. Did you mean “mab”?"]
    }
    organization.refresh_from_db()
    assert organization.modalities == ["mab"]


def test_session_authentication_works_for_the_browser(client, participant, event, organization):
    client.force_login(participant)
    assert client.get("/api/events/bio-summit/organizations/ACME").status_code == 200


def test_openapi_docs_are_served_without_a_cdn(client):
    schema = client.get("/api/openapi.json")
    assert schema.status_code == 200
    assert "/api/events/{slug}/organizations/{org_id}/survey" in schema.json()["paths"]
    docs = client.get("/api/docs")
    assert docs.status_code == 200
    assert b"cdn" not in docs.content.lower()
