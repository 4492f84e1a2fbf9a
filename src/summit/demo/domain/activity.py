"""Demo data: the demo summit's activity up to now, through the same domain functions
organizers use.

What exists depends on the phase the demo event is in (`summit.demo.domain.phases`):

- before the summit: the meeting requests so far (`summit.demo.domain.requests`), some still
  waiting for an answer, a few of them to the participant login's organization; no schedule
  yet (building and publishing it is for the organizer to try).
- during the summit: all requests answered or expired, a schedule built by the engine (a
  real `ScheduleRun`, executed here in the foreground) and published with `publish_run`
  (all-or-nothing, as from the organizer's page), attendance of the meetings that have
  started (most checked in, a few no-shows; the participant login's own left to check in),
  and feedback on the meetings that have ended.
- after the summit: all of the above for every meeting, and the deals that followed
  (`summit.demo.domain.outcomes`); the participant login's organization has its feedback
  still to give.

Every step does nothing when its data already exists, so running it again is safe.
Deterministic for a fixed seed and moment (the engine's seed included).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from summit.demo.domain.event import event_dates
from summit.demo.domain.organizations import demo_participant_organization
from summit.demo.domain.outcomes import demo_outcomes
from summit.demo.domain.phases import Phase, phase_of
from summit.demo.domain.requests import create_demo_requests
from summit.events.models import Event, Slot, Table
from summit.meetings.domain.parties import involving, party_ids_of
from summit.scheduling.domain.changes import move_meeting
from summit.scheduling.domain.errors import ScheduleConflict
from summit.scheduling.domain.publish import publish_run
from summit.scheduling.domain.runs import RunOptions, create_run, execute_run
from summit.scheduling.models import ScheduledMeeting, ScheduleRun

__all__ = ["DemoActivity", "create_demo_activity", "demo_activity_totals"]

_SEED = 20261007


@dataclass(frozen=True, slots=True)
class DemoActivity:
    phase: Phase
    requests: int
    accepted: int
    scheduled: int
    unscheduled: int
    checked_in: int
    no_shows: int
    feedback: int
    deals: int
    #: "" when the schedule was published, else why not (shown by the command).
    problem: str = ""
    pending: int = 0


def _organizer(event: Event) -> Any:
    return get_user_model().objects.filter(organized__event=event).order_by("pk").first()


def _schedule(event: Event, organizer: Any, time_limit_s: float) -> tuple[int, int, str]:
    if ScheduledMeeting.objects.filter(event=event).exists():
        return 0, 0, ""
    options = RunOptions(solver="auto", time_limit_s=time_limit_s, seed=1)
    run = create_run(event=event, user=organizer, options=options, name="Demo schedule")
    run = execute_run(run=run)
    if run.status != ScheduleRun.Status.DONE:
        return 0, 0, run.error or str(run.status)
    publish_run(run=run, user=organizer)
    return len(run.assignments), len(run.unscheduled), ""


def _bring_to_today(event: Event, organizer: Any, now: datetime, spotlight: int | None) -> int:
    """While the summit is on, move up to two of the `spotlight` organization's meetings (the
    participant login's) into today's slot that is running now and the next one, with the
    organizers' own `move_meeting`, so that its people can check in right away. A slot where
    it already meets is left as it is (a meeting later today is not enough: the solver may
    have put it anywhere). Returns how many meetings moved."""
    if spotlight is None:
        return 0
    mine = ScheduledMeeting.objects.filter(
        involving(spotlight, via="meeting_request"),
        event=event,
        status=ScheduledMeeting.Status.SCHEDULED,
    )
    zone = ZoneInfo(event.time_zone)
    today = now.astimezone(zone).date()
    day_start = datetime.combine(today, time(0), tzinfo=zone)
    today_slots = Slot.objects.filter(
        event=event, start__gte=day_start, start__lt=day_start + timedelta(days=1)
    )
    targets = list(today_slots.filter(end__gt=now).order_by("start")[:2])
    met = set(mine.filter(slot__in=targets).values_list("slot_id", flat=True))
    candidates = [m for m in mine.order_by("slot__start", "pk") if m.slot_id not in met]
    moved = 0
    for slot in targets:
        if slot.pk in met:
            continue
        busy = ScheduledMeeting.objects.filter(
            slot=slot, status=ScheduledMeeting.Status.SCHEDULED
        ).values("table_id")
        table = (
            Table.objects.filter(event=event, kind="table")
            .exclude(pk__in=busy)
            .order_by("number")
            .first()
        )
        if table is None:
            continue
        # The first of its meetings whose two sides are free then.
        placed = next((m for m in candidates if _moved(m, slot, table, organizer)), None)
        if placed is not None:
            candidates.remove(placed)
            moved += 1
    return moved


def _moved(meeting: ScheduledMeeting, slot: Slot, table: Table, organizer: Any) -> bool:
    try:
        move_meeting(meeting=meeting, slot=slot, table=table, user=organizer)
    except ScheduleConflict:
        return False
    return True


def _attendance(event: Event, organizer: Any, now: datetime, spare: int | None) -> tuple[int, int]:
    """Most published meetings that started by `now` were checked in a few minutes after they
    started; about one in twenty was a no-show of one side. Written directly: the lounge's
    check-in refuses times in the past, and these are the records the day would have left.
    While the summit is on, the meetings of the `spare` organization are left for its people
    to check in."""
    live = phase_of(dates=event_dates(event=event), now=now) == Phase.DURING
    meetings = list(
        ScheduledMeeting.objects.filter(
            event=event,
            status=ScheduledMeeting.Status.SCHEDULED,
            attendance=ScheduledMeeting.Attendance.EXPECTED,
            slot__start__lte=now,
        )
        .exclude(
            involving(spare, via="meeting_request") if live and spare is not None else Q(pk__in=[])
        )
        .select_related("slot", "meeting_request")
        .order_by("pk")
    )
    if (
        not meetings
        or ScheduledMeeting.objects.filter(event=event)
        .exclude(attendance=ScheduledMeeting.Attendance.EXPECTED)
        .exists()
    ):
        return 0, 0
    rng = random.Random(_SEED)
    checked_in = no_shows = 0
    for meeting in meetings:
        draw = rng.random()
        if draw < 0.9:
            meeting.attendance = ScheduledMeeting.Attendance.CHECKED_IN
            meeting.attendance_recorded_at = meeting.slot.start + timedelta(
                minutes=rng.randrange(0, 6)
            )
            checked_in += 1
        elif draw < 0.95:
            meeting.attendance = ScheduledMeeting.Attendance.NO_SHOW
            meeting.absent_organization_id = rng.choice(party_ids_of(meeting))
            meeting.attendance_recorded_at = meeting.slot.start + timedelta(minutes=10)
            no_shows += 1
        else:
            continue
        meeting.attendance_recorded_by = organizer
    with transaction.atomic():
        ScheduledMeeting.objects.bulk_update(
            meetings,
            [
                "attendance",
                "attendance_recorded_at",
                "attendance_recorded_by",
                "absent_organization",
            ],
            batch_size=500,
        )
    return checked_in, no_shows


def create_demo_activity(
    *, event: Event, time_limit_s: float = 20.0, now: datetime | None = None
) -> DemoActivity:
    """The demo event's activity up to `now` for the phase it is in (module docstring)."""
    now = now or timezone.now()
    phase = phase_of(dates=event_dates(event=event), now=now)
    organizer = _organizer(event)
    spotlight = demo_participant_organization(event=event)
    spotlight_id = spotlight.pk if spotlight is not None else None
    requests = create_demo_requests(event=event, now=now, spotlight=spotlight_id)
    if phase == Phase.BEFORE:
        return DemoActivity(
            phase=phase,
            requests=requests.created,
            accepted=requests.accepted,
            pending=requests.pending,
            scheduled=0,
            unscheduled=0,
            checked_in=0,
            no_shows=0,
            feedback=0,
            deals=0,
        )
    scheduled, unscheduled, problem = _schedule(event, organizer, time_limit_s)
    if phase == Phase.DURING and not problem:
        _bring_to_today(event, organizer, now, spotlight_id)
    checked_in, no_shows = _attendance(event, organizer, now, spotlight_id)
    outcomes = demo_outcomes(event=event, now=now, spotlight=spotlight_id)
    return DemoActivity(
        phase=phase,
        pending=requests.pending,
        requests=requests.created,
        accepted=requests.accepted,
        scheduled=scheduled,
        unscheduled=unscheduled,
        checked_in=checked_in,
        no_shows=no_shows,
        feedback=outcomes.feedback,
        deals=outcomes.deals,
        problem=problem,
    )


