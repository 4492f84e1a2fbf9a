"""Live changes of the published schedule: move a meeting, cancel it, place late meetings.

All three take the event's schedule lock first (`summit.scheduling.domain.publish.lock_schedule`)
so that they serialise with each other and with publications; they bump the meeting's
``sequence`` (calendar clients update the event with the same ``uid``), keep the seats' copy
of slot and status in step, and e-mail the people concerned after the commit.

- `move_meeting` checks the new place with the engine's validator
  (`partnering_engine.validate.validate_assignments`) on the part of the published schedule
  it can collide with (the meetings of the target slot), and explains every violation in
  people's words (`ScheduleConflict`): who already has a meeting then, which meeting holds the
  table, who is not available, missing interpreters, the wrong kind of table.
- `cancel_meeting` frees the slot and the table. By default the request is cancelled with it
  (``MeetingRequest.status = cancelled``): the meeting will not happen, late placement will
  not bring it back, and the two organizations may ask each other again. With
  ``keep_request=True`` the request stays accepted — it is merely unscheduled and waits for
  `place_late_meetings` or a new run. (Accepted requests cannot be declined or withdrawn in
  the meetings app, so a published meeting never loses its request behind our back.)
- `place_late_meetings` places accepted requests that have no published meeting (accepted
  after the publication, or unscheduled) with the published schedule pinned: first with every
  published meeting fixed (the run is published at once through `publish_run`); when some
  stay unplaced, a second run lets the solver move published meetings (it moves as few as it
  can) and is kept unpublished for the organizer to review and confirm on the publish page.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partnering_engine.errors import EngineError
from partnering_engine.types import Assignment, Meeting, Participant, Problem
from partnering_engine.validate import validate_assignments
from summit.events.domain.permissions import is_organizer
from summit.events.models import Event, Slot, Table
from summit.meetings.domain.parties import parties_of, party_paths
from summit.meetings.models import MeetingRequest, Unavailability
from summit.organizations.models import Membership
from summit.scheduling.domain.errors import ScheduleConflict
from summit.scheduling.domain.notifications import (
    ScheduleChanges,
    notify_after_commit,
    table_label,
)
from summit.scheduling.domain.problem import (
    INTERPRETER_LANGUAGE,
    build_problem,
    engine_slots,
    engine_tables,
    interpreter_pools,
    needs_interpreter,
    person_key,
    request_key,
    slot_key,
)
from summit.scheduling.domain.publish import (
    PublishResult,
    lock_schedule,
    meeting_label,
    person_label,
    publish_run,
    slot_label,
)
from summit.scheduling.models import MeetingSeat, ScheduledMeeting, ScheduleRun

__all__ = [
    "PlacementResult",
    "cancel_meeting",
    "late_requests",
    "move_meeting",
    "place_late_meetings",
    "place_problems",
]

Scheduled = ScheduledMeeting.Status.SCHEDULED


def _require_organizer(user: Any, event: Event) -> None:
    if not is_organizer(user=user, event=event):
        raise PermissionDenied


def _label(meeting: ScheduledMeeting) -> str:
    return meeting_label(*(organization.name for organization in parties_of(meeting)))


def _meetings_with_people() -> Any:
    return ScheduledMeeting.objects.select_related(
        "slot", "table", *party_paths(via="meeting_request")
    ).prefetch_related("seats__membership__user", "seats__membership__organization")


def _people(meeting: ScheduledMeeting) -> list[Membership]:
    seats = sorted((s for s in meeting.seats.all() if s.active), key=lambda s: s.pk)
    return [seat.membership for seat in seats]


def place_problems(*, meeting: ScheduledMeeting, slot: Slot, table: Table) -> list[str]:
    """Why `meeting` cannot move to (`slot`, `table`) in the published schedule, in people's
    words; empty when it can. Checks the event of slot and table, then the engine's rules."""
    event = meeting.event
    if slot.event_id != event.pk:
        return [_("This slot belongs to another event.")]
    if table.event_id != event.pk:
        return [_("This table belongs to another event.")]
    meeting = _meetings_with_people().get(pk=meeting.pk)
    others = list(
        _meetings_with_people()
        .filter(event=event, status=Scheduled, slot=slot)
        .exclude(pk=meeting.pk)
        .order_by("pk")
    )
    all_slots = list(Slot.objects.filter(event=event).select_related("session__day"))
    tables = list(Table.objects.filter(event=event).order_by("number"))
    number_of = {t.pk: number for number, t in enumerate(tables, start=1)}
    has_virtual = any(t.kind == Table.Kind.VIRTUAL for t in tables)
    has_in_person = any(t.kind != Table.Kind.VIRTUAL for t in tables)

    people: dict[int, Membership] = {}
    engine_meetings: list[Meeting] = []
    by_key: dict[str, ScheduledMeeting] = {}
    for current in [*others, meeting]:
        seated = _people(current)
        if len(seated) < 2:
            continue
        for person in seated:
            people[person.pk] = person
        kind = None
        if has_virtual and has_in_person:
            kind = "virtual" if current.table.kind == Table.Kind.VIRTUAL else "table"
        request = current.meeting_request
        first_side, second_side = parties_of(request)
        interpreter = needs_interpreter(event=event, first=first_side, second=second_side)
        key = request_key(request.pk)
        by_key[key] = current
        engine_meetings.append(
            Meeting(
                id=key,
                a=person_key(seated[0].pk),
                b=person_key(seated[1].pk),
                attendees=tuple(person_key(p.pk) for p in seated[2:]),
                table_kind=kind,
                interpreter=INTERPRETER_LANGUAGE if interpreter else None,
            )
        )
    moved_key = request_key(meeting.meeting_request_id)
    if moved_key not in by_key:
        return [_("%(meeting)s has nobody seated.") % {"meeting": _label(meeting)}]
    unavailable: dict[int, set[str]] = {}
    for membership_id, slot_id in Unavailability.objects.filter(
        membership_id__in=people.keys(), slot__event=event
    ).values_list("membership_id", "slot_id"):
        unavailable.setdefault(membership_id, set()).add(slot_key(slot_id))
    problem = Problem(
        name=f"{event.slug}-move",
        slots=engine_slots(sorted(all_slots, key=lambda s: s.start)),
        tables=tuple(engine_tables(tables)),
        participants=tuple(
            Participant(id=person_key(pk), unavailable=frozenset(unavailable.get(pk, ())))
            for pk in sorted(people)
        ),
        meetings=tuple(engine_meetings),
        interpreters=interpreter_pools(event),
    )
    # The moved meeting comes last, so every collision is reported against it.
    assignments = [
        Assignment(meeting=key, slot=slot_key(slot.pk), table=number_of[current.table_id])
        for key, current in by_key.items()
        if key != moved_key
    ]
    assignments.append(
        Assignment(meeting=moved_key, slot=slot_key(slot.pk), table=number_of[table.pk])
    )
    violations = validate_assignments(problem, assignments)
    return _explain(
        violations=violations,
        moved_key=moved_key,
        meeting=meeting,
        others=others,
        slot=slot,
        table=table,
        people=people,
        unavailable=unavailable,
    )


