"""Reminders to segments: an organizer previews a segment (`preview_segment`), confirms, and
the task queue e-mails each person once, in their own language.

Invariants, and who keeps them:

- **One reminder per confirmation.** The preview carries a key; `start_reminder` stores the
  reminder under it (unique in the database), so a double click or a re-sent form finds the
  first reminder and queues nothing more.
- **Each person once.** `deliver_reminder` writes a `ReminderDelivery` row per person before
  the e-mail and sends it only after that row is committed (`summit.core.mail`). The database
  refuses a second row for the same reminder and person, so a retried task (or two workers
  running the same task) sends nothing twice; the person's membership row is locked while
  deciding, so two reminders of the same segment cannot both reach them within
  `REMIND_AGAIN_AFTER`.
- **The segment when sending.** People are chosen again when the task runs: whoever left the
  segment since the preview (submitted the survey, answered the requests) is not reminded.

A failing mail server is logged by `summit.core.mail` and the delivery stays recorded, as the
feedback reminders do: the person still finds what waits for them on their pages.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from summit.core.mail import absolute_url, send_localized
from summit.events.domain.permissions import is_organizer
from summit.events.models import Event
from summit.organizations.models import Membership
from summit.outcomes.domain.feedback import feedback_closes_at
from summit.program.domain.segments import (
    SEGMENTS,
    Segment,
    due_items,
    preview_segment,
    recently_reminded,
    segment_members,
)
from summit.program.models import ReminderDelivery, SegmentReminder

__all__ = [
    "ReminderError",
    "deliver_reminder",
    "deliveries_of",
    "reminder_url",
    "reminders_of",
    "render_reminders",
    "start_reminder",
]


class ReminderError(Exception):
    """A reminder that cannot be sent, with a message for the organizer."""


def _now(now: datetime | None) -> datetime:
    return now if now is not None else timezone.now()


def start_reminder(
    *,
    event: Event,
    segment: str,
    key: uuid.UUID,
    user: Any,
    base_url: str = "",
    now: datetime | None = None,
) -> tuple[SegmentReminder, bool]:
    """Record the organizer's confirmed reminder to `segment` and queue its sending after the
    commit; returns it and whether it is new (False: this preview was confirmed before)."""
    from summit.program.tasks import send_segment_reminder

    if not is_organizer(user=user, event=event):
        raise PermissionDenied
    if segment not in SEGMENTS:
        raise ReminderError(_("Choose who to remind."))
    existing = SegmentReminder.objects.filter(key=key).first()
    if existing is not None:
        if existing.event_id != event.pk or existing.segment != segment:
            raise ReminderError(_("This preview belongs to another reminder; preview again."))
        return existing, False
    preview = preview_segment(event=event, segment=segment, now=_now(now))
    if not preview.people:
        raise ReminderError(_("Nobody in this group needs a reminder now."))
    try:
        with transaction.atomic():
            reminder = SegmentReminder.objects.create(
                event=event, segment=segment, key=key, created_by=user, previewed=preview.people
            )
    except IntegrityError:
        # The same preview confirmed twice at once: the other request stored it first.
        return SegmentReminder.objects.get(key=key), False
    reminder_id = reminder.pk
    transaction.on_commit(lambda: send_segment_reminder.enqueue(reminder_id, base_url))
    return reminder, True


def reminder_url(*, event: Event, segment: str, membership: Membership, base_url: str = "") -> str:
    """Where the reminded person does what the reminder asks."""
    if segment == Segment.NO_SURVEY:
        path = reverse(
            "organizations:survey",
            kwargs={"slug": event.slug, "org_id": membership.organization.org_id},
        )
    elif segment == Segment.REQUESTS_TO_ANSWER:
        path = reverse("meetings:my_requests", kwargs={"event_slug": event.slug})
    else:
        path = reverse("outcomes:home", kwargs={"slug": event.slug})
    return absolute_url(path, base_url)


def _record(reminder: SegmentReminder, membership: Membership, now: datetime) -> bool:
    """Lock the person, check they were not reminded of the segment lately, write the row;
    False when someone (this task retried, another reminder) got there first."""
    Membership.objects.select_for_update().filter(pk=membership.pk).first()
    if recently_reminded(segment=reminder.segment, now=now).filter(membership=membership).exists():
        return False
    try:
        with transaction.atomic():
            ReminderDelivery.objects.create(
                reminder=reminder, membership=membership, segment=reminder.segment
            )
    except IntegrityError:
        return False
    return True


def _context(
    event: Event, segment: str, membership: Membership, count: int, closes: Any, base_url: str
) -> dict[str, Any]:
    return {
        "recipient": membership,
        "organization": membership.organization,
        "event": event,
        "count": count,
        "url": reminder_url(event=event, segment=segment, membership=membership, base_url=base_url),
        "deadline": event.request_deadline,
        "feedback_closes": closes,
    }


def render_reminders(
    *,
    event: Event,
    segment: str,
    membership: Membership,
    languages: Sequence[str],
    base_url: str = "",
    now: datetime | None = None,
) -> list[tuple[str, str]]:
    """The subject and body `membership` would get, in each of `languages` (the organizer's
    preview)."""
    count = due_items(event=event, segment=segment, people=[membership], now=_now(now))
    closes = feedback_closes_at(event=event) if segment == Segment.FEEDBACK_DUE else None
    context = _context(event, segment, membership, count[membership.pk], closes, base_url)
    rendered = []
    for language in languages:
        with translation.override(language), timezone.override(event.time_zone):
            subject = render_to_string(f"program/email/{segment}_subject.txt", context)
            body = render_to_string(f"program/email/{segment}_body.txt", context)
        rendered.append((" ".join(subject.split()), body))
    return rendered


def _mail(
    reminder: SegmentReminder, membership: Membership, count: int, closes: Any, base_url: str
) -> None:
    event = reminder.event
    send_localized(
        user=membership.user,
        template=f"program/email/{reminder.segment}",
        context=_context(event, reminder.segment, membership, count, closes, base_url),
        time_zone=event.time_zone,
    )


def deliver_reminder(
    *, reminder: SegmentReminder, base_url: str = "", now: datetime | None = None
) -> int:
    """E-mail everyone now in the reminder's segment who has not had it (see the module
    docstring); returns how many e-mails this call sent. Safe to run again."""
    now = _now(now)
    event = reminder.event
    SegmentReminder.objects.filter(pk=reminder.pk).update(status=SegmentReminder.Status.SENDING)
    recent = recently_reminded(segment=reminder.segment, now=now).values("membership_id")
    people = list(
        segment_members(event=event, segment=reminder.segment, now=now)
        .exclude(pk__in=recent)
        .select_related("user", "organization")
        .order_by("pk")
    )
    items = due_items(event=event, segment=reminder.segment, people=people, now=now)
    closes = feedback_closes_at(event=event) if reminder.segment == Segment.FEEDBACK_DUE else None
    sent = 0
    for membership in people:
        with transaction.atomic():
            if not _record(reminder, membership, now):
                continue
            _mail(reminder, membership, items[membership.pk], closes, base_url)
        sent += 1
    SegmentReminder.objects.filter(pk=reminder.pk).update(
        status=SegmentReminder.Status.DONE,
        sent=ReminderDelivery.objects.filter(reminder=reminder).count(),
        finished_at=timezone.now(),
    )
    return sent


def reminders_of(*, event: Event) -> QuerySet[SegmentReminder]:
    """The event's reminders, newest first, with who sent them."""
    return SegmentReminder.objects.filter(event=event).select_related("created_by")


def deliveries_of(*, reminder: SegmentReminder) -> QuerySet[ReminderDelivery]:
    """Who a reminder reached and when, by organization and name."""
    return (
        ReminderDelivery.objects.filter(reminder=reminder)
        .select_related("membership__user", "membership__organization")
        .order_by("membership__organization__name", "membership__user__last_name", "pk")
    )
