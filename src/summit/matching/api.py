"""API of the matching app: recommendations, dismissals, watch-list hits and decisions.

Mounted by `summit.api.api` below ``/api/events``; same permission rules and domain
functions as the pages.
"""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from django.utils.translation import get_language
from ninja import Query, Router, Schema

from summit.api.auth import visible_event
from summit.api.schemas import ProblemOut
from summit.events.domain.permissions import is_organizer
from summit.matching.domain import recommendations, screening
from summit.matching.domain.access import can_see_recommendations
from summit.matching.models import WatchListHit
from summit.organizations.models import Organization

__all__ = ["router"]

router = Router(tags=["recommendations"])


class PartnerOut(Schema):
    org_id: str
    name: str
    name_local: str
    org_type: str
    country: str


class RecommendationOut(Schema):
    rank: int
    partner: PartnerOut
    score: float
    #: Percentile of the partner among the organization's candidates (100: the best).
    strength: int
    #: The same read from the top: 2 means "in the top 2 %".
    top_percent: int
    #: What already happened with the partner: "" (nothing), meeting, request_received,
    #: request_sent, declined (dismissed partners are not listed).
    state: str
    saved: bool
    reasons: list[str]
    reasons_en: list[str]
    reasons_ko: list[str]
    computed_at: datetime


class DismissIn(Schema):
    #: The partner's org_id (a default lets a missing field reach the permission check).
    partner: str = ""


class DismissOut(Schema):
    organization: str
    partner: str


class HitOut(Schema):
    id: int
    organization: PartnerOut
    listed_name: str
    aliases: list[str]
    matched_name: str
    score: float
    country_match: bool | None
    reason: str
    source: str
    example: bool
    decided: bool
    excluded: bool


class DecisionIn(Schema):
    hit: int = 0
    decision: str = ""


def _organization(request: HttpRequest, slug: str, org_id: str) -> Organization:
    organization = (
        Organization.objects.filter(event=visible_event(request, slug), org_id=org_id)
        .select_related("event")
        .first()
    )
    if organization is None:
        raise Http404
    if not can_see_recommendations(user=request.user, organization=organization):
        raise PermissionDenied
    return organization


def _partner(organization: Organization) -> dict[str, str]:
    return {
        "org_id": organization.org_id,
        "name": organization.name,
        "name_local": organization.name_local,
        "org_type": organization.org_type,
        "country": organization.country,
    }


def _hit(hit: WatchListHit) -> dict[str, object]:
    return {
        "id": hit.pk,
        "organization": _partner(hit.organization),
        "listed_name": hit.entry.name,
        "aliases": list(hit.entry.aliases),
        "matched_name": hit.matched_name,
        "score": hit.score,
        "country_match": hit.country_match,
        "reason": hit.entry.reason,
        "source": hit.entry.source,
        "example": hit.entry.is_example,
        "decided": hit.decided,
        "excluded": hit.excluded,
    }


@router.get(
    "/{slug}/organizations/{org_id}/recommendations",
    response={200: list[RecommendationOut], 403: ProblemOut},
    url_name="recommendations",
)
def list_recommendations(
    request: HttpRequest,
    slug: str,
    org_id: str,
    limit: int = Query(20, ge=1, le=100),
) -> list[dict[str, object]]:
    """The organization's recommendations, best first, with the match strength (percentile
    among its candidates), what already happened with each partner, and `reasons` in your
    language. Participants read their own organization's, organizers any."""
    organization = _organization(request, slug, org_id)
    found = recommendations.ranked_partners(
        organization=organization, language=get_language() or "en", limit=limit
    )
    return [
        {
            "rank": item.recommendation.rank,
            "partner": _partner(item.partner),
            "score": item.recommendation.score,
            "strength": item.strength,
            "top_percent": item.top_percent,
            "state": item.state.main,
            "saved": item.state.saved,
            "reasons": item.reasons,
            "reasons_en": item.recommendation.reasons_en,
            "reasons_ko": item.recommendation.reasons_ko,
            "computed_at": item.recommendation.computed_at,
        }
        for item in found
    ]


@router.post(
    "/{slug}/organizations/{org_id}/recommendations/dismiss",
    response={200: DismissOut, 403: ProblemOut, 404: ProblemOut, 422: ProblemOut},
    url_name="dismiss_recommendation",
)
def dismiss(request: HttpRequest, slug: str, org_id: str, payload: DismissIn) -> dict[str, str]:
    """ "Not relevant": the partner is dropped now and excluded from the next recompute."""
    organization = _organization(request, slug, org_id)
    if not payload.partner:
        raise ValidationError({"partner": ["is required"]})
    partner = Organization.objects.filter(event=organization.event, org_id=payload.partner).first()
    if partner is None:
        raise Http404
    recommendations.dismiss_recommendation(
        organization=organization, partner=partner, user=request.user
    )
    return {"organization": organization.org_id, "partner": partner.org_id}


@router.get(
    "/{slug}/screening/hits",
    response={200: list[HitOut], 403: ProblemOut},
    url_name="screening_hits",
)
def list_hits(request: HttpRequest, slug: str) -> list[dict[str, object]]:
    """Watch-list hits of the event with reason, source and decision (organizers)."""
    event = visible_event(request, slug)
    if not is_organizer(user=request.user, event=event):
        raise PermissionDenied
    hits = (
        WatchListHit.objects.filter(event=event)
        .select_related("organization", "entry")
        .order_by("organization__name", "-score", "pk")
    )
    return [_hit(hit) for hit in hits]


@router.post(
    "/{slug}/screening/decisions",
    response={200: HitOut, 403: ProblemOut, 404: ProblemOut, 422: ProblemOut},
    url_name="screening_decision",
)
def decide(request: HttpRequest, slug: str, payload: DecisionIn) -> dict[str, object]:
    """Decide a hit: ``exclude`` (from recommendations) or ``keep`` (organizers)."""
    event = visible_event(request, slug)
    if not is_organizer(user=request.user, event=event):
        raise PermissionDenied
    if payload.decision not in ("exclude", "keep"):
        raise ValidationError({"decision": ["must be 'exclude' or 'keep'"]})
    hit = (
        WatchListHit.objects.filter(event=event, pk=payload.hit)
        .select_related("event", "organization", "entry")
        .first()
    )
    if hit is None:
        raise Http404
    return _hit(
        screening.decide_hit(hit=hit, exclude=payload.decision == "exclude", user=request.user)
    )
