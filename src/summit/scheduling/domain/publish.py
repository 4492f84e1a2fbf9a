"""Publish a schedule run: turn its assignments into the published schedule, all or nothing.

`plan_publication` compares a run with the schedule published now and checks it against the
current database; `publish_run` does the same under the event's schedule lock and writes the
difference in one transaction, or nothing at all (`ScheduleConflict` with every reason, each
naming the meeting).

Rules, chosen here once:

- **The lock.** Every change of the published schedule (publishing, moving, cancelling,
  placing late meetings) first locks the event's row (``SELECT … FOR UPDATE``, `lock_schedule`)
  and reads the published schedule only after that, so two of them never interleave: the
  second waits and then sees the first one's result. The database's partial unique indexes
  (one meeting per table and slot, one active seat per person and slot) are the last word.
- **What is checked again** (the world may have changed since the run was computed): the run
  is finished, not a "what if" run and not published yet; every request is still accepted;
  every seated person is still a member of one of the two organizations; slots and tables
  still belong to the event; nobody sits in a new or moved meeting at a slot they marked
  unavailable; a proposed pair is not excluded (survey or screening) and has no meeting yet;
  and the resulting schedule has no table or person twice in a slot.
- **Diff.** A meeting whose request is published at the same slot, table and seats is left
  untouched (same ``uid`` and ``sequence``). One at another slot, table or with other seats
  is *moved*: updated in place, ``sequence`` + 1, seats follow. Others are *new* and created
  in bulk with their seats; a proposed pair first becomes an organizer-arranged request
  (``kind=organizer_arranged``, accepted; a pending request between the two is cancelled,
  replaced, as `summit.meetings.domain.requests.arrange_meeting` does).
- **Published meetings missing from the run.** Runs are computed with the published schedule
  pinned (`build_problem(pin_published=True)`), so a published meeting the run does not
  contain was published after the run was computed or lost its request: a meeting whose
  request is no longer accepted is cancelled (``sequence`` + 1, seats inactive); one whose
  request is still accepted is **kept** as it is (the run was not meant to remove it) and
  counts in the conflict check. Only a run with ``options["pin_published"] = False`` (a full
  re-plan) cancels every published meeting it does not contain.
- **Stale runs.** A run computed with fixed pins (``options["movable_published"]`` false) has
  no reason to move a published meeting; if its place differs from the published one, the
  meeting was moved after the run was computed and the publication is refused.
- **Order of writes** (PostgreSQL's partial unique indexes are not deferrable): first the
  cancelled and moved meetings leave the schedule (status cancelled, seats inactive), then
  moved meetings take their new places, then new meetings are inserted; at no point do two
  scheduled rows hold the same table and slot or one person two active seats in one slot.
- **Notifications** after the commit: one e-mail per affected person listing their new,
  moved (old → new time and table) and cancelled meetings
  (`summit.scheduling.domain.notifications`; many people → the task queue).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Container, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from summit.core.names import person_name
from summit.events.domain.permissions import is_organizer
from summit.events.models import Event, Slot, Table
from summit.meetings.domain.availability import unavailability_by_person
from summit.meetings.domain.exclusions import screening_exclusions, survey_excludes
from summit.meetings.domain.parties import (
    PARTY_SEPARATOR,
    involving,
    pair_id_fields,
    pair_key,
    party_fields,
    party_id_fields,
    party_ids_in,
)
from summit.meetings.models import MeetingRequest
from summit.organizations.models import Membership, Organization
from summit.scheduling.domain.errors import ScheduleConflict
from summit.scheduling.domain.notifications import (
    ScheduleChanges,
    notify_after_commit,
    table_label,
)
from summit.scheduling.models import MeetingSeat, ScheduledMeeting, ScheduleRun

__all__ = [
    "MAX_PROBLEMS_SHOWN",
    "Difference",
    "Placement",
    "PublishPlan",
    "PublishResult",
    "Published",
    "describe_plan",
    "diff_with_published",
    "lock_schedule",
    "meeting_label",
    "parse_assignments",
    "person_label",
    "plan_publication",
    "publish_run",
    "published_meetings",
    "slot_label",
]

#: A refused publication lists this many problems, then how many more there are.
MAX_PROBLEMS_SHOWN = 25
_BATCH = 2000

Scheduled = ScheduledMeeting.Status.SCHEDULED
Cancelled = ScheduledMeeting.Status.CANCELLED


# ---- labels (people's words, never ids) ------------------------------------------------------


def slot_label(slot: Slot, *, event: Event | None = None) -> str:
    """A slot as people read it: weekday and start time in the event's time zone."""
    zone = ZoneInfo((event or slot.event).time_zone)
    return date_format(timezone.localtime(slot.start, zone), "D H:i")


