"""Demo outcomes: realistic, deterministic, idempotent, and following the domain's rules."""

from __future__ import annotations

import pytest
from django.db.models import F

from summit.demo.domain.outcomes import demo_outcomes
from summit.outcomes.models import Deal, DealParty, MeetingFeedback

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


@pytest.fixture
def schedule(event, make_scheduled_meeting, make_organization, make_membership):
    meetings = []
    for slot in range(6):
        for table in (1, 2, 3, 4):
            first = make_membership(make_organization(event), role="lead")
            second = make_membership(make_organization(event), role="lead")
            meetings.append(
                make_scheduled_meeting(event, first=first, second=second, slot=slot, table=table)
            )
    return meetings


def _snapshot(event):
    return (
        sorted(
            MeetingFeedback.objects.filter(meeting__event=event).values_list(
                "meeting_id", "organization_id", "follow_up_interest"
            )
        ),
        sorted(Deal.objects.filter(event=event).values_list("kind", "stage", "confidential")),
    )


def test_demo_outcomes_feedback_and_deals_follow_the_rules(event, schedule):
    result = demo_outcomes(event=event, seed=7)
    assert result.feedback == MeetingFeedback.objects.count() > 10
    assert result.deals == Deal.objects.count() > 0
    for deal in Deal.objects.prefetch_related("parties", "stage_changes", "meetings"):
        assert deal.parties.count() == 2
        assert [change.to_stage for change in deal.stage_changes.all()][-1] == deal.stage
        meeting = deal.meetings.get()
        sides = {
            meeting.meeting_request.sender_organization_id,
            meeting.meeting_request.receiver_organization_id,
        }
        assert set(deal.parties.values_list("organization_id", flat=True)) == sides
        assert (deal.value is None) == (deal.currency == "")
        assert (deal.signed_on is not None) == (deal.stage in ("signed", "announced"))
    # The recording side has confirmed its own deal.
    assert not DealParty.objects.filter(
        deal__recorded_by_organization_id=F("organization_id"), confirmed_at=None
    ).exists()


def test_demo_outcomes_is_deterministic_and_runs_once(event, schedule):
    demo_outcomes(event=event, seed=7)
    first = _snapshot(event)
    assert demo_outcomes(event=event, seed=7).feedback == 0
    MeetingFeedback.objects.all().delete()
    Deal.objects.all().delete()
    demo_outcomes(event=event, seed=7)
    assert _snapshot(event) == first