def _explain(
    *,
    violations: Iterable[Any],
    moved_key: str,
    meeting: ScheduledMeeting,
    others: list[ScheduledMeeting],
    slot: Slot,
    table: Table,
    people: dict[int, Membership],
    unavailable: dict[int, set[str]],
) -> list[str]:
    """The validator's violations about the moved meeting, in people's words."""
    when = slot_label(slot, event=meeting.event)
    mine = _people(meeting)
    problems: list[str] = []
    for violation in violations:
        if violation.code == "interpreters":
            first_side, second_side = parties_of(meeting)
            if needs_interpreter(event=meeting.event, first=first_side, second=second_side):
                problems.append(
                    _("No Korean–English interpreter is free at %(time)s.") % {"time": when}
                )
            continue
        if violation.meeting != moved_key:
            continue
        if violation.code == "double_booking":
            for person in mine:
                for other in others:
                    if person.pk in {p.pk for p in _people(other)}:
                        text = _("%(person)s already has a meeting at %(time)s (%(meeting)s).") % {
                            "person": person_label(person),
                            "time": when,
                            "meeting": _label(other),
                        }
                        if text not in problems:
                            problems.append(text)
        elif violation.code == "table_twice":
            holder = next((o for o in others if o.table_id == table.pk), None)
            problems.append(
                _("%(table)s is taken at %(time)s by %(meeting)s.")
                % {
                    "table": table_label(table),
                    "time": when,
                    "meeting": _label(holder) if holder else "?",
                }
            )
        elif violation.code == "slot_not_allowed":
            away = [p for p in mine if slot_key(slot.pk) in unavailable.get(p.pk, ())]
            for person in away:
                problems.append(
                    _("%(person)s is not available at %(time)s.")
                    % {"person": person_label(person), "time": when}
                )
            if not away:
                problems.append(_("This meeting cannot take place at %(time)s.") % {"time": when})
        elif violation.code == "wrong_table_kind":
            if table.kind == Table.Kind.VIRTUAL:
                problems.append(
                    _("%(table)s is a virtual room; this meeting takes place in person.")
                    % {"table": table_label(table)}
                )
            else:
                problems.append(
                    _("%(table)s is for meetings in person; this meeting is virtual.")
                    % {"table": table_label(table)}
                )
        else:
            problems.append(violation.message)
    return problems


