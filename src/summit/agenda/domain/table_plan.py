"""The lounge's table plan: which meeting sits at which table in a slot.

A fixed number of queries: the tables, the slots asked for, and the live meetings of those
slots with their seats.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Prefetch

from summit.agenda.domain.agenda import seats_with_people, table_label
from summit.events.models import EventDay, Slot, Table
from summit.meetings.domain.parties import parties_of, party_paths
from summit.scheduling.models import ScheduledMeeting

if TYPE_CHECKING:
    from summit.events.models import Event
    from summit.organizations.models import Membership, Organization


@dataclass
class PlanRow:
    """One table in one slot: the meeting held there, if any."""

    table: Table
    meeting: ScheduledMeeting | None
    organizations: list[Organization]
    people: list[Membership]

    @property
    def place(self) -> str:
        return table_label(self.table)


@dataclass
class SlotPlan:
    """Every table of the event in one slot."""

    slot: Slot
    rows: list[PlanRow]

    @property
    def meeting_count(self) -> int:
        return sum(1 for row in self.rows if row.meeting is not None)


def slots_of_event(*, event: Event) -> list[Slot]:
    """The event's slots in time order, with their session and day (for a selector)."""
    return list(Slot.objects.filter(event=event).select_related("session__day").order_by("start"))


def plans_for_slots(*, event: Event, slots: list[Slot]) -> list[SlotPlan]:
    """The table plan of each of `slots` (scheduled meetings only)."""
    tables = list(Table.objects.filter(event=event).order_by("number"))
    meetings = (
        ScheduledMeeting.objects.filter(
            event=event, slot__in=[slot.pk for slot in slots], status="scheduled"
        )
        .select_related(*party_paths(via="meeting_request"))
        .only(
            "slot_id",
            "table_id",
            *party_paths(via="meeting_request", field="name"),
            *party_paths(via="meeting_request", field="name_local"),
        )
        .prefetch_related(Prefetch("seats", queryset=seats_with_people()))
    )
    placed = {(m.slot_id, m.table_id): m for m in meetings}
    plans = []
    for slot in slots:
        rows = []
        for table in tables:
            meeting = placed.get((slot.pk, table.pk))
            if meeting is None:
                rows.append(PlanRow(table=table, meeting=None, organizations=[], people=[]))
                continue
            rows.append(
                PlanRow(
                    table=table,
                    meeting=meeting,
                    organizations=list(parties_of(meeting)),
                    people=[seat.membership for seat in meeting.seats.all()],
                )
            )
        plans.append(SlotPlan(slot=slot, rows=rows))
    return plans


def plans_for_day(*, event: Event, day: EventDay) -> list[SlotPlan]:
    """The table plan of every slot of one day of the event."""
    slots = list(
        Slot.objects.filter(event=event, session__day=day)
        .select_related("session__day")
        .order_by("start")
    )
    return plans_for_slots(event=event, slots=slots)
