"""The directory: search and filter an event's organisations."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

from partnering_engine.matching.taxonomy import OFFER_ANSWERS_SEEK
from summit.organizations.models import Organization

if TYPE_CHECKING:
    from summit.events.models import Event

__all__ = ["DIRECTORY_FILTERS", "search_organizations", "seeks_answered_by"]

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


def seeks_answered_by(*, organization: Organization) -> list[str]:
    """The seek codes that the organization's offers answer ("who wants what we offer")."""
    return sorted({OFFER_ANSWERS_SEEK[o] for o in organization.offers if o in OFFER_ANSWERS_SEEK})


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
    seeks_any: Sequence[str] | None = None,
) -> QuerySet[Organization]:
    """The event's organisations matching every given filter, ordered by name.

    `q` searches names (English and Korean) and descriptions, ignoring case; each word
    must appear somewhere. List filters take one vocabulary code; `seeks_any` (when given)
    keeps organizations that seek at least one of its codes, none when it is empty."""
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
    if seeks_any is not None:
        wanted = Q()
        for code in sorted(set(seeks_any)):
            wanted |= _has_code("seeks", code)
        found = found.filter(wanted) if wanted else found.none()
    return found.order_by("name", "pk")
