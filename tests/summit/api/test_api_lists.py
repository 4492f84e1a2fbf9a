"""Conditional GET on the older lists (directory, meeting requests): ETag, 304, and a new
answer as soon as anything in the list changes."""

import pytest

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def test_directory_answers_304_until_an_organization_changes(client, api_auth, event, organization):
    url = "/api/events/bio-summit/organizations"
    first = client.get(url, **api_auth("participant"))
    assert "Authorization" in first["Vary"]
    headers = {"HTTP_IF_NONE_MATCH": first["ETag"], **api_auth("participant")}
    assert client.get(url, **headers).status_code == 304
    organization.name = "Acme Biologics Ltd"
    organization.save()
    assert client.get(url, **headers).status_code == 200


def test_meeting_requests_answer_304_while_unchanged(client, api_auth, event, organization):
    url = "/api/events/bio-summit/meeting-requests"
    first = client.get(url, **api_auth("participant"))
    headers = {"HTTP_IF_NONE_MATCH": first["ETag"], **api_auth("participant")}
    assert client.get(url, **headers).status_code == 304
    url = "/api/events/bio-summit/all-meeting-requests"
    first = client.get(url, **api_auth("organizer"))
    headers = {"HTTP_IF_NONE_MATCH": first["ETag"], **api_auth("organizer")}
    assert client.get(url, **headers).status_code == 304


def test_lists_without_validators_answer_in_full(client, api_auth, event):
    response = client.get(
        "/api/events/bio-summit/organizations",
        HTTP_IF_NONE_MATCH='"other"',
        **api_auth("organizer"),
    )
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-cache"
