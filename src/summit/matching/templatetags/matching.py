"""Template helpers of the matching app (panels on other apps' pages)."""

from __future__ import annotations

from typing import Any

from django import template

from summit.matching.domain.screening import hits_by_organization

register = template.Library()


@register.simple_tag
def watchlist_hits_for(organization: Any) -> list[Any]:
    """The organization's watch-list hits with their entries (one query)."""
    found = hits_by_organization(event=organization.event, organization_ids=[organization.pk])
    return found.get(organization.pk, [])