def person_label(membership: Membership) -> str:
    """ "Jihoon Kang (Samsung Biologics)"."""
    user = membership.user
    return _("%(person)s (%(organization)s)") % {
        "person": person_name(user),
        "organization": membership.organization.name,
    }


def meeting_label(*names: str) -> str:
    """ "Acme Biologics – Beta Therapeutics": a meeting named by its organizations."""
    return PARTY_SEPARATOR.join(names)


# ---- the plan --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Placement:
    """One assignment of the run: a request (or a proposed pair) at a slot and table."""

    index: int
    request_id: int | None
    pair: tuple[int, int] | None
    slot_id: int
    table_id: int
    attendees: tuple[int, ...]


@dataclass(frozen=True)
class Published:
    """A meeting of the published schedule as it is now."""

    pk: int
    request_id: int
    slot_id: int
    table_id: int
    sequence: int
    attendees: tuple[int, ...]


@dataclass
class PublishPlan:
    """What publishing the run would change; `problems` empty means it can be published."""

    run: ScheduleRun
    new: list[Placement] = field(default_factory=list)
    moved: list[tuple[Published, Placement]] = field(default_factory=list)
    unchanged: list[Published] = field(default_factory=list)
    kept: list[Published] = field(default_factory=list)
    cancelled: list[Published] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    #: Pending requests replaced by the organizer-arranged meetings of proposed pairs.
    replaced_pending: list[int] = field(default_factory=list)

    @property
    def can_publish(self) -> bool:
        return not self.problems

    @property
    def affected_people(self) -> set[int]:
        people: set[int] = set()
        for placement in self.new:
            people.update(placement.attendees)
        for published, placement in self.moved:
            people.update(published.attendees, placement.attendees)
        for published in self.cancelled:
            people.update(published.attendees)
        return people

    @property
    def arranged(self) -> int:
        return sum(1 for p in self.new if p.request_id is None)


@dataclass(frozen=True)
class PublishResult:
    run: ScheduleRun
    created: int
    moved: int
    unchanged: int
    kept: int
    cancelled: int
    arranged: int
    #: People told about a change (one e-mail each, after the commit).
    notified: int


