"""Segments an organizer can remind: who is in each, and what each person has waiting.

- ``no_survey``: the people of every organization whose survey is not submitted;
- ``requests_to_answer``: the people asked in pending meeting requests (the person asked,
  else everyone of the receiving organization, as `summit.meetings` notifies them), while
  requests are still open;
- ``feedback_due``: the people seated in meetings that have ended and whose organization has
  not given its feedback, while the feedback period is open.

Only people who can be e-mailed are counted (an active account with an address). A person
reminded of the same segment within `REMIND_AGAIN_AFTER` is left out (and counted as such),
so two organizers, or one organizer twice, cannot flood the same inbox. Every function reads
the segment in a fixed number of queries, whatever its size.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from summit.events.models import Event
from summit.meetings.domain.parties import asked_party_path
from summit.meetings.domain.requests import requests_open
from summit.meetings.models import MeetingRequest
from summit.organizations.models import Membership, Organization
from summit.outcomes.domain.feedback import feedback_due_seats, feedback_open
from summit.program.models import ReminderDelivery
from summit.program.models.reminders import Segment

__all__ = [
    "REMIND_AGAIN_AFTER",
    "SEGMENTS",
    "Segment",
    "SegmentPreview",
    "due_items",
    "preview_segment",
    "recently_reminded",
    "segment_members",
]

SEGMENTS: tuple[str, ...] = tuple(Segment.values)
#: Someone reminded of a segment is not reminded of it again before this much time passed.
REMIND_AGAIN_AFTER = timedelta(days=2)
#: People listed by name in a preview (the count covers everyone).
PREVIEW_SAMPLE = 20


def _check(segment: str) -> None:
    if segment not in SEGMENTS:
        raise ValueError(f"unknown segment {segment!r}; expected one of {', '.join(SEGMENTS)}")


def _reachable(event: Event) -> QuerySet[Membership]:
    return Membership.objects.filter(event=event, user__is_active=True).exclude(user__email="")


def _pending(event: Event) -> QuerySet[MeetingRequest]:
    return MeetingRequest.objects.filter(event=event, status=MeetingRequest.Status.PENDING)


def segment_members(*, event: Event, segment: str, now: datetime) -> QuerySet[Membership]:
    """Everyone of the event in `segment` now who can be e-mailed (reminded or not)."""
    _check(segment)
    people = _reachable(event)
    if segment == Segment.NO_SURVEY:
        return people.exclude(organization__survey_status=Organization.SurveyStatus.SUBMITTED)
    if segment == Segment.REQUESTS_TO_ANSWER:
        if not requests_open(event=event, now=now):
            return people.none()
        pending = _pending(event)
        asked = pending.filter(receiver_person__isnull=False).values("receiver_person_id")
        whole = pending.filter(receiver_person__isnull=True).values(asked_party_path(field="id"))
        return people.filter(Q(pk__in=asked) | Q(organization_id__in=whole))
    if not feedback_open(event=event, now=now):
        return people.none()
    seats = feedback_due_seats(event=event, now=now).values("membership_id")
    return people.filter(pk__in=seats)


def recently_reminded(*, segment: str, now: datetime) -> QuerySet[ReminderDelivery]:
    """Deliveries of `segment` recent enough to leave their person out."""
    return ReminderDelivery.objects.filter(segment=segment, sent_at__gt=now - REMIND_AGAIN_AFTER)


def due_items(
    *, event: Event, segment: str, people: Sequence[Membership], now: datetime
) -> Counter[int]:
    """How many things wait for each of `people` (membership id → count): one survey, the
    requests they are asked to answer, the meetings awaiting their organization's feedback."""
    ids = [person.pk for person in people]
    if segment == Segment.NO_SURVEY:
        return Counter(dict.fromkeys(ids, 1))
    if segment == Segment.REQUESTS_TO_ANSWER:
        pending = _pending(event)
        direct = Counter(
            pending.filter(receiver_person_id__in=ids).values_list("receiver_person_id", flat=True)
        )
        asked = asked_party_path(field="id")
        by_org = Counter(
            pending.filter(
                receiver_person__isnull=True,
                **{f"{asked}__in": {person.organization_id for person in people}},
            ).values_list(asked, flat=True)
        )
        return Counter(
            {person.pk: direct[person.pk] + by_org[person.organization_id] for person in people}
        )
    seats = feedback_due_seats(event=event, now=now).filter(membership_id__in=ids)
    return Counter(seats.values_list("membership_id", flat=True))


@dataclass(frozen=True)
class SegmentPreview:
    """What a reminder to `segment` would do now: who gets it, who is left out and why."""

    segment: str
    label: str
    #: People who would be e-mailed now.
    people: int
    #: Their organizations.
    organizations: int
    #: People in the segment reminded of it within `REMIND_AGAIN_AFTER` (left out).
    recently_reminded: int
    #: The first `PREVIEW_SAMPLE` recipients (user and organization loaded), by organization.
    sample: tuple[Membership, ...]


def preview_segment(
    *, event: Event, segment: str, now: datetime | None = None, sample: bool = True
) -> SegmentPreview:
    """Count (in one query) the people a reminder to `segment` would reach now, and name the
    first of them (one more query) unless `sample` is off."""
    now = now if now is not None else timezone.now()
    members = segment_members(event=event, segment=segment, now=now)
    recent = Q(pk__in=recently_reminded(segment=segment, now=now).values("membership_id"))
    counts = members.aggregate(
        people=Count("pk", filter=~recent),
        organizations=Count("organization_id", filter=~recent, distinct=True),
        recently_reminded=Count("pk", filter=recent),
    )
    first: tuple[Membership, ...] = ()
    if sample and counts["people"]:
        first = tuple(
            members.exclude(recent)
            .select_related("user__profile", "organization")
            .order_by("organization__name", "user__last_name", "pk")[:PREVIEW_SAMPLE]
        )
    return SegmentPreview(
        segment=segment, label=str(Segment(segment).label), sample=first, **counts
    )
