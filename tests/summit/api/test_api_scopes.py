"""Token scopes: read for GET, write for changes, organizer for the events one organizes."""

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from summit.api.domain.tokens import create_api_token
from summit.api.models import ApiToken

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def _headers(user, *scopes):
    secret = create_api_token(user=user, name="t", scopes=scopes)[1]
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def test_read_scope_reads_but_cannot_write(client, participant, event):
    headers = _headers(participant, "read")
    assert client.get("/api/events/bio-summit", **headers).status_code == 200
    response = client.put(
        "/api/events/bio-summit/availability",
        {"unavailable_slot_ids": []},
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 403
    assert "write" in response.json()["detail"]


def test_write_scope_alone_cannot_read(client, participant, event):
    response = client.get("/api/events/bio-summit", **_headers(participant, "write"))
    assert response.status_code == 403
    assert "read" in response.json()["detail"]


def test_write_scope_writes(client, participant, event):
    response = client.put(
        "/api/events/bio-summit/availability",
        {"unavailable_slot_ids": []},
        content_type="application/json",
        **_headers(participant, "read", "write"),
    )
    assert response.status_code == 200


def test_organizer_without_organizer_scope_is_refused_on_own_event(client, organizer, event):
    headers = _headers(organizer, "read", "write")
    response = client.get("/api/events/bio-summit/schedule/meetings", **headers)
    assert response.status_code == 403
    assert "organizer" in response.json()["detail"]
    # Outside any event (the list of one's events) the token works.
    assert client.get("/api/events/", **headers).status_code == 200


def test_organizer_scope_acts_as_organizer(client, organizer, event):
    headers = _headers(organizer, "read", "organizer")
    assert client.get("/api/events/bio-summit/schedule/meetings", **headers).status_code == 200
    response = client.patch(
        "/api/events/bio-summit", {"venue": "Hall C"}, content_type="application/json", **headers
    )
    assert response.status_code == 403


def test_staff_token_without_organizer_scope_cannot_create_events(client, organizer):
    response = client.post(
        "/api/events/",
        {"slug": "new-summit", "name": "New"},
        content_type="application/json",
        **_headers(organizer, "read", "write"),
    )
    assert response.status_code == 403


def test_participant_scopes_unaffected_by_organizer_scope(client, participant, event):
    assert client.get("/api/events/bio-summit", **_headers(participant, "read")).status_code == 200


def test_create_api_token_refuses_unknown_or_no_scope(participant):
    with pytest.raises(ValidationError) as error:
        create_api_token(user=participant, name="t", scopes=["admin"])
    assert "scopes" in error.value.message_dict
    with pytest.raises(ValidationError):
        create_api_token(user=participant, name="t", scopes=[])


def test_create_api_token_command_limits_scopes(participant, capsys):
    call_command("create_api_token", "participant", "--scope", "read")
    capsys.readouterr()
    assert ApiToken.objects.get(user=participant).scopes == "read"