def move_meeting(
    *, meeting: ScheduledMeeting, slot: Slot, table: Table, user: Any, base_url: str = ""
) -> ScheduledMeeting:
    """Move a published meeting to another slot and/or table after checking the new place
    (`place_problems`); raises `ScheduleConflict` with the reasons, else saves (``sequence``
    + 1, seats follow) and e-mails the people seated."""
    event = meeting.event
    _require_organizer(user, event)
    with transaction.atomic():
        lock_schedule(event=event)
        current = ScheduledMeeting.objects.select_for_update().get(pk=meeting.pk)
        if current.status != Scheduled:
            raise ScheduleConflict([_("This meeting is cancelled; it cannot be moved.")])
        if (current.slot_id, current.table_id) == (slot.pk, table.pk):
            return current
        problems = place_problems(meeting=current, slot=slot, table=table)
        if problems:
            raise ScheduleConflict(problems)
        old_slot, old_table = current.slot_id, current.table_id
        current.slot = slot
        current.table = table
        current.sequence += 1
        try:
            with transaction.atomic():
                current.save(update_fields=["slot", "table", "sequence", "updated"])
                MeetingSeat.objects.filter(meeting=current).update(slot=slot)
        except IntegrityError as error:
            raise ScheduleConflict(
                [_("The place was taken at the same moment; the meeting was not moved.")]
            ) from error
        changes = ScheduleChanges()
        people = list(
            MeetingSeat.objects.filter(meeting=current, active=True).values_list(
                "membership_id", flat=True
            )
        )
        changes.add_moved(current.pk, old_slot, old_table, people)
        notify_after_commit(event=event, changes=changes, base_url=base_url)
    return current


def cancel_meeting(
    *,
    meeting: ScheduledMeeting,
    user: Any,
    reason: str = "",
    keep_request: bool = False,
    base_url: str = "",
) -> ScheduledMeeting:
    """Cancel a published meeting: the slot and table become free (status cancelled,
    ``sequence`` + 1, seats inactive), the people seated are e-mailed with `reason`. The
    request is cancelled too unless `keep_request` (see the module docstring)."""
    event = meeting.event
    _require_organizer(user, event)
    with transaction.atomic():
        lock_schedule(event=event)
        current = ScheduledMeeting.objects.select_for_update().get(pk=meeting.pk)
        if current.status != Scheduled:
            raise ScheduleConflict([_("This meeting is cancelled already.")])
        current.status = ScheduledMeeting.Status.CANCELLED
        current.sequence += 1
        current.save(update_fields=["status", "sequence", "updated"])
        people = list(
            MeetingSeat.objects.filter(meeting=current, active=True).values_list(
                "membership_id", flat=True
            )
        )
        MeetingSeat.objects.filter(meeting=current).update(active=False)
        if not keep_request:
            MeetingRequest.objects.filter(
                pk=current.meeting_request_id, status=MeetingRequest.Status.ACCEPTED
            ).update(status=MeetingRequest.Status.CANCELLED, updated=timezone.now())
        changes = ScheduleChanges()
        changes.add_cancelled(current.pk, people)
        notify_after_commit(event=event, changes=changes, base_url=base_url, reason=reason.strip())
    return current


# ---- late meetings ---------------------------------------------------------------------------


def late_requests(*, event: Event) -> Any:
    """Accepted requests of the event without a scheduled meeting."""
    return MeetingRequest.objects.filter(
        event=event, status=MeetingRequest.Status.ACCEPTED
    ).exclude(scheduled_meetings__status=Scheduled)


