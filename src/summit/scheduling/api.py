"""API of the published schedule: its meetings, filtered by day, organization, status and
attendance (mounted below ``/api/events`` by summit.api).

Same visibility as the pages (`summit.scheduling.domain.visibility`): organizers see every
meeting, participants their own organization's.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema

from summit.api.auth import visible_event
from summit.api.lists import (
    CONDITIONAL_HEADERS,
    PageParams,
    conditional,
    page_of,
    set_last_modified,
)
from summit.api.schemas import Id, OrganizationBrief, ProblemOut
from summit.core.names import person_name
from summit.events.models import Event
from summit.meetings.domain.parties import parties_of
from summit.organizations.models import Organization
from summit.scheduling.domain import visibility
from summit.scheduling.models import ScheduledMeeting

__all__ = ["MeetingOut", "meeting_out", "router", "visible_meeting"]

router = Router(tags=["schedule"])


class PlaceOut(Schema):
    number: int
    kind: str = Field(description="table, room or virtual")
    label: str = Field(description="its own name, if it has one")


class SeatOut(Schema):
    person_id: int = Field(description="membership id")
    name: str
    org_id: str


class MeetingOut(Schema):
    id: int
    uid: str = Field(description="stable through moves; the agenda's QR code carries it")
    request_id: int
    day: date = Field(description="the event day (in the event's time zone)")
    start: datetime
    end: datetime
    place: PlaceOut
    status: str = Field(description="scheduled or cancelled")
    attendance: str = Field(description="expected, checked_in or no_show")
    absent_org_id: str | None = Field(description="for a no-show: who did not come (null: both)")
    attendance_recorded_at: datetime | None
    organizations: list[OrganizationBrief] = Field(description="requesting organization first")
    people: list[SeatOut]
    video_link: str
    updated: datetime


class MeetingPage(Schema):
    count: int
    items: list[MeetingOut]


class ScheduleSlotOut(Schema):
    id: int
    start: datetime
    end: datetime
    session: str


class ScheduleDayOut(Schema):
    date: date
    slots: list[ScheduleSlotOut]


class ScheduleOut(Schema):
    published_at: datetime | None = Field(description="the last publication (null: none yet)")
    scheduled_meetings: int
    days: list[ScheduleDayOut]
    places: list[PlaceOut]


class MeetingFilters(PageParams):
    day: date | None = Field(None, description="an event day (YYYY-MM-DD)")
    org_id: str = Field("", description="meetings of this organization")
    status: Literal["", "scheduled", "cancelled"] = ""
    attendance: Literal["", "expected", "checked_in", "no_show"] = ""


def meeting_out(meeting: ScheduledMeeting) -> dict[str, Any]:
    """A meeting loaded with `visibility.with_details` as the API shows it."""
    absent = meeting.absent_organization
    return {
        "id": meeting.pk,
        "uid": str(meeting.uid),
        "request_id": meeting.meeting_request_id,
        "day": meeting.slot.session.day.date,
        "start": meeting.slot.start,
        "end": meeting.slot.end,
        "place": {
            "number": meeting.table.number,
            "kind": meeting.table.kind,
            "label": meeting.table.label,
        },
        "status": meeting.status,
        "attendance": meeting.attendance,
        "absent_org_id": absent.org_id if absent is not None else None,
        "attendance_recorded_at": meeting.attendance_recorded_at,
        "organizations": list(parties_of(meeting)),
        "people": [
            {
                "person_id": seat.membership_id,
                "name": person_name(seat.membership.user),
                "org_id": seat.membership.organization.org_id,
            }
            for seat in meeting.seats.all()
        ],
        "video_link": meeting.video_link,
        "updated": meeting.updated,
    }


def organization_in(event: Event, org_id: str) -> Organization | None:
    """The event's organization with code `org_id` ("" = none asked; unknown: 404)."""
    if not org_id:
        return None
    organization = Organization.objects.filter(event=event, org_id=org_id).first()
    if organization is None:
        raise Http404
    return organization


def visible_meeting(request: HttpRequest, slug: str, meeting_id: int) -> ScheduledMeeting:
    """The meeting if the request's user may see it; 404 otherwise."""
    event = visible_event(request, slug)
    meeting = visibility.find_visible_meeting(event=event, user=request.user, meeting_id=meeting_id)
    if meeting is None:
        raise Http404
    return meeting


@router.get(
    "/{slug}/schedule/meetings",
    response={200: MeetingPage, 304: None},
    url_name="schedule_meetings",
    openapi_extra=CONDITIONAL_HEADERS,
)
@conditional
def list_meetings(
    request: HttpRequest, slug: str, filters: Query[MeetingFilters]
) -> dict[str, Any]:
    """Published meetings (organizers: all; participants: their organization's), in slot
    order; filter by `day`, `org_id`, `status`, `attendance`. ETag / If-Modified-Since."""
    event = visible_event(request, slug)
    meetings = visibility.filter_meetings(
        visibility.visible_meetings(event=event, user=request.user),
        day=filters.day,
        organization=organization_in(event, filters.org_id),
        status=filters.status,
        attendance=filters.attendance,
    )
    set_last_modified(request, visibility.meetings_changed_at(event=event))
    page = page_of(visibility.with_details(meetings), page=filters)
    page["items"] = [meeting_out(meeting) for meeting in page["items"]]
    return page


@router.get(
    "/{slug}/schedule/meetings/{meeting_id}",
    response={200: MeetingOut, 404: ProblemOut},
    url_name="schedule_meeting",
)
def read_meeting(request: HttpRequest, slug: str, meeting_id: Id) -> dict[str, Any]:
    """One published meeting (organizers; participants of its organizations)."""
    return meeting_out(visible_meeting(request, slug, meeting_id))


@router.get(
    "/{slug}/schedule",
    response={200: ScheduleOut, 304: None, 404: ProblemOut},
    url_name="schedule",
    openapi_extra=CONDITIONAL_HEADERS,
)
@conditional
def read_schedule(request: HttpRequest, slug: str) -> dict[str, Any]:
    """The schedule's frame (organizers and participants): last publication, the number of
    scheduled meetings, the days with their slots, the places. ETag."""
    outline = visibility.schedule_outline(event=visible_event(request, slug))
    days: dict[date, list[dict[str, Any]]] = {}
    for slot in outline.slots:
        days.setdefault(slot.session.day.date, []).append(
            {"id": slot.pk, "start": slot.start, "end": slot.end, "session": slot.session.name}
        )
    return {
        "published_at": outline.published_at,
        "scheduled_meetings": outline.scheduled_meetings,
        "days": [{"date": day, "slots": slots} for day, slots in days.items()],
        "places": [
            {"number": table.number, "kind": table.kind, "label": table.label}
            for table in outline.tables
        ],
    }
