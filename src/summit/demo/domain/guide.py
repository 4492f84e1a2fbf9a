"""What to try in the demo, for each role, in the phase the demo event is in.

`make demo` prints these lines last, before the server starts: the phase with its dates, and
for the organizer and the participant login what they can do now, with the pages' addresses
and, where it helps, the demo data waiting for them (requests to answer, the next meeting,
feedback to give).
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from summit.demo.domain.event import DEMO_ORGANIZER, DEMO_ORGANIZER_PASSWORD, event_dates
from summit.demo.domain.organizations import (
    DEMO_PASSWORD,
    demo_participant_email,
    demo_participant_organization,
)
from summit.demo.domain.phases import Phase, phase_of
from summit.events.models import Event
from summit.meetings.domain.cards import pending_requests_of
from summit.meetings.domain.parties import involving

__all__ = ["demo_guide"]


def _local(value: datetime, event: Event) -> str:
    return value.astimezone(ZoneInfo(event.time_zone)).strftime("%Y-%m-%d %H:%M")


def demo_guide(*, event: Event, base_url: str, now: datetime | None = None) -> list[str]:
    """Lines telling which phase the demo is in and what each role can try (plain text)."""
    from summit.scheduling.models import ScheduledMeeting

    now = now or timezone.now()
    dates = event_dates(event=event)
    phase = phase_of(dates=dates, now=now)
    slug = event.slug

    def url(name: str, **kwargs: str) -> str:
        key = "event_slug" if name.startswith("meetings:") else "slug"
        return base_url.rstrip("/") + reverse(name, kwargs={key: slug, **kwargs})

    days = " and ".join(day.isoformat() for day in dates)
    deadline = _local(event.request_deadline, event) if event.request_deadline else "none"
    spotlight = demo_participant_organization(event=event)
    mine = involving(spotlight, via="meeting_request") if spotlight is not None else Q(pk__in=[])
    organizer = f"Organizer ({DEMO_ORGANIZER} / {DEMO_ORGANIZER_PASSWORD}):"
    participant = f"Participant ({demo_participant_email()} / {DEMO_PASSWORD}):"
    lines = [
        f"Demo phase: {phase} — summit days {days} ({event.time_zone}); "
        f"meeting requests close {deadline}.",
        "  Other phases: make demo PHASE=before|during|after (rebuilds the demo event).",
    ]
    if phase == Phase.BEFORE:
        waiting = len(pending_requests_of(organization=spotlight)[0]) if spotlight else 0
        lines += [
            organizer,
            f"  - the command center (where the program stands, what needs a person): "
            f"{url('events:home')}",
            f"  - remind the people with requests to answer, in their language: "
            f"{url('program:reminders')}?segment=requests_to_answer",
            f"  - watch requests come in: {url('meetings:organizer_requests')}",
            f"  - arrange a meeting yourself: {url('meetings:arrange')}",
            f"  - build a draft schedule with the engine and publish it: {url('scheduling:home')}",
            f"  - change the settings (days, sessions, tables, deadline): {url('events:edit')}",
            participant,
            f"  - answer the {waiting} requests waiting for you: {url('meetings:my_requests')}",
            f"  - request a meeting from your recommendations: {url('matching:recommendations')}",
            f"  - change your survey (wishlist, do-not-meet): {url('organizations:my_survey')}",
            f"  - mark when you are not available: {url('meetings:availability')}",
        ]
    elif phase == Phase.DURING:
        upcoming = (
            ScheduledMeeting.objects.filter(
                mine, event=event, status=ScheduledMeeting.Status.SCHEDULED, slot__end__gt=now
            )
            .select_related("slot", "table")
            .order_by("slot__start")
            .first()
        )
        if upcoming is None:
            next_meeting = "check in to today's meetings"
        elif upcoming.slot.start <= now:
            next_meeting = (
                f"your meeting of {_local(upcoming.slot.start, event)[11:]} at "
                f"{upcoming.table} is on now: check in"
            )
        else:
            next_meeting = (
                f"your next meeting is on {_local(upcoming.slot.start, event)}, "
                f"{upcoming.table}; check in from 30 minutes before"
            )
        lines += [
            organizer,
            f"  - the command center (where the program stands, what needs a person): "
            f"{url('events:home')}",
            f"  - run the live lounge (check in, no-shows, move a meeting): {url('lounge:grid')}",
            f"  - print the table plan: {url('agenda:table_plan')}",
            f"  - follow the day on the dashboard: {url('reports:dashboard')}",
            participant,
            f"  - my day: {next_meeting}: {url('lounge:my_day')}",
            f"  - your agenda, its PDF with check-in QR codes and calendar: {url('agenda:mine')}",
            f"  - feedback on meetings already held: {url('outcomes:home')}",
        ]
    else:
        held = (
            ScheduledMeeting.objects.filter(
                mine, event=event, status=ScheduledMeeting.Status.SCHEDULED, slot__end__lte=now
            ).count()
            if spotlight is not None
            else 0
        )
        lines += [
            organizer,
            f"  - the command center (where the program stands, what needs a person): "
            f"{url('events:home')}",
            f"  - remind the people whose feedback is due: "
            f"{url('program:reminders')}?segment=feedback_due",
            f"  - the results: dashboard, Excel and PDF report: {url('reports:dashboard')}",
            f"  - feedback of every meeting: {url('outcomes:feedback_list')}",
            f"  - deals recorded by the participants: {url('outcomes:deal_list')}",
            participant,
            f"  - give feedback on your {held} meetings: {url('outcomes:home')}",
            f"  - record a deal with a partner you met: {url('outcomes:deal_create')}",
            f"  - export or delete your data: {url('outcomes:my_data')}",
        ]
    return lines
