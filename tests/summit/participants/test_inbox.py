"""The participant's inbox on the event home, its menu badge and its API."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from summit.api.domain.tokens import create_api_token
from summit.events.models import Slot
from summit.matching.models import Recommendation
from summit.meetings.domain.requests import create_request
from summit.meetings.models import MeetingRequest
from summit.organizations.models import Membership

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


@pytest.fixture
def me(participant, event):
    return Membership.objects.select_related("organization", "event").get(
        user=participant, event=event
    )


@pytest.fixture
def askers(make_organization, make_membership, event):
    """Three organizations, each with a lead who may send requests."""
    return [
        make_membership(
            make_organization(
                event, f"ASK{index}", name=f"Asker {index}", name_local=f"애스커 {index}"
            ),
            role="lead",
        )
        for index in range(3)
    ]


def _home(event):
    return reverse("events:home", kwargs={"slug": event.slug})


def _recommend(me, partners):
    Recommendation.objects.bulk_create(
        Recommendation(
            event=me.event,
            organization=me.organization,
            partner=partner,
            rank=rank,
            score=0.4,
            reasons_en=[f"{partner.name}: they offer what you seek."],
            reasons_ko=[f"{partner.name}: 상대가 귀사가 찾는 것을 제공."],
            computed_at=timezone.now(),
        )
        for rank, partner in enumerate(partners, start=1)
    )


def test_inbox_shows_the_request_awaiting_an_answer_with_its_buttons(
    client, participant, event, me, askers
):
    asked = create_request(
        sender=askers[0], receiver_organization=me.organization, message="Let us meet."
    )
    client.force_login(participant)
    page = client.get(_home(event)).content.decode()
    awaiting = page[page.index('id="inbox-awaiting"') :]
    assert f'id="request-{asked.pk}"' in awaiting
    assert "Let us meet." in awaiting
    assert 'name="action" value="accept"' in awaiting
    assert 'name="action" value="decline"' in awaiting


def test_inbox_request_is_accepted_in_place(client, participant, event, me, askers):
    asked = create_request(sender=askers[0], receiver_organization=me.organization)
    client.force_login(participant)
    url = reverse(
        "meetings:request_answer", kwargs={"event_slug": event.slug, "request_id": asked.pk}
    )
    response = client.post(url, {"action": "accept"}, HTTP_HX_REQUEST="true")
    card = response.content.decode()
    asked.refresh_from_db()
    assert asked.status == MeetingRequest.Status.ACCEPTED
    assert card.startswith('<article class="request-card"') or 'class="request-card"' in card
    assert 'value="accept"' not in card
    assert "No request waits for your answer." in client.get(_home(event)).content.decode()


def test_menu_badge_counts_requests_awaiting_an_answer(client, participant, event, me, askers):
    for asker in askers[:2]:
        create_request(sender=asker, receiver_organization=me.organization)
    client.force_login(participant)
    page = client.get(_home(event)).content.decode()
    assert '<span class="nav-badge"><span aria-hidden="true">2</span>' in page
    assert "(2 requests await your answer)" in page


def test_menu_has_no_badge_without_requests(client, participant, event, me):
    client.force_login(participant)
    assert 'class="nav-badge"' not in client.get(_home(event)).content.decode()


def test_sent_requests_that_wait_are_listed_with_withdraw(client, participant, event, me, askers):
    sent = create_request(sender=me, receiver_organization=askers[1].organization)
    client.force_login(participant)
    page = client.get(_home(event)).content.decode()
    section = page[page.index('id="inbox-sent"') :]
    assert f'id="request-{sent.pk}"' in section
    assert 'value="withdraw"' in section


def test_complete_the_survey_disappears_once_submitted(client, participant, event, me):
    client.force_login(participant)
    assert "Complete the survey" in client.get(_home(event)).content.decode()
    me.organization.survey_status = "submitted"
    me.organization.save()
    page = client.get(_home(event)).content.decode()
    assert "Complete the survey" not in page
    assert "Change the survey" in page


def test_next_meeting_shows_time_table_partner_and_countdown(
    client, participant, event, me, askers, make_scheduled_meeting
):
    start = timezone.now() + timedelta(hours=2, minutes=5)
    slot = Slot.objects.filter(event=event).order_by("start").first()
    Slot.objects.filter(pk=slot.pk).update(start=start, end=start + timedelta(minutes=30))
    slot.refresh_from_db()
    make_scheduled_meeting(event, first=me, second=askers[2], slot=slot, table=3)
    client.force_login(participant)
    page = client.get(_home(event)).content.decode()
    section = page[page.index('id="inbox-next"') :]
    assert "With Asker 2, Table 3." in section
    assert "in 2\xa0hours, 4\xa0minutes" in section or "in 2\xa0hours, 5\xa0minutes" in section


def test_new_recommendations_leave_out_partners_already_asked(
    client, participant, event, me, askers
):
    _recommend(me, [asker.organization for asker in askers])
    create_request(sender=me, receiver_organization=askers[0].organization)
    client.force_login(participant)
    page = client.get(_home(event)).content.decode()
    section = page[page.index('id="inbox-recommendations"') :]
    assert 'id="recommendation-ASK0"' not in section
    assert 'id="recommendation-ASK1"' in section
    assert "All recommendations (2 new)" in section


def test_korean_inbox_names_partners_in_korean(client, participant, event, me, askers):
    participant.profile.language = "ko"
    participant.profile.save()
    _recommend(me, [askers[0].organization])
    client.force_login(participant)
    page = client.get(_home(event)).content.decode()
    assert "애스커 0: 상대가 귀사가 찾는 것을 제공." in page


def _inbox_queries(client, event):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(_home(event))
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_inbox_query_count_is_the_same_for_one_and_three_items(
    client, participant, event, me, askers, make_organization, make_membership
):
    client.force_login(participant)
    counts = []
    for size in (1, 3):
        MeetingRequest.objects.all().delete()
        Recommendation.objects.all().delete()
        for asker in askers[:size]:
            create_request(sender=asker, receiver_organization=me.organization)
        targets = [make_membership(make_organization(event), role="lead") for _index in range(size)]
        for target in targets:
            create_request(sender=me, receiver_organization=target.organization)
        _recommend(me, [target.organization for target in targets])
        count, page = _inbox_queries(client, event)
        assert page.count('name="action" value="accept"') == size
        assert page.count('name="action" value="withdraw"') == size
        counts.append(count)
    assert counts[0] == counts[1]


def test_inbox_api_gives_the_counts(client, participant, event, me, askers):
    create_request(sender=askers[0], receiver_organization=me.organization)
    create_request(sender=me, receiver_organization=askers[1].organization)
    _recommend(me, [askers[1].organization, askers[2].organization])
    token = create_api_token(user=participant, name="t")[1]
    response = client.get(f"/api/events/{event.slug}/inbox", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200
    assert response.json() == {
        "awaiting_answer": 1,
        "sent_unanswered": 1,
        "feedback_due": 0,
        "new_recommendations": 1,
        "meetings": 0,
        "survey_submitted": False,
        "proposals_awaiting": 0,
        "next_meeting": None,
    }


@pytest.mark.parametrize(("role", "status"), [(None, 401), ("organizer", 403), ("other", 404)])
def test_inbox_api_refuses_who_has_no_inbox(
    client, event, organizer, other_participant, role, status
):
    users = {"organizer": organizer, "other": other_participant}
    headers = {}
    if role:
        headers["HTTP_AUTHORIZATION"] = f"Bearer {create_api_token(user=users[role], name='t')[1]}"
    response = client.get(f"/api/events/{event.slug}/inbox", **headers)
    assert response.status_code == status
    assert "detail" in response.json()


def test_next_meeting_block_refreshes_its_countdown(
    client, participant, event, me, askers, make_scheduled_meeting
):
    start = timezone.now() + timedelta(minutes=45)
    slot = Slot.objects.filter(event=event).order_by("start").first()
    Slot.objects.filter(pk=slot.pk).update(start=start, end=start + timedelta(minutes=30))
    slot.refresh_from_db()
    make_scheduled_meeting(event, first=me, second=askers[0], slot=slot, table=2)
    client.force_login(participant)
    url = reverse("participants:next_meeting", kwargs={"slug": event.slug})
    block = client.get(url).content.decode()
    assert 'hx-trigger="every 60s"' in block
    assert "With Asker 0, Table 2." in block
    assert "in 44\xa0minutes" in block or "in 45\xa0minutes" in block


def test_next_meeting_block_is_for_participants(client, organizer, event):
    client.force_login(organizer)
    url = reverse("participants:next_meeting", kwargs={"slug": event.slug})
    assert client.get(url).status_code == 403


def test_my_meetings_lists_requests_to_answer_before_meetings(
    client, participant, event, me, askers, make_scheduled_meeting
):
    make_scheduled_meeting(event, first=me, second=askers[1])
    create_request(sender=askers[0], receiver_organization=me.organization)
    client.force_login(participant)
    page = client.get(reverse("meetings:my_requests", kwargs={"event_slug": event.slug}))
    content = page.content.decode()
    assert content.index('id="incoming"') < content.index('id="meetings"')


def test_inbox_says_when_requests_close_or_closed(client, participant, event, me):
    client.force_login(participant)
    event.request_deadline = timezone.now() + timedelta(days=2)
    event.save()
    assert "Meeting requests close on" in client.get(_home(event)).content.decode()
    event.request_deadline = timezone.now() - timedelta(days=2)
    event.save()
    assert "Meeting requests closed on" in client.get(_home(event)).content.decode()


def test_sent_request_is_withdrawn_in_place(client, participant, event, me, askers):
    sent = create_request(sender=me, receiver_organization=askers[1].organization)
    client.force_login(participant)
    url = reverse(
        "meetings:request_answer", kwargs={"event_slug": event.slug, "request_id": sent.pk}
    )
    card = client.post(url, {"action": "withdraw"}, HTTP_HX_REQUEST="true").content.decode()
    sent.refresh_from_db()
    assert sent.status == MeetingRequest.Status.WITHDRAWN
    assert f'id="request-{sent.pk}"' in card
    assert "You withdrew the request." in card


def test_inbox_shows_a_no_show_and_same_day_proposals(
    me, askers, make_scheduled_meeting, event, django_capture_on_commit_callbacks
):
    from summit.lounge.domain.attendance import report_no_show
    from summit.lounge.domain.rematch import propose_meeting
    from summit.participants.domain.inbox import inbox_for

    meeting = make_scheduled_meeting(event, first=me, second=askers[0], slot=0, table=1)
    now = meeting.slot.start + timedelta(minutes=5)
    report_no_show(meeting=meeting, user=me.user, now=now)
    proposal = propose_meeting(
        sender=askers[1], partner=me.organization, slot=meeting.slot, user=askers[1].user, now=now
    )
    inbox = inbox_for(membership=me, now=now, language="en")
    assert inbox.freed_meeting == meeting
    assert inbox.proposals == [proposal]
    # Once the slot is (nearly) over, neither is offered any more.
    late = inbox_for(membership=me, now=meeting.slot.end - timedelta(minutes=5), language="en")
    assert (late.freed_meeting, late.proposals) == (None, [])


def test_inbox_counts_the_same_day_proposals_waiting_for_an_answer(
    me, askers, make_scheduled_meeting, event
):
    from summit.lounge.domain.attendance import report_no_show
    from summit.lounge.domain.rematch import propose_meeting
    from summit.participants.domain.inbox import inbox_for

    meeting = make_scheduled_meeting(event, first=askers[0], second=askers[2], slot=0, table=1)
    now = meeting.slot.start + timedelta(minutes=5)
    report_no_show(meeting=meeting, user=askers[0].user, now=now)
    create_request(sender=askers[1], receiver_organization=me.organization)
    before = inbox_for(membership=me, now=now, language="en")
    propose_meeting(
        sender=askers[0], partner=me.organization, slot=meeting.slot, user=askers[0].user, now=now
    )

    counts = inbox_for(membership=me, now=now, language="en").counts

    assert (counts.proposals_awaiting, counts.awaiting_answer) == (1, 1)
    # The two answers and the survey.
    assert counts.to_do == before.counts.to_do + 1 == 3
    assert counts.rows[0][:2] == (1, "inbox-same-day")
    assert "inbox-same-day" not in [anchor for _count, anchor, _label in before.counts.rows]
