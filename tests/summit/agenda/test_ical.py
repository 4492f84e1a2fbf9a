"""The iCalendar file and feed: parsed back with the `icalendar` library."""

from __future__ import annotations

from datetime import UTC, datetime

import icalendar
import pytest
from django.urls import reverse

from summit.accounts.models import Profile
from summit.agenda.domain.tokens import calendar_token_for
from summit.agenda.interfaces.ical import FALLBACK_DOMAIN, ical_domain
from summit.events.models import Slot, Table
from summit.scheduling.models import MeetingSeat

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def _events(body: bytes) -> list[icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(body)
    assert calendar["VERSION"] == "2.0"
    assert calendar["METHOD"] == "PUBLISH"
    return list(calendar.walk("VEVENT"))


def _download(client, event) -> bytes:
    response = client.get(reverse("agenda:calendar_file", kwargs={"slug": event.slug}))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="{event.slug}-agenda.ics"'
    return response.content


def _feed(client, me) -> bytes:
    token = calendar_token_for(membership=me).token
    response = client.get(reverse("agenda:feed", kwargs={"slug": me.event.slug, "token": token}))
    assert response.status_code == 200
    return response.content


def test_calendar_file_has_one_event_per_meeting_with_all_fields(
    client, participant, event, me, partner, make_scheduled_meeting
):
    event.venue = "COEX Hall B"
    event.save()
    meeting = make_scheduled_meeting(event, first=me, second=partner, slot=1, table=2)
    meeting.meeting_request.message = "Licensing talk"
    meeting.meeting_request.save()
    client.force_login(participant)
    (vevent,) = _events(_download(client, event))
    assert str(vevent["UID"]) == f"{meeting.uid}@{FALLBACK_DOMAIN}"
    assert vevent["SEQUENCE"] == 0
    assert vevent.decoded("DTSTART") == datetime(2026, 10, 6, 0, 30, tzinfo=UTC)  # 09:30 KST
    assert vevent.decoded("DTEND") == datetime(2026, 10, 6, 1, 0, tzinfo=UTC)
    assert vevent.decoded("DTSTAMP").tzinfo is not None
    assert str(vevent["SUMMARY"]) == "Meeting: Beta Therapeutics (베타 테라퓨틱스)"
    assert str(vevent["LOCATION"]) == "Table 2, COEX Hall B"
    description = str(vevent["DESCRIPTION"])
    assert "Partner: Beta Therapeutics (베타 테라퓨틱스)" in description
    assert "Min Kim, CEO" in description
    assert "Licensing talk" in description
    assert str(vevent["STATUS"]) == "CONFIRMED"
    assert str(vevent["URL"]) == "http://testserver" + reverse(
        "agenda:mine", kwargs={"slug": event.slug}
    )


def test_reschedule_keeps_uid_and_sequence_grows(
    client, participant, event, me, partner, make_scheduled_meeting
):
    meeting = make_scheduled_meeting(event, first=me, second=partner, slot=0, table=1)
    client.force_login(participant)
    (before,) = _events(_feed(client, me))
    # A move as the scheduling domain makes it: new slot and table, sequence + 1, seats follow.
    new_slot = Slot.objects.filter(event=event).order_by("start")[4]
    meeting.slot = new_slot
    meeting.table = Table.objects.get(event=event, number=3)
    meeting.sequence += 1
    meeting.save()
    MeetingSeat.objects.filter(meeting=meeting).update(slot=new_slot)
    (after,) = _events(_feed(client, me))
    assert str(after["UID"]) == str(before["UID"])
    assert after["SEQUENCE"] == before["SEQUENCE"] + 1
    assert after.decoded("DTSTART") == new_slot.start
    assert str(after["LOCATION"]) == "Table 3"


def test_cancelled_meeting_stays_in_feed_as_cancelled(
    client, participant, event, me, make_scheduled_meeting
):
    kept = make_scheduled_meeting(event, first=me, slot=0)
    dropped = make_scheduled_meeting(event, first=me, slot=1, status="cancelled", sequence=2)
    events = {str(vevent["UID"]).split("@")[0]: vevent for vevent in _events(_feed(client, me))}
    assert str(events[str(kept.uid)]["STATUS"]) == "CONFIRMED"
    assert str(events[str(dropped.uid)]["STATUS"]) == "CANCELLED"
    assert events[str(dropped.uid)]["SEQUENCE"] == 2


def test_feed_is_in_the_persons_language(client, participant, event, me, make_scheduled_meeting):
    Profile.objects.filter(user=participant).update(language="ko")
    make_scheduled_meeting(event, first=me)
    (vevent,) = _events(_feed(client, me))
    assert str(vevent["SUMMARY"]).startswith("미팅: ")


def test_feed_video_link_in_description(client, event, me, make_scheduled_meeting):
    make_scheduled_meeting(event, first=me, video_link="https://video.example/room-7")
    (vevent,) = _events(_feed(client, me))
    assert "https://video.example/room-7" in str(vevent["DESCRIPTION"])


def test_uid_domain_comes_from_setting_then_base_url(settings):
    settings.AGENDA_ICAL_DOMAIN = "agenda.example.org"
    assert ical_domain() == "agenda.example.org"
    settings.AGENDA_ICAL_DOMAIN = ""
    settings.BASE_URL = "https://partnering.example.com"
    assert ical_domain() == "partnering.example.com"


def test_organizer_downloads_a_participants_calendar(
    client, organizer, event, me, make_scheduled_meeting
):
    meeting = make_scheduled_meeting(event, first=me)
    client.force_login(organizer)
    url = reverse("agenda:calendar_file", kwargs={"slug": event.slug})
    (vevent,) = _events(client.get(url, {"person": me.pk}).content)
    assert str(vevent["UID"]).startswith(str(meeting.uid))


def test_move_and_cancel_by_the_scheduling_domain_update_the_same_calendar_event(
    client, organizer, event, me, partner, make_scheduled_meeting
):
    from summit.scheduling.domain.changes import cancel_meeting, move_meeting

    meeting = make_scheduled_meeting(event, first=me, second=partner, slot=0, table=1)
    (published,) = _events(_feed(client, me))
    target_slot = Slot.objects.filter(event=event).order_by("start")[5]
    target_table = Table.objects.get(event=event, number=4)
    move_meeting(meeting=meeting, slot=target_slot, table=target_table, user=organizer)
    (moved,) = _events(_feed(client, me))
    assert str(moved["UID"]) == str(published["UID"])
    assert moved["SEQUENCE"] > published["SEQUENCE"]
    assert moved.decoded("DTSTART") == target_slot.start
    assert str(moved["LOCATION"]) == "Table 4"
    cancel_meeting(meeting=meeting, user=organizer, reason="Flight cancelled")
    (cancelled,) = _events(_feed(client, me))
    assert str(cancelled["UID"]) == str(published["UID"])
    assert cancelled["SEQUENCE"] > moved["SEQUENCE"]
    assert str(cancelled["STATUS"]) == "CANCELLED"


def test_feed_answers_head_requests(client, me):
    token = calendar_token_for(membership=me).token
    url = reverse("agenda:feed", kwargs={"slug": me.event.slug, "token": token})
    response = client.head(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"


def test_calendar_writes_korean_names_family_first(
    client, participant, event, me, partner, make_scheduled_meeting
):
    partner.user.first_name, partner.user.last_name = "지훈", "강"
    partner.user.save()
    make_scheduled_meeting(event, first=me, second=partner, slot=1, table=2)
    client.force_login(participant)
    (vevent,) = _events(_download(client, event))
    description = str(vevent["DESCRIPTION"])
    assert "강지훈, CEO" in description
    assert "지훈 강" not in description
