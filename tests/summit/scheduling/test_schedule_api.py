"""The schedule's meetings in the API: who sees which, filters, pages, ETag/304, queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

URL = "/api/events/bio-summit/schedule/meetings"


@pytest.fixture
def meetings(event, participant, make_scheduled_meeting):
    own = make_scheduled_meeting(event, first=participant.memberships.get(), slot=0, table=1)
    others = make_scheduled_meeting(event, slot=1, table=2)
    return own, others


def test_schedule_meetings_for_organizer_lists_every_meeting(client, api_auth, meetings):
    response = client.get(URL, **api_auth("organizer"))
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    assert [item["id"] for item in body["items"]] == [m.pk for m in meetings]


def test_schedule_meetings_for_participant_lists_own_organizations_only(
    client, api_auth, meetings, organization
):
    own, others = meetings
    body = client.get(URL, **api_auth("participant")).json()
    assert [item["id"] for item in body["items"]] == [own.pk]
    assert body["items"][0]["organizations"][0]["org_id"] == organization.org_id
    response = client.get(f"{URL}/{others.pk}", **api_auth("participant"))
    assert response.status_code == 404


def test_schedule_meetings_filter_by_organization_status_and_day(client, api_auth, meetings, event):
    _own, others = meetings
    partner = others.meeting_request.receiver_organization
    body = client.get(URL, {"org_id": partner.org_id}, **api_auth("organizer")).json()
    assert [item["id"] for item in body["items"]] == [others.pk]
    assert client.get(URL, {"status": "cancelled"}, **api_auth("organizer")).json()["count"] == 0
    day = event.days.get().date
    assert client.get(URL, {"day": day.isoformat()}, **api_auth("organizer")).json()["count"] == 2
    assert client.get(URL, {"day": "2030-01-01"}, **api_auth("organizer")).json()["count"] == 0


def test_schedule_meetings_refuse_out_of_range_pages(client, api_auth, meetings):
    response = client.get(URL, {"limit": 500, "offset": -1}, **api_auth("organizer"))
    assert response.status_code == 422
    assert set(response.json()["errors"]) == {"limit", "offset"}
    response = client.get(URL, {"org_id": "NOPE"}, **api_auth("organizer"))
    assert response.status_code == 404


def test_schedule_meetings_page_with_limit_and_offset(client, api_auth, meetings):
    body = client.get(URL, {"limit": 1, "offset": 1}, **api_auth("organizer")).json()
    assert body["count"] == 2
    assert [item["id"] for item in body["items"]] == [meetings[1].pk]


def test_schedule_meetings_answer_304_while_unchanged(client, api_auth, meetings):
    first = client.get(URL, **api_auth("organizer"))
    etag, changed = first["ETag"], first["Last-Modified"]
    again = client.get(URL, HTTP_IF_NONE_MATCH=etag, **api_auth("organizer"))
    assert again.status_code == 304
    assert again.content == b""
    assert (
        client.get(URL, HTTP_IF_MODIFIED_SINCE=changed, **api_auth("organizer")).status_code == 304
    )
    meetings[0].video_link = "https://meet.example.org/a"
    meetings[0].save()
    after = client.get(URL, HTTP_IF_NONE_MATCH=etag, **api_auth("organizer"))
    assert after.status_code == 200
    assert after["ETag"] != etag


def test_schedule_meetings_etag_differs_between_roles(client, api_auth, meetings):
    organizer_etag = client.get(URL, **api_auth("organizer"))["ETag"]
    response = client.get(URL, HTTP_IF_NONE_MATCH=organizer_etag, **api_auth("participant"))
    assert response.status_code == 200


@pytest.mark.parametrize("count", [1, 3])
def test_schedule_meetings_query_count_does_not_grow(
    client, api_auth, event, count, make_scheduled_meeting
):
    for slot in range(count):
        make_scheduled_meeting(event, slot=slot, table=1)
    headers = api_auth("organizer")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL, **headers)
    assert response.json()["count"] == count
    # token, organizer check x2 (scope, visibility), event, visibility, count, last change,
    # meetings, seats.
    assert len(queries) <= 10, [q["sql"][:120] for q in queries.captured_queries]


def test_schedule_outline_lists_days_slots_and_places(client, api_auth, event, meetings):
    response = client.get("/api/events/bio-summit/schedule", **api_auth("participant"))
    assert response.status_code == 200
    body = response.json()
    assert body["scheduled_meetings"] == 2
    [day] = body["days"]
    assert len(day["slots"]) == 6
    assert [place["number"] for place in body["places"]] == [1, 2, 3, 4]
    again = client.get(
        "/api/events/bio-summit/schedule",
        HTTP_IF_NONE_MATCH=response["ETag"],
        **api_auth("participant"),
    )
    assert again.status_code == 304


def test_schedule_outline_hidden_from_other_events(client, event, other_participant):
    from summit.api.domain.tokens import create_api_token

    token = create_api_token(user=other_participant, name="t")[1]
    response = client.get("/api/events/bio-summit/schedule", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 404
