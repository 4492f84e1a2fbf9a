"""API of meeting requests and availability (mounted below ``/api/events`` by summit.api).

Same rules as the pages: every change goes through `summit.meetings.domain`; a refused
request or answer is 422 with the rule's message (`RequestError` is a ValidationError).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, Literal

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema, Status

from summit.api.auth import checked_auth, visible_event
from summit.api.lists import CONDITIONAL_HEADERS, conditional
from summit.api.schemas import Id, ProblemOut
from summit.core.names import person_name
from summit.events.domain.permissions import is_organizer, membership_for
from summit.events.models import Event
from summit.meetings.domain import availability as availability_domain
from summit.meetings.domain import requests as domain
from summit.meetings.domain.errors import RequestError
from summit.meetings.models import MeetingRequest
from summit.organizations.models import Membership, Organization


def _role_check(role: str) -> Callable[[HttpRequest, Any], None]:
    def check(request: HttpRequest, user: Any) -> None:
        match = request.resolver_match
        slug = match.kwargs.get("slug", "") if match is not None else ""
        event = visible_event(request, slug, user)
        if role == "participant" and membership_for(user=user, event=event) is None:
            raise PermissionDenied
        if role == "organizer" and not is_organizer(user=user, event=event):
            raise PermissionDenied

    return check


#: Operations of an event's participants (a membership) and of its organizers.
PARTICIPANT_AUTH = checked_auth(_role_check("participant"))
ORGANIZER_AUTH = checked_auth(_role_check("organizer"))

router = Router(tags=["meetings"])


class PersonOut(Schema):
    id: int
    name: str


class ContactOut(Schema):
    name: str
    email: str
    phone: str
    job_title: str


class MeetingRequestOut(Schema):
    id: int
    kind: str
    status: str
    priority: str
    message: str
    sender_org_id: str
    receiver_org_id: str
    sender: PersonOut | None
    receiver_person: PersonOut | None
    proposed_colleague: PersonOut | None
    decline_reason: str
    created: datetime
    answered_at: datetime | None
    contacts: list[ContactOut] = Field(
        default_factory=list, description="the other side's people, once accepted"
    )


class MyRequestsOut(Schema):
    incoming: list[MeetingRequestOut]
    outgoing: list[MeetingRequestOut]


class RequestIn(Schema):
    org_id: str = Field(description="the receiving organization's code")
    message: str = Field(default="", max_length=2000)
    priority: Literal["normal", "high"] = "normal"
    receiver_person_id: Id | None = Field(
        default=None, description="membership id of the person asked (optional)"
    )


class AnswerIn(Schema):
    action: Literal["accept", "decline", "propose"]
    reason: str = Field(default="", max_length=1000)
    colleague_id: Id | None = Field(default=None, description="membership id, for propose")


class ArrangeIn(Schema):
    first_org_id: str
    second_org_id: str
    message: str = Field(default="", max_length=2000)


class RequestFilters(Schema):
    status: str = ""
    org_id: str = ""


class AvailabilityIn(Schema):
    unavailable_slot_ids: list[Id] = Field(max_length=10_000)


class SlotOut(Schema):
    id: int
    start: datetime
    end: datetime
    unavailable: bool


def _member(request: HttpRequest, event: Event) -> Membership:
    membership = membership_for(user=request.user, event=event)
    if membership is None:
        raise PermissionDenied
    return membership


def _organizer(request: HttpRequest, slug: str) -> Event:
    event = visible_event(request, slug)
    if not is_organizer(user=request.user, event=event):
        raise PermissionDenied
    return event


def _person(membership: Membership | None) -> dict[str, Any] | None:
    if membership is None:
        return None
    return {
        "id": membership.pk,
        "name": person_name(membership.user),
    }


def _out(
    row: MeetingRequest, viewer: Membership | None, contacts: list[Membership] | None = None
) -> dict[str, Any]:
    if contacts is None:
        contacts = domain.contact_details(meeting_request=row, viewer=viewer)
    return {
        "id": row.pk,
        "kind": row.kind,
        "status": row.status,
        "priority": row.priority,
        "message": row.message,
        "sender_org_id": row.sender_organization.org_id,
        "receiver_org_id": row.receiver_organization.org_id,
        "sender": _person(row.sender),
        "receiver_person": _person(row.receiver_person),
        "proposed_colleague": _person(row.proposed_colleague),
        "decline_reason": row.decline_reason,
        "created": row.created,
        "answered_at": row.answered_at,
        "contacts": [
            {
                "name": person_name(person.user),
                "email": person.user.email,
                "phone": person.phone,
                "job_title": person.job_title,
            }
            for person in contacts
        ],
    }


def _visible(
    request: HttpRequest, event: Event, request_id: int
) -> tuple[MeetingRequest, Membership | None]:
    row = domain.find_request(event=event, request_id=request_id)
    membership = membership_for(user=request.user, event=event)
    if row is None or not domain.can_view_request(
        user=request.user, meeting_request=row, membership=membership
    ):
        raise Http404
    return row, membership


def _organization(event: Event, org_id: str) -> Organization:
    organization = Organization.objects.filter(event=event, org_id=org_id).first()
    if organization is None:
        raise Http404
    return organization


@router.get(
    "/{slug}/meeting-requests",
    response={200: MyRequestsOut, 304: None},
    url_name="meeting_requests",
    openapi_extra=CONDITIONAL_HEADERS,
)
@conditional
def list_my_requests(request: HttpRequest, slug: str) -> dict[str, Any]:
    """Your organization's incoming and outgoing requests (arranged meetings are incoming)."""
    event = visible_event(request, slug)
    membership = _member(request, event)
    incoming, outgoing = domain.requests_of(organization=membership.organization)
    contacts = domain.contacts_by_request(
        meeting_requests=[*incoming, *outgoing], viewer=membership
    )
    return {
        "incoming": [_out(row, membership, contacts[row.pk]) for row in incoming],
        "outgoing": [_out(row, membership, contacts[row.pk]) for row in outgoing],
    }


