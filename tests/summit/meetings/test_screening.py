"""Watch-list screening on requests: organizer-excluded organizations cannot be asked; hits
are flagged on request pages and in the organizer's list."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from summit.matching.domain.screening import decide_hit
from summit.matching.models import WatchListEntry, WatchListHit
from summit.meetings.domain.errors import RequestError
from summit.meetings.domain.requests import arrange_meeting, create_request

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


@pytest.fixture
def hit_on_receiver(event, receiver_organization):
    entry = WatchListEntry.objects.create(
        event=event,
        name="Beta Therapeutix Holdings",
        country="KR",
        reason="Listed biotechnology company of concern",
        source="Example list 2026",
    )
    return WatchListHit.objects.create(
        event=event,
        organization=receiver_organization,
        entry=entry,
        matched_name="Beta Therapeutics",
        score=0.93,
    )


def test_request_to_screening_excluded_organization_is_refused(
    sender, receiver, receiver_organization, hit_on_receiver, event, organizer
):
    decide_hit(hit=hit_on_receiver, exclude=True, user=organizer)
    with pytest.raises(RequestError, match="organizers have excluded"):
        create_request(sender=sender, receiver_organization=receiver_organization)
    with pytest.raises(RequestError, match="organizers have excluded"):
        create_request(sender=receiver, receiver_organization=sender.organization)
    with pytest.raises(RequestError, match="organizers have excluded"):
        arrange_meeting(
            event=event,
            organizer=organizer,
            first=sender.organization,
            second=receiver_organization,
        )


def test_undecided_hit_is_flagged_on_the_request(
    client, pending_request, receiver, hit_on_receiver
):
    client.force_login(receiver.user)
    detail = reverse(
        "meetings:request_detail",
        kwargs={"event_slug": "bio-summit", "request_id": pending_request.pk},
    )
    html = client.get(detail).content.decode()
    assert "Beta Therapeutix Holdings" in html
    assert "Example list 2026" in html


def test_hits_in_organizer_list_cost_no_query_per_hit(
    client,
    organizer,
    event,
    pending_request,
    hit_on_receiver,
    make_organization,
    make_membership,
    sender,
):
    client.force_login(organizer)
    url = reverse("meetings:organizer_requests", kwargs={"event_slug": event.slug})
    with CaptureQueriesContext(connection) as one_hit:
        first = client.get(url).content.decode()
    other = make_organization(event, "DELTA", name="Delta Bio")
    make_membership(other)
    create_request(sender=sender, receiver_organization=other)
    WatchListHit.objects.create(
        event=event,
        organization=other,
        entry=hit_on_receiver.entry,
        matched_name="Delta",
        score=0.9,
    )
    with CaptureQueriesContext(connection) as two_hits:
        second = client.get(url).content.decode()
    assert first.count('class="watchlist-hit"') == 1
    assert second.count('class="watchlist-hit"') == 2
    assert len(two_hits) == len(one_hit)