def demo_activity_totals(*, event: Event, now: datetime | None = None) -> DemoActivity:
    """What the demo event holds now (whatever run created it), for the command's summary."""
    from summit.meetings.models import MeetingRequest
    from summit.outcomes.models import Deal, MeetingFeedback

    now = now or timezone.now()
    requests = MeetingRequest.objects.filter(event=event)
    meetings = ScheduledMeeting.objects.filter(event=event)
    scheduled = meetings.filter(status=ScheduledMeeting.Status.SCHEDULED)
    accepted = requests.filter(status=MeetingRequest.Status.ACCEPTED).count()
    return DemoActivity(
        phase=phase_of(dates=event_dates(event=event), now=now),
        requests=requests.count(),
        accepted=accepted,
        pending=requests.filter(status=MeetingRequest.Status.PENDING).count(),
        scheduled=scheduled.count(),
        unscheduled=max(accepted - scheduled.count(), 0) if meetings.exists() else 0,
        checked_in=scheduled.filter(attendance=ScheduledMeeting.Attendance.CHECKED_IN).count(),
        no_shows=scheduled.filter(attendance=ScheduledMeeting.Attendance.NO_SHOW).count(),
        feedback=MeetingFeedback.objects.filter(meeting__event=event).count(),
        deals=Deal.objects.filter(event=event).count(),
    )
