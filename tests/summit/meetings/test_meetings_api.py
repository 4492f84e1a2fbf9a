"""The meetings API with Bearer tokens: same rules and domain functions as the pages."""

from __future__ import annotations

import json

import pytest

from summit.api.domain.tokens import create_api_token
from summit.events.models import Slot
from summit.meetings.models import MeetingRequest

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

BASE = "/api/events/bio-summit"


@pytest.fixture
def call(client):
    def request(method, path, user, body=None):
        token = create_api_token(user=user, name="test")[1]
        kwargs = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
        if body is not None:
            return getattr(client, method)(
                f"{BASE}{path}", json.dumps(body), content_type="application/json", **kwargs
            )
        return getattr(client, method)(f"{BASE}{path}", **kwargs)

    return request


def test_create_answer_and_see_contacts(call, participant, receiver, mailoutbox):
    created = call(
        "post",
        "/meeting-requests",
        participant,
        {"org_id": "BETA", "message": "Hello", "priority": "high"},
    )
    assert created.status_code == 201, created.content
    request_id = created.json()["id"]
    assert created.json()["contacts"] == []
    mine = call("get", "/meeting-requests", receiver.user).json()
    assert [row["id"] for row in mine["incoming"]] == [request_id]
    accepted = call(
        "post", f"/meeting-requests/{request_id}/answer", receiver.user, {"action": "accept"}
    )
    assert accepted.status_code == 200
    assert accepted.json()["status"] == "accepted"
    assert accepted.json()["contacts"][0]["email"] == "participant@example.org"
    seen_by_sender = call("get", f"/meeting-requests/{request_id}", participant).json()
    assert seen_by_sender["contacts"][0]["phone"] == "+82 2 555 0100"
    listed = call("get", "/meeting-requests", participant).json()
    assert listed["outgoing"][0]["contacts"] == seen_by_sender["contacts"]


def test_rule_violations_are_422_with_the_message(call, participant, sender, receiver):
    sender.organization.excluded_partners = ["BETA"]
    sender.organization.save()
    response = call("post", "/meeting-requests", participant, {"org_id": "BETA"})
    assert response.status_code == 422
    assert "excluded each other" in json.dumps(response.json())
    assert not MeetingRequest.objects.exists()


def test_sender_cannot_answer_through_the_api(call, participant, pending_request):
    response = call(
        "post", f"/meeting-requests/{pending_request.pk}/answer", participant, {"action": "accept"}
    )
    assert response.status_code == 422
    pending_request.refresh_from_db()
    assert pending_request.status == "pending"


def test_other_events_participant_gets_404(call, other_participant, pending_request):
    response = call(
        "post",
        f"/meeting-requests/{pending_request.pk}/answer",
        other_participant,
        {"action": "accept"},
    )
    assert response.status_code == 404


def test_propose_colleague_and_withdraw(
    call, participant, pending_request, receiver, receiver_colleague
):
    proposed = call(
        "post",
        f"/meeting-requests/{pending_request.pk}/answer",
        receiver.user,
        {"action": "propose", "colleague_id": receiver_colleague.pk},
    )
    assert proposed.json()["proposed_colleague"]["id"] == receiver_colleague.pk
    withdrawn = call("post", f"/meeting-requests/{pending_request.pk}/withdraw", participant)
    assert withdrawn.json()["status"] == "withdrawn"


def test_organizer_lists_and_arranges(call, organizer, participant, pending_request, receiver):
    listed = call("get", "/all-meeting-requests?status=pending", organizer).json()
    assert [row["id"] for row in listed] == [pending_request.pk]
    assert call("get", "/all-meeting-requests", participant).status_code == 403
    arranged = call(
        "post", "/meetings", organizer, {"first_org_id": "ACME", "second_org_id": "BETA"}
    )
    assert arranged.status_code == 201
    assert arranged.json()["kind"] == "organizer_arranged"
    pending_request.refresh_from_db()
    assert pending_request.status == "cancelled"
    refused = call(
        "post", "/meetings", participant, {"first_org_id": "ACME", "second_org_id": "BETA"}
    )
    assert refused.status_code == 403


def test_availability_get_and_put(call, participant, event, other_event):
    slots = list(Slot.objects.filter(event=event).order_by("start").values_list("pk", flat=True))
    put = call("put", "/availability", participant, {"unavailable_slot_ids": slots[:2]})
    assert put.status_code == 200
    got = call("get", "/availability", participant).json()
    assert [row["unavailable"] for row in got] == [True, True, False, False, False, False]
    foreign = Slot.objects.filter(event=other_event).first().pk
    bad = call("put", "/availability", participant, {"unavailable_slot_ids": [foreign]})
    assert bad.status_code == 422
    again = call("get", "/availability", participant).json()
    assert sum(row["unavailable"] for row in again) == 2
