"""Searching an event's organizations for the pickers (wishlist, do-not-meet, deal parties,
the organizers' agenda and arrangement pickers)."""

from __future__ import annotations

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When

from summit.events.models import Event
from summit.organizations.models import Organization

__all__ = ["search_organizations"]


def search_organizations(*, event: Event, query: str, limit: int = 20) -> QuerySet[Organization]:
    """The event's organizations whose name, Korean name or code contains `query`, those
    starting with it first, then by name; the first `limit` (by name when `query` is empty).
    One query."""
    needle = query.strip()
    found = Organization.objects.filter(event=event).only(
        "pk", "org_id", "name", "name_local", "country"
    )
    if needle:
        found = found.filter(
            Q(name__icontains=needle) | Q(name_local__icontains=needle) | Q(org_id__iexact=needle)
        ).annotate(
            starts=Case(
                When(Q(name__istartswith=needle) | Q(name_local__istartswith=needle), then=0),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        return found.order_by("starts", "name", "pk")[:limit]
    return found.order_by("name", "pk")[:limit]
