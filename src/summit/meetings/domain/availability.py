"""Participants' availability: the slots in which a person cannot meet.

Each person of a delegation has their own grid; a slot of another event is refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from itertools import groupby
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from summit.events.domain.permissions import is_organizer
from summit.events.models import Slot
from summit.meetings.domain.errors import RequestError
from summit.meetings.models import Unavailability
from summit.organizations.models import Membership


@dataclass(frozen=True)
class GridDay:
    """One day's slots, each with whether the person is unavailable then."""

    day: date
    cells: list[tuple[Slot, bool]]


def unavailable_slot_ids(*, membership: Membership) -> set[int]:
    return set(
        Unavailability.objects.filter(membership=membership).values_list("slot_id", flat=True)
    )


def availability_grid(*, membership: Membership) -> list[GridDay]:
    """The event's slots by day (in the event's time zone), marked for this person."""
    blocked = unavailable_slot_ids(membership=membership)
    slots = Slot.objects.filter(event_id=membership.event_id).order_by("start")
    zone = timezone.get_current_timezone()
    return [
        GridDay(day=day, cells=[(slot, slot.pk in blocked) for slot in day_slots])
        for day, day_slots in groupby(slots, key=lambda slot: slot.start.astimezone(zone).date())
    ]


def _slot_of_event(membership: Membership, slot_id: int) -> Slot:
    slot = Slot.objects.filter(pk=slot_id, event_id=membership.event_id).first()
    if slot is None:
        raise RequestError(_("Slot %(slot)s is not a slot of this event.") % {"slot": slot_id})
    return slot


def set_unavailable(*, membership: Membership, slot_id: int, unavailable: bool) -> bool:
    """Mark one slot (un)available for the person; returns the new state."""
    slot = _slot_of_event(membership, slot_id)
    if unavailable:
        try:
            with transaction.atomic():
                Unavailability.objects.get_or_create(membership=membership, slot=slot)
        except IntegrityError:
            pass  # a concurrent click stored the same mark; the state is what was asked for
    else:
        Unavailability.objects.filter(membership=membership, slot=slot).delete()
    return unavailable


def toggle_unavailable(*, membership: Membership, slot_id: int) -> bool:
    """Flip one slot; returns True when the person is now unavailable in it."""
    currently = Unavailability.objects.filter(membership=membership, slot_id=slot_id).exists()
    return set_unavailable(membership=membership, slot_id=slot_id, unavailable=not currently)


def replace_unavailability(*, membership: Membership, slot_ids: list[int]) -> set[int]:
    """Make exactly these slots unavailable for the person (all-or-nothing)."""
    wanted = set(slot_ids)
    known = set(
        Slot.objects.filter(event_id=membership.event_id, pk__in=wanted).values_list(
            "pk", flat=True
        )
    )
    unknown = sorted(wanted - known)
    if unknown:
        raise RequestError(
            _("Not slots of this event: %(slots)s.") % {"slots": ", ".join(map(str, unknown))}
        )
    with transaction.atomic():
        Membership.objects.select_for_update().filter(pk=membership.pk).first()
        Unavailability.objects.filter(membership=membership).exclude(slot_id__in=wanted).delete()
        have = unavailable_slot_ids(membership=membership)
        Unavailability.objects.bulk_create(
            [Unavailability(membership=membership, slot_id=slot_id) for slot_id in wanted - have]
        )
    return wanted


def unavailability_by_person(*, event_id: int) -> dict[int, set[int]]:
    """Membership id → ids of the slots that person cannot meet in (for the scheduler)."""
    marks: dict[int, set[int]] = {}
    rows = Unavailability.objects.filter(slot__event_id=event_id).values_list(
        "membership_id", "slot_id"
    )
    for membership_id, slot_id in rows:
        marks.setdefault(membership_id, set()).add(slot_id)
    return marks


def can_edit_availability(*, user: Any, actor: Membership | None, person: Membership) -> bool:
    """Everyone edits their own grid; a delegation's lead contact edits their colleagues'
    grids; the event's organizers edit anyone's (e.g. from a registration form)."""
    if actor is not None and actor.pk == person.pk:
        return True
    if (
        actor is not None
        and actor.organization_id == person.organization_id
        and actor.role == Membership.Role.LEAD
    ):
        return True
    return is_organizer(user=user, event=person.event)
