"""The organizer's publication pages: confirmation with the difference, late placement,
cancellation."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from summit.events.models import Slot, Table
from summit.meetings.models import MeetingRequest
from summit.scheduling.models import ScheduledMeeting, ScheduleRun

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def _people(meeting: ScheduledMeeting) -> list[int]:
    return list(meeting.seats.order_by("pk").values_list("membership_id", flat=True))


@pytest.fixture
def moved_run(event: Any, make_scheduled_meeting: Any) -> ScheduleRun:
    """A run that moves one published meeting and keeps one."""
    slots = list(Slot.objects.filter(event=event).order_by("start"))
    tables = list(Table.objects.filter(event=event).order_by("number"))
    moving = make_scheduled_meeting(event, slot=0, table=1)
    staying = make_scheduled_meeting(event, slot=1, table=1)
    rows = [
        {
            "request": moving.meeting_request_id,
            "slot": slots[2].pk,
            "table": tables[1].pk,
            "attendees": _people(moving),
        },
        {
            "request": staying.meeting_request_id,
            "slot": slots[1].pk,
            "table": tables[0].pk,
            "attendees": _people(staying),
        },
    ]
    return ScheduleRun.objects.create(
        event=event, status="done", assignments=rows, options={"movable_published": True}
    )


def test_publish_page_summarises_the_difference(client, organizer, event, moved_run):
    client.force_login(organizer)
    url = reverse("scheduling:publish", kwargs={"slug": event.slug, "run_id": moved_run.pk})
    response = client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert '<span class="stat-value" id="count-moved">1</span>' in page
    assert '<span class="stat-value" id="count-unchanged">1</span>' in page
    assert '<span class="stat-value" id="count-people">2</span>' in page
    assert "Tue 09:00, Table 1</td><td>Tue 10:00, Table 2" in page
    assert 'id="publish-confirm"' in page


def test_publish_page_post_publishes_and_shows_it(client, organizer, event, moved_run):
    client.force_login(organizer)
    url = reverse("scheduling:publish", kwargs={"slug": event.slug, "run_id": moved_run.pk})
    response = client.post(url, follow=True)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Published: 0 new, 1 moved, 0 cancelled meetings" in page
    assert 'id="published"' in page
    assert "cannot be published" not in page
    moved_run.refresh_from_db()
    assert moved_run.published_by == organizer
    assert ScheduledMeeting.objects.filter(sequence=1).count() == 1


def test_publish_page_shows_why_a_stale_run_cannot_be_published(
    client, organizer, event, moved_run
):
    request_id = moved_run.assignments[0]["request"]
    MeetingRequest.objects.filter(pk=request_id).update(status="cancelled")
    client.force_login(organizer)
    url = reverse("scheduling:publish", kwargs={"slug": event.slug, "run_id": moved_run.pk})
    response = client.post(url)
    page = response.content.decode()
    assert response.status_code == 200
    assert "the request is cancelled now, no longer accepted." in page
    assert 'id="publish-confirm"' not in page
    moved_run.refresh_from_db()
    assert moved_run.published_at is None


def test_publish_page_of_another_events_run_is_not_found(
    client, organizer, event, other_event, moved_run
):
    client.force_login(organizer)
    other = ScheduleRun.objects.create(event=other_event, status="done")
    url = reverse("scheduling:publish", kwargs={"slug": event.slug, "run_id": other.pk})
    assert client.get(url).status_code == 404


def test_late_page_places_and_publishes(client, organizer, event, make_scheduled_meeting):
    meeting = make_scheduled_meeting(event, slot=0, table=1)
    ScheduledMeeting.objects.filter(pk=meeting.pk).delete()
    client.force_login(organizer)
    url = reverse("scheduling:late", kwargs={"slug": event.slug})
    assert "1 accepted request without a place" in client.get(url).content.decode()
    response = client.post(url)
    page = response.content.decode()
    assert "1 of 1 late meetings placed and published." in page
    assert ScheduledMeeting.objects.filter(status="scheduled").count() == 1


def test_cancel_page_cancels_with_a_reason(
    client, organizer, event, make_scheduled_meeting, mailoutbox, django_capture_on_commit_callbacks
):
    meeting = make_scheduled_meeting(event, slot=0, table=1)
    client.force_login(organizer)
    url = reverse(
        "scheduling:cancel_meeting", kwargs={"slug": event.slug, "meeting_id": meeting.pk}
    )
    assert "Tue 09:00" in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"reason": "Speaker ill"})
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == "cancelled"
    assert len(mailoutbox) == 2
    assert "Reason: Speaker ill" in mailoutbox[0].body


@pytest.mark.parametrize("moves", [1, 3])
def test_publish_page_queries_do_not_grow_with_the_rows(
    client, organizer, event, make_scheduled_meeting, django_assert_max_num_queries, moves
):
    slots = list(Slot.objects.filter(event=event).order_by("start"))
    rows = []
    for index in range(moves):
        meeting = make_scheduled_meeting(event, slot=index, table=1)
        rows.append(
            {
                "request": meeting.meeting_request_id,
                "slot": slots[index].pk,
                "table": Table.objects.get(event=event, number=2).pk,
                "attendees": _people(meeting),
            }
        )
    run = ScheduleRun.objects.create(
        event=event, status="done", assignments=rows, options={"movable_published": True}
    )
    client.force_login(organizer)
    url = reverse("scheduling:publish", kwargs={"slug": event.slug, "run_id": run.pk})
    with django_assert_max_num_queries(18):
        response = client.get(url)
    assert response.content.decode().count("Table 1</td><td>") == moves


@pytest.mark.parametrize("late", [1, 3])
def test_late_page_queries_do_not_grow_with_the_requests(
    client, organizer, event, make_scheduled_meeting, django_assert_max_num_queries, late
):
    for index in range(late):
        make_scheduled_meeting(event, slot=index, table=1).delete()
    client.force_login(organizer)
    url = reverse("scheduling:late", kwargs={"slug": event.slug})
    with django_assert_max_num_queries(9):
        response = client.get(url)
    assert f"{late} accepted request" in response.content.decode()
