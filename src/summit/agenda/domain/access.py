"""Whose agenda a user may open: the rules of the agenda pages and the API, in one place.

A participant opens their own agenda and their organization's; organizers open anybody's.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied

from summit.events.domain.permissions import is_organizer, membership_for
from summit.events.models import Event
from summit.organizations.models import Membership, Organization

__all__ = ["agenda_person", "can_view_organization_agenda"]


def agenda_person(
    *, event: Event, user: Any, person_id: int | None = None
) -> tuple[Membership | None, bool]:
    """Whose agenda the user asks for — ``person_id`` (a membership id: organizers, or
    oneself), else the user's own — and whether the user organizes the event.

    None for an organizer who is no participant and names nobody. Raises PermissionDenied
    when a participant names somebody else, `Membership.DoesNotExist` for a person who is
    not in the event."""
    organizer = is_organizer(user=user, event=event)
    viewer = membership_for(user=user, event=event)
    if viewer is not None:
        viewer.user = user  # already loaded: saves a query
    if person_id is None or (viewer is not None and person_id == viewer.pk):
        return viewer, organizer
    if not organizer:
        raise PermissionDenied
    person = (
        Membership.objects.select_related("user", "organization")
        .filter(pk=person_id, event=event)
        .first()
    )
    if person is None:
        raise Membership.DoesNotExist
    return person, organizer


def can_view_organization_agenda(
    *, user: Any, organization: Organization, organizer: bool | None = None
) -> bool:
    """Organizers and the organization's own people see all its meetings (``organizer``
    when already known)."""
    if organizer is None:
        organizer = is_organizer(user=user, event=organization.event)
    if organizer:
        return True
    viewer = membership_for(user=user, event=organization.event)
    return viewer is not None and viewer.organization_id == organization.pk
