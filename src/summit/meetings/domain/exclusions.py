"""Which organizations may not be asked for a meeting: survey exclusions and screening.

Survey exclusions work both ways: if either side lists the other's ``org_id`` in
``excluded_partners``, no request is possible. Screening exclusions are the organizer's
decisions on watch-list hits (`summit.matching.domain.screening.excluded_by_screening`);
when the matching app is not installed there are none.
"""

from __future__ import annotations

from importlib.util import find_spec
from types import ModuleType
from typing import Any

from django.conf import settings

from summit.events.models import Event
from summit.organizations.models import Organization


def _screening_module() -> ModuleType | None:
    # The matching app (issue 4, H8) provides screening; meetings must work without it.
    if "summit.matching" not in settings.INSTALLED_APPS:
        return None
    if find_spec("summit.matching.domain.screening") is None:
        return None
    from summit.matching.domain import screening

    return screening


def screening_exclusions(*, event: Event) -> set[int]:
    """Ids of the event's organizations the organizer excluded after watch-list screening."""
    screening = _screening_module()
    if screening is None:
        return set()
    return set(screening.excluded_by_screening(event=event))


def screening_hits(*, event: Event, organization_ids: list[int]) -> dict[int, list[Any]]:
    """Watch-list hits per organization id (empty without the matching app)."""
    screening = _screening_module()
    if screening is None or not organization_ids:
        return {}
    hits: dict[int, list[Any]] = screening.hits_by_organization(
        event=event, organization_ids=organization_ids
    )
    return hits


def survey_excludes(*, first: Organization, second: Organization) -> bool:
    """True when either organization excluded the other in its survey."""
    return second.org_id in (first.excluded_partners or []) or first.org_id in (
        second.excluded_partners or []
    )
