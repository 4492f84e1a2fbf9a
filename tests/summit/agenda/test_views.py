"""The agenda pages: a person's agenda, an organization's, the feed link and the table plan."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from summit.accounts.models import Profile
from summit.events.models import Table

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def _mine(event, query=""):
    return reverse("agenda:mine", kwargs={"slug": event.slug}) + query


def test_agenda_lists_meetings_in_slot_order_with_partner_and_message(
    client, participant, event, me, partner, make_scheduled_meeting
):
    later = make_scheduled_meeting(event, first=me, slot=3, table=2)
    first = make_scheduled_meeting(event, first=me, second=partner, slot=0, table=1)
    first.meeting_request.message = "Let us talk about ADCs."
    first.meeting_request.save()
    client.force_login(participant)
    page = client.get(_mine(event)).content.decode()
    assert page.index(f"meeting-{first.uid}") < page.index(f"meeting-{later.uid}")
    assert "09:00–09:30" in page
    assert "10:30–11:00" in page
    assert "Beta Therapeutics" in page
    assert "Min Kim" in page
    assert "CEO" in page
    assert "Let us talk about ADCs." in page
    assert "Table 1" in page


def test_agenda_groups_meetings_by_day(
    client, make_event, make_organization, make_membership, make_user, make_scheduled_meeting
):
    two_days = make_event(days=2)
    user = make_user()
    me = make_membership(make_organization(two_days), user)
    make_scheduled_meeting(two_days, first=me, slot=7)
    make_scheduled_meeting(two_days, first=me, slot=1)
    client.force_login(user)
    page = client.get(_mine(two_days)).content.decode()
    assert page.count('class="panel agenda-day"') == 2
    assert page.index("Tue, 6 Oct 2026") < page.index("Wed, 7 Oct 2026")


def test_agenda_shows_korean_partner_name_on_korean_pages(
    client, participant, event, me, partner, make_scheduled_meeting
):
    make_scheduled_meeting(event, first=me, second=partner)
    Profile.objects.filter(user=participant).update(language="ko")
    client.force_login(participant)
    page = client.get(_mine(event)).content.decode()
    assert "베타 테라퓨틱스" in page
    assert "내 일정" in page


def test_agenda_cancelled_meeting_is_struck_through(
    client, participant, event, me, make_scheduled_meeting
):
    make_scheduled_meeting(event, first=me, status="cancelled")
    client.force_login(participant)
    page = client.get(_mine(event)).content.decode()
    assert "agenda-item agenda-item-cancelled" in page
    assert "agenda-badge-cancelled" in page


def test_agenda_empty_before_publication_says_so(client, participant, event, me):
    client.force_login(participant)
    page = client.get(_mine(event)).content.decode()
    assert "has not been published yet" in page


def test_agenda_empty_after_publication_says_no_meetings(
    client, participant, event, me, make_scheduled_meeting
):
    make_scheduled_meeting(event)  # someone else's meeting: the schedule is out
    client.force_login(participant)
    page = client.get(_mine(event)).content.decode()
    assert "You have no meetings in the published schedule." in page


def test_agenda_viewer_time_zone_is_remembered_in_session(
    client, participant, event, me, make_scheduled_meeting
):
    make_scheduled_meeting(event, first=me)
    client.force_login(participant)
    # 09:00 in Seoul is 02:00 in Paris (CEST) on 2026-10-06.
    assert "Tue 02:00–02:30" in client.get(_mine(event, "?tz=Europe/Paris")).content.decode()
    assert "Tue 02:00–02:30" in client.get(_mine(event)).content.decode()
    assert "Tue 02:00" not in client.get(_mine(event, "?tz=")).content.decode()
    assert "Tue 02:00" not in client.get(_mine(event)).content.decode()


def test_agenda_uses_profile_time_zone_by_default(
    client, participant, event, me, make_scheduled_meeting
):
    make_scheduled_meeting(event, first=me)
    Profile.objects.filter(user=participant).update(time_zone="America/New_York")
    client.force_login(participant)
    page = client.get(_mine(event)).content.decode()
    assert "Mon 20:00–20:30" in page  # 09:00 KST = 20:00 EDT the day before


def test_agenda_unknown_time_zone_is_ignored(
    client, participant, event, me, make_scheduled_meeting
):
    make_scheduled_meeting(event, first=me)
    client.force_login(participant)
    response = client.get(_mine(event, "?tz=Mars/Olympus"))
    assert response.status_code == 200
    assert response.context["viewer_zone"] is None


def test_agenda_virtual_room_shows_video_link(
    client, participant, event, me, make_scheduled_meeting
):
    room = Table.objects.create(event=event, number=9, kind="virtual", label="Zoom A")
    make_scheduled_meeting(event, first=me, table=room, video_link="https://video.example/abc")
    client.force_login(participant)
    page = client.get(_mine(event)).content.decode()
    assert 'href="https://video.example/abc"' in page
    assert 'Zoom A</span> <span class="muted">(virtual)</span>' in page


def test_organizer_opens_a_participants_agenda(
    client, organizer, event, me, partner, make_scheduled_meeting
):
    make_scheduled_meeting(event, first=me, second=partner)
    client.force_login(organizer)
    response = client.get(_mine(event, f"?person={me.pk}"))
    page = response.content.decode()
    assert response.context["person"] == me
    assert "Agenda of Pat Participant" in page
    assert "Beta Therapeutics" in page
    assert f"calendar.ics?person={me.pk}" in page
    assert 'id="subscribe"' not in page  # the secret feed link is the person's own


def test_participant_cannot_open_another_persons_agenda(client, participant, event, partner):
    client.force_login(participant)
    assert client.get(_mine(event, f"?person={partner.pk}")).status_code == 403


def test_organizer_without_membership_chooses_an_organization(
    client, organizer, event, organization
):
    client.force_login(organizer)
    response = client.get(_mine(event))
    assert "Open an organization's agenda" in response.content.decode()
    chosen = client.get(_mine(event, f"?organization={organization.pk}"))
    assert chosen["Location"] == reverse(
        "agenda:organization", kwargs={"slug": event.slug, "organization_id": organization.pk}
    )


def test_organization_agenda_lists_meetings_of_all_its_people(
    client, organizer, event, me, make_membership, partner, make_scheduled_meeting
):
    colleague = make_membership(me.organization)
    make_scheduled_meeting(event, first=me, second=partner, slot=0)
    make_scheduled_meeting(event, first=colleague, slot=1)
    client.force_login(organizer)
    response = client.get(
        reverse(
            "agenda:organization",
            kwargs={"slug": event.slug, "organization_id": me.organization_id},
        )
    )
    assert sum(len(day.items) for day in response.context["days"]) == 2
    assert f"?person={me.pk}" in response.content.decode()


def test_participant_cannot_open_another_organizations_agenda(
    client, participant, event, partner_organization
):
    client.force_login(participant)
    url = reverse(
        "agenda:organization",
        kwargs={"slug": event.slug, "organization_id": partner_organization.pk},
    )
    assert client.get(url).status_code == 403


def _agenda_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_agenda_queries_same_for_one_and_five_meetings(
    client, participant, event, me, make_scheduled_meeting
):
    client.force_login(participant)
    make_scheduled_meeting(event, first=me, slot=0)
    _agenda_queries(client, _mine(event, "?tz=Europe/Paris"))  # session and token created
    one = _agenda_queries(client, _mine(event))
    for slot in range(1, 5):
        make_scheduled_meeting(
            event, first=me, slot=slot, status="cancelled" if slot == 2 else "scheduled"
        )
    five = _agenda_queries(client, _mine(event))
    assert one == five


def test_organization_agenda_queries_same_for_one_and_five_meetings(
    client, organizer, event, me, make_scheduled_meeting
):
    client.force_login(organizer)
    url = reverse(
        "agenda:organization", kwargs={"slug": event.slug, "organization_id": me.organization_id}
    )
    make_scheduled_meeting(event, first=me, slot=0)
    one = _agenda_queries(client, url)
    for slot in range(1, 5):
        make_scheduled_meeting(event, first=me, slot=slot)
    assert _agenda_queries(client, url) == one


def test_regenerating_the_token_stops_the_old_feed_link(client, participant, event, me):
    client.force_login(participant)
    old = client.get(_mine(event)).context["feed_url"]
    client.logout()
    assert client.get(old).status_code == 200
    client.force_login(participant)
    response = client.post(reverse("agenda:regenerate_token", kwargs={"slug": event.slug}))
    assert response.status_code == 302
    page = client.get(_mine(event))
    new = page.context["feed_url"]
    assert page.context["webcal_url"] == "webcal://" + new.removeprefix("http://")
    client.logout()
    assert new != old
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200


def test_feed_of_another_event_is_not_found(client, me, event, other_event):
    from summit.agenda.domain.tokens import calendar_token_for

    token = calendar_token_for(membership=me).token
    url = reverse("agenda:feed", kwargs={"slug": other_event.slug, "token": token})
    assert client.get(url).status_code == 404


def test_table_plan_shows_meetings_per_table_of_chosen_slot(
    client, organizer, event, me, partner, make_scheduled_meeting
):
    meeting = make_scheduled_meeting(event, first=me, second=partner, slot=2, table=3)
    make_scheduled_meeting(event, slot=2, table=1, status="cancelled")
    client.force_login(organizer)
    url = reverse("agenda:table_plan", kwargs={"slug": event.slug})
    response = client.get(url, {"slot": meeting.slot_id})
    rows = response.context["plan"].rows
    assert [row.table.number for row in rows] == [1, 2, 3, 4]
    assert [row.meeting for row in rows] == [None, None, meeting, None]
    page = response.content.decode()
    assert "Beta Therapeutics" in page
    assert "Acme Biologics" in page
    assert "Min Kim" in page
    assert 'src="/static/agenda/print.js"' in page


def test_table_plan_unknown_slot_is_not_found(client, organizer, event, other_event):
    client.force_login(organizer)
    other_slot = other_event.slots.first()
    url = reverse("agenda:table_plan", kwargs={"slug": event.slug})
    assert client.get(url, {"slot": other_slot.pk}).status_code == 404


def test_table_plan_queries_same_for_one_and_four_meetings(
    client, organizer, event, make_scheduled_meeting
):
    client.force_login(organizer)
    first = make_scheduled_meeting(event, slot=0, table=1)
    url = reverse("agenda:table_plan", kwargs={"slug": event.slug}) + f"?slot={first.slot_id}"
    one = _agenda_queries(client, url)
    for table in (2, 3, 4):
        make_scheduled_meeting(event, slot=0, table=table)
    assert _agenda_queries(client, url) == one


def test_event_home_shows_the_next_meeting_to_a_participant(
    client, participant, event, me, partner, make_scheduled_meeting
):
    make_scheduled_meeting(event, first=me, second=partner, slot=2, table=3)
    make_scheduled_meeting(event, first=me, slot=4)
    client.force_login(participant)
    page = client.get(reverse("events:home", kwargs={"slug": event.slug})).content.decode()
    assert "Open my agenda (2 meetings)" in page
    assert 'id="inbox-next"' not in page  # the test event (October 2026) is over


def test_agenda_summary_next_meeting_is_the_first_not_yet_over(
    event, me, partner, make_scheduled_meeting
):
    from datetime import UTC, datetime

    from summit.agenda.domain.agenda import agenda_summary

    make_scheduled_meeting(event, first=me, slot=0)
    coming = make_scheduled_meeting(event, first=me, second=partner, slot=2, table=3)
    make_scheduled_meeting(event, first=me, slot=4)
    make_scheduled_meeting(event, first=me, slot=1, status="cancelled")
    # 09:45 in Seoul: the 09:00 meeting is over, the cancelled 09:30 one does not count.
    summary = agenda_summary(membership=me, now=datetime(2026, 10, 6, 0, 45, tzinfo=UTC))
    assert summary["count"] == 3
    assert summary["next"] == {
        "meeting": coming,
        "partner": partner.organization,
        "place": "Table 3",
    }


def test_event_home_has_no_agenda_panel_before_publication(client, participant, event, me):
    client.force_login(participant)
    page = client.get(reverse("events:home", kwargs={"slug": event.slug})).content.decode()
    assert "Open my agenda" not in page


@pytest.mark.parametrize("name", ["agenda:calendar_file", "agenda:pdf"])
def test_downloads_queries_same_for_one_and_five_meetings(
    client, participant, event, me, make_scheduled_meeting, name
):
    client.force_login(participant)
    url = reverse(name, kwargs={"slug": event.slug})
    make_scheduled_meeting(event, first=me, slot=0)
    one = _agenda_queries(client, url)
    for slot in range(1, 5):
        make_scheduled_meeting(event, first=me, slot=slot)
    assert _agenda_queries(client, url) == one


def test_feed_queries_same_for_one_and_five_meetings(client, event, me, make_scheduled_meeting):
    from summit.agenda.domain.tokens import calendar_token_for

    url = reverse(
        "agenda:feed", kwargs={"slug": event.slug, "token": calendar_token_for(membership=me).token}
    )
    make_scheduled_meeting(event, first=me, slot=0)
    one = _agenda_queries(client, url)
    for slot in range(1, 5):
        make_scheduled_meeting(event, first=me, slot=slot)
    assert _agenda_queries(client, url) == one


def test_agenda_person_must_be_a_number(client, organizer, event):
    client.force_login(organizer)
    assert client.get(_mine(event, "?person=abc")).status_code == 400
