"""The directory: search and filter an event's organisations."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

from summit.organizations.models import Organization

if TYPE_CHECKING:
    from summit.events.models import Event

__all__ = ["DIRECTORY_FILTERS", "search_organizations"]

#: Filter name -> the list field it looks into (one code each).
_LIST_FILTERS = {
    "area": "therapeutic_areas",
    "modality": "modalities",
    "offers": "offers",
    "seeks": "seeks",
}
DIRECTORY_FILTERS: tuple[str, ...] = ("q", "org_type", "country", *_LIST_FILTERS)
_TEXT_FIELDS = ("name", "name_local", "description", "description_offer", "description_seek")


def _has_code(field: str, code: str) -> Q:
    # JSON lists are stored as text like ["mab", "adc"] on SQLite and PostgreSQL alike, and
    # the quotes make the match exact ("mab" does not match "mab_x"); `__contains` on a
    # JSONField is not available on SQLite.
    return Q(**{f"{field}__icontains": f'"{code}"'})


def search_organizations(
    *,
    event: Event,
    q: str = "",
    org_type: str = "",
    country: str = "",
    area: str = "",
    modality: str = "",
    offers: str = "",
    seeks: str = "",
) -> QuerySet[Organization]:
    """The event's organisations matching every given filter, ordered by name.

    `q` searches names (English and Korean) and descriptions, ignoring case; each word
    must appear somewhere. List filters take one vocabulary code."""
    found = Organization.objects.filter(event=event)
    for word in q.split():
        text = Q()
        for name in _TEXT_FIELDS:
            text |= Q(**{f"{name}__icontains": word})
        found = found.filter(text)
    if org_type:
        found = found.filter(org_type=org_type)
    if country:
        found = found.filter(country=country.upper())
    for name, value in (("area", area), ("modality", modality), ("offers", offers)):
        if value:
            found = found.filter(_has_code(_LIST_FILTERS[name], value))
    if seeks:
        found = found.filter(_has_code("seeks", seeks))
    return found.order_by("name", "pk")