def _chunks(values: Sequence[Any], size: int = _BATCH) -> Iterator[Sequence[Any]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def lock_schedule(*, event: Event) -> Event:
    """Lock the event's published schedule until the end of the transaction (callers must be
    inside `transaction.atomic`); every change of the schedule takes this lock first."""
    return Event.objects.select_for_update().get(pk=event.pk)


def published_meetings(*, event: Event) -> dict[int, Published]:
    """Request id → the published (scheduled) meeting, with its active seats."""
    seats: dict[int, list[int]] = defaultdict(list)
    for meeting_id, membership_id in (
        MeetingSeat.objects.filter(meeting__event=event, meeting__status=Scheduled, active=True)
        .order_by("pk")
        .values_list("meeting_id", "membership_id")
    ):
        seats[meeting_id].append(membership_id)
    rows = ScheduledMeeting.objects.filter(event=event, status=Scheduled).values_list(
        "pk", "meeting_request_id", "slot_id", "table_id", "sequence"
    )
    return {
        request_id: Published(pk, request_id, slot_id, table_id, sequence, tuple(seats[pk]))
        for pk, request_id, slot_id, table_id, sequence in rows
    }


def parse_assignments(*, run: ScheduleRun, problems: list[str]) -> list[Placement]:
    """The run's assignments as placements; a malformed row adds a problem naming it."""
    placements = []
    for index, row in enumerate(run.assignments or []):
        try:
            request_id = row.get("request")
            pair = row.get("pair")
            table = row.get("table")
            if table is None:
                problems.append(
                    _(
                        "Assignment %(row)d uses a table the event does not have (an extra "
                        "table of a “what if” run)."
                    )
                    % {"row": index + 1}
                )
                continue
            placements.append(
                Placement(
                    index=index,
                    request_id=int(request_id) if request_id is not None else None,
                    pair=tuple(sorted(int(pk) for pk in pair)) if request_id is None else None,  # type: ignore[arg-type]
                    slot_id=int(row["slot"]),
                    table_id=int(table),
                    attendees=tuple(int(pk) for pk in row.get("attendees") or ()),
                )
            )
        except (KeyError, TypeError, ValueError, AttributeError):
            problems.append(
                _("Assignment %(row)d of the run is malformed: %(data)s")
                % {"row": index + 1, "data": row}
            )
    return placements


class _Labels:
    """Readable names for meetings and people, loaded only when a problem must be told."""

    def __init__(self, event: Event, requests: dict[int, dict[str, Any]]) -> None:
        self.event = event
        self.requests = requests
        self._orgs: dict[int, str] | None = None
        self._people: dict[int, str] = {}

    def org(self, pk: int) -> str:
        if self._orgs is None:
            self._orgs = dict(
                Organization.objects.filter(event=self.event).values_list("pk", "name")
            )
        return self._orgs.get(pk, "?")

    def of_request(self, request_id: int) -> str:
        row = self.requests.get(request_id)
        if row is None:
            row = MeetingRequest.objects.filter(pk=request_id).values(*party_id_fields()).first()
        if row is None:
            return _("request #%(pk)d") % {"pk": request_id}
        return meeting_label(*(self.org(pk) for pk in party_ids_in(row)))

    def of(self, placement: Placement) -> str:
        if placement.request_id is not None:
            return self.of_request(placement.request_id)
        assert placement.pair is not None
        return meeting_label(*(self.org(pk) for pk in placement.pair))

    def person(self, pk: int) -> str:
        if pk not in self._people:
            membership = Membership.objects.select_related("user", "organization").filter(pk=pk)
            found = membership.first()
            self._people[pk] = person_label(found) if found else _("person #%(pk)d") % {"pk": pk}
        return self._people[pk]


class _LazyLabel:
    """A meeting's name, looked up only when a problem message is formatted."""

    def __init__(self, labels: _Labels, placement: Placement) -> None:
        self.labels, self.placement = labels, placement

    def __str__(self) -> str:
        return self.labels.of(self.placement)


@dataclass
class Difference:
    """A run's placements against the published schedule (see the module's "Diff" rules)."""

    new: list[Placement] = field(default_factory=list)
    moved: list[tuple[Published, Placement]] = field(default_factory=list)
    unchanged: list[Published] = field(default_factory=list)
    kept: list[Published] = field(default_factory=list)
    cancelled: list[Published] = field(default_factory=list)


def diff_with_published(
    *,
    placements: Iterable[Placement],
    published: dict[int, Published],
    accepted: Container[int],
    full_replan: bool,
) -> Difference:
    """Sort `placements` into new, moved and unchanged meetings, and the published meetings
    the run does not hold into kept (request still in `accepted`) and cancelled."""
    difference = Difference()
    in_run: set[int] = set()
    for placement in placements:
        current = published.get(placement.request_id) if placement.request_id else None
        if current is None:
            difference.new.append(placement)
            continue
        in_run.add(current.request_id)
        same_place = (current.slot_id, current.table_id) == (placement.slot_id, placement.table_id)
        if same_place and set(current.attendees) == set(placement.attendees):
            difference.unchanged.append(current)
        else:
            difference.moved.append((current, placement))
    for request_id, current in published.items():
        if request_id in in_run:
            continue
        if full_replan or request_id not in accepted:
            difference.cancelled.append(current)
        else:
            difference.kept.append(current)
    return difference


def plan_publication(*, run: ScheduleRun) -> PublishPlan:
    """Compare `run` with the published schedule and check it against the database now
    (read only; `publish_run` calls it again under the lock)."""
    event = run.event
    plan = PublishPlan(run=run)
    problems = plan.problems
    if run.status != ScheduleRun.Status.DONE:
        problems.append(_("Only a finished run can be published."))
    if run.purpose == ScheduleRun.Purpose.WHAT_IF:
        problems.append(_("A “what if” run only measures capacity; it cannot be published."))
    if run.published_at is not None:
        problems.append(_("This run has been published already."))
    if problems:
        return plan
    options = run.options or {}
    full_replan = options.get("pin_published", True) is False
    fixed_pins = not full_replan and not options.get("movable_published", False)

    placements = parse_assignments(run=run, problems=problems)
    published = published_meetings(event=event)
    slots = Slot.objects.filter(event=event).in_bulk()
    tables = Table.objects.filter(event=event).in_bulk()
    request_ids = {p.request_id for p in placements if p.request_id is not None}
    request_ids |= published.keys()
    requests: dict[int, dict[str, Any]] = {}
    for chunk in _chunks(sorted(request_ids)):
        for row in MeetingRequest.objects.filter(pk__in=chunk).values(
            "pk", "event_id", "status", *party_id_fields()
        ):
            requests[row["pk"]] = row
    labels = _Labels(event, requests)
    person_ids = sorted({pk for p in placements for pk in p.attendees})
    member_of: dict[int, int] = {}
    for chunk in _chunks(person_ids):
        member_of.update(
            Membership.objects.filter(pk__in=chunk, event=event).values_list(
                "pk", "organization_id"
            )
        )
    unavailable = unavailability_by_person(event_id=event.pk)
    status_names = dict(MeetingRequest.Status.choices)

    pair_orgs = {pk for p in placements if p.pair for pk in p.pair}
    open_between: dict[tuple[int, int], tuple[int, str]] = {}
    organizations: dict[int, Organization] = {}
    excluded: set[int] = set()
    if pair_orgs:
        organizations = Organization.objects.filter(event=event).in_bulk(pair_orgs)
        excluded = screening_exclusions(event=event)
        for pk, status, *pair in MeetingRequest.objects.filter(
            involving(pair_orgs), event=event, status__in=MeetingRequest.OPEN_STATUSES
        ).values_list("pk", "status", *pair_id_fields()):
            open_between[pair_key(pair)] = (pk, status)

    seen_requests: set[int] = set()
    seen_pairs: set[tuple[int, int]] = set()
    checked: list[Placement] = []
    for placement in placements:
        label = _LazyLabel(labels, placement)
        if placement.slot_id not in slots:
            problems.append(
                _("%(meeting)s: its slot no longer exists in this event.") % {"meeting": label}
            )
            continue
        if placement.table_id not in tables:
            problems.append(
                _("%(meeting)s: its table no longer exists in this event.") % {"meeting": label}
            )
            continue
        if placement.request_id is not None:
            row = requests.get(placement.request_id)
            if row is None or row["event_id"] != event.pk:
                problems.append(
                    _("%(meeting)s: the meeting request no longer exists.") % {"meeting": label}
                )
                continue
            if row["status"] != MeetingRequest.Status.ACCEPTED:
                problems.append(
                    _("%(meeting)s: the request is %(status)s now, no longer accepted.")
                    % {"meeting": label, "status": status_names.get(row["status"], row["status"])}
                )
                continue
            if placement.request_id in seen_requests:
                problems.append(_("%(meeting)s is placed twice.") % {"meeting": label})
                continue
            seen_requests.add(placement.request_id)
            sides = set(party_ids_in(row))
        else:
            assert placement.pair is not None
            first, second = (organizations.get(pk) for pk in placement.pair)
            if first is None or second is None or first.pk == second.pk:
                problems.append(
                    _("%(meeting)s: a proposed organization no longer takes part.")
                    % {"meeting": label}
                )
                continue
            if placement.pair in seen_pairs:
                problems.append(_("%(meeting)s is placed twice.") % {"meeting": label})
                continue
            seen_pairs.add(placement.pair)
            if survey_excludes(first=first, second=second) or {first.pk, second.pk} & excluded:
                problems.append(
                    _("%(meeting)s: the two organizations are excluded from meeting each other.")
                    % {"meeting": label}
                )
                continue
            existing = open_between.get(placement.pair)
            if existing is not None and existing[1] == MeetingRequest.Status.ACCEPTED:
                problems.append(
                    _("%(meeting)s: the two organizations have a meeting already.")
                    % {"meeting": label}
                )
                continue
            if existing is not None:
                plan.replaced_pending.append(existing[0])
            sides = set(placement.pair)
        if len(placement.attendees) < 2:
            problems.append(_("%(meeting)s has nobody to seat.") % {"meeting": label})
            continue
        strangers = [pk for pk in placement.attendees if member_of.get(pk) not in sides]
        if strangers:
            problems.append(
                _("%(meeting)s: %(people)s no longer belongs to either organization.")
                % {
                    "meeting": label,
                    "people": ", ".join(labels.person(pk) for pk in strangers),
                }
            )
            continue
        checked.append(placement)

    accepted = {
        pk for pk, row in requests.items() if row["status"] == MeetingRequest.Status.ACCEPTED
    }
    difference = diff_with_published(
        placements=checked, published=published, accepted=accepted, full_replan=full_replan
    )
    plan.new, plan.unchanged = difference.new, difference.unchanged
    plan.kept, plan.cancelled = difference.kept, difference.cancelled
    for current, placement in difference.moved:
        same_place = (current.slot_id, current.table_id) == (placement.slot_id, placement.table_id)
        if fixed_pins and not same_place:
            problems.append(
                _(
                    "%(meeting)s was moved to %(time)s, %(table)s after this run was computed; "
                    "compute a new run."
                )
                % {
                    "meeting": labels.of(placement),
                    "time": slot_label(slots[current.slot_id], event=event)
                    if current.slot_id in slots
                    else "?",
                    "table": table_label(tables[current.table_id])
                    if current.table_id in tables
                    else "?",
                }
            )
            continue
        plan.moved.append((current, placement))

    # Availability of the people of new and moved meetings.
    for placement in [*plan.new, *(p for _pub, p in plan.moved)]:
        for pk in placement.attendees:
            if placement.slot_id in unavailable.get(pk, ()):
                problems.append(
                    _("%(meeting)s: %(person)s is not available at %(time)s.")
                    % {
                        "meeting": labels.of(placement),
                        "person": labels.person(pk),
                        "time": slot_label(slots[placement.slot_id], event=event),
                    }
                )

    # The resulting schedule: one meeting per table and slot, one meeting per person and slot.
    # Keys: (0, request id) for requests, (1, assignment index) for proposed pairs.
    placements_by_index = {p.index: p for p in placements}
    table_at: dict[tuple[int, int], tuple[int, int]] = {}
    person_at: dict[tuple[int, int], tuple[int, int]] = {}

    def name(key: tuple[int, int]) -> str:
        kind, pk = key
        return labels.of_request(pk) if kind == 0 else labels.of(placements_by_index[pk])

    def occupy(key: tuple[int, int], slot_id: int, table_id: int, people: Iterable[int]) -> None:
        other = table_at.setdefault((slot_id, table_id), key)
        if other != key:
            problems.append(
                _("%(table)s at %(time)s is given to both %(first)s and %(second)s.")
                % {
                    "table": table_label(tables[table_id]),
                    "time": slot_label(slots[slot_id], event=event),
                    "first": name(other),
                    "second": name(key),
                }
            )
        for pk in people:
            other = person_at.setdefault((pk, slot_id), key)
            if other != key:
                problems.append(
                    _("%(person)s would be in two meetings at %(time)s: %(first)s and %(second)s.")
                    % {
                        "person": labels.person(pk),
                        "time": slot_label(slots[slot_id], event=event),
                        "first": name(other),
                        "second": name(key),
                    }
                )

    for current in [*plan.unchanged, *plan.kept]:
        if current.slot_id in slots and current.table_id in tables:
            occupy((0, current.request_id), current.slot_id, current.table_id, current.attendees)
    for placement in [*(p for _pub, p in plan.moved), *plan.new]:
        key = (0, placement.request_id) if placement.request_id else (1, placement.index)
        occupy(key, placement.slot_id, placement.table_id, placement.attendees)

    if len(problems) > MAX_PROBLEMS_SHOWN:
        more = len(problems) - MAX_PROBLEMS_SHOWN
        del problems[MAX_PROBLEMS_SHOWN:]
        problems.append(_("… and %(count)d more problems.") % {"count": more})
    return plan


# ---- writing ---------------------------------------------------------------------------------


def _arrange_pairs(plan: PublishPlan, user: Any, now: datetime) -> dict[int, int]:
    """Create the organizer-arranged requests of the plan's proposed pairs (bulk); returns
    placement index → new request id."""
    pairs = [p for p in plan.new if p.request_id is None]
    if not pairs:
        return {}
    event = plan.run.event
    organization_ids = sorted({pk for p in pairs for pk in p.pair or ()})
    # Same lock order as the meetings domain (organizations by id), so that a concurrent
    # survey edit or request between the two waits for us or we for it.
    list(Organization.objects.select_for_update().filter(pk__in=organization_ids).order_by("pk"))
    if plan.replaced_pending:
        MeetingRequest.objects.filter(
            pk__in=plan.replaced_pending, status=MeetingRequest.Status.PENDING
        ).update(status=MeetingRequest.Status.CANCELLED, answered_at=now)
    created = MeetingRequest.objects.bulk_create(
        [
            MeetingRequest(
                event=event,
                kind=MeetingRequest.Kind.ORGANIZER_ARRANGED,
                **party_fields(*(p.pair or ())),
                status=MeetingRequest.Status.ACCEPTED,
                arranged_by=user,
                answered_at=now,
            )
            for p in pairs
        ],
        batch_size=_BATCH,
    )
    return {p.index: request.pk for p, request in zip(pairs, created, strict=True)}


def _write(plan: PublishPlan, user: Any, now: datetime) -> ScheduleChanges:
    run = plan.run
    changes = ScheduleChanges()
    request_of_pair = _arrange_pairs(plan, user, now)

    # 1. Out of the way: cancelled and moved meetings leave the schedule, their seats too.
    cancelled_ids = [m.pk for m in plan.cancelled]
    moved_ids = [m.pk for m, _p in plan.moved]
    for chunk in _chunks(cancelled_ids):
        ScheduledMeeting.objects.filter(pk__in=chunk).update(
            status=Cancelled, sequence=F("sequence") + 1, updated=now
        )
    for chunk in _chunks(moved_ids):
        ScheduledMeeting.objects.filter(pk__in=chunk).update(status=Cancelled)
    for chunk in _chunks(cancelled_ids + moved_ids):
        MeetingSeat.objects.filter(meeting_id__in=chunk).update(active=False)
    for meeting in plan.cancelled:
        changes.add_cancelled(meeting.pk, meeting.attendees)

    # 2. Moved meetings take their new places; their seats follow (and change if asked).
    if plan.moved:
        ScheduledMeeting.objects.bulk_update(
            [
                ScheduledMeeting(
                    pk=current.pk,
                    slot_id=placement.slot_id,
                    table_id=placement.table_id,
                    status=Scheduled,
                    sequence=current.sequence + 1,
                    published_by_run=run,
                    updated=now,
                )
                for current, placement in plan.moved
            ],
            ["slot", "table", "status", "sequence", "published_by_run", "updated"],
            batch_size=500,
        )
        existing: dict[int, dict[int, int]] = defaultdict(dict)
        for chunk in _chunks(moved_ids):
            for pk, meeting_id, membership_id in MeetingSeat.objects.filter(
                meeting_id__in=chunk
            ).values_list("pk", "meeting_id", "membership_id"):
                existing[meeting_id][membership_id] = pk
        drop: list[int] = []
        keep_by_slot: dict[int, list[int]] = defaultdict(list)
        add: list[MeetingSeat] = []
        for current, placement in plan.moved:
            seats = existing[current.pk]
            wanted = set(placement.attendees)
            drop += [pk for membership_id, pk in seats.items() if membership_id not in wanted]
            keep_by_slot[placement.slot_id] += [
                pk for membership_id, pk in seats.items() if membership_id in wanted
            ]
            add += [
                MeetingSeat(
                    meeting_id=current.pk,
                    membership_id=pk,
                    slot_id=placement.slot_id,
                    active=True,
                )
                for pk in placement.attendees
                if pk not in seats
            ]
            before, after = set(current.attendees), wanted
            changes.add_moved(current.pk, current.slot_id, current.table_id, sorted(before & after))
            changes.add_cancelled(current.pk, sorted(before - after))
            changes.add_new(current.pk, sorted(after - before))
        for chunk in _chunks(drop):
            MeetingSeat.objects.filter(pk__in=chunk).delete()
        for slot_id, seat_ids in keep_by_slot.items():
            for chunk in _chunks(seat_ids):
                MeetingSeat.objects.filter(pk__in=chunk).update(slot_id=slot_id, active=True)
        MeetingSeat.objects.bulk_create(add, batch_size=_BATCH)

    # 3. New meetings, then their seats.
    if plan.new:
        meetings = ScheduledMeeting.objects.bulk_create(
            [
                ScheduledMeeting(
                    event_id=run.event_id,
                    meeting_request_id=placement.request_id or request_of_pair[placement.index],
                    slot_id=placement.slot_id,
                    table_id=placement.table_id,
                    status=Scheduled,
                    published_by_run=run,
                )
                for placement in plan.new
            ],
            batch_size=_BATCH,
        )
        seats = []
        for meeting, placement in zip(meetings, plan.new, strict=True):
            seats += [
                MeetingSeat(
                    meeting_id=meeting.pk, membership_id=pk, slot_id=placement.slot_id, active=True
                )
                for pk in placement.attendees
            ]
            changes.add_new(meeting.pk, placement.attendees)
        MeetingSeat.objects.bulk_create(seats, batch_size=_BATCH)
    return changes


def publish_run(*, run: ScheduleRun, user: Any, base_url: str = "") -> PublishResult:
    """Make `run` the published schedule (see the module docstring): one transaction, all or
    nothing; raises `ScheduleConflict` listing every problem, each naming the meeting."""
    event = run.event
    if not is_organizer(user=user, event=event):
        raise PermissionDenied
    now = timezone.now()
    with transaction.atomic():
        lock_schedule(event=event)
        run = ScheduleRun.objects.select_for_update().select_related("event").get(pk=run.pk)
        plan = plan_publication(run=run)
        if plan.problems:
            raise ScheduleConflict(plan.problems)
        try:
            with transaction.atomic():
                changes = _write(plan, user, now)
        except IntegrityError as error:
            # Checked above under the lock; this is the database's last word on a race.
            raise ScheduleConflict(
                [_("The schedule changed while publishing; nothing was published: %s") % error]
            ) from error
        run.published_at = now
        run.published_by = user
        run.save(update_fields=["published_at", "published_by"])
        notify_after_commit(event=event, changes=changes, base_url=base_url)
    return PublishResult(
        run=run,
        created=len(plan.new),
        moved=len(plan.moved),
        unchanged=len(plan.unchanged),
        kept=len(plan.kept),
        cancelled=len(plan.cancelled),
        arranged=plan.arranged,
        notified=len(changes),
    )


def describe_plan(*, plan: PublishPlan, limit: int = 100) -> dict[str, list[dict[str, str]]]:
    """Readable rows for the confirmation page: up to `limit` new, moved and cancelled
    meetings each, with their places ("Tue 10:30, Table 12")."""
    event = plan.run.event
    slots = Slot.objects.filter(event=event).in_bulk()
    tables = Table.objects.filter(event=event).in_bulk()
    request_ids = [p.request_id for p in plan.new[:limit] if p.request_id is not None]
    request_ids += [m.request_id for m, _p in plan.moved[:limit]]
    request_ids += [m.request_id for m in plan.cancelled[:limit]]
    requests = {
        row["pk"]: row
        for row in MeetingRequest.objects.filter(pk__in=request_ids).values(
            "pk", *party_id_fields()
        )
    }
    labels = _Labels(event, requests)

    def place(slot_id: int, table_id: int) -> str:
        slot, table = slots.get(slot_id), tables.get(table_id)
        return _("%(time)s, %(table)s") % {
            "time": slot_label(slot, event=event) if slot else "?",
            "table": table_label(table) if table else "?",
        }

    return {
        "new": [
            {"meeting": labels.of(p), "to": place(p.slot_id, p.table_id)} for p in plan.new[:limit]
        ],
        "moved": [
            {
                "meeting": labels.of(p),
                "from": place(m.slot_id, m.table_id),
                "to": place(p.slot_id, p.table_id),
            }
            for m, p in plan.moved[:limit]
        ],
        "cancelled": [
            {"meeting": labels.of_request(m.request_id), "from": place(m.slot_id, m.table_id)}
            for m in plan.cancelled[:limit]
        ],
    }
