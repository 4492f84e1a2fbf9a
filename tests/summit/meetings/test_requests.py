"""Meeting requests in the domain: rules, database constraints, answers, e-mails."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from summit.meetings.domain.errors import RequestError
from summit.meetings.domain.requests import (
    accept_request,
    accepted_meetings,
    arrange_meeting,
    contact_details,
    create_request,
    decline_request,
    propose_colleague,
    withdraw_request,
)
from summit.meetings.models import MeetingRequest

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


# Mails leave after the commit: these tests commit for real.
@pytest.mark.django_db(transaction=True)
def test_create_request_emails_the_receiver_in_their_language(pending_request, mailoutbox):
    assert pending_request.status == "pending"
    assert pending_request.priority == "high"
    assert (pending_request.low_organization_id, pending_request.high_organization_id) == tuple(
        sorted((pending_request.sender_organization_id, pending_request.receiver_organization_id))
    )
    [mail] = mailoutbox
    assert mail.to == ["kim@example.org"]
    assert "Acme Biologics" in mail.subject or "애크미 바이오" in mail.subject
    assert mail.subject == "애크미 바이오의 미팅 요청"  # Korean: the receiver's profile language
    assert "Min Kim 님, 안녕하세요." in mail.body
    assert f"/e/bio-summit/meetings/r/{pending_request.pk}/" in mail.body
    assert "licensing deal" in mail.body


def test_create_request_to_own_organization_is_refused(sender):
    with pytest.raises(RequestError, match="itself"):
        create_request(sender=sender, receiver_organization=sender.organization)


def test_database_refuses_request_to_oneself(sender, event):
    organization = sender.organization
    with pytest.raises(IntegrityError), transaction.atomic():
        MeetingRequest.objects.create(
            event=event,
            sender=sender,
            sender_organization=organization,
            receiver_organization=organization,
            low_organization=organization,
            high_organization=organization,
        )


def test_second_open_request_between_same_pair_is_refused_both_directions(
    pending_request, sender, receiver, receiver_organization
):
    with pytest.raises(RequestError, match="already waiting"):
        create_request(sender=sender, receiver_organization=receiver_organization)
    with pytest.raises(RequestError, match="already waiting"):
        create_request(sender=receiver, receiver_organization=sender.organization)


def test_database_keeps_one_open_request_per_unordered_pair(pending_request, receiver):
    with pytest.raises(IntegrityError), transaction.atomic():
        MeetingRequest.objects.create(
            event=pending_request.event,
            sender=receiver,
            sender_organization=pending_request.receiver_organization,
            receiver_organization=pending_request.sender_organization,
            low_organization_id=pending_request.low_organization_id,
            high_organization_id=pending_request.high_organization_id,
        )


def test_new_request_allowed_after_decline(
    pending_request, sender, receiver, receiver_organization
):
    decline_request(meeting_request=pending_request, answerer=receiver, reason="No fit now")
    again = create_request(sender=sender, receiver_organization=receiver_organization)
    assert again.status == "pending"


def test_database_refuses_answer_recorded_for_sending_side(pending_request, sender):
    pending_request.status = "accepted"
    pending_request.answered_by = sender
    pending_request.answered_by_organization_id = sender.organization_id
    with pytest.raises(IntegrityError), transaction.atomic():
        pending_request.save()


def test_database_refuses_accepted_participant_request_without_answer(pending_request):
    pending_request.status = "accepted"
    with pytest.raises(IntegrityError), transaction.atomic():
        pending_request.save()


def test_sender_cannot_answer_own_request(pending_request, sender):
    with pytest.raises(RequestError, match="receiving organization"):
        accept_request(meeting_request=pending_request, answerer=sender)
    pending_request.refresh_from_db()
    assert pending_request.status == "pending"


@pytest.mark.parametrize("direction", ["sender_excludes", "receiver_excludes"])
def test_request_to_survey_excluded_organization_is_refused(
    sender, receiver, receiver_organization, direction
):
    if direction == "sender_excludes":
        sender.organization.excluded_partners = ["BETA"]
        sender.organization.save()
    else:
        receiver_organization.excluded_partners = ["ACME"]
        receiver_organization.save()
    with pytest.raises(RequestError, match="excluded each other"):
        create_request(sender=sender, receiver_organization=receiver_organization)
    assert not MeetingRequest.objects.exists()


def test_limit_of_pending_requests_per_participant(
    sender, event, make_organization, make_membership
):
    event.max_open_requests = 2
    event.save()
    targets = [make_organization(event) for _ in range(3)]
    for target in targets:
        make_membership(target)
    create_request(sender=sender, receiver_organization=targets[0])
    second = create_request(sender=sender, receiver_organization=targets[1])
    with pytest.raises(RequestError, match="2 requests waiting"):
        create_request(sender=sender, receiver_organization=targets[2])
    withdraw_request(meeting_request=second, person=sender)
    assert create_request(sender=sender, receiver_organization=targets[2]).status == "pending"


def test_request_after_deadline_is_refused(sender, event, receiver_organization):
    event.request_deadline = timezone.now() - timedelta(hours=1)
    event.save()
    with pytest.raises(RequestError, match="deadline"):
        create_request(sender=sender, receiver_organization=receiver_organization)


def test_receiver_person_of_another_organization_is_refused(sender, receiver_organization):
    with pytest.raises(RequestError, match="must belong"):
        create_request(
            sender=sender, receiver_organization=receiver_organization, receiver_person=sender
        )


# Mails leave after the commit: these tests commit for real.
@pytest.mark.django_db(transaction=True)
def test_accept_shows_contact_details_to_both_sides_only_after(
    pending_request, sender, receiver, mailoutbox
):
    assert contact_details(meeting_request=pending_request, viewer=sender) == []
    accepted = accept_request(meeting_request=pending_request, answerer=receiver)
    assert accepted.status == "accepted"
    assert accepted.answered_by_organization_id == receiver.organization_id
    assert [person.pk for person in contact_details(meeting_request=accepted, viewer=sender)] == [
        receiver.pk
    ]
    assert [person.pk for person in contact_details(meeting_request=accepted, viewer=receiver)] == [
        sender.pk
    ]
    assert mailoutbox[-1].to == ["participant@example.org"]
    assert "accepted" in mailoutbox[-1].subject


def test_second_answer_is_refused(pending_request, receiver, receiver_colleague):
    accept_request(meeting_request=pending_request, answerer=receiver)
    with pytest.raises(RequestError, match="already"):
        decline_request(meeting_request=pending_request, answerer=receiver_colleague)
    pending_request.refresh_from_db()
    assert pending_request.status == "accepted"


# Mails leave after the commit: these tests commit for real.
@pytest.mark.django_db(transaction=True)
def test_decline_with_reason_tells_the_sender(pending_request, receiver, mailoutbox):
    declined = decline_request(
        meeting_request=pending_request, answerer=receiver, reason="Not our focus"
    )
    assert declined.decline_reason == "Not our focus"
    assert "Not our focus" in mailoutbox[-1].body


# Mails leave after the commit: these tests commit for real.
@pytest.mark.django_db(transaction=True)
def test_propose_colleague_readdresses_the_pending_request(
    pending_request, receiver, receiver_colleague, mailoutbox
):
    mailoutbox.clear()
    proposed = propose_colleague(
        meeting_request=pending_request, answerer=receiver, colleague=receiver_colleague
    )
    assert proposed.status == "pending"
    assert proposed.receiver_person_id == receiver_colleague.pk
    assert sorted(mail.to[0] for mail in mailoutbox) == [
        "lee@example.org",
        "participant@example.org",
    ]
    accepted = accept_request(meeting_request=proposed, answerer=receiver_colleague)
    assert accepted.answered_by_id == receiver_colleague.pk


def test_propose_colleague_from_other_organization_is_refused(pending_request, receiver, sender):
    with pytest.raises(RequestError, match="colleague must belong"):
        propose_colleague(meeting_request=pending_request, answerer=receiver, colleague=sender)


def test_withdraw_only_by_sending_organization(pending_request, receiver, sender):
    with pytest.raises(RequestError, match="sending organization"):
        withdraw_request(meeting_request=pending_request, person=receiver)
    assert withdraw_request(meeting_request=pending_request, person=sender).status == "withdrawn"


# Mails leave after the commit: these tests commit for real.
@pytest.mark.django_db(transaction=True)
def test_arrange_meeting_replaces_pending_request_and_tells_both_sides(
    pending_request, organizer, event, sender, receiver, mailoutbox
):
    mailoutbox.clear()
    meeting = arrange_meeting(
        event=event, organizer=organizer, first=sender.organization, second=receiver.organization
    )
    pending_request.refresh_from_db()
    assert pending_request.status == "cancelled"
    assert (meeting.kind, meeting.status) == ("organizer_arranged", "accepted")
    assert sorted(mail.to[0] for mail in mailoutbox) == [
        "kim@example.org",
        "participant@example.org",
    ]
    assert [person.pk for person in contact_details(meeting_request=meeting, viewer=sender)] == [
        receiver.pk
    ]
    with pytest.raises(RequestError, match="already have a meeting"):
        arrange_meeting(
            event=event,
            organizer=organizer,
            first=receiver.organization,
            second=sender.organization,
        )


def test_arrange_meeting_by_participant_is_forbidden(
    participant, event, sender, receiver_organization
):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        arrange_meeting(
            event=event,
            organizer=participant,
            first=sender.organization,
            second=receiver_organization,
        )


def test_accepted_meetings_are_accepted_and_arranged_ones(
    pending_request, receiver, organizer, event, sender, make_organization, make_membership
):
    accept_request(meeting_request=pending_request, answerer=receiver)
    third = make_organization(event, "GAMMA", name="Gamma Pharma")
    arranged = arrange_meeting(
        event=event, organizer=organizer, first=sender.organization, second=third
    )
    make_membership(make_organization(event, "DELTA", name="Delta Bio"))
    create_request(sender=sender, receiver_organization=third.__class__.objects.get(org_id="DELTA"))
    assert sorted(meeting.pk for meeting in accepted_meetings(event=event)) == sorted(
        [pending_request.pk, arranged.pk]
    )
