"""Anonymised meeting data for research: one row per scheduled meeting, no names.

Organizations and meetings are replaced by pseudonyms: a keyed hash (HMAC-SHA256) of the
database id with a random key drawn for each export, so one export links the rows of the
same organization (``O-…``) while two exports cannot be joined, and the ids cannot be
recovered. Only country, organization type, day, slot position, attendance, feedback answers
(no notes) and the kinds of the **public** deals linked to the meeting are given; confidential
deals are never linked to a meeting here (H5's privacy rule). Column meanings: `COLUMNS`
and docs/reports.md.

Queries: one for the meetings, one for their feedback, one for the public deal links, one
for the slots — whatever the size of the event.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections import defaultdict
from collections.abc import Iterator
from typing import Any
from zoneinfo import ZoneInfo

from summit.events.models import Event, Slot
from summit.meetings.domain.parties import party_id_fields, party_paths
from summit.outcomes.models import Deal, MeetingFeedback
from summit.reports.domain.dashboard import Filters, meetings_queryset
from summit.scheduling.models import ScheduledMeeting

__all__ = ["COLUMNS", "research_rows"]

#: (column, meaning) of the research CSV, in order.
COLUMNS: tuple[tuple[str, str], ...] = (
    ("meeting", "pseudonym of the meeting (M-…), stable within one export only"),
    ("day", "date of the meeting (event's time zone), YYYY-MM-DD"),
    ("slot_index", "position of the slot within its day, 1 = first slot of the day"),
    ("start_time", "start time of the slot, HH:MM in the event's time zone"),
    ("request_kind", "participant (one side asked) or organizer_arranged"),
    ("a_organization", "pseudonym (O-…) of side A, the side that asked for the meeting"),
    ("a_country", "ISO 3166 alpha-2 country of side A"),
    ("a_org_type", "organization type code of side A (survey vocabulary)"),
    ("b_organization", "pseudonym (O-…) of side B, the side that was asked"),
    ("b_country", "ISO 3166 alpha-2 country of side B"),
    ("b_org_type", "organization type code of side B"),
    ("attendance", "recorded attendance: expected, checked_in or no_show"),
    ("outcome", "held, no_show or not_recorded (same rule as the dashboard)"),
    ("a_took_place", "side A's feedback: yes / no / empty without feedback"),
    ("a_interest", "side A's interest in a follow-up: none / some / strong / empty"),
    ("a_next_step", "side A's next step code / empty"),
    ("b_took_place", "side B's feedback: yes / no / empty"),
    ("b_interest", "side B's interest in a follow-up"),
    ("b_next_step", "side B's next step code"),
    ("public_deals", "number of public deals linked to the meeting"),
    ("public_deal_kinds", "their kinds, ';'-separated, sorted (confidential deals left out)"),
    ("public_deals_signed", "how many of them are signed or announced"),
)


class _Pseudonyms:
    """Keyed hashes of ids: stable within one export, unlinkable across exports."""

    def __init__(self, key: bytes | None = None) -> None:
        self._key = key or secrets.token_bytes(32)

    def __call__(self, prefix: str, ident: int) -> str:
        digest = hmac.new(self._key, f"{prefix}:{ident}".encode(), hashlib.sha256).hexdigest()
        return f"{prefix}-{digest[:12]}"


def _outcome(attendance: str, answers: list[bool]) -> str:
    if attendance == ScheduledMeeting.Attendance.CHECKED_IN or any(answers):
        return "held"
    if attendance == ScheduledMeeting.Attendance.NO_SHOW or answers:
        return "no_show"
    return "not_recorded"


def _yes_no(value: bool | None) -> str:
    return "" if value is None else ("yes" if value else "no")


def research_rows(
    *, event: Event, filters: Filters | None = None, key: bytes | None = None
) -> Iterator[dict[str, Any]]:
    """The rows of the research CSV (dicts keyed by `COLUMNS`), in time and table order.

    ``key`` fixes the pseudonym key (tests); by default each call draws a new one.
    """
    filters = filters or Filters()
    pseudonym = _Pseudonyms(key)
    zone = ZoneInfo(event.time_zone)
    positions: dict[int, tuple[str, int, str]] = {}
    day_counts: dict[Any, int] = defaultdict(int)
    for slot_id, start in (
        Slot.objects.filter(event=event).order_by("start").values_list("pk", "start")
    ):
        local = start.astimezone(zone)
        day_counts[local.date()] += 1
        positions[slot_id] = (local.date().isoformat(), day_counts[local.date()], f"{local:%H:%M}")
    meetings = meetings_queryset(event=event, filters=filters)
    feedback: dict[tuple[int, int], tuple[bool, str, str]] = {}
    for meeting_id, organization_id, took_place, interest, step in MeetingFeedback.objects.filter(
        meeting__in=meetings.values("pk")
    ).values_list("meeting_id", "organization_id", "took_place", "follow_up_interest", "next_step"):
        feedback[(meeting_id, organization_id)] = (took_place, interest, step)
    deals: dict[int, list[tuple[str, str]]] = defaultdict(list)
    links = Deal.meetings.through.objects.filter(
        scheduledmeeting__in=meetings.values("pk"), deal__confidential=False
    ).values_list("scheduledmeeting_id", "deal__kind", "deal__stage")
    for meeting_id, kind, stage in links:
        deals[meeting_id].append((kind, stage))
    # Each party's id, country and type: a (the requesting organization), then b.
    party_columns = zip(
        party_id_fields(via="meeting_request"),
        party_paths(via="meeting_request", field="country"),
        party_paths(via="meeting_request", field="org_type"),
        strict=True,
    )
    rows = meetings.order_by("slot__start", "table__number", "pk").values_list(
        "pk",
        "slot_id",
        "attendance",
        "meeting_request__kind",
        *(column for columns in party_columns for column in columns),
    )
    for pk, slot_id, attendance, kind, a_id, a_country, a_type, b_id, b_country, b_type in rows:
        day, index, start = positions[slot_id]
        a_answer = feedback.get((pk, a_id))
        b_answer = feedback.get((pk, b_id))
        linked = deals.get(pk, [])
        answers = [answer[0] for answer in (a_answer, b_answer) if answer is not None]
        yield {
            "meeting": pseudonym("M", pk),
            "day": day,
            "slot_index": index,
            "start_time": start,
            "request_kind": kind,
            "a_organization": pseudonym("O", a_id),
            "a_country": a_country,
            "a_org_type": a_type,
            "b_organization": pseudonym("O", b_id),
            "b_country": b_country,
            "b_org_type": b_type,
            "attendance": attendance,
            "outcome": _outcome(attendance, answers),
            "a_took_place": _yes_no(a_answer[0] if a_answer else None),
            "a_interest": a_answer[1] if a_answer else "",
            "a_next_step": a_answer[2] if a_answer else "",
            "b_took_place": _yes_no(b_answer[0] if b_answer else None),
            "b_interest": b_answer[1] if b_answer else "",
            "b_next_step": b_answer[2] if b_answer else "",
            "public_deals": len(linked),
            "public_deal_kinds": ";".join(sorted({kind for kind, _ in linked})),
            "public_deals_signed": sum(
                1 for _, stage in linked if stage in (Deal.Stage.SIGNED, Deal.Stage.ANNOUNCED)
            ),
        }
