"""The participant's inbox: what needs the person now, read from several apps.

Requests awaiting the organization's answer and those it sent that wait (meetings), same-day
meeting proposals and a no-show that left the person free (lounge), the person's next
meeting (agenda), meetings whose feedback is due (outcomes), and
recommendations that are still new (matching: no meeting, request or dismissal with the
partner). A fixed number of queries whatever the number of items.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.utils.translation import gettext as _

from summit.agenda.domain.agenda import agenda_summary
from summit.lounge.domain.rematch import freed_meeting_of, proposals_of
from summit.lounge.models import MeetingProposal
from summit.matching.domain.recommendations import RankedPartner, ranked_partners
from summit.meetings.domain.cards import pending_requests_of, prepare_cards
from summit.meetings.domain.parties import other_party_of
from summit.meetings.domain.requests import requests_open
from summit.meetings.models import MeetingRequest
from summit.organizations.models import Membership, Organization
from summit.outcomes.domain.feedback import meetings_awaiting_feedback
from summit.scheduling.models import ScheduledMeeting

__all__ = [
    "NEW_RECOMMENDATIONS_SHOWN",
    "Inbox",
    "InboxCounts",
    "NextMeeting",
    "inbox_for",
    "next_meeting_of",
]

#: New recommendations listed in the inbox (the recommendations page lists them all).
NEW_RECOMMENDATIONS_SHOWN = 3


@dataclass(frozen=True)
class InboxCounts:
    """The inbox in numbers (the menu badge, the API)."""

    awaiting_answer: int
    sent_unanswered: int
    feedback_due: int
    new_recommendations: int
    meetings: int
    survey_submitted: bool
    #: Same-day meeting proposals to the organization waiting for an answer (the lounge).
    proposals_awaiting: int

    @property
    def rows(self) -> list[tuple[int, str, str]]:
        """(count, anchor of its section, label) as the inbox heading lists them; same-day
        proposals only while there are some (on the summit days)."""
        same_day = [(self.proposals_awaiting, "inbox-same-day", _("same-day proposals to answer"))]
        return [
            *(same_day if self.proposals_awaiting else []),
            (self.awaiting_answer, "inbox-awaiting", _("awaiting your answer")),
            (self.feedback_due, "inbox-feedback", _("feedback due")),
            (self.sent_unanswered, "inbox-sent", _("sent, not answered yet")),
            (self.new_recommendations, "inbox-recommendations", _("new recommendations")),
        ]

    @property
    def to_do(self) -> int:
        """Items that wait for the person: answers (requests and same-day proposals),
        feedback, the survey."""
        return (
            self.awaiting_answer
            + self.proposals_awaiting
            + self.feedback_due
            + (0 if self.survey_submitted else 1)
        )


@dataclass(frozen=True)
class NextMeeting:
    """The person's next live meeting: when, where, with whom."""

    meeting: ScheduledMeeting
    partner: Organization
    place: str

    @property
    def start(self) -> datetime:
        return self.meeting.slot.start


@dataclass(frozen=True)
class FeedbackDue:
    meeting: ScheduledMeeting
    partner: Organization


@dataclass(frozen=True)
class Inbox:
    membership: Membership
    awaiting_answer: list[MeetingRequest]
    sent_unanswered: list[MeetingRequest]
    next_meeting: NextMeeting | None
    meetings: int
    feedback_due: list[FeedbackDue]
    new_recommendations: list[RankedPartner]
    new_recommendation_count: int
    survey_submitted: bool
    requests_open: bool
    #: Same-day meeting proposals to the organization that can still happen (the lounge).
    proposals: list[MeetingProposal]
    #: Today's meeting whose partner did not come, while another can still replace it.
    freed_meeting: ScheduledMeeting | None

    @property
    def counts(self) -> InboxCounts:
        return InboxCounts(
            awaiting_answer=len(self.awaiting_answer),
            sent_unanswered=len(self.sent_unanswered),
            feedback_due=len(self.feedback_due),
            new_recommendations=self.new_recommendation_count,
            meetings=self.meetings,
            survey_submitted=self.survey_submitted,
            proposals_awaiting=len(self.proposals),
        )

    @property
    def empty(self) -> bool:
        """Nothing waits for the person and nothing is coming up."""
        counts = self.counts
        return not (counts.to_do or counts.sent_unanswered or self.next_meeting)


def next_meeting_of(*, membership: Membership, now: datetime) -> tuple[NextMeeting | None, int]:
    """The person's next live meeting from `now` and how many live meetings they have."""
    summary = agenda_summary(membership=membership, now=now)
    following: dict[str, Any] | None = summary.get("next")  # type: ignore[assignment]
    count = int(summary["count"])  # type: ignore[call-overload]
    if not following:
        return None, count
    meeting = NextMeeting(
        meeting=following["meeting"], partner=following["partner"], place=following["place"]
    )
    return meeting, count


def inbox_for(*, membership: Membership, now: datetime, language: str) -> Inbox:
    """Everything the person's inbox shows, request cards ready to answer in place."""
    organization = membership.organization
    incoming, outgoing = pending_requests_of(organization=organization)
    # Requests to answer get full cards (accept, decline, a colleague); sent ones are rows.
    prepare_cards(rows=incoming, event=membership.event, viewer=membership)
    following, meetings = next_meeting_of(membership=membership, now=now)
    feedback = [
        FeedbackDue(
            meeting=meeting, partner=other_party_of(meeting, organization_id=organization.pk)
        )
        for meeting in meetings_awaiting_feedback(membership=membership, now=now)
    ]
    fresh = [
        ranked
        for ranked in ranked_partners(organization=organization, language=language)
        if ranked.state.is_new and not ranked.state.saved
    ]
    return Inbox(
        membership=membership,
        awaiting_answer=incoming,
        sent_unanswered=outgoing,
        next_meeting=following,
        meetings=meetings,
        feedback_due=feedback,
        new_recommendations=fresh[:NEW_RECOMMENDATIONS_SHOWN],
        new_recommendation_count=len(fresh),
        survey_submitted=organization.survey_status == Organization.SurveyStatus.SUBMITTED,
        requests_open=requests_open(event=membership.event, now=now),
        proposals=proposals_of(membership=membership, now=now)[0],
        freed_meeting=freed_meeting_of(membership=membership, now=now),
    )
