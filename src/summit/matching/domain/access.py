"""Who sees which recommendations (pages and API share these rules)."""

from __future__ import annotations

from typing import Any

from summit.events.domain.permissions import is_organizer, membership_for
from summit.organizations.models import Organization

__all__ = ["can_see_recommendations"]


def can_see_recommendations(*, user: Any, organization: Organization) -> bool:
    """Organizers see every organization's list; members see (and dismiss in) their own."""
    if is_organizer(user=user, event=organization.event):
        return True
    membership = membership_for(user=user, event=organization.event)
    return membership is not None and membership.organization_id == organization.pk
