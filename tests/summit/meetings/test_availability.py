"""Availability: each person marks the slots in which they cannot meet."""

from __future__ import annotations

import pytest

from summit.events.models import Slot
from summit.meetings.domain.availability import (
    availability_grid,
    replace_unavailability,
    toggle_unavailable,
    unavailability_by_person,
    unavailable_slot_ids,
)
from summit.meetings.domain.errors import RequestError
from summit.organizations.models import Membership

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def test_toggle_marks_and_unmarks_a_slot(sender):
    slot = Slot.objects.filter(event=sender.event).first()
    assert toggle_unavailable(membership=sender, slot_id=slot.pk) is True
    assert unavailable_slot_ids(membership=sender) == {slot.pk}
    assert toggle_unavailable(membership=sender, slot_id=slot.pk) is False
    assert unavailable_slot_ids(membership=sender) == set()


def test_delegation_members_have_their_own_grids(sender, make_membership):
    colleague = make_membership(sender.organization)
    slot = Slot.objects.filter(event=sender.event).first()
    toggle_unavailable(membership=sender, slot_id=slot.pk)
    assert unavailable_slot_ids(membership=colleague) == set()


def test_slot_of_another_event_is_refused(sender, other_event):
    foreign = Slot.objects.filter(event=other_event).first()
    with pytest.raises(RequestError, match="not a slot of this event"):
        toggle_unavailable(membership=sender, slot_id=foreign.pk)


def test_replace_is_all_or_nothing(sender, other_event):
    own = list(Slot.objects.filter(event=sender.event).values_list("pk", flat=True))
    replace_unavailability(membership=sender, slot_ids=own[:2])
    foreign = Slot.objects.filter(event=other_event).first().pk
    with pytest.raises(RequestError, match=str(foreign)):
        replace_unavailability(membership=sender, slot_ids=[own[3], foreign])
    assert unavailable_slot_ids(membership=sender) == set(own[:2])
    replace_unavailability(membership=sender, slot_ids=[own[3]])
    assert unavailable_slot_ids(membership=sender) == {own[3]}


def test_grid_has_days_of_slots_with_marks(make_event, make_organization, make_membership):
    event = make_event(days=2)
    membership: Membership = make_membership(make_organization(event))
    first = Slot.objects.filter(event=event).order_by("start").first()
    toggle_unavailable(membership=membership, slot_id=first.pk)
    grid = availability_grid(membership=membership)
    assert [len(day.cells) for day in grid] == [6, 6]
    assert grid[0].cells[0] == (first, True)
    assert not any(blocked for day in grid for _slot, blocked in day.cells[1:])


def test_unavailability_by_person_for_the_scheduler(sender, make_membership, event):
    colleague = make_membership(sender.organization)
    first, second = Slot.objects.filter(event=event).order_by("start")[:2]
    toggle_unavailable(membership=sender, slot_id=first.pk)
    toggle_unavailable(membership=sender, slot_id=second.pk)
    toggle_unavailable(membership=colleague, slot_id=second.pk)
    assert unavailability_by_person(event_id=event.pk) == {
        sender.pk: {first.pk, second.pk},
        colleague.pk: {second.pk},
    }
