"""Turn an event's meetings into the scheduling engine's `Problem`, and engine ids back into rows.

Engine ids are strings made from primary keys: slots ``s<pk>``, persons ``p<membership pk>``,
meetings ``r<request pk>`` (an accepted request) or ``o<low org pk>-<high org pk>`` (a pair
proposed by the organizers' run options, not yet a request). Tables are numbered 1..n in the
order of `Table.number`; a run may add extra tables beyond the event's own ("what if").

Who sits at a meeting: the person who sent the request, and on the other side the person it
was addressed to, else the person who accepted it, else the organization's lead contact (else
its first member). Organizer-arranged meetings seat both organizations' lead contacts.
A meeting whose side has no person at all cannot be scheduled (reason ``no_contact``).

Rules that shape the model, chosen here once:
- Rooms are places for an in-person meeting like tables (engine kind ``table``); virtual rooms
  keep the engine kind ``virtual``. When the event has both, new meetings are in-person
  (need kind ``table``); a meeting already published at a virtual room stays virtual.
- A meeting needs a Korean–English interpreter when the event offers interpreters, both
  organizations listed their languages, they share none, and one speaks Korean and the other
  English. Events without interpreters do not constrain meetings.
- Weights: a normal request 1, a high-priority request 2, an organizer-arranged meeting 2,
  a proposed pair its given weight (below 1 so that requests come first).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet

from partnering_engine.types import (
    Assignment,
    InterpreterPool,
    Meeting,
    Participant,
    Pin,
    Problem,
)
from partnering_engine.types import Slot as EngineSlot
from partnering_engine.types import Table as EngineTable
from summit.events.models import Event, Slot, Table
from summit.meetings.domain.availability import unavailability_by_person
from summit.meetings.domain.parties import parties_of, party_ids_of, party_paths
from summit.meetings.domain.requests import accepted_meetings
from summit.meetings.models import MeetingRequest
from summit.organizations.models import Membership, Organization

__all__ = [
    "INTERPRETER_LANGUAGE",
    "BuiltProblem",
    "LeftOut",
    "ProposedPair",
    "build_problem",
    "contact_people",
    "engine_slots",
    "engine_tables",
    "interpreter_pools",
    "meeting_attendees",
    "meeting_weight",
    "needs_interpreter",
    "pair_key",
    "person_key",
    "request_key",
    "slot_key",
]

INTERPRETER_LANGUAGE = "ko-en"
_WEIGHTS = {
    (MeetingRequest.Kind.PARTICIPANT, MeetingRequest.Priority.NORMAL): 1.0,
    (MeetingRequest.Kind.PARTICIPANT, MeetingRequest.Priority.HIGH): 2.0,
    (MeetingRequest.Kind.ORGANIZER_ARRANGED, MeetingRequest.Priority.NORMAL): 2.0,
    (MeetingRequest.Kind.ORGANIZER_ARRANGED, MeetingRequest.Priority.HIGH): 2.0,
}


def slot_key(slot_id: int) -> str:
    return f"s{slot_id}"


def person_key(membership_id: int) -> str:
    return f"p{membership_id}"


def request_key(request_id: int) -> str:
    return f"r{request_id}"


def pair_key(first_id: int, second_id: int) -> str:
    low, high = sorted((first_id, second_id))
    return f"o{low}-{high}"


@dataclass(frozen=True)
class ProposedPair:
    """Two organizations the organizers want to meet although nobody asked (yet)."""

    first: Organization
    second: Organization
    weight: float


@dataclass(frozen=True)
class LeftOut:
    """A meeting that could not enter the problem, and why (a reason code)."""

    key: str
    reason: str
    meeting_request: MeetingRequest | None = None


@dataclass(frozen=True)
class BuiltProblem:
    """The engine problem and the maps from its ids back to the database rows."""

    problem: Problem
    #: Engine meeting id → accepted request.
    requests: Mapping[str, MeetingRequest]
    #: Engine meeting id → proposed pair (no request yet).
    pairs: Mapping[str, ProposedPair]
    #: Engine meeting id → the memberships seated at it, in order (first side, second side).
    attendees: Mapping[str, tuple[int, ...]]
    slots: Mapping[str, Slot]
    #: Engine table number → table row; extra "what if" tables have no row.
    tables: Mapping[int, Table]
    people: Mapping[str, Membership]
    left_out: tuple[LeftOut, ...] = ()
    #: Engine meeting id → its pin, for meetings of the published schedule.
    pins: Mapping[str, Pin] = field(default_factory=dict)

    def row_ids(self, assignment: Assignment) -> tuple[int, int | None]:
        """(slot pk, table pk or None for an extra table) of an engine assignment."""
        table = self.tables.get(assignment.table)
        return self.slots[assignment.slot].pk, table.pk if table is not None else None


def contact_people(*, organization_ids: Iterable[int]) -> dict[int, Membership]:
    """Each organization's person for meetings nobody was named for: its lead contact, else its
    first member (by id)."""
    chosen: dict[int, Membership] = {}
    memberships = Membership.objects.filter(organization_id__in=set(organization_ids)).order_by(
        "pk"
    )
    for membership in memberships:
        current = chosen.get(membership.organization_id)
        if current is None or (
            membership.role == Membership.Role.LEAD and current.role != Membership.Role.LEAD
        ):
            chosen[membership.organization_id] = membership
    return chosen


def meeting_attendees(
    *, meeting_request: MeetingRequest, contacts: Mapping[int, Membership]
) -> tuple[Membership, Membership] | None:
    """The two persons seated at an accepted request's meeting (sender side first), or None
    when one side has nobody. `contacts` comes from `contact_people`."""
    sender_side, receiver_side = party_ids_of(meeting_request)
    first: Membership | None
    if meeting_request.kind == MeetingRequest.Kind.PARTICIPANT and meeting_request.sender_id:
        first = meeting_request.sender
    else:
        first = contacts.get(sender_side)
    second = (
        meeting_request.receiver_person
        if meeting_request.receiver_person_id
        else meeting_request.answered_by
        if meeting_request.answered_by_id
        and meeting_request.kind == MeetingRequest.Kind.PARTICIPANT
        else contacts.get(receiver_side)
    )
    if first is None or second is None:
        return None
    return first, second


def meeting_weight(meeting_request: MeetingRequest) -> float:
    return _WEIGHTS.get((meeting_request.kind, meeting_request.priority), 1.0)


def needs_interpreter(*, event: Event, first: Organization, second: Organization) -> bool:
    if event.interpreters_per_slot <= 0:
        return False
    languages = set(first.languages or []), set(second.languages or [])
    if not languages[0] or not languages[1] or languages[0] & languages[1]:
        return False
    return ("ko" in languages[0] and "en" in languages[1]) or (
        "en" in languages[0] and "ko" in languages[1]
    )


def engine_slots(slots: Iterable[Slot]) -> tuple[EngineSlot, ...]:
    """The engine's slots of `slots` (rows with ``session__day``), in the given order."""
    return tuple(
        EngineSlot(
            id=slot_key(s.pk),
            day=s.session.day.date.isoformat(),
            start=s.start.isoformat(),
            end=s.end.isoformat(),
        )
        for s in slots
    )