@router.post(
    "/{slug}/meeting-requests",
    response={201: MeetingRequestOut, 403: ProblemOut, 404: ProblemOut, 422: ProblemOut},
    url_name="create_meeting_request",
    auth=PARTICIPANT_AUTH,
)
def create_meeting_request(
    request: HttpRequest, slug: str, payload: RequestIn
) -> Status[dict[str, Any]]:
    """Ask another organization for a meeting (limits, exclusions and deadline apply)."""
    event = visible_event(request, slug)
    membership = _member(request, event)
    receiver = _organization(event, payload.org_id)
    person = None
    if payload.receiver_person_id is not None:
        person = Membership.objects.filter(pk=payload.receiver_person_id, event=event).first()
        if person is None:
            raise Http404
    created = domain.create_request(
        sender=membership,
        receiver_organization=receiver,
        message=payload.message,
        priority=payload.priority,
        receiver_person=person,
        base_url=request.build_absolute_uri("/"),
    )
    row = domain.find_request(event=event, request_id=created.pk)
    assert row is not None
    return Status(201, _out(row, membership))


@router.get(
    "/{slug}/meeting-requests/{request_id}",
    response={200: MeetingRequestOut, 404: ProblemOut},
    url_name="meeting_request",
)
def read_meeting_request(request: HttpRequest, slug: str, request_id: int) -> dict[str, Any]:
    """One request (its two organizations and organizers)."""
    event = visible_event(request, slug)
    row, membership = _visible(request, event, request_id)
    return _out(row, membership)


@router.post(
    "/{slug}/meeting-requests/{request_id}/answer",
    response={200: MeetingRequestOut, 403: ProblemOut, 404: ProblemOut, 422: ProblemOut},
    url_name="answer_meeting_request",
    auth=PARTICIPANT_AUTH,
)
def answer_meeting_request(
    request: HttpRequest, slug: str, request_id: int, payload: AnswerIn
) -> dict[str, Any]:
    """Accept, decline (optional reason) or propose a colleague (the receiving side)."""
    event = visible_event(request, slug)
    row, membership = _visible(request, event, request_id)
    if membership is None:
        raise PermissionDenied
    base_url = request.build_absolute_uri("/")
    if payload.action == "accept":
        domain.accept_request(meeting_request=row, answerer=membership, base_url=base_url)
    elif payload.action == "decline":
        domain.decline_request(
            meeting_request=row, answerer=membership, reason=payload.reason, base_url=base_url
        )
    else:
        colleague = Membership.objects.filter(pk=payload.colleague_id or 0, event=event).first()
        if colleague is None:
            raise RequestError({"colleague_id": ["choose a colleague (membership id)"]})
        domain.propose_colleague(
            meeting_request=row, answerer=membership, colleague=colleague, base_url=base_url
        )
    updated, _ = _visible(request, event, request_id)
    return _out(updated, membership)


