"""What a request card shows (the other side, watch-list hits, contacts once accepted, the
viewer's buttons), prepared for a whole list in a fixed number of queries. Used by the
meetings pages and by the participant's inbox."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from summit.events.models import Event
from summit.meetings.domain.exclusions import screening_hits
from summit.meetings.domain.requests import (
    contacts_by_request,
    other_side,
    people_by_organization,
    with_related,
)
from summit.meetings.models import MeetingRequest
from summit.organizations.models import Membership, Organization

__all__ = ["hits_of", "pending_requests_of", "prepare_cards"]


def hits_of(hits: dict[int, list[Any]], organization: Organization) -> list[Any]:
    """The organization's watch-list hits from a `screening_hits` answer."""
    found = hits.get(organization.pk, [])
    for hit in found:
        hit.organization = organization  # already loaded; saves a query per hit
    return found


def prepare_cards(
    *, rows: list[MeetingRequest], event: Event, viewer: Membership | None
) -> list[MeetingRequest]:
    """Attach what a request card shows: the other side, watch-list hits, contact details
    (accepted only), and which buttons the viewer gets. A fixed number of queries."""
    viewer_org = viewer.organization_id if viewer is not None else None
    organization_ids = {row.sender_organization_id for row in rows} | {
        row.receiver_organization_id for row in rows
    }
    hits = screening_hits(event=event, organization_ids=sorted(organization_ids)) if rows else {}
    contacts = contacts_by_request(meeting_requests=rows, viewer=viewer)
    colleagues = (
        [
            person
            for person in people_by_organization(organization_ids={viewer_org})[viewer_org]
            if person.pk != viewer.pk
        ]
        if rows and viewer is not None and viewer_org is not None
        else []
    )
    pending = MeetingRequest.Status.PENDING
    for row in rows:
        if viewer_org is not None and viewer_org in (
            row.sender_organization_id,
            row.receiver_organization_id,
        ):
            row.other = other_side(meeting_request=row, organization_id=viewer_org)  # type: ignore[attr-defined]
        else:
            row.other = None  # type: ignore[attr-defined]
        row.contacts = contacts[row.pk]  # type: ignore[attr-defined]
        row.hits = [  # type: ignore[attr-defined]
            *hits_of(hits, row.sender_organization),
            *hits_of(hits, row.receiver_organization),
        ]
        row.can_answer = row.status == pending and viewer_org == row.receiver_organization_id  # type: ignore[attr-defined]
        row.can_withdraw = (  # type: ignore[attr-defined]
            row.status == pending
            and viewer_org == row.sender_organization_id
            and row.kind == MeetingRequest.Kind.PARTICIPANT
        )
        row.colleagues = colleagues  # type: ignore[attr-defined]
    return rows


def pending_requests_of(
    *, organization: Organization
) -> tuple[list[MeetingRequest], list[MeetingRequest]]:
    """(awaiting the organization's answer, sent by it and unanswered), oldest first: the
    longest wait is answered first. One query."""
    rows = with_related(
        MeetingRequest.objects.filter(
            Q(sender_organization=organization) | Q(receiver_organization=organization),
            status=MeetingRequest.Status.PENDING,
        )
    ).order_by("created", "pk")
    incoming, outgoing = [], []
    for row in rows:
        (incoming if row.receiver_organization_id == organization.pk else outgoing).append(row)
    return incoming, outgoing
