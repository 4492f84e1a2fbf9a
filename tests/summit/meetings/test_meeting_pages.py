"""Meeting pages through the HTTP client: request, answer (HTMX), contacts, organizer pages."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from summit.events.models import Slot
from summit.meetings.domain.requests import create_request
from summit.meetings.models import MeetingRequest, Unavailability

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def _detail(request_):
    return reverse(
        "meetings:request_detail",
        kwargs={"event_slug": request_.event.slug, "request_id": request_.pk},
    )


# Mails leave after the commit: these tests commit for real.
@pytest.mark.django_db(transaction=True)
def test_request_form_sends_request_with_absolute_link(
    client, participant, receiver, receiver_organization, mailoutbox
):
    client.force_login(participant)
    url = reverse("meetings:request_create", kwargs={"event_slug": "bio-summit", "org_id": "BETA"})
    page = client.get(url)
    assert "Beta Therapeutics" in page.content.decode()
    response = client.post(url, {"message": "Let us talk ADCs.", "priority": "high"})
    created = MeetingRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == _detail(created)
    assert (created.message, created.priority) == ("Let us talk ADCs.", "high")
    assert f"http://testserver{_detail(created)}" in mailoutbox[-1].body


def test_request_form_shows_rule_errors(client, participant, sender, receiver_organization, event):
    sender.organization.excluded_partners = ["BETA"]
    sender.organization.save()
    client.force_login(participant)
    url = reverse("meetings:request_create", kwargs={"event_slug": event.slug, "org_id": "BETA"})
    response = client.post(url, {"message": "", "priority": "normal"})
    assert response.status_code == 200
    assert "excluded each other" in response.content.decode()
    assert not MeetingRequest.objects.exists()


def test_contact_details_only_after_acceptance(client, make_user, pending_request, receiver):
    client.force_login(receiver.user)
    before = client.get(_detail(pending_request)).content.decode()
    assert "participant@example.org" not in before
    assert 'value="accept"' in before
    answer = reverse(
        "meetings:request_answer",
        kwargs={"event_slug": "bio-summit", "request_id": pending_request.pk},
    )
    card = client.post(answer, {"action": "accept"}, headers={"HX-Request": "true"})
    html = card.content.decode()
    assert card.status_code == 200
    assert html.lstrip().startswith('<article class="request-card"')
    assert "participant@example.org" in html
    assert "BD Director" in html


def test_sender_sees_receivers_contacts_after_acceptance(
    client, participant, pending_request, receiver
):
    client.force_login(participant)
    my_page = reverse("meetings:my_requests", kwargs={"event_slug": "bio-summit"})
    assert "+82 2 555 0100" not in client.get(my_page).content.decode()
    pending_request.status = "accepted"
    pending_request.answered_by = receiver
    pending_request.answered_by_organization_id = receiver.organization_id
    pending_request.save()
    html = client.get(my_page).content.decode()
    assert "+82 2 555 0100" in html
    assert "kim@example.org" in html


def test_decline_with_reason_through_the_page(client, pending_request, receiver):
    client.force_login(receiver.user)
    answer = reverse(
        "meetings:request_answer",
        kwargs={"event_slug": "bio-summit", "request_id": pending_request.pk},
    )
    response = client.post(answer, {"action": "decline", "reason": "Too early for us"})
    assert response.status_code == 302
    pending_request.refresh_from_db()
    assert (pending_request.status, pending_request.decline_reason) == (
        "declined",
        "Too early for us",
    )


def test_sender_cannot_accept_own_request_through_the_page(client, participant, pending_request):
    client.force_login(participant)
    answer = reverse(
        "meetings:request_answer",
        kwargs={"event_slug": "bio-summit", "request_id": pending_request.pk},
    )
    client.post(answer, {"action": "accept"})
    pending_request.refresh_from_db()
    assert pending_request.status == "pending"


def test_organization_page_links_to_request_form(client, participant, receiver_organization):
    client.force_login(participant)
    page = client.get(
        reverse("organizations:detail", kwargs={"slug": "bio-summit", "org_id": "BETA"})
    )
    assert (
        reverse("meetings:request_create", kwargs={"event_slug": "bio-summit", "org_id": "BETA"})
        in page.content.decode()
    )


def test_availability_toggle_with_htmx(client, participant, sender, event):
    client.force_login(participant)
    slot = Slot.objects.filter(event=event).first()
    url = reverse("meetings:availability", kwargs={"event_slug": event.slug})
    assert client.get(url).status_code == 200
    cell = client.post(url, {"slot": slot.pk}, headers={"HX-Request": "true"})
    assert 'class="unavailable"' in cell.content.decode()
    assert Unavailability.objects.filter(membership=sender, slot=slot).exists()


def _organizer_list_queries(client, event):
    url = reverse("meetings:organizer_requests", kwargs={"event_slug": event.slug})
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.content.decode().count("status-pending")


def test_organizer_list_queries_same_for_one_and_three_requests(
    client, organizer, event, sender, make_organization, make_membership
):
    client.force_login(organizer)
    for _ in range(3):
        target = make_organization(event)
        make_membership(target)
        create_request(sender=sender, receiver_organization=target, message="hi")
    three_queries, three_rows = _organizer_list_queries(client, event)
    MeetingRequest.objects.filter(
        pk__in=MeetingRequest.objects.order_by("pk")[1:].values("pk")
    ).delete()
    one_query_count, one_row = _organizer_list_queries(client, event)
    assert (one_row, three_rows) == (1, 3)
    assert one_query_count == three_queries


def test_my_requests_queries_same_for_one_and_three_requests(
    client, participant, event, sender, make_organization, make_membership
):
    client.force_login(participant)
    url = reverse("meetings:my_requests", kwargs={"event_slug": event.slug})
    counts = []
    for _ in range(3):
        target = make_organization(event)
        make_membership(target)
        create_request(sender=sender, receiver_organization=target, message="hi")
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        counts.append(len(queries))
    assert counts[0] == counts[2]


def test_organizer_list_filters_by_status_and_organization(
    client, organizer, event, pending_request, receiver, make_organization, make_membership, sender
):
    other = make_organization(event, "DELTA", name="Delta Bio")
    make_membership(other)
    create_request(sender=sender, receiver_organization=other)
    pending_request.status = "accepted"
    pending_request.answered_by = receiver
    pending_request.answered_by_organization_id = receiver.organization_id
    pending_request.save()
    client.force_login(organizer)
    url = reverse("meetings:organizer_requests", kwargs={"event_slug": event.slug})
    accepted = client.get(url, {"status": "accepted"}).content.decode()
    assert "Beta Therapeutics" in accepted
    assert "Delta Bio</td>" not in accepted
    by_org = client.get(url, {"organization": other.pk}).content.decode()
    assert "Delta Bio</td>" in by_org
    assert "Beta Therapeutics</td>" not in by_org


# Mails leave after the commit: these tests commit for real.
@pytest.mark.django_db(transaction=True)
def test_organizer_arranges_a_meeting(client, organizer, event, sender, receiver, mailoutbox):
    client.force_login(organizer)
    url = reverse("meetings:arrange", kwargs={"event_slug": event.slug})
    response = client.post(
        url, {"first": sender.organization_id, "second": receiver.organization_id, "message": ""}
    )
    meeting = MeetingRequest.objects.get()
    assert response.status_code == 302
    assert (meeting.kind, meeting.status, meeting.arranged_by_id) == (
        "organizer_arranged",
        "accepted",
        organizer.pk,
    )
    assert len(mailoutbox) == 2


def test_pages_in_korean_for_korean_profile(client, pending_request, receiver):
    client.force_login(receiver.user)
    html = client.get(reverse("meetings:my_requests", kwargs={"event_slug": "bio-summit"}))
    text = html.content.decode()
    assert "받은 요청" in text
    assert "수락" in text


def test_admin_lists_requests_read_only(client, make_user, pending_request):
    admin_user = make_user("root", staff=True)
    admin_user.is_superuser = True
    admin_user.save()
    client.force_login(admin_user)
    listing = client.get(reverse("admin:meetings_meetingrequest_changelist"))
    assert "Beta Therapeutics" in listing.content.decode()
    assert client.get(reverse("admin:meetings_meetingrequest_add")).status_code == 403
    change = client.get(reverse("admin:meetings_meetingrequest_change", args=[pending_request.pk]))
    assert 'name="status"' not in change.content.decode()


def test_closed_requests_are_rows_not_cards(client, participant, pending_request, receiver):
    client.force_login(receiver.user)
    answer = reverse(
        "meetings:request_answer",
        kwargs={"event_slug": "bio-summit", "request_id": pending_request.pk},
    )
    client.post(answer, {"action": "decline"})
    client.force_login(participant)
    html = client.get(reverse("meetings:my_requests", kwargs={"event_slug": "bio-summit"}))
    text = html.content.decode()
    assert 'id="closed"' in text
    assert "status-declined" in text
    assert f'id="request-{pending_request.pk}"' not in text


def test_delegation_lead_edits_a_colleagues_grid(
    client, participant, sender, make_membership, event
):
    colleague = make_membership(sender.organization)
    slot = Slot.objects.filter(event=event).first()
    client.force_login(participant)  # Pat is the lead contact of Acme
    url = reverse("meetings:availability", kwargs={"event_slug": event.slug})
    page = client.get(url, {"person": colleague.pk}).content.decode()
    assert f'name="person" value="{colleague.pk}"' in page
    client.post(url, {"slot": slot.pk, "person": colleague.pk}, headers={"HX-Request": "true"})
    assert Unavailability.objects.filter(membership=colleague, slot=slot).exists()
    assert not Unavailability.objects.filter(membership=sender).exists()


def test_member_cannot_edit_a_colleagues_grid(client, sender, make_membership, event):
    colleague = make_membership(sender.organization)
    client.force_login(colleague.user)
    url = reverse("meetings:availability", kwargs={"event_slug": event.slug})
    assert client.get(url, {"person": sender.pk}).status_code == 403


def test_organizer_edits_a_participants_grid(client, organizer, sender, event):
    slot = Slot.objects.filter(event=event).first()
    client.force_login(organizer)
    url = reverse("meetings:availability", kwargs={"event_slug": event.slug})
    assert client.get(url).status_code == 403
    assert client.get(url, {"person": sender.pk}).status_code == 200
    client.post(url, {"slot": slot.pk, "person": sender.pk})
    assert Unavailability.objects.filter(membership=sender, slot=slot).exists()


def test_other_events_person_is_not_found(client, organizer, other_participant, other_event, event):
    foreign = other_participant.memberships.get()
    client.force_login(organizer)
    url = reverse("meetings:availability", kwargs={"event_slug": event.slug})
    assert client.get(url, {"person": foreign.pk}).status_code == 404
