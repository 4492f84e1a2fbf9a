"""The meetings app's answer to `partner_relations_requested`: meetings and requests."""

from __future__ import annotations

from typing import Any

from summit.events.models import Event
from summit.meetings.domain.parties import involving, party_id_fields, party_ids_in
from summit.meetings.models import MeetingRequest
from summit.organizations.domain.relations import (
    Relation,
    connected_pairs_requested,
    partner_relations_requested,
)
from summit.organizations.models import Organization

Status = MeetingRequest.Status
Kind = MeetingRequest.Kind

__all__ = ["connect", "open_pairs", "request_relations"]


def _code(row: dict[str, Any], organization_id: int) -> str:
    if row["status"] == Status.ACCEPTED:
        return "meeting"
    if row["status"] == Status.DECLINED:
        return "declined"
    # Parties come requesting one first.
    sent = party_ids_in(row)[0] == organization_id and row["kind"] == Kind.PARTICIPANT
    return "request_sent" if sent else "request_received"


def request_relations(
    *, organization: Organization, partner_ids: frozenset[int]
) -> dict[int, list[Relation]]:
    """Meetings, open requests either way and declined requests with each partner (one
    query). The newest request comes first, so a declined request followed by a new one
    shows the new one."""
    rows = (
        MeetingRequest.objects.filter(
            involving(organization),
            involving(partner_ids),
            status__in=(Status.PENDING, Status.ACCEPTED, Status.DECLINED),
        )
        .order_by("-created", "-pk")
        .values("pk", "status", "kind", *party_id_fields())
    )
    found: dict[int, list[Relation]] = {}
    for row in rows:
        relation = Relation(code=_code(row, organization.pk), request_id=row["pk"])
        for partner in party_ids_in(row):
            if partner != organization.pk:
                found.setdefault(partner, []).append(relation)
    return found


def open_pairs(*, event: Event) -> list[tuple[int, int]]:
    """(sender, receiver) organization ids of the event's pending and accepted requests
    (one query): accepted ones are meetings, scheduled or about to be."""
    return list(
        MeetingRequest.objects.filter(
            event=event, status__in=MeetingRequest.OPEN_STATUSES
        ).values_list(*party_id_fields())
    )


def _pairs(sender: Any, *, event: Event, **kwargs: Any) -> list[tuple[int, int]]:
    return open_pairs(event=event)


def _answer(
    sender: Any, *, organization: Organization, partner_ids: frozenset[int], **kwargs: Any
) -> dict[int, list[Relation]]:
    return request_relations(organization=organization, partner_ids=partner_ids)


def connect() -> None:
    partner_relations_requested.connect(_answer, dispatch_uid="meetings-relations")
    connected_pairs_requested.connect(_pairs, dispatch_uid="meetings-connected-pairs")
