"""A participant's own data: the export holds theirs only; deletion anonymises, counts stay."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.contrib.auth import get_user_model

from summit.accounts.models import Invitation, Profile
from summit.meetings.domain.requests import create_request
from summit.meetings.models import MeetingRequest, Unavailability
from summit.organizations.models import Membership
from summit.outcomes.domain import deals as deal_domain
from summit.outcomes.domain import feedback as feedback_domain
from summit.outcomes.domain import privacy
from summit.outcomes.domain.errors import OutcomeError
from summit.outcomes.models import Deal, MeetingFeedback
from summit.scheduling.models import MeetingSeat, ScheduledMeeting

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


@pytest.fixture
def history(held_meeting, acme, beta, gamma, make_membership):
    """Pat's request to Gamma, feedback, a deal, an unavailable slot; Beta's own feedback and
    a colleague of Pat's with their own feedback elsewhere."""
    create_request(sender=acme, receiver_organization=gamma.organization, message="Pat's note")
    feedback_domain.save_feedback(
        meeting=held_meeting,
        membership=acme,
        took_place=True,
        follow_up_interest="strong",
        next_step="other",
        next_step_text="Lab tour with Pat",
        note="Pat liked them",
    )
    feedback_domain.save_feedback(
        meeting=held_meeting,
        membership=beta,
        took_place=True,
        follow_up_interest="some",
        note="Kim's private note",
    )
    deal_domain.record_deal(
        event=acme.event,
        user=acme.user,
        data=deal_domain.DealData(
            title="Pat's licence",
            kind="license",
            stage="discussing",
            date=date(2026, 10, 6),
            organizations=[acme.organization, beta.organization],
            meetings=(held_meeting,),
            confidential=True,
        ),
    )
    deal_domain.record_deal(
        event=acme.event,
        user=beta.user,
        data=deal_domain.DealData(
            title="Kim's MOU",
            kind="mou",
            stage="discussing",
            date=date(2026, 10, 6),
            organizations=[acme.organization, beta.organization],
        ),
    )
    Unavailability.objects.create(membership=acme, slot=held_meeting.event.slots.last())
    return held_meeting


def test_export_user_data_holds_own_data_only(history, acme):
    data = privacy.export_user_data(user=acme.user)
    text = json.dumps(data)
    assert data["profile"]["username"] == "participant"
    assert [m["organization"] for m in data["memberships"]] == ["Acme Biologics"]
    assert [r["message"] for r in data["meeting_requests"]] == ["", "Pat's note"]
    assert [m["with_organization"] for m in data["meetings"]] == ["Beta Therapeutics"]
    assert [f["note"] for f in data["feedback"]] == ["Pat liked them"]
    assert [d["title"] for d in data["deals_recorded"]] == ["Pat's licence"]
    assert len(data["availability"]) == 1
    assert "Kim's private note" not in text
    assert "Kim's MOU" not in text


def test_delete_user_data_anonymises_and_keeps_counts(history, acme, beta):
    user = acme.user
    counts = (
        MeetingRequest.objects.count(),
        ScheduledMeeting.objects.count(),
        MeetingSeat.objects.count(),
        MeetingFeedback.objects.count(),
        Deal.objects.count(),
    )
    Invitation.objects.create(user=user, event=acme.event)
    privacy.delete_user_data(user=user)
    user.refresh_from_db()
    assert (user.username, user.email, user.first_name, user.is_active) == (
        f"deleted-{user.pk}",
        "",
        "",
        False,
    )
    assert not user.has_usable_password()
    assert counts == (
        MeetingRequest.objects.count(),
        ScheduledMeeting.objects.count(),
        MeetingSeat.objects.count(),
        MeetingFeedback.objects.count(),
        Deal.objects.count(),
    )
    membership = Membership.objects.get(pk=acme.pk)
    assert (membership.organization_id, membership.job_title) == (acme.organization_id, "")
    assert set(MeetingRequest.objects.filter(sender=acme).values_list("message", flat=True)) == {""}
    mine = MeetingFeedback.objects.get(organization=acme.organization)
    assert (mine.note, mine.next_step_text, mine.follow_up_interest) == ("", "", "strong")
    theirs = MeetingFeedback.objects.get(organization=beta.organization)
    assert theirs.note == "Kim's private note"
    assert not Unavailability.objects.filter(membership=acme).exists()
    assert not Invitation.objects.filter(user=user).exists()
    assert not Profile.objects.filter(user=user).exists()
    assert Deal.objects.get(title="Pat's licence").recorded_by == user


def test_delete_user_data_refused_for_organizers(organizer):
    with pytest.raises(OutcomeError):
        privacy.delete_user_data(user=organizer)
    assert get_user_model().objects.get(pk=organizer.pk).is_active
