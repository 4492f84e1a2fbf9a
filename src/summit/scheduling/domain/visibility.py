"""Who sees which published meetings, for the API and the pages alike.

Organizers see every meeting of their event. A participant sees the meetings of their own
organization (scheduled and cancelled), as its agenda shows them; nobody else sees any. A
meeting one may not see does not exist for them (404, never 403).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db.models import Max, Prefetch, QuerySet

from summit.events.domain.permissions import is_organizer, membership_for
from summit.events.models import Event, Slot, Table
from summit.meetings.domain.parties import involving, party_paths
from summit.organizations.models import Organization
from summit.scheduling.models import MeetingSeat, ScheduledMeeting, ScheduleRun

__all__ = [
    "ScheduleOutline",
    "filter_meetings",
    "find_visible_meeting",
    "meetings_changed_at",
    "schedule_outline",
    "visible_meetings",
    "with_details",
]

_VIA = "meeting_request"


def with_details(meetings: QuerySet[ScheduledMeeting]) -> QuerySet[ScheduledMeeting]:
    """Meetings with their slot, day, table, parties and seated people (two queries)."""
    return meetings.select_related(
        "slot__session__day", "table", "absent_organization", *party_paths(via=_VIA)
    ).prefetch_related(
        Prefetch(
            "seats",
            queryset=MeetingSeat.objects.select_related(
                "membership__user", "membership__organization"
            ).order_by("membership__organization__name", "pk"),
        )
    )


def visible_meetings(*, event: Event, user: Any) -> QuerySet[ScheduledMeeting]:
    """The event's published meetings the user may see, in slot and table order."""
    meetings = ScheduledMeeting.objects.filter(event=event).order_by(
        "slot__start", "table__number", "pk"
    )
    if is_organizer(user=user, event=event):
        return meetings
    membership = membership_for(user=user, event=event)
    if membership is None:
        return meetings.none()
    return meetings.filter(involving(membership.organization_id, via=_VIA))


def filter_meetings(
    meetings: QuerySet[ScheduledMeeting],
    *,
    day: date | None = None,
    organization: Organization | None = None,
    status: str = "",
    attendance: str = "",
) -> QuerySet[ScheduledMeeting]:
    """Narrow meetings to a day of the event, an organization, a status, an attendance."""
    if day is not None:
        meetings = meetings.filter(slot__session__day__date=day)
    if organization is not None:
        meetings = meetings.filter(involving(organization, via=_VIA))
    if status:
        meetings = meetings.filter(status=status)
    if attendance:
        meetings = meetings.filter(attendance=attendance)
    return meetings


def find_visible_meeting(*, event: Event, user: Any, meeting_id: int) -> ScheduledMeeting | None:
    """One meeting with its details, if the user may see it."""
    return with_details(visible_meetings(event=event, user=user).filter(pk=meeting_id)).first()


def meetings_changed_at(*, event: Event) -> datetime | None:
    """When a published meeting of the event last changed (None: none is published)."""
    changed: datetime | None = ScheduledMeeting.objects.filter(event=event).aggregate(
        last=Max("updated")
    )["last"]
    return changed


@dataclass(frozen=True)
class ScheduleOutline:
    """The frame of an event's schedule: when it was last published, how many meetings are
    scheduled, the slots (with their day) and the places."""

    published_at: datetime | None
    scheduled_meetings: int
    slots: list[Slot]
    tables: list[Table]


def schedule_outline(*, event: Event) -> ScheduleOutline:
    """The schedule's frame in four queries, whatever its size (shown to everyone who sees
    the event: slots and places are on every agenda)."""
    published_at: datetime | None = ScheduleRun.objects.filter(
        event=event, published_at__isnull=False
    ).aggregate(last=Max("published_at"))["last"]
    return ScheduleOutline(
        published_at=published_at,
        scheduled_meetings=ScheduledMeeting.objects.filter(
            event=event, status=ScheduledMeeting.Status.SCHEDULED
        ).count(),
        slots=list(
            Slot.objects.filter(event=event).select_related("session__day").order_by("start")
        ),
        tables=list(Table.objects.filter(event=event).order_by("number")),
    )
