"""What a request card shows (the other side, watch-list hits, contacts once accepted, the
viewer's buttons), prepared for a whole list in a fixed number of queries. Used by the
meetings pages and by the participant's inbox."""

from __future__ import annotations

from typing import Any

from summit.events.models import Event
from summit.meetings.domain.exclusions import screening_hits
from summit.meetings.domain.parties import (
    involving,
    is_party,
    other_party_of,
    parties_of,
    party_ids_of,
)
from summit.meetings.domain.requests import (
    contacts_by_request,
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
    organization_ids = {pk for row in rows for pk in party_ids_of(row)}
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
        if is_party(row, organization_id=viewer_org):
            row.other = other_party_of(row, organization_id=viewer_org)  # type: ignore[attr-defined]
        else:
            row.other = None  # type: ignore[attr-defined]
        row.contacts = contacts[row.pk]  # type: ignore[attr-defined]
        row.hits = [hit for party in parties_of(row) for hit in hits_of(hits, party)]  # type: ignore[attr-defined]
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
    longest wait is answered first; each with ``other``, the other party. One query."""
    rows = with_related(
        MeetingRequest.objects.filter(involving(organization), status=MeetingRequest.Status.PENDING)
    ).order_by("created", "pk")
    incoming, outgoing = [], []
    for row in rows:
        row.other = other_party_of(row, organization_id=organization.pk)  # type: ignore[attr-defined]
        (incoming if row.receiver_organization_id == organization.pk else outgoing).append(row)
    return incoming, outgoing
