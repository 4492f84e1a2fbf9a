"""Organizer pages that set up an event: settings, days, sessions (→ slots), tables."""

from datetime import time

import pytest
from django.urls import reverse

from summit.events.models import EventDay, Session, Slot, Table

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def test_create_event_makes_creator_organizer(client, organizer):
    client.force_login(organizer)
    response = client.post(
        reverse("events:create"),
        {
            "slug": "new-summit",
            "name": "New Summit",
            "time_zone": "Asia/Seoul",
            "max_open_requests": 15,
            "interpreters_per_slot": 2,
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("events:days", kwargs={"slug": "new-summit"})
    page = client.get(reverse("events:home", kwargs={"slug": "new-summit"}))
    assert page.status_code == 200
    assert page.context["is_organizer"] is True


def test_add_day_then_session_generates_slots_in_event_time_zone(client, organizer, make_event):
    event = make_event("setup", days=0, tables=0, organizer=organizer)
    client.force_login(organizer)
    client.post(reverse("events:days", kwargs={"slug": event.slug}), {"date": "2026-10-07"})
    day = EventDay.objects.get(event=event)
    response = client.post(
        reverse("events:session_add", kwargs={"slug": event.slug, "day_id": day.pk}),
        {
            "name": "Afternoon",
            "start_time": "14:00",
            "end_time": "16:00",
            "slot_minutes": 25,
            "break_minutes": 5,
        },
    )
    assert response.status_code == 302
    starts = [slot.start.isoformat() for slot in Slot.objects.filter(event=event)]
    # 14:00 KST is 05:00 UTC; 25-minute slots with 5-minute breaks, the last must end by 16:00.
    assert starts == [
        "2026-10-07T05:00:00+00:00",
        "2026-10-07T05:30:00+00:00",
        "2026-10-07T06:00:00+00:00",
        "2026-10-07T06:30:00+00:00",
    ]
    page = client.get(reverse("events:slots", kwargs={"slug": event.slug}))
    assert "14:00–14:25" in page.content.decode()
    assert "15:30–15:55" in page.content.decode()


def test_overlapping_session_is_refused_with_a_field_error(client, organizer, event):
    client.force_login(organizer)
    day = EventDay.objects.get(event=event)
    response = client.post(
        reverse("events:session_add", kwargs={"slug": event.slug, "day_id": day.pk}),
        {
            "name": "Late morning",
            "start_time": "11:00",
            "end_time": "13:00",
            "slot_minutes": 30,
            "break_minutes": 0,
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["start_time"] == [
        "This session overlaps the session “Morning”."
    ]
    assert Session.objects.filter(day=day).count() == 1


def test_editing_a_session_regenerates_its_slots(client, organizer, event):
    client.force_login(organizer)
    session = Session.objects.get(day__event=event)
    assert session.slots.count() == 6
    client.post(
        reverse("events:session_edit", kwargs={"slug": event.slug, "session_id": session.pk}),
        {
            "name": "Morning",
            "start_time": "09:00",
            "end_time": "12:00",
            "slot_minutes": 45,
            "break_minutes": 15,
        },
    )
    session.refresh_from_db()
    assert session.start_time == time(9, 0)
    assert session.slots.count() == 3


def test_add_tables_numbers_after_existing_ones(client, organizer, event):
    client.force_login(organizer)
    response = client.post(
        reverse("events:tables", kwargs={"slug": event.slug}),
        {"kind": "room", "count": 2, "label_prefix": "Room"},
    )
    assert response.status_code == 302
    rooms = Table.objects.filter(event=event, kind="room")
    assert [(t.number, t.label) for t in rooms] == [(5, "Room 5"), (6, "Room 6")]


def test_changing_time_zone_keeps_slots_at_the_same_local_time(client, organizer, event):
    client.force_login(organizer)
    response = client.post(
        reverse("events:edit", kwargs={"slug": event.slug}),
        {
            "name": event.name,
            "time_zone": "Europe/London",
            "max_open_requests": 20,
            "interpreters_per_slot": 0,
        },
    )
    assert response.status_code == 302
    first = Slot.objects.filter(event=event).first()
    # 09:00 in London in October (BST, UTC+1) is 08:00 UTC.
    assert first.start.isoformat() == "2026-10-06T08:00:00+00:00"


def test_request_deadline_is_read_in_the_event_time_zone(client, organizer, event):
    client.force_login(organizer)
    client.post(
        reverse("events:edit", kwargs={"slug": event.slug}),
        {
            "name": event.name,
            "time_zone": "Asia/Seoul",
            "request_deadline": "2026-10-01T18:00",
            "max_open_requests": 20,
            "interpreters_per_slot": 0,
        },
    )
    event.refresh_from_db()
    assert event.request_deadline.isoformat() == "2026-10-01T09:00:00+00:00"
    home = client.get(reverse("events:home", kwargs={"slug": event.slug}))
    assert "Thu, 1 Oct 2026, 18:00" in home.content.decode()


def test_participant_home_shows_their_organization(client, participant, event):
    client.force_login(participant)
    response = client.get(reverse("events:home", kwargs={"slug": event.slug}))
    assert response.status_code == 200
    assert response.context["membership"].organization.name == "Acme Biologics"


def test_session_preview_lists_the_slots_a_session_would_get(client, organizer, event):
    client.force_login(organizer)
    day = EventDay.objects.get(event=event)
    url = reverse("events:session_preview", kwargs={"slug": event.slug, "day_id": day.pk})
    response = client.get(
        url,
        {
            "name": "PM",
            "start_time": "14:00",
            "end_time": "15:00",
            "slot_minutes": 20,
            "break_minutes": 10,
        },
    )
    assert [s.strftime("%H:%M") for s, _e in response.context["slot_list"]] == ["05:00", "05:30"]
    assert "14:00–14:20" in response.content.decode()
    assert not Session.objects.filter(name="PM").exists()


def test_session_preview_reports_overlap_but_not_with_the_edited_session(client, organizer, event):
    client.force_login(organizer)
    session = Session.objects.get(day__event=event)
    url = reverse("events:session_preview", kwargs={"slug": event.slug, "day_id": session.day_id})
    timing = {
        "name": "M",
        "start_time": "09:00",
        "end_time": "10:00",
        "slot_minutes": 30,
        "break_minutes": 0,
    }
    overlapping = client.get(url, timing)
    assert overlapping.context["errors"] == ["This session overlaps the session “Morning”."]
    editing = client.get(url, {**timing, "session": session.pk})
    assert editing.context["errors"] == []
    assert len(editing.context["slot_list"]) == 2


def test_organizer_adds_a_co_organizer_by_email(client, organizer, event, make_user):
    colleague = make_user("colleague", email="Colleague@Example.org")
    client.force_login(organizer)
    url = reverse("events:organizers", kwargs={"slug": event.slug})
    response = client.post(url, {"identifier": "colleague@example.org"})
    assert response.status_code == 302
    assert client.get(url).context["team"].filter(user=colleague).exists()


def test_unknown_login_is_refused_with_a_field_error(client, organizer, event):
    client.force_login(organizer)
    url = reverse("events:organizers", kwargs={"slug": event.slug})
    response = client.post(url, {"identifier": "nobody@example.org"})
    assert response.context["form"].errors["identifier"] == [
        "No single account has this user name or e-mail address."
    ]


def test_the_last_organizer_cannot_be_removed(client, organizer, event):
    client.force_login(organizer)
    only = event.organizers.get()
    response = client.post(
        reverse("events:organizer_remove", kwargs={"slug": event.slug, "organizer_id": only.pk}),
        follow=True,
    )
    assert [str(m) for m in response.context["messages"]] == [
        "An event needs at least one organizer."
    ]
    assert event.organizers.count() == 1


def test_request_deadline_after_the_last_day_is_refused_with_a_field_error(
    client, organizer, event
):
    client.force_login(organizer)
    response = client.post(
        reverse("events:edit", kwargs={"slug": event.slug}),
        {
            "name": event.name,
            "time_zone": "Asia/Seoul",
            # The event's one day is 2026-10-06: a deadline the morning after is too late.
            "request_deadline": "2026-10-07T09:00",
            "max_open_requests": 20,
            "interpreters_per_slot": 0,
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors["request_deadline"]
    assert errors == [
        "The request deadline (Wed, 7 Oct 2026, 09:00) is after the event's last day "
        "(Tue, 6 Oct 2026): set it on or before Tue, 6 Oct 2026."
    ]
    event.refresh_from_db()
    assert event.request_deadline is None


def test_request_deadline_on_the_last_day_is_accepted(client, organizer, event):
    client.force_login(organizer)
    response = client.post(
        reverse("events:edit", kwargs={"slug": event.slug}),
        {
            "name": event.name,
            "time_zone": "Asia/Seoul",
            "request_deadline": "2026-10-06T23:59",
            "max_open_requests": 20,
            "interpreters_per_slot": 0,
        },
    )
    assert response.status_code == 302


def test_update_event_refuses_a_deadline_after_the_last_day(event):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from django.core.exceptions import ValidationError

    from summit.events.domain.setup import update_event

    late = datetime(2026, 10, 7, 0, 30, tzinfo=ZoneInfo(event.time_zone))
    with pytest.raises(ValidationError) as refused:
        update_event(event=event, request_deadline=late)
    assert list(refused.value.message_dict) == ["request_deadline"]
