"""E-mails about changes of the published schedule: one e-mail per affected person.

A publication, a late placement, a move or a cancellation collects, per person (membership),
the meetings that are new, moved (with the old slot and table) or cancelled — a
`ScheduleChanges` — and hands it over after the transaction has committed
(`notify_after_commit`). A handful of people are e-mailed right away; more are handed to the
django-tasks task `summit.scheduling.tasks.send_schedule_notifications`, so that publishing
30,000 meetings never sends 6,000 e-mails inside the organizer's request.

Each e-mail is rendered in the recipient's language (``Profile.language``) and the event's
time zone from ``scheduling/emails/schedule_changes_subject.txt`` / ``_body.txt``; a failing
mail server is logged and never undoes the change (as in `summit.meetings.domain.notifications`).
"""

from __future__ import annotations

import logging
import smtplib
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from summit.accounts.models import Profile
from summit.core.mail import absolute_url
from summit.events.models import Event, Slot, Table
from summit.meetings.domain.parties import other_party_of, party_paths
from summit.organizations.models import Membership

logger = logging.getLogger(__name__)

__all__ = [
    "INLINE_LIMIT",
    "PersonChanges",
    "ScheduleChanges",
    "deliver_schedule_changes",
    "notify_after_commit",
]

#: Up to this many people are e-mailed within the request; more go to the task queue.
INLINE_LIMIT = 10


@dataclass
class PersonChanges:
    """What changed for one person: meeting ids, and for moves the old slot and table ids."""

    new: list[int] = field(default_factory=list)
    moved: list[tuple[int, int, int]] = field(default_factory=list)
    cancelled: list[int] = field(default_factory=list)

    def as_json(self) -> dict[str, list[Any]]:
        return {
            "new": self.new,
            "moved": [list(m) for m in self.moved],
            "cancelled": self.cancelled,
        }


class ScheduleChanges(dict[int, PersonChanges]):
    """Membership id → `PersonChanges`; JSON-serialisable with `as_json` for the task queue."""

    def person(self, membership_id: int) -> PersonChanges:
        changes = self.get(membership_id)
        if changes is None:
            changes = self[membership_id] = PersonChanges()
        return changes

    def add_new(self, meeting_id: int, people: Iterable[int]) -> None:
        for person in people:
            self.person(person).new.append(meeting_id)

    def add_moved(
        self, meeting_id: int, old_slot: int, old_table: int, people: Iterable[int]
    ) -> None:
        for person in people:
            self.person(person).moved.append((meeting_id, old_slot, old_table))

    def add_cancelled(self, meeting_id: int, people: Iterable[int]) -> None:
        for person in people:
            self.person(person).cancelled.append(meeting_id)

    def as_json(self) -> dict[str, dict[str, list[Any]]]:
        return {str(person): changes.as_json() for person, changes in self.items()}

    @classmethod
    def from_json(cls, data: dict[str, dict[str, list[Any]]]) -> ScheduleChanges:
        changes = cls()
        for person, rows in data.items():
            changes[int(person)] = PersonChanges(
                new=[int(m) for m in rows.get("new", [])],
                moved=[(int(m), int(s), int(t)) for m, s, t in rows.get("moved", [])],
                cancelled=[int(m) for m in rows.get("cancelled", [])],
            )
        return changes


def notify_after_commit(
    *, event: Event, changes: ScheduleChanges, base_url: str = "", reason: str = ""
) -> None:
    """Once the current transaction commits, e-mail every person in `changes` (a few at once,
    many through the task queue); `reason` is shown with cancellations."""
    if not changes:
        return
    payload = changes.as_json()
    event_id = event.pk

    def send() -> None:
        if len(payload) <= INLINE_LIMIT:
            deliver_schedule_changes(
                event_id=event_id,
                changes=ScheduleChanges.from_json(payload),
                base_url=base_url,
                reason=reason,
            )
            return
        from summit.scheduling.tasks import send_schedule_notifications

        send_schedule_notifications.enqueue(event_id, payload, base_url, reason)

    transaction.on_commit(send)


def table_label(table: Table) -> str:
    """ "Table 12" (or the table's own label), in the active language."""
    return table.label or _("Table %(number)d") % {"number": table.number}


def deliver_schedule_changes(
    *, event_id: int, changes: ScheduleChanges, base_url: str = "", reason: str = ""
) -> int:
    """E-mail each person of `changes` once, listing all their changes; returns how many
    e-mails were sent (people without an address are skipped)."""
    from summit.scheduling.models import ScheduledMeeting

    event = Event.objects.get(pk=event_id)
    meeting_ids: set[int] = set()
    slot_ids: set[int] = set()
    table_ids: set[int] = set()
    for person in changes.values():
        meeting_ids.update(person.new, person.cancelled, (m for m, _s, _t in person.moved))
        slot_ids.update(s for _m, s, _t in person.moved)
        table_ids.update(t for _m, _s, t in person.moved)
    meetings = ScheduledMeeting.objects.select_related(
        "slot", "table", *party_paths(via="meeting_request")
    ).in_bulk(meeting_ids)
    old_slots = Slot.objects.in_bulk(slot_ids)
    old_tables = Table.objects.in_bulk(table_ids)
    people = Membership.objects.select_related("user", "organization").in_bulk(changes.keys())
    languages = dict(
        Profile.objects.filter(user__in=[m.user_id for m in people.values()]).values_list(
            "user_id", "language"
        )
    )
    url = absolute_url(reverse("events:home", kwargs={"slug": event.slug}), base_url)
    sent = 0
    seen_users: set[int] = set()
    for person_id in sorted(changes):
        person = people.get(person_id)
        if person is None or not person.user.email or person.user_id in seen_users:
            continue
        seen_users.add(person.user_id)
        rows = changes[person_id]

        def item(meeting_id: int, person: Membership = person) -> dict[str, Any] | None:
            meeting = meetings.get(meeting_id)
            if meeting is None:
                return None
            return {
                "meeting": meeting,
                "slot": meeting.slot,
                "table": meeting.table,
                "other": other_party_of(meeting, organization_id=person.organization_id),
            }

        new = [x for x in (item(m) for m in rows.new) if x]
        cancelled = [x for x in (item(m) for m in rows.cancelled) if x]
        moved = []
        for meeting_id, old_slot, old_table in rows.moved:
            moved_item = item(meeting_id)
            if moved_item is not None:
                moved_item["old_slot"] = old_slots.get(old_slot)
                moved_item["old_table"] = old_tables.get(old_table)
                moved.append(moved_item)
        if not (new or moved or cancelled):
            continue
        language = languages.get(person.user_id) or settings.LANGUAGE_CODE
        with translation.override(language), timezone.override(event.time_zone):
            for row in (*new, *moved, *cancelled):
                row["table_label"] = table_label(row["table"])
                if row.get("old_table") is not None:
                    row["old_table_label"] = table_label(row["old_table"])
            context = {
                "recipient": person,
                "event": event,
                "new": sorted(new, key=lambda x: x["slot"].start),
                "moved": sorted(moved, key=lambda x: x["slot"].start),
                "cancelled": sorted(cancelled, key=lambda x: x["slot"].start),
                "url": url,
                "reason": reason,
            }
            subject = render_to_string("scheduling/emails/schedule_changes_subject.txt", context)
            body = render_to_string("scheduling/emails/schedule_changes_body.txt", context)
        try:
            send_mail(" ".join(subject.split()), body, None, [person.user.email])
        except (smtplib.SMTPException, OSError):
            logger.exception("could not e-mail %s about schedule changes", person.user.email)
            continue
        sent += 1
    return sent
