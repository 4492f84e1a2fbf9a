"""Demo data: the demo summit as it happened, through the same domain functions organizers use.

The demo summit's days lie in the past, so the demo shows the whole story: the meeting
requests that came in before the deadline (`summit.demo.domain.requests`), a schedule built
by the engine (a real `ScheduleRun`, executed here in the foreground) and published with
`publish_run` (all-or-nothing, as from the organizer's page), attendance on the day (most
meetings checked in, a few no-shows), then the feedback and deals that followed
(`summit.demo.domain.outcomes`). Every step does nothing when its data already exists, so
running it again is safe. Deterministic for a fixed seed (the engine's seed included).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from summit.demo.domain.outcomes import demo_outcomes
from summit.demo.domain.requests import create_demo_requests
from summit.events.models import Event
from summit.scheduling.domain.publish import publish_run
from summit.scheduling.domain.runs import RunOptions, create_run, execute_run
from summit.scheduling.models import ScheduledMeeting, ScheduleRun

__all__ = ["DemoActivity", "create_demo_activity"]

_SEED = 20261007


@dataclass(frozen=True, slots=True)
class DemoActivity:
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


def _attendance(event: Event, organizer: Any) -> tuple[int, int]:
    """Most published meetings were checked in a few minutes after they started; about one in
    twenty was a no-show of one side. Written directly: the lounge's check-in refuses times
    in the past, and these are the records the day would have left."""
    meetings = list(
        ScheduledMeeting.objects.filter(
            event=event,
            status=ScheduledMeeting.Status.SCHEDULED,
            attendance=ScheduledMeeting.Attendance.EXPECTED,
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
            meeting.absent_organization_id = rng.choice(
                [
                    meeting.meeting_request.sender_organization_id,
                    meeting.meeting_request.receiver_organization_id,
                ]
            )
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


def create_demo_activity(*, event: Event, time_limit_s: float = 20.0) -> DemoActivity:
    """Requests, the published schedule, attendance, feedback and deals of the demo event."""
    organizer = _organizer(event)
    requests = create_demo_requests(event=event)
    scheduled, unscheduled, problem = _schedule(event, organizer, time_limit_s)
    checked_in, no_shows = _attendance(event, organizer)
    outcomes = demo_outcomes(event=event)
    return DemoActivity(
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
