"""Feedback after a meeting: who may give it, when, and the lists built from it.

A meeting has two sides, the two organizations of its request. Any person of a side may give
that side's answer (one per side, the database refuses a second) once the meeting's slot has
ended, and change it until the feedback period closes: `FEEDBACK_DAYS` days (setting
``SUMMIT_FEEDBACK_DAYS``, default 14) after the event's last slot. Saying that the meeting did
not take place does not change its attendance: organizers see the answer in their list and
decide.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Exists, Max, OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from summit.events.domain.permissions import is_organizer, membership_for
from summit.events.models import Event, Slot
from summit.meetings.domain.parties import involving, is_party, party_paths
from summit.organizations.models import Membership, Organization
from summit.outcomes.domain.errors import OutcomeError
from summit.outcomes.models import MeetingFeedback
from summit.scheduling.models import MeetingSeat, ScheduledMeeting

Interest = MeetingFeedback.Interest
NextStep = MeetingFeedback.NextStep


def _now(now: datetime | None) -> datetime:
    return now if now is not None else timezone.now()


def feedback_days() -> int:
    """How many days after the event's last slot feedback can still be given or changed."""
    return int(getattr(settings, "SUMMIT_FEEDBACK_DAYS", 14))


def feedback_closes_at(*, event: Event) -> datetime | None:
    """When the feedback period ends (None for an event without slots)."""
    last = Slot.objects.filter(event=event).aggregate(last=Max("end"))["last"]
    return None if last is None else last + timedelta(days=feedback_days())


def feedback_open(*, event: Event, now: datetime | None = None) -> bool:
    closes = feedback_closes_at(event=event)
    return closes is not None and _now(now) < closes


def _held(meetings: QuerySet[ScheduledMeeting], now: datetime) -> QuerySet[ScheduledMeeting]:
    return meetings.filter(status=ScheduledMeeting.Status.SCHEDULED, slot__end__lte=now)


def _with_related(meetings: QuerySet[ScheduledMeeting]) -> QuerySet[ScheduledMeeting]:
    return meetings.select_related("event", "slot", "table", *party_paths(via="meeting_request"))


def held_meetings_of(
    *, membership: Membership, now: datetime | None = None
) -> QuerySet[ScheduledMeeting]:
    """Scheduled meetings of the person's organization whose slot has ended."""
    meetings = ScheduledMeeting.objects.filter(event_id=membership.event_id).filter(
        involving(membership.organization_id, via="meeting_request")
    )
    return _with_related(_held(meetings, _now(now))).order_by("slot__start", "table__number")


def meetings_awaiting_feedback(
    *, membership: Membership, now: datetime | None = None
) -> list[ScheduledMeeting]:
    """Meetings whose slot ended and that the person's organization has not answered yet
    (empty once the feedback period is over)."""
    now = _now(now)
    if not feedback_open(event=membership.event, now=now):
        return []
    answered = MeetingFeedback.objects.filter(organization_id=membership.organization_id)
    return list(
        held_meetings_of(membership=membership, now=now).exclude(
            pk__in=answered.values("meeting_id")
        )
    )


def feedback_due_seats(*, event: Event, now: datetime) -> QuerySet[MeetingSeat]:
    """Active seats of ended meetings whose person's organization has not answered: who is
    due to give feedback (the reminders send to them, the command center counts them)."""
    answered = MeetingFeedback.objects.filter(
        meeting_id=OuterRef("meeting_id"), organization_id=OuterRef("membership__organization_id")
    )
    return MeetingSeat.objects.filter(
        meeting__event=event,
        active=True,
        meeting__status=ScheduledMeeting.Status.SCHEDULED,
        meeting__slot__end__lte=now,
    ).exclude(Exists(answered))


def find_meeting(*, event: Event, meeting_id: int) -> ScheduledMeeting | None:
    return _with_related(ScheduledMeeting.objects.filter(event=event, pk=meeting_id)).first()


def is_side(*, meeting: ScheduledMeeting, membership: Membership | None) -> bool:
    """True when the person belongs to one of the meeting's two organizations."""
    return (
        membership is not None
        and membership.event_id == meeting.event_id
        and is_party(meeting, organization_id=membership.organization_id)
    )


def feedback_of(*, meeting: ScheduledMeeting, membership: Membership) -> MeetingFeedback | None:
    """The answer the person's organization gave for the meeting, if any."""
    return MeetingFeedback.objects.filter(
        meeting=meeting, organization_id=membership.organization_id
    ).first()


@dataclass(frozen=True)
class FeedbackAccess:
    """Whether a person may give (or change) their side's feedback now, and why not."""

    allowed: bool
    reason: str = ""