@router.post(
    "/{slug}/meeting-requests/{request_id}/withdraw",
    response={200: MeetingRequestOut, 403: ProblemOut, 404: ProblemOut, 422: ProblemOut},
    url_name="withdraw_meeting_request",
    auth=PARTICIPANT_AUTH,
)
def withdraw_meeting_request(request: HttpRequest, slug: str, request_id: int) -> dict[str, Any]:
    """Take back a pending request (the sending organization)."""
    event = visible_event(request, slug)
    row, membership = _visible(request, event, request_id)
    if membership is None:
        raise PermissionDenied
    domain.withdraw_request(meeting_request=row, person=membership)
    updated, _ = _visible(request, event, request_id)
    return _out(updated, membership)


@router.get(
    "/{slug}/all-meeting-requests",
    response={200: list[MeetingRequestOut], 304: None, 403: ProblemOut},
    url_name="event_meeting_requests",
    openapi_extra=CONDITIONAL_HEADERS,
)
@conditional
def list_event_requests(
    request: HttpRequest, slug: str, filters: Query[RequestFilters]
) -> list[dict[str, Any]]:
    """All requests of the event (organizers), by status and organization code."""
    event = _organizer(request, slug)
    organization = _organization(event, filters.org_id) if filters.org_id else None
    rows = domain.event_requests(event=event, status=filters.status, organization=organization)
    return [_out(row, None) for row in rows]


@router.post(
    "/{slug}/meetings",
    response={201: MeetingRequestOut, 403: ProblemOut, 404: ProblemOut, 422: ProblemOut},
    url_name="arrange_meeting",
    auth=ORGANIZER_AUTH,
)
def arrange_meeting(request: HttpRequest, slug: str, payload: ArrangeIn) -> Status[dict[str, Any]]:
    """Pair two organizations directly (organizers)."""
    event = _organizer(request, slug)
    meeting = domain.arrange_meeting(
        event=event,
        organizer=request.user,
        first=_organization(event, payload.first_org_id),
        second=_organization(event, payload.second_org_id),
        message=payload.message,
        base_url=request.build_absolute_uri("/"),
    )
    row = domain.find_request(event=event, request_id=meeting.pk)
    assert row is not None
    return Status(201, _out(row, None))


def _grid(membership: Membership) -> list[dict[str, Any]]:
    blocked = availability_domain.unavailable_slot_ids(membership=membership)
    return [
        {"id": slot.pk, "start": slot.start, "end": slot.end, "unavailable": slot.pk in blocked}
        for slot in membership.event.slots.order_by("start")
    ]


@router.get(
    "/{slug}/availability",
    response={200: list[SlotOut], 403: ProblemOut},
    url_name="my_availability",
)
def read_availability(request: HttpRequest, slug: str) -> list[dict[str, Any]]:
    """The event's slots, marked where you cannot meet."""
    event = visible_event(request, slug)
    return _grid(_member(request, event))


@router.put(
    "/{slug}/availability",
    response={200: list[SlotOut], 403: ProblemOut, 422: ProblemOut},
    url_name="update_my_availability",
    auth=PARTICIPANT_AUTH,
)
def update_availability(
    request: HttpRequest, slug: str, payload: AvailabilityIn
) -> list[dict[str, Any]]:
    """Replace the slots in which you cannot meet (all-or-nothing; unknown slots are 422)."""
    event = visible_event(request, slug)
    membership = _member(request, event)
    availability_domain.replace_unavailability(
        membership=membership, slot_ids=payload.unavailable_slot_ids
    )
    return _grid(membership)
