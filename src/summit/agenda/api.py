"""API of agendas: a person's and an organization's meetings by day (mounted below
``/api/events`` by summit.api). Same rules as the agenda pages
(`summit.agenda.domain.access`)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema

from summit.agenda.domain import agenda as domain
from summit.agenda.domain.access import agenda_person, can_view_organization_agenda
from summit.api.auth import visible_event
from summit.api.lists import CONDITIONAL_HEADERS, conditional, set_last_modified
from summit.api.schemas import Id, OrganizationBrief, ProblemOut
from summit.core.names import person_name
from summit.organizations.models import Membership, Organization
from summit.scheduling.domain.visibility import meetings_changed_at

__all__ = ["router"]

router = Router(tags=["agendas"])


class AgendaPersonOut(Schema):
    person_id: int = Field(description="membership id")
    name: str
    org_id: str
    job_title: str


class AgendaMeetingOut(Schema):
    meeting_id: int
    uid: str
    start: datetime
    end: datetime
    place: str = Field(description="as the agenda names it (“Table 3”, a room's label)")
    cancelled: bool
    partners: list[OrganizationBrief]
    partner_people: list[AgendaPersonOut]
    own_people: list[AgendaPersonOut]
    message: str = Field(description="the meeting request's message")
    video_link: str


class AgendaDayOut(Schema):
    date: date
    meetings: list[AgendaMeetingOut]


class PersonAgendaOut(Schema):
    person: AgendaPersonOut
    days: list[AgendaDayOut]


class OrganizationAgendaOut(Schema):
    organization: OrganizationBrief
    days: list[AgendaDayOut]


class AgendaQuery(Schema):
    person_id: Id | None = Field(None, description="whose agenda (organizers; default: yours)")


def _person(membership: Membership) -> dict[str, Any]:
    return {
        "person_id": membership.pk,
        "name": person_name(membership.user),
        "org_id": membership.organization.org_id,
        "job_title": membership.job_title,
    }


def _days(items: list[domain.AgendaItem], time_zone: str) -> list[dict[str, Any]]:
    return [
        {
            "date": day.day,
            "meetings": [
                {
                    "meeting_id": item.meeting.pk,
                    "uid": str(item.meeting.uid),
                    "start": item.slot.start,
                    "end": item.slot.end,
                    "place": item.place,
                    "cancelled": item.cancelled,
                    "partners": list(item.partners),
                    "partner_people": [_person(p) for p in item.partner_people],
                    "own_people": [_person(p) for p in item.own_people],
                    "message": item.message,
                    "video_link": item.meeting.video_link,
                }
                for item in day.items
            ],
        }
        for day in domain.group_by_day(items=items, time_zone=time_zone)
    ]


@router.get(
    "/{slug}/agenda",
    response={200: PersonAgendaOut, 304: None, 403: ProblemOut, 404: ProblemOut},
    url_name="agenda",
    openapi_extra=CONDITIONAL_HEADERS,
)
@conditional
def read_agenda(request: HttpRequest, slug: str, query: Query[AgendaQuery]) -> dict[str, Any]:
    """Your agenda by day (organizers: anybody's, with `person_id`). ETag."""
    event = visible_event(request, slug)
    try:
        person, _organizer = agenda_person(
            event=event, user=request.user, person_id=query.person_id
        )
    except Membership.DoesNotExist:
        raise Http404 from None
    if person is None:
        # An organizer who is no participant: name a person, as the page asks to.
        raise Http404
    set_last_modified(request, meetings_changed_at(event=event))
    items = domain.agenda_of_person(membership=person)
    return {"person": _person(person), "days": _days(items, event.time_zone)}


@router.get(
    "/{slug}/organizations/{org_id}/agenda",
    response={200: OrganizationAgendaOut, 304: None, 403: ProblemOut, 404: ProblemOut},
    url_name="organization_agenda",
    openapi_extra=CONDITIONAL_HEADERS,
)
@conditional
def read_organization_agenda(request: HttpRequest, slug: str, org_id: str) -> dict[str, Any]:
    """All meetings of an organization's people by day (organizers, its own people). ETag."""
    event = visible_event(request, slug)
    organization = Organization.objects.filter(event=event, org_id=org_id).first()
    if organization is None:
        raise Http404
    if not can_view_organization_agenda(user=request.user, organization=organization):
        raise PermissionDenied
    set_last_modified(request, meetings_changed_at(event=event))
    items = domain.agenda_of_organization(organization=organization)
    return {"organization": organization, "days": _days(items, event.time_zone)}
