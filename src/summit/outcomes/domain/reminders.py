"""Reminders to give feedback: after a meeting's slot ends, each person who sat in it gets one
e-mail per batch listing all their meetings still waiting for their side's feedback, in their
own language, with a link to each feedback form.

A `FeedbackReminder` row per (meeting, person) is written before the mail goes out; the
database refuses a second one, so nobody is reminded twice of the same meeting, even when two
workers run the job at once. A failing mail server is logged and the reminder stays recorded
(the person still finds the meeting on their Outcomes page).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone

from summit.core.mail import absolute_url, send_localized
from summit.events.models import Event
from summit.meetings.domain.parties import other_party_of, party_paths
from summit.organizations.models import Membership
from summit.outcomes.domain.feedback import feedback_due_seats, feedback_open
from summit.outcomes.models import FeedbackReminder
from summit.scheduling.models import MeetingSeat, ScheduledMeeting


@dataclass(frozen=True)
class ReminderResult:
    people: int  # e-mails sent
    meetings: int  # (meeting, person) reminders recorded


def feedback_url(*, meeting: ScheduledMeeting, base_url: str = "") -> str:
    path = reverse(
        "outcomes:feedback", kwargs={"slug": meeting.event.slug, "meeting_id": meeting.pk}
    )
    return absolute_url(path, base_url)


def _due_seats(event: Event, now: datetime) -> list[MeetingSeat]:
    """Seats due to give feedback whose person can be e-mailed and was not reminded."""
    reminded = FeedbackReminder.objects.filter(
        meeting_id=OuterRef("meeting_id"), membership_id=OuterRef("membership_id")
    )
    return list(
        feedback_due_seats(event=event, now=now)
        .filter(membership__user__is_active=True)
        .exclude(membership__user__email="")
        .exclude(Exists(reminded))
        .select_related(
            "membership__user",
            "membership__organization",
            "meeting__event",
            "meeting__slot",
            "meeting__table",
            *party_paths(via="meeting__meeting_request"),
        )
        .order_by("membership_id", "meeting__slot__start")
    )


def _record(seat: MeetingSeat) -> bool:
    """Write the reminder row; False when another run already did."""
    try:
        with transaction.atomic():
            FeedbackReminder.objects.create(meeting_id=seat.meeting_id, membership=seat.membership)
    except IntegrityError:
        return False
    return True


def _mail(
    membership: Membership, meetings: list[ScheduledMeeting], event: Event, base_url: str
) -> bool:
    rows = [
        {
            "meeting": meeting,
            "other": other_party_of(meeting, organization_id=membership.organization_id),
            "url": feedback_url(meeting=meeting, base_url=base_url),
        }
        for meeting in meetings
    ]
    context = {
        "recipient": membership,
        "event": event,
        "rows": rows,
        "count": len(rows),
        "outcomes_url": absolute_url(
            reverse("outcomes:home", kwargs={"slug": event.slug}), base_url
        ),
    }
    return send_localized(
        user=membership.user,
        template="outcomes/email/feedback_reminder",
        context=context,
        time_zone=event.time_zone,
    )


def send_feedback_reminders(
    *, event: Event, now: datetime | None = None, base_url: str = ""
) -> ReminderResult:
    """Remind everyone who sat in an ended meeting that still lacks their side's feedback
    (once per meeting and person; nothing once the feedback period is over)."""
    now = now if now is not None else timezone.now()
    if not feedback_open(event=event, now=now):
        return ReminderResult(people=0, meetings=0)
    by_person: dict[int, list[ScheduledMeeting]] = defaultdict(list)
    people: dict[int, Membership] = {}
    recorded = 0
    for seat in _due_seats(event, now):
        if _record(seat):
            recorded += 1
            by_person[seat.membership_id].append(seat.meeting)
            people[seat.membership_id] = seat.membership
    sent = sum(
        _mail(people[person], meetings, event, base_url) for person, meetings in by_person.items()
    )
    return ReminderResult(people=sent, meetings=recorded)