def engine_tables(tables: Iterable[Table]) -> list[EngineTable]:
    """The engine's tables of `tables` (ordered by number), numbered 1..n."""
    return [
        EngineTable(number=i, kind="virtual" if t.kind == Table.Kind.VIRTUAL else "table")
        for i, t in enumerate(tables, start=1)
    ]


def interpreter_pools(event: Event) -> tuple[InterpreterPool, ...]:
    """The event's Korean–English interpreters per slot (none when it offers none)."""
    if event.interpreters_per_slot <= 0:
        return ()
    return (InterpreterPool(language=INTERPRETER_LANGUAGE, per_slot=event.interpreters_per_slot),)


def build_problem(
    *,
    event: Event,
    meeting_requests: QuerySet[MeetingRequest] | None = None,
    proposed_pairs: Sequence[ProposedPair] = (),
    pin_published: bool = True,
    movable_published: bool = False,
    extra_tables: int = 0,
    name: str = "",
) -> BuiltProblem:
    """The engine problem of `event`: its slots, tables, persons with their unavailable slots,
    and one meeting per accepted request (or the given `meeting_requests`) and proposed pair.

    With `pin_published`, meetings of the published schedule are pinned to their slot and
    table (`movable_published` lets the solver move them, minimising how many move); their
    requests are included even when not in `meeting_requests`.
    """
    from summit.scheduling.models import ScheduledMeeting

    slots = list(Slot.objects.filter(event=event).select_related("session__day").order_by("start"))
    tables = list(Table.objects.filter(event=event).order_by("number"))
    if meeting_requests is None:
        meeting_requests = accepted_meetings(event=event)
    requests = list(
        meeting_requests.select_related(
            "sender", "receiver_person", "answered_by", *party_paths()
        ).order_by("pk")
    )
    published: list[Any] = []
    if pin_published:
        published = list(
            ScheduledMeeting.objects.filter(
                event=event,
                status=ScheduledMeeting.Status.SCHEDULED,
                meeting_request__status=MeetingRequest.Status.ACCEPTED,
            ).prefetch_related("seats")
        )
        have = {r.pk for r in requests}
        missing = [m.meeting_request_id for m in published if m.meeting_request_id not in have]
        if missing:
            requests += list(
                MeetingRequest.objects.filter(pk__in=missing).select_related(
                    "sender", "receiver_person", "answered_by", *party_paths()
                )
            )

    organization_ids = {pk for r in requests for pk in party_ids_of(r)}
    for pair in proposed_pairs:
        organization_ids |= {pair.first.pk, pair.second.pk}
    contacts = contact_people(organization_ids=organization_ids)
    seats_of_published = {
        m.meeting_request_id: tuple(seat.membership_id for seat in m.seats.all()) for m in published
    }

    has_virtual = any(t.kind == Table.Kind.VIRTUAL for t in tables)
    has_in_person = any(t.kind != Table.Kind.VIRTUAL for t in tables)
    in_person_kind = "table" if has_virtual and has_in_person else None
    table_by_id = {t.pk: t for t in tables}

    meetings: list[Meeting] = []
    request_map: dict[str, MeetingRequest] = {}
    pair_map: dict[str, ProposedPair] = {}
    attendees: dict[str, tuple[int, ...]] = {}
    left_out: list[LeftOut] = []
    published_kind: dict[int, str] = {
        m.meeting_request_id: table_by_id[m.table_id].kind for m in published
    }
    memberships: dict[int, Membership] = {m.pk: m for m in contacts.values()}

    for meeting_request in requests:
        key = request_key(meeting_request.pk)
        seated: tuple[int, ...] | None = seats_of_published.get(meeting_request.pk)
        if not seated:
            people = meeting_attendees(meeting_request=meeting_request, contacts=contacts)
            if people is None:
                left_out.append(LeftOut(key, "no_contact", meeting_request))
                continue
            for person in people:
                memberships[person.pk] = person
            seated = (people[0].pk, people[1].pk)
        kind = in_person_kind
        if published_kind.get(meeting_request.pk) == Table.Kind.VIRTUAL:
            kind = "virtual"
        first_side, second_side = parties_of(meeting_request)
        interpreter = needs_interpreter(event=event, first=first_side, second=second_side)
        meetings.append(
            Meeting(
                id=key,
                a=person_key(seated[0]),
                b=person_key(seated[1]),
                attendees=tuple(person_key(p) for p in seated[2:]),
                weight=meeting_weight(meeting_request),
                table_kind=kind,
                interpreter=INTERPRETER_LANGUAGE if interpreter else None,
            )
        )
        request_map[key] = meeting_request
        attendees[key] = seated

    for pair in proposed_pairs:
        key = pair_key(pair.first.pk, pair.second.pk)
        if key in pair_map:
            continue
        first, second = contacts.get(pair.first.pk), contacts.get(pair.second.pk)
        if first is None or second is None:
            left_out.append(LeftOut(key, "no_contact"))
            continue
        interpreter = needs_interpreter(event=event, first=pair.first, second=pair.second)
        meetings.append(
            Meeting(
                id=key,
                a=person_key(first.pk),
                b=person_key(second.pk),
                weight=pair.weight,
                table_kind=in_person_kind,
                interpreter=INTERPRETER_LANGUAGE if interpreter else None,
            )
        )
        pair_map[key] = pair
        attendees[key] = (first.pk, second.pk)

    seated_ids = {p for people in attendees.values() for p in people}
    missing_people = seated_ids - memberships.keys()
    if missing_people:
        memberships.update(Membership.objects.in_bulk(missing_people))
    unavailable = unavailability_by_person(event_id=event.pk)
    participants = tuple(
        Participant(
            id=person_key(pk),
            unavailable=frozenset(slot_key(s) for s in unavailable.get(pk, ())),
        )
        for pk in sorted(seated_ids)
    )

    numbered = engine_tables(tables)
    numbered += [
        EngineTable(number=len(tables) + i, kind="table") for i in range(1, extra_tables + 1)
    ]
    number_of = {t.pk: i for i, t in enumerate(tables, start=1)}
    pins: dict[str, Pin] = {}
    for scheduled in published:
        key = request_key(scheduled.meeting_request_id)
        if key in request_map:
            pins[key] = Pin(
                meeting=key,
                slot=slot_key(scheduled.slot_id),
                table=number_of[scheduled.table_id],
                movable=movable_published,
            )

    problem = Problem(
        name=name or event.slug,
        slots=engine_slots(slots),
        tables=tuple(numbered),
        participants=participants,
        meetings=tuple(meetings),
        interpreters=interpreter_pools(event),
        pins=tuple(pins.values()),
        meta={"event": event.slug},
    )
    return BuiltProblem(
        problem=problem,
        requests=request_map,
        pairs=pair_map,
        attendees=attendees,
        slots={slot_key(s.pk): s for s in slots},
        tables=dict(enumerate(tables, start=1)),
        people={person_key(pk): m for pk, m in memberships.items() if pk in seated_ids},
        left_out=tuple(left_out),
        pins=pins,
    )
