"""Demo data: the meeting requests of the fictional demo summit, as they came in so far.

Each organization asks for meetings with the partners the engine recommended to it (its
top few, in rank order), over the weeks before the request deadline, or up to now while
requests are still open; most requests are accepted, some declined, the rest left
unanswered: expired once the deadline has passed, still pending while it has not. The
organizers arrange a few meetings themselves. While requests are open, the organization
whose lead is the demo's participant login (``spotlight``) also has a few requests waiting
for its answer, so that answering can be tried. Everything is deterministic (fixed seed) and
written in one transaction with bulk inserts: the demo is a fixture, so it sends no e-mails.
The rules the domain enforces for real requests hold here too: one open request per pair of
organizations, never to oneself, never between excluded partners (surveys or screening).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from summit.meetings.domain.exclusions import screening_exclusions, survey_excludes
from summit.meetings.domain.parties import party_fields
from summit.meetings.models import MeetingRequest

if TYPE_CHECKING:
    from summit.events.models import Event

__all__ = ["DemoRequests", "create_demo_requests"]

_SEED = 20261006
_MESSAGES = (
    "We would like to discuss a CDMO partnership for our lead programme.",
    "Interested in your platform technology; could we meet to explore licensing?",
    "We are looking for regional partners for technology transfer.",
    "Let us explore co-development opportunities in oncology.",
    "귀사의 생산 역량에 대해 논의하고 싶습니다.",
    "공동 개발 가능성에 대해 이야기 나누고 싶습니다.",
)
_DECLINE_REASONS = ("Not a priority for us this year.", "일정상 어렵습니다.")


@dataclass(frozen=True, slots=True)
class DemoRequests:
    created: int
    accepted: int
    declined: int
    expired: int
    arranged: int
    #: Still waiting for an answer (only while requests are open).
    pending: int = 0


def _default_deadline(event: Event) -> datetime:
    from django.utils import timezone

    first_slot = event.slots.order_by("start").first()
    return first_slot.start - timedelta(days=7) if first_slot else timezone.now()


def create_demo_requests(
    *,
    event: Event,
    per_organization: int = 3,
    arranged: int = 12,
    now: datetime | None = None,
    spotlight: int | None = None,
    waiting: int = 3,
) -> DemoRequests:
    """Requests from each demo organization to its top recommended partners, as of `now`;
    while requests are open, `waiting` more to the `spotlight` organization (its id) await
    its answer. Does nothing when the event already has requests (re-running the demo keeps
    what is there)."""
    from django.contrib.auth import get_user_model
    from django.db import transaction
    from django.utils import timezone

    from summit.matching.models import Recommendation
    from summit.organizations.models import Membership, Organization

    if MeetingRequest.objects.filter(event=event).exists():
        return DemoRequests(0, 0, 0, 0, 0)
    rng = random.Random(_SEED)
    now = now or timezone.now()
    deadline = event.request_deadline or _default_deadline(event)
    is_open = now < deadline
    # Requests came in until the deadline, or until an hour ago while they are still open.
    closes = deadline if not is_open else now - timedelta(hours=1)
    opening = closes - timedelta(days=22)
    unanswered = MeetingRequest.Status.PENDING if is_open else MeetingRequest.Status.EXPIRED
    members: dict[int, list[Membership]] = {}
    for membership in Membership.objects.filter(event=event).order_by("pk"):
        members.setdefault(membership.organization_id, []).append(membership)
    organizations_by_id = {o.pk: o for o in Organization.objects.filter(event=event)}
    screened_out = screening_exclusions(event=event)

    def allowed(first: int, second: int) -> bool:
        return (
            first not in screened_out
            and second not in screened_out
            and not survey_excludes(
                first=organizations_by_id[first], second=organizations_by_id[second]
            )
        )

    taken: set[tuple[int, int]] = set()
    rows: list[MeetingRequest] = []
    #: When each row was sent (`created` is auto_now_add, so it is set after the insert).
    stamps: list[datetime] = []
    counts = {"accepted": 0, "declined": 0, "unanswered": 0}
    recommendations = (
        Recommendation.objects.filter(event=event, rank__lte=per_organization)
        .order_by("organization_id", "rank")
        .values_list("organization_id", "partner_id")
    )
    for sender_org, receiver_org in recommendations:
        pair = (min(sender_org, receiver_org), max(sender_org, receiver_org))
        if pair in taken or sender_org not in members or receiver_org not in members:
            continue
        if not allowed(sender_org, receiver_org):
            continue
        taken.add(pair)
        sender = rng.choice(members[sender_org])
        receiver = members[receiver_org][0]
        created = opening + timedelta(minutes=rng.randrange(0, 22 * 24 * 60))
        draw = rng.random()
        answered_at = min(created + timedelta(hours=rng.randrange(2, 96)), closes)
        # While requests are open, one answered later than now is still waiting.
        status = (
            MeetingRequest.Status.ACCEPTED
            if draw < 0.74
            else MeetingRequest.Status.DECLINED
            if draw < 0.88
            else unanswered
        )
        if is_open and answered_at >= closes:
            status = unanswered
        answered = status != unanswered
        stamps.append(created)
        counts["unanswered" if status == unanswered else str(status)] += 1
        rows.append(
            MeetingRequest(
                event=event,
                kind=MeetingRequest.Kind.PARTICIPANT,
                sender=sender,
                **party_fields(sender_org, receiver_org),
                message=rng.choice(_MESSAGES),
                priority=(
                    MeetingRequest.Priority.HIGH
                    if rng.random() < 0.15
                    else MeetingRequest.Priority.NORMAL
                ),
                status=status,
                decline_reason=(
                    rng.choice(_DECLINE_REASONS) if status == MeetingRequest.Status.DECLINED else ""
                ),
                answered_by=receiver if answered else None,
                answered_by_organization_id=receiver_org if answered else None,
                answered_at=answered_at if answered else None,
            )
        )
    if is_open and spotlight in members:
        senders = [o for o in sorted(members) if o != spotlight]
        rng.shuffle(senders)
        for sender_org in senders[: waiting * 10]:
            if counts.get("waiting", 0) >= waiting:
                break
            pair = (min(sender_org, spotlight), max(sender_org, spotlight))
            if pair in taken or not allowed(sender_org, spotlight):
                continue
            taken.add(pair)
            counts["waiting"] = counts.get("waiting", 0) + 1
            counts["unanswered"] += 1
            stamps.append(closes - timedelta(hours=rng.randrange(1, 48)))
            rows.append(
                MeetingRequest(
                    event=event,
                    kind=MeetingRequest.Kind.PARTICIPANT,
                    sender=members[sender_org][0],
                    **party_fields(sender_org, spotlight),
                    message=rng.choice(_MESSAGES),
                    priority=MeetingRequest.Priority.NORMAL,
                    status=MeetingRequest.Status.PENDING,
                )
            )
    organizer_user = get_user_model().objects.filter(organized__event=event).order_by("pk").first()
    organizations = sorted(members)
    made = 0
    for _ in range(arranged * 20):
        if made >= arranged:
            break
        first, second = rng.sample(organizations, 2)
        pair = (min(first, second), max(first, second))
        if pair in taken or not allowed(first, second):
            continue
        taken.add(pair)
        made += 1
        stamps.append(closes - timedelta(days=rng.randrange(1, 6)))
        rows.append(
            MeetingRequest(
                event=event,
                kind=MeetingRequest.Kind.ORGANIZER_ARRANGED,
                **party_fields(first, second),
                message="Matched by the summit secretariat.",
                status=MeetingRequest.Status.ACCEPTED,
                arranged_by=organizer_user,
                answered_at=stamps[-1],
            )
        )
    with transaction.atomic():
        created_rows = MeetingRequest.objects.bulk_create(rows, batch_size=500)
        for row, stamp in zip(created_rows, stamps, strict=True):
            row.created = stamp
        MeetingRequest.objects.bulk_update(created_rows, ["created"], batch_size=500)
    return DemoRequests(
        created=len(rows),
        accepted=counts["accepted"] + made,
        declined=counts["declined"],
        expired=counts["unanswered"] if not is_open else 0,
        arranged=made,
        pending=counts["unanswered"] if is_open else 0,
    )
