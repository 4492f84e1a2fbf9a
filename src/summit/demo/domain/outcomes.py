"""Demo data: what the demo summit's published meetings led to.

For every scheduled meeting of the published schedule, each side answers the feedback form
with a fixed probability (most meetings took place, a few did not; interest leans to "some");
meetings where both sides are strongly interested become deals with a realistic spread of
kinds and stages, some confidential, each with its stage history. Deterministic for a seed,
written in one transaction with bulk inserts (no e-mails), and it does nothing when the
event already has feedback or deals.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from summit.meetings.domain.parties import parties_label, party_ids_of, party_paths
from summit.outcomes.models import Deal, DealParty, DealStageChange, MeetingFeedback
from summit.scheduling.models import MeetingSeat, ScheduledMeeting

if TYPE_CHECKING:
    from summit.events.models import Event

__all__ = ["DemoOutcomes", "demo_outcomes"]

_NOTES = (
    "Good fit with our pipeline; send the data package.",
    "They need a CDMO partner for phase II material.",
    "공동 연구 가능성을 검토하기로 했습니다.",
    "Follow-up call with their BD team next month.",
    "",
    "",
)
_KINDS = (
    ("license", 0.22),
    ("mou", 0.2),
    ("co_development", 0.14),
    ("cdmo_cmo_contract", 0.14),
    ("tech_transfer", 0.1),
    ("supply_procurement", 0.08),
    ("investment", 0.08),
    ("joint_venture", 0.04),
)
_STAGES = (("discussing", 0.45), ("term_sheet", 0.25), ("signed", 0.22), ("announced", 0.08))
_CURRENCIES = ("KRW", "USD", "USD", "EUR", "JPY")


@dataclass(frozen=True, slots=True)
class DemoOutcomes:
    feedback: int
    deals: int


def _pick(rng: random.Random, weighted: tuple[tuple[str, float], ...]) -> str:
    return rng.choices([value for value, _ in weighted], [w for _, w in weighted])[0]


def _value(rng: random.Random, currency: str) -> Decimal:
    usd = rng.choice((50_000, 250_000, 1_000_000, 3_500_000, 12_000_000))
    rate = {"KRW": 1350, "JPY": 150, "EUR": 1, "USD": 1}[currency]
    return Decimal(usd * rate)


def demo_outcomes(
    *,
    event: Event,
    seed: int = 20261006,
    now: datetime | None = None,
    spotlight: int | None = None,
) -> DemoOutcomes:
    """Feedback and deals for the event's published meetings that ended by `now` (see the
    module docstring). The `spotlight` organization (the demo's participant login) gives no
    feedback of its own, so that giving it can be tried."""
    if (
        MeetingFeedback.objects.filter(meeting__event=event).exists()
        or Deal.objects.filter(event=event).exists()
    ):
        return DemoOutcomes(0, 0)
    rng = random.Random(seed)
    now = now or timezone.now()
    meetings = list(
        ScheduledMeeting.objects.filter(
            event=event, status=ScheduledMeeting.Status.SCHEDULED, slot__end__lte=now
        )
        .select_related("slot", *party_paths(via="meeting_request"))
        .order_by("slot__start", "pk")
    )
    seats: dict[tuple[int, int], object] = {}
    for seat in MeetingSeat.objects.filter(meeting__event=event).select_related("membership__user"):
        seats.setdefault((seat.meeting_id, seat.membership.organization_id), seat.membership)
    feedback: list[MeetingFeedback] = []
    strong: dict[int, int] = defaultdict(int)
    for meeting in meetings:
        # The day's attendance record decides where there is one (the demo records it).
        held = (
            rng.random() > 0.06
            if meeting.attendance == ScheduledMeeting.Attendance.EXPECTED
            else meeting.attendance == ScheduledMeeting.Attendance.CHECKED_IN
        )
        for organization_id in party_ids_of(meeting):
            author = seats.get((meeting.pk, organization_id))
            if author is None or rng.random() > 0.72 or organization_id == spotlight:
                continue
            interest = (
                "none"
                if not held
                else rng.choices(["none", "some", "strong"], [0.25, 0.45, 0.3])[0]
            )
            if interest == "strong":
                strong[meeting.pk] += 1
            step = {
                "none": "none",
                "some": rng.choice(["information", "none", "second_meeting"]),
                "strong": rng.choice(["second_meeting", "site_visit", "proposal", "information"]),
            }[interest]
            feedback.append(
                MeetingFeedback(
                    meeting=meeting,
                    organization_id=organization_id,
                    author=author,
                    took_place=held,
                    follow_up_interest=interest,
                    next_step=step,
                    note=rng.choice(_NOTES) if held else "",
                )
            )
    today = timezone.localdate(now)
    deals = 0
    with transaction.atomic():
        MeetingFeedback.objects.bulk_create(feedback, batch_size=1000)
        for meeting in meetings:
            if strong.get(meeting.pk, 0) < 1 or rng.random() > 0.35:
                continue
            sides = party_ids_of(meeting)
            recorder = next(
                (seats[(meeting.pk, side)] for side in sides if (meeting.pk, side) in seats), None
            )
            if recorder is None:
                continue
            kind, stage = _pick(rng, _KINDS), _pick(rng, _STAGES)
            order = [value for value, _ in _STAGES]
            path = order[: order.index(stage) + 1]
            start: date = timezone.localtime(meeting.slot.end).date() + timedelta(
                days=rng.randrange(1, 20)
            )
            dates = [min(start + timedelta(days=30 * step), today) for step in range(len(path))]
            currency = rng.choice(_CURRENCIES)
            with_value = stage in ("signed", "announced") or rng.random() < 0.3
            deal = Deal.objects.create(
                event=event,
                title=f"{str(Deal.Kind(kind).label).capitalize()}: {parties_label(meeting)}",
                kind=kind,
                stage=stage,
                date=dates[-1],
                signed_on=dates[order.index("signed")]
                if stage in ("signed", "announced")
                else None,
                value=_value(rng, currency) if with_value else None,
                currency=currency if with_value else "",
                confidential=rng.random() < 0.2,
                recorded_by=recorder.user,  # type: ignore[attr-defined]
                recorded_by_organization_id=recorder.organization_id,  # type: ignore[attr-defined]
            )
            confirmed = now if rng.random() < 0.7 else None
            DealParty.objects.bulk_create(
                [
                    DealParty(
                        deal=deal,
                        organization_id=organization_id,
                        confirmed_at=confirmed
                        if organization_id != recorder.organization_id  # type: ignore[attr-defined]
                        else now,
                    )
                    for organization_id in sides
                ]
            )
            deal.meetings.add(meeting)
            DealStageChange.objects.bulk_create(
                [
                    DealStageChange(
                        deal=deal,
                        from_stage=path[index - 1] if index else "",
                        to_stage=to_stage,
                        date=dates[index],
                        changed_by=recorder.user,  # type: ignore[attr-defined]
                    )
                    for index, to_stage in enumerate(path)
                ]
            )
            deals += 1
    return DemoOutcomes(feedback=len(feedback), deals=deals)
