"""Watch-list screening of an event's organizations and the organizer's decisions.

The engine does the matching (`partnering_engine.matching.screening`: normalised names,
aliases, trigram similarity). A hit only flags; the organizer decides per hit whether the
organization is excluded from recommendations ("exclude") or not ("keep").
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from partnering_engine.errors import InputError
from partnering_engine.matching.screening import (
    WatchEntry,
    example_watchlist,
    read_watchlist,
    screen,
)
from partnering_engine.matching.survey import SurveyRow
from summit.events.models import Event
from summit.matching.models import Recommendation, RecomputeRun, WatchListEntry, WatchListHit
from summit.organizations.models import Organization

__all__ = [
    "MAX_WATCHLIST_BYTES",
    "decide_hit",
    "excluded_by_screening",
    "hits_by_organization",
    "load_example_watchlist",
    "load_watchlist",
    "screen_changed",
    "screen_organizations",
]

#: Largest watch-list file accepted (a list of a few thousand companies is far smaller).
MAX_WATCHLIST_BYTES = 2_000_000


def _engine_entry(entry: WatchListEntry) -> WatchEntry:
    return WatchEntry(
        name=entry.name,
        aliases=tuple(entry.aliases),
        country=entry.country,
        reason=entry.reason,
        source=entry.source,
    )


def screen_organizations(*, event: Event, organizations: QuerySet[Organization]) -> int:
    """Screen `organizations` against the event's watch list: new hits are added, hits that
    no longer match are removed, decided hits keep their decision. Returns the hit count."""
    entries = list(WatchListEntry.objects.filter(event=event))
    if not entries:
        return 0
    engine_entries = [_engine_entry(entry) for entry in entries]
    stored_entry = {
        id(engine): entry for engine, entry in zip(engine_entries, entries, strict=True)
    }
    screened = list(organizations.values_list("pk", "org_id", "name", "country"))
    pk_of = {org_id: pk for pk, org_id, _name, _country in screened}
    rows = [
        SurveyRow(org_id=org_id, organization=name, org_type="", country=country)
        for _pk, org_id, name, country in screened
    ]
    found: dict[tuple[int, int], Any] = {}
    for hit in screen(rows, engine_entries):
        found[(pk_of[hit.org_id], stored_entry[id(hit.entry)].pk)] = hit
    with transaction.atomic():
        existing = {
            (hit.organization_id, hit.entry_id): hit
            for hit in WatchListHit.objects.filter(
                event=event, organization_id__in=list(pk_of.values())
            )
        }
        stale = [hit.pk for key, hit in existing.items() if key not in found]
        WatchListHit.objects.filter(pk__in=stale).delete()
        changed, added = [], []
        for (organization_id, entry_id), hit in found.items():
            stored = existing.get((organization_id, entry_id))
            if stored is None:
                stored = WatchListHit(
                    event=event, organization_id=organization_id, entry_id=entry_id
                )
                added.append(stored)
            else:
                changed.append(stored)
            stored.matched_name = hit.matched_name
            stored.score = min(1.0, max(0.0, hit.score))
            stored.country_match = hit.country_match
        WatchListHit.objects.bulk_create(added, batch_size=1000)
        WatchListHit.objects.bulk_update(
            changed, ["matched_name", "score", "country_match"], batch_size=1000
        )
    return len(found)


def screen_changed(*, event: Event) -> int:
    """Screen the organizations created or edited since they were last screened: since the
    watch list was loaded (which screens everyone) or the last finished recompute began."""
    loaded = (
        WatchListEntry.objects.filter(event=event)
        .order_by("-created")
        .values_list("created", flat=True)
        .first()
    )
    if loaded is None:
        return 0
    since = loaded
    last_started = (
        RecomputeRun.objects.filter(event=event, status=RecomputeRun.Status.DONE)
        .exclude(started=None)
        .order_by("-started")
        .values_list("started", flat=True)
        .first()
    )
    if last_started is not None and last_started > since:
        since = last_started
    organizations = Organization.objects.filter(event=event, updated__gte=since)
    return screen_organizations(event=event, organizations=organizations)


def _replace_watchlist(*, event: Event, entries: Iterable[WatchEntry], example: bool) -> int:
    entries = list(entries)
    if not entries:
        raise ValidationError({"file": [_("The watch list has no entries.")]})
    with transaction.atomic():
        # Decisions survive a new upload when the same organization matches the same name.
        decided = WatchListHit.objects.filter(event=event, decided_at__isnull=False).values_list(
            "organization_id", "entry__name", "excluded", "decided_at", "decided_by"
        )
        decisions = {
            (organization_id, name.casefold()): (excluded, decided_at, decided_by)
            for organization_id, name, excluded, decided_at, decided_by in decided
        }
        WatchListEntry.objects.filter(event=event).delete()
        WatchListEntry.objects.bulk_create(
            [
                WatchListEntry(
                    event=event,
                    name=entry.name[:300],
                    aliases=list(entry.aliases),
                    country=entry.country,
                    reason=entry.reason,
                    source=entry.source,
                    is_example=example,
                )
                for entry in entries
            ]
        )
        count = screen_organizations(
            event=event, organizations=Organization.objects.filter(event=event)
        )
        restored = []
        for hit in WatchListHit.objects.filter(event=event).select_related("entry"):
            decision = decisions.get((hit.organization_id, hit.entry.name.casefold()))
            if decision is not None:
                hit.excluded, hit.decided_at, hit.decided_by_id = decision
                restored.append(hit)
        WatchListHit.objects.bulk_update(restored, ["excluded", "decided_at", "decided_by"])
    return count


def load_watchlist(*, event: Event, data: bytes, filename: str) -> int:
    """Replace the event's watch list by an uploaded CSV (name, aliases, country, reason,
    source) and screen every organization; returns the hit count. A bad file raises
    ValidationError naming row and column, and nothing is written."""
    if len(data) > MAX_WATCHLIST_BYTES:
        raise ValidationError(
            {
                "file": [
                    _("The file is larger than %(mb)d MB.")
                    % {"mb": MAX_WATCHLIST_BYTES // 1_000_000}
                ]
            }
        )
    try:
        entries = read_watchlist(data, filename=filename)
    except InputError as error:
        raise ValidationError({"file": [str(error)]}) from None
    return _replace_watchlist(event=event, entries=entries, example=False)


def load_example_watchlist(*, event: Event) -> int:
    """Replace the event's watch list by the engine's example (BIOSECURE Act bill, marked
    as an example, not legal advice); returns the hit count."""
    return _replace_watchlist(event=event, entries=example_watchlist(), example=True)


def decide_hit(*, hit: WatchListHit, exclude: bool, user: Any) -> WatchListHit:
    """Record the organizer's decision on a hit. Excluding removes the organization from
    every recommendation list now; either way a recompute is queued."""
    from summit.matching.domain.recommendations import schedule_recompute

    with transaction.atomic():
        hit.excluded = exclude
        hit.decided_at = timezone.now()
        hit.decided_by = user if user.is_authenticated else None
        hit.save(update_fields=["excluded", "decided_at", "decided_by"])
        if exclude:
            Recommendation.objects.filter(event=hit.event_id, partner=hit.organization_id).delete()
        schedule_recompute(event=hit.event)
    return hit


def hits_by_organization(
    *, event: Event, organization_ids: Iterable[int] | None = None
) -> dict[int, list[WatchListHit]]:
    """The event's hits (with their entries) per organization primary key."""
    hits = WatchListHit.objects.filter(event=event).select_related("entry")
    if organization_ids is not None:
        hits = hits.filter(organization_id__in=list(organization_ids))
    grouped: dict[int, list[WatchListHit]] = {}
    for hit in hits.order_by("organization_id", "-score", "pk"):
        grouped.setdefault(hit.organization_id, []).append(hit)
    return grouped


def excluded_by_screening(*, event: Event) -> set[int]:
    """Primary keys of the organizations the organizer excluded after a hit."""
    return set(
        WatchListHit.objects.filter(event=event, excluded=True).values_list(
            "organization_id", flat=True
        )
    )
