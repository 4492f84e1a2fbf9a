"""Who may do what: organizers run an event; members act for their organization."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Q

from summit.events.models import Event, Organizer

if TYPE_CHECKING:
    from summit.organizations.models import Membership, Organization


def is_organizer(*, user: Any, event: Event) -> bool:
    """True for the event's organizers and for superusers."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return Organizer.objects.filter(event=event, user=user).exists()


def membership_for(*, user: Any, event: Event) -> Membership | None:
    """The user's membership in an organization of the event, if any."""
    from summit.organizations.models import Membership

    if not user.is_authenticated:
        return None
    return Membership.objects.select_related("organization").filter(event=event, user=user).first()


def is_participant(*, user: Any, event: Event) -> bool:
    """True when the user belongs to one of the event's organizations."""
    return membership_for(user=user, event=event) is not None


def can_view_event(*, user: Any, event: Event) -> bool:
    """Organizers and participants see the event's pages."""
    return is_organizer(user=user, event=event) or is_participant(user=user, event=event)


def can_edit_organization(*, user: Any, organization: Organization) -> bool:
    """The event's organizers and the organization's own members edit its profile and survey."""
    if is_organizer(user=user, event=organization.event):
        return True
    membership = membership_for(user=user, event=organization.event)
    return membership is not None and membership.organization_id == organization.pk


def can_create_event(*, user: Any) -> bool:
    """Staff users (the summit's organizing team) create events."""
    return bool(user.is_authenticated and user.is_staff)


def events_for(*, user: Any) -> list[Event]:
    """Events the user organizes or takes part in, newest first (all events for superusers)."""
    if not user.is_authenticated:
        return []
    if user.is_superuser:
        return list(Event.objects.all())
    return list(
        Event.objects.filter(Q(organizers__user=user) | Q(memberships__user=user)).distinct()
    )
