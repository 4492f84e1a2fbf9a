"""What a person's or an organization's agenda shows, read from the published schedule.

Every function here runs a fixed number of queries whatever the number of meetings: the
meetings with their slot, table and request come in one query, their seats (persons with
user and organization) in a second one.
"""

from __future__ import annotations

import zoneinfo
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import groupby
from typing import TYPE_CHECKING

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from summit.meetings.domain.parties import involving, other_parties_of, other_party_of, party_paths
from summit.scheduling.models import MeetingSeat, ScheduledMeeting

if TYPE_CHECKING:
    from summit.events.models import Event, Slot, Table
    from summit.organizations.models import Membership, Organization


def table_label(table: Table) -> str:
    """How a place is named on agendas: its label, else "Table 3", "Room 2", "Virtual room 1"."""
    if table.label:
        return table.label
    if table.kind == "room":
        return _("Room %(number)s") % {"number": table.number}
    if table.kind == "virtual":
        return _("Virtual room %(number)s") % {"number": table.number}
    return _("Table %(number)s") % {"number": table.number}


@dataclass
class AgendaItem:
    """One meeting as seen from one side (a person or an organization)."""

    meeting: ScheduledMeeting
    #: The other organization(s) of the meeting (normally one).
    partners: list[Organization]
    #: The persons of the other side seated in the meeting.
    partner_people: list[Membership]
    #: The persons of one's own side seated in the meeting (colleagues, or oneself).
    own_people: list[Membership]

    @property
    def slot(self) -> Slot:
        return self.meeting.slot

    @property
    def table(self) -> Table:
        return self.meeting.table

    @property
    def place(self) -> str:
        return table_label(self.meeting.table)

    @property
    def cancelled(self) -> bool:
        return self.meeting.status == ScheduledMeeting.Status.CANCELLED

    @property
    def message(self) -> str:
        return self.meeting.meeting_request.message


@dataclass
class AgendaDay:
    """The meetings of one calendar day of the event (in the event's time zone)."""

    day: date
    items: list[AgendaItem] = field(default_factory=list)


#: Columns an agenda shows. Loading only these matters at scale: an organization row carries
#: about ten JSON survey fields, each decoded per row, and a busy agenda loads hundreds.
SEAT_COLUMNS = (
    "meeting_id",
    "membership__job_title",
    "membership__organization_id",
    "membership__user__username",
    "membership__user__first_name",
    "membership__user__last_name",
    "membership__organization__name",
    "membership__organization__name_local",
    "membership__organization__org_id",
)
MEETING_COLUMNS = (
    "event_id",
    "uid",
    "sequence",
    "status",
    "video_link",
    "created",
    "updated",
    "slot__start",
    "slot__end",
    "table__number",
    "table__kind",
    "table__label",
    "meeting_request__message",
    *party_paths(via="meeting_request", field="name"),
    *party_paths(via="meeting_request", field="name_local"),
    *party_paths(via="meeting_request", field="org_id"),
)


def seats_with_people() -> QuerySet[MeetingSeat]:
    """Seats with their person (name, job title) and organization (both names)."""
    return (
        MeetingSeat.objects.select_related("membership__user", "membership__organization")
        .only(*SEAT_COLUMNS)
        .order_by("membership__organization__name", "membership__user__last_name", "pk")
    )


def _meetings() -> QuerySet[ScheduledMeeting]:
    return (
        ScheduledMeeting.objects.select_related(
            "slot",
            "table",
            *party_paths(via="meeting_request"),
        )
        .only(*MEETING_COLUMNS)
        .prefetch_related(Prefetch("seats", queryset=seats_with_people()))
    )


def _item(meeting: ScheduledMeeting, *, organization_id: int) -> AgendaItem:
    partners = list(other_parties_of(meeting, organization_id=organization_id))
    seated = [seat.membership for seat in meeting.seats.all()]
    return AgendaItem(
        meeting=meeting,
        partners=partners,
        partner_people=[p for p in seated if p.organization_id != organization_id],
        own_people=[p for p in seated if p.organization_id == organization_id],
    )


def _sorted(items: list[AgendaItem]) -> list[AgendaItem]:
    # Slot order; in one slot a live meeting comes before a cancelled one.
    return sorted(items, key=lambda i: (i.slot.start, i.cancelled, i.table.number, i.meeting.pk))


def agenda_of_person(*, membership: Membership) -> list[AgendaItem]:
    """The person's meetings (scheduled and cancelled) in slot order."""
    # Driven by the person's seats (no event filter: a membership belongs to one event), so
    # the database starts from the few seats rather than from the event's 30,000 meetings.
    meetings = _meetings().filter(seats__membership=membership)
    return _sorted([_item(m, organization_id=membership.organization_id) for m in meetings])


def agenda_of_organization(*, organization: Organization) -> list[AgendaItem]:
    """The meetings of all persons of an organization (scheduled and cancelled), slot order."""
    meetings = _meetings().filter(involving(organization, via="meeting_request"))
    return _sorted([_item(m, organization_id=organization.pk) for m in meetings])


def group_by_day(*, items: list[AgendaItem], time_zone: str) -> list[AgendaDay]:
    """Items (already in slot order) grouped by their day in `time_zone`."""
    zone = zoneinfo.ZoneInfo(time_zone)
    return [
        AgendaDay(day=day, items=list(grouped))
        for day, grouped in groupby(items, key=lambda i: i.slot.start.astimezone(zone).date())
    ]


def agenda_summary(*, membership: Membership, now: datetime) -> dict[str, object]:
    """The person's number of live meetings and the next one from `now` (two queries).

    Read from the person's seats: a seat is ``active`` exactly while its meeting is scheduled
    and copies its slot, so both questions stay on the seats' membership index."""
    live = MeetingSeat.objects.filter(membership=membership, active=True)
    seat = (
        live.filter(slot__end__gt=now)
        .select_related(
            "meeting__slot",
            "meeting__table",
            *party_paths(via="meeting__meeting_request"),
        )
        .only(
            "meeting__uid",
            "meeting__slot__start",
            "meeting__slot__end",
            "meeting__table__number",
            "meeting__table__kind",
            "meeting__table__label",
            *party_paths(via="meeting__meeting_request", field="name"),
            *party_paths(via="meeting__meeting_request", field="name_local"),
        )
        .order_by("slot__start")
        .first()
    )
    upcoming = seat.meeting if seat is not None else None
    following = None
    if upcoming is not None:
        partner = other_party_of(upcoming, organization_id=membership.organization_id)
        following = {
            "meeting": upcoming,
            "partner": partner,
            "place": table_label(upcoming.table),
        }
    return {"count": live.count(), "next": following}


def schedule_published(*, event: Event) -> bool:
    """True once a schedule has been published for the event (meetings exist)."""
    return ScheduledMeeting.objects.filter(event=event).exists()