def feedback_access(
    *, meeting: ScheduledMeeting, membership: Membership | None, now: datetime | None = None
) -> FeedbackAccess:
    now = _now(now)
    if not is_side(meeting=meeting, membership=membership):
        return FeedbackAccess(False, _("Only the two organizations of a meeting give feedback."))
    if meeting.status != ScheduledMeeting.Status.SCHEDULED:
        return FeedbackAccess(False, _("This meeting was cancelled."))
    if meeting.slot.end > now:
        return FeedbackAccess(False, _("Feedback opens when the meeting's time slot ends."))
    closes = feedback_closes_at(event=meeting.event)
    if closes is None or now >= closes:
        return FeedbackAccess(False, _("The feedback period of this event has ended."))
    return FeedbackAccess(True)


def _check_choices(follow_up_interest: str, next_step: str) -> None:
    if follow_up_interest not in Interest.values:
        raise OutcomeError(
            {"follow_up_interest": _("Choose how interested you are in a follow-up.")}
        )
    if next_step not in NextStep.values:
        raise OutcomeError({"next_step": _("Choose a next step.")})


def save_feedback(
    *,
    meeting: ScheduledMeeting,
    membership: Membership,
    took_place: bool,
    follow_up_interest: str,
    next_step: str = NextStep.NONE,
    next_step_text: str = "",
    note: str = "",
    now: datetime | None = None,
) -> MeetingFeedback:
    """Give or change the person's side's feedback on a meeting (one row per side)."""
    access = feedback_access(meeting=meeting, membership=membership, now=now)
    if not access.allowed:
        raise OutcomeError(access.reason)
    _check_choices(follow_up_interest, next_step)
    if next_step == NextStep.OTHER and not next_step_text.strip():
        raise OutcomeError({"next_step_text": _("Say which next step you have in mind.")})
    values: dict[str, Any] = {
        "author": membership,
        "took_place": took_place,
        "follow_up_interest": follow_up_interest,
        "next_step": next_step,
        "next_step_text": next_step_text.strip(),
        "note": note.strip(),
    }
    try:
        with transaction.atomic():
            feedback, _created = MeetingFeedback.objects.select_for_update().update_or_create(
                meeting=meeting, organization_id=membership.organization_id, defaults=values
            )
    except IntegrityError:
        # A colleague answered for the same side at the same moment: keep one answer, ours.
        with transaction.atomic():
            feedback = MeetingFeedback.objects.select_for_update().get(
                meeting=meeting, organization_id=membership.organization_id
            )
            for field, value in values.items():
                setattr(feedback, field, value)
            feedback.save()
    return feedback


def feedback_given(*, organization: Organization) -> QuerySet[MeetingFeedback]:
    """The answers an organization gave, latest meeting first."""
    return (
        MeetingFeedback.objects.filter(organization=organization)
        .select_related("meeting__slot", *party_paths(via="meeting__meeting_request"))
        .order_by("-meeting__slot__start")
    )


# ---- the organizers' list ------------------------------------------------------------------


def event_feedback(
    *,
    event: Event,
    day: date | None = None,
    follow_up_interest: str = "",
    took_place: bool | None = None,
) -> QuerySet[MeetingFeedback]:
    """All feedback of an event, newest meeting first; ``day`` is a date in the event's time
    zone."""
    rows = MeetingFeedback.objects.filter(meeting__event=event)
    if day is not None:
        start = datetime.combine(day, time.min, tzinfo=ZoneInfo(event.time_zone))
        rows = rows.filter(
            meeting__slot__start__gte=start, meeting__slot__start__lt=start + timedelta(days=1)
        )
    if follow_up_interest:
        rows = rows.filter(follow_up_interest=follow_up_interest)
    if took_place is not None:
        rows = rows.filter(took_place=took_place)
    return rows.select_related(
        "organization",
        "author__user",
        "meeting__slot",
        "meeting__table",
        *party_paths(via="meeting__meeting_request"),
    ).order_by("-meeting__slot__start", "meeting_id", "organization_id")


def feedback_summary(*, event: Event) -> dict[str, int]:
    """Counts for the organizers' list header: answers, "did not take place", strong interest."""
    rows = MeetingFeedback.objects.filter(meeting__event=event)
    return {
        "answers": rows.count(),
        "not_held": rows.filter(took_place=False).count(),
        "strong": rows.filter(follow_up_interest=Interest.STRONG).count(),
    }


def visible_feedback(
    *,
    event: Event,
    user: Any,
    day: date | None = None,
    follow_up_interest: str = "",
    took_place: bool | None = None,
) -> QuerySet[MeetingFeedback]:
    """The feedback the user may read: every answer for organizers (their list page); a
    participant's own organization's answers only (their Outcomes page), never what the
    other side said; none for anybody else."""
    rows = event_feedback(
        event=event, day=day, follow_up_interest=follow_up_interest, took_place=took_place
    )
    if is_organizer(user=user, event=event):
        return rows
    membership = membership_for(user=user, event=event)
    if membership is None:
        return rows.none()
    return rows.filter(organization_id=membership.organization_id)


def feedback_changed_at(*, event: Event) -> datetime | None:
    """When an answer of the event was last given or changed (None: no answer yet)."""
    changed: datetime | None = MeetingFeedback.objects.filter(meeting__event=event).aggregate(
        last=Max("updated")
    )["last"]
    return changed
