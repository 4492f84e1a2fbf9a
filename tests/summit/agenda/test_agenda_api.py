"""Agendas in the API: the same rules as the agenda pages, ETag/304, fixed query count."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


@pytest.fixture
def me(participant):
    return participant.memberships.get()


def test_agenda_shows_own_meetings_by_day(client, api_auth, event, me, make_scheduled_meeting):
    meeting = make_scheduled_meeting(event, first=me)
    body = client.get("/api/events/bio-summit/agenda", **api_auth("participant")).json()
    assert body["person"]["person_id"] == me.pk
    [day] = body["days"]
    [item] = day["meetings"]
    assert item["meeting_id"] == meeting.pk
    assert item["place"] == "Table 1"
    assert [p["org_id"] for p in item["partners"]] == [
        meeting.meeting_request.receiver_organization.org_id
    ]


def test_agenda_of_another_person_only_for_organizers(
    client, api_auth, event, me, make_membership, organization
):
    colleague = make_membership(organization)
    url = f"/api/events/bio-summit/agenda?person_id={colleague.pk}"
    assert client.get(url, **api_auth("participant")).status_code == 403
    response = client.get(url, **api_auth("organizer"))
    assert response.status_code == 200
    assert response.json()["person"]["person_id"] == colleague.pk
    assert client.get(f"{url}0", **api_auth("organizer")).status_code == 404


def test_organizer_without_membership_names_a_person(client, api_auth, event):
    assert client.get("/api/events/bio-summit/agenda", **api_auth("organizer")).status_code == 404


def test_organization_agenda_only_for_its_people_and_organizers(
    client, api_auth, event, me, make_organization
):
    make_organization(event, "BETA")
    assert (
        client.get(
            "/api/events/bio-summit/organizations/ACME/agenda", **api_auth("participant")
        ).status_code
        == 200
    )
    assert (
        client.get(
            "/api/events/bio-summit/organizations/BETA/agenda", **api_auth("participant")
        ).status_code
        == 403
    )
    assert (
        client.get(
            "/api/events/bio-summit/organizations/BETA/agenda", **api_auth("organizer")
        ).status_code
        == 200
    )


def test_agenda_answers_304_while_unchanged(client, api_auth, event, me, make_scheduled_meeting):
    make_scheduled_meeting(event, first=me)
    first = client.get("/api/events/bio-summit/agenda", **api_auth("participant"))
    again = client.get(
        "/api/events/bio-summit/agenda", HTTP_IF_NONE_MATCH=first["ETag"], **api_auth("participant")
    )
    assert again.status_code == 304


@pytest.mark.parametrize("count", [1, 3])
def test_organization_agenda_query_count_does_not_grow(
    client, api_auth, event, me, count, make_scheduled_meeting
):
    for slot in range(count):
        make_scheduled_meeting(event, first=me, slot=slot)
    headers = api_auth("participant")
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/api/events/bio-summit/organizations/ACME/agenda", **headers)
    assert len(response.json()["days"][0]["meetings"]) == count
    assert len(queries) <= 12, "\n".join(q["sql"][:90] for q in queries.captured_queries)


@pytest.mark.parametrize("count", [1, 3])
def test_person_agenda_query_count_does_not_grow(
    client, api_auth, event, me, count, make_scheduled_meeting
):
    for slot in range(count):
        make_scheduled_meeting(event, first=me, slot=slot)
    headers = api_auth("participant")
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/api/events/bio-summit/agenda", **headers)
    assert len(response.json()["days"][0]["meetings"]) == count
    assert len(queries) <= 10, "\n".join(q["sql"][:90] for q in queries.captured_queries)