@dataclass
class PlacementResult:
    """What `place_late_meetings` did: the replan run (published at once when it placed
    something), who is still unplaced and why, and the optional run that would move
    published meetings to place more (for the organizer to confirm)."""

    late: int
    run: ScheduleRun | None = None
    published: PublishResult | None = None
    placed: int = 0
    #: [{"request": pk, "reason": code, "attendees": [...]}] of the late meetings left out.
    unplaced: list[dict[str, Any]] = field(default_factory=list)
    alternative: ScheduleRun | None = None
    alternative_placed: int = 0
    alternative_moves: int = 0


def _solve_replan(
    *, event: Event, user: Any, movable: bool, solver: str, time_limit_s: float, late_ids: set[int]
) -> tuple[ScheduleRun, int, int]:
    """Solve with the published schedule pinned; store a done replan run (not published).
    Returns the run, how many late meetings it places and how many published ones it moves."""
    from summit.scheduling.domain.review import explain_unscheduled
    from summit.scheduling.domain.runs import (
        RunFailed,
        assignment_rows,
        check_event_ready,
        solve_built,
        unscheduled_rows,
    )

    started_at = timezone.now()
    started = time.monotonic()
    try:
        check_event_ready(event=event)
        built = build_problem(
            event=event,
            meeting_requests=MeetingRequest.objects.filter(pk__in=late_ids),
            pin_published=True,
            movable_published=movable,
            name=f"{event.slug}-late",
        )
        solution, bound, evaluation = solve_built(
            problem=built.problem, solver=solver, time_limit_s=time_limit_s, seed=0
        )
    except (RunFailed, EngineError) as error:
        # The engine's message for the organizer (no slots, no tables, an invalid result).
        raise ScheduleConflict([str(error)]) from error
    reasons = explain_unscheduled(problem=built.problem, assignments=solution.assignments)
    late_keys = {request_key(pk) for pk in late_ids}
    placed = sum(1 for a in solution.assignments if a.meeting in late_keys)
    run = ScheduleRun.objects.create(
        event=event,
        name=_("Late meetings (published meetings may move)") if movable else _("Late meetings"),
        purpose=ScheduleRun.Purpose.REPLAN,
        status=ScheduleRun.Status.DONE,
        created_by=user,
        options={
            "solver": solver,
            "time_limit_s": time_limit_s,
            "pin_published": True,
            "movable_published": movable,
            "late": sorted(late_ids),
        },
        summary={
            "late": len(late_ids),
            "placed": placed,
            "moved": evaluation.moved,
            "retabled": evaluation.retabled,
            "scheduled": len(solution.assignments),
            "weight": evaluation.weight,
            "bound": bound,
            "status": str(solution.status),
            "wall_s": round(time.monotonic() - started, 1),
        },
        assignments=assignment_rows(built, solution),
        unscheduled=unscheduled_rows(built, reasons),
        started_at=started_at,
        finished_at=timezone.now(),
    )
    return run, placed, evaluation.moved + evaluation.retabled


def place_late_meetings(
    *,
    event: Event,
    user: Any,
    time_limit_s: float = 10,
    solver: str = "auto",
    try_moves: bool = True,
    base_url: str = "",
) -> PlacementResult:
    """Place accepted requests that have no published meeting without moving anything
    published, and publish the result; when some stay unplaced and `try_moves`, also prepare
    (not publish) a run that may move published meetings (see the module docstring).
    Raises `ScheduleConflict` when the schedule changed while solving (nothing published)."""
    _require_organizer(user, event)
    late_ids = set(late_requests(event=event).values_list("pk", flat=True))
    result = PlacementResult(late=len(late_ids))
    if not late_ids:
        return result
    run, placed, _moved = _solve_replan(
        event=event,
        user=user,
        movable=False,
        solver=solver,
        time_limit_s=time_limit_s,
        late_ids=late_ids,
    )
    result.run, result.placed = run, placed
    result.unplaced = [row for row in run.unscheduled if row["request"] in late_ids]
    if placed:
        result.published = publish_run(run=run, user=user, base_url=base_url)
    if result.unplaced and try_moves:
        still_late = {row["request"] for row in result.unplaced}
        alternative, alt_placed, alt_moves = _solve_replan(
            event=event,
            user=user,
            movable=True,
            solver=solver,
            time_limit_s=time_limit_s,
            late_ids=still_late,
        )
        if alt_placed:
            result.alternative = alternative
            result.alternative_placed = alt_placed
            result.alternative_moves = alt_moves
        else:
            alternative.delete()
    return result
