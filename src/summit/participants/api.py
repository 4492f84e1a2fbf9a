"""API of the participants app: the inbox counts of the signed-in participant.

Mounted by `summit.api.api` below ``/api/events``; the same domain function as the inbox
on the event home.
"""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import get_language
from ninja import Router, Schema

from summit.api.auth import visible_event
from summit.api.schemas import ProblemOut
from summit.events.domain.permissions import membership_for
from summit.participants.domain.inbox import inbox_for

__all__ = ["router"]

router = Router(tags=["inbox"])


class NextMeetingOut(Schema):
    start: datetime
    end: datetime
    place: str
    partner_org_id: str
    partner_name: str
    partner_name_local: str


class InboxOut(Schema):
    """What waits for the participant: the numbers of the event home's inbox."""

    awaiting_answer: int
    sent_unanswered: int
    feedback_due: int
    new_recommendations: int
    meetings: int
    survey_submitted: bool
    #: Same-day meeting proposals to your organization waiting for an answer (the lounge).
    proposals_awaiting: int
    next_meeting: NextMeetingOut | None


@router.get(
    "/{slug}/inbox",
    response={200: InboxOut, 403: ProblemOut, 404: ProblemOut},
    url_name="inbox",
)
def read_inbox(request: HttpRequest, slug: str) -> dict[str, object]:
    """Your inbox in numbers (participants): requests awaiting your organization's answer,
    requests it sent that wait, feedback due, new recommendations, same-day meeting proposals
    waiting for an answer, and your next meeting."""
    event = visible_event(request, slug)
    membership = membership_for(user=request.user, event=event)
    if membership is None:
        raise PermissionDenied
    inbox = inbox_for(membership=membership, now=timezone.now(), language=get_language() or "en")
    counts = inbox.counts
    following = inbox.next_meeting
    return {
        "awaiting_answer": counts.awaiting_answer,
        "sent_unanswered": counts.sent_unanswered,
        "feedback_due": counts.feedback_due,
        "new_recommendations": counts.new_recommendations,
        "meetings": counts.meetings,
        "survey_submitted": counts.survey_submitted,
        "proposals_awaiting": counts.proposals_awaiting,
        "next_meeting": None
        if following is None
        else {
            "start": following.meeting.slot.start,
            "end": following.meeting.slot.end,
            "place": following.place,
            "partner_org_id": following.partner.org_id,
            "partner_name": following.partner.name,
            "partner_name_local": following.partner.name_local,
        },
    }
