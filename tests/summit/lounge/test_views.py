"""Lounge pages through the HTTP client: the grid (query count at two sizes, polling that
costs little while nothing changes), check-in by QR link and by tap, no-shows, video links,
moves, a participant's day."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.db import connection
from django.template import engines
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from summit.events.domain.setup import add_tables
from summit.events.models import Slot, Table
from summit.lounge.domain.attendance import check_in_meeting
from summit.lounge.models import AttendanceChange
from summit.scheduling.models import ScheduledMeeting

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

PASSWORD = "Partnering-Test-2026!"


@pytest.fixture
def live(live_event, make_organization, make_membership, make_user, make_scheduled_meeting):
    """Acme × Beta now (slot 2, table 1) and Acme × Gamma an hour ago (slot 0, table 2)."""
    acme = make_membership(
        make_organization(live_event, "ACME", name="Acme Biologics"),
        make_user("ann", first_name="Ann", last_name="Acme"),
    )
    beta = make_membership(
        make_organization(live_event, "BETA", name="Beta Therapeutics", name_local="베타"),
        make_user("ben", first_name="Ben", last_name="Beta"),
    )
    gamma = make_membership(
        make_organization(live_event, "GAMMA", name="Gamma Pharma"),
        make_user("gil", first_name="Gil", last_name="Gamma"),
    )
    return SimpleNamespace(
        event=live_event,
        acme=acme,
        beta=beta,
        gamma=gamma,
        now=make_scheduled_meeting(live_event, first=acme, second=beta, slot=2, table=1),
        earlier=make_scheduled_meeting(live_event, first=acme, second=gamma, slot=0, table=2),
    )


def _url(name, meeting, **kwargs):
    return reverse(
        f"lounge:{name}", kwargs={"slug": meeting.event.slug, "meeting_uid": meeting.uid, **kwargs}
    )


def _grid_queries(client, event):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("lounge:grid", kwargs={"slug": event.slug}))
    assert response.status_code == 200
    return len(queries), response


def test_grid_query_count_does_not_grow_with_tables_and_meetings(
    client, organizer, event, make_scheduled_meeting
):
    client.force_login(organizer)
    make_scheduled_meeting(event, slot=0, table=1)
    small, response = _grid_queries(client, event)
    assert response.content.decode().count('class="lounge-meeting') == 1
    add_tables(event=event, kind="table", count=56)
    slots = list(Slot.objects.filter(event=event).order_by("start"))
    tables = list(Table.objects.filter(event=event).order_by("number"))
    for index in range(40):
        make_scheduled_meeting(event, slot=slots[index % 6], table=tables[5 + index])
    large, response = _grid_queries(client, event)
    assert response.content.decode().count('class="lounge-meeting') == 41
    assert small == large
    assert large <= 14


def test_grid_fragment_answers_no_content_while_nothing_changed(client, organizer, live):
    client.force_login(organizer)
    url = reverse("lounge:grid_fragment", kwargs={"slug": live.event.slug})
    first = client.get(url)
    assert first.status_code == 200
    version = first.content.decode().split('data-version="')[1].split('"')[0]
    with CaptureQueriesContext(connection) as queries:
        unchanged = client.get(url, {"v": version})
    assert unchanged.status_code == 204
    assert unchanged.content == b""
    # Session, user, profile, event, organizer, days, one aggregate.
    assert len(queries) <= 7
    check_in_meeting(meeting=live.now, user=live.acme.user)
    changed = client.get(url, {"v": version})
    assert changed.status_code == 200
    assert "lounge-checked_in" in changed.content.decode()


def test_grid_fragment_answers_not_modified_for_a_matching_etag(client, organizer, live):
    client.force_login(organizer)
    url = reverse("lounge:grid_fragment", kwargs={"slug": live.event.slug})
    first = client.get(url)
    again = client.get(url, headers={"if-none-match": first["ETag"]})
    assert again.status_code == 304
    check_in_meeting(meeting=live.now, user=live.acme.user)
    assert client.get(url, headers={"if-none-match": first["ETag"]}).status_code == 200


def test_grid_highlights_the_current_slot_and_shows_both_organizations(client, organizer, live):
    client.force_login(organizer)
    page = client.get(reverse("lounge:grid", kwargs={"slug": live.event.slug})).content.decode()
    assert page.count('aria-current="time"') == 1
    assert "Acme Biologics" in page
    assert "Beta Therapeutics" in page
    assert 'src="/static/lounge/lounge.js"' in page


def test_grid_search_finds_an_organization(client, organizer, live, make_scheduled_meeting):
    client.force_login(organizer)
    make_scheduled_meeting(live.event, slot=1, table=3)
    url = reverse("lounge:grid", kwargs={"slug": live.event.slug})
    page = client.get(url, {"q": "acme"}).content.decode()
    assert page.count('class="lounge-meeting') == 2
    assert page.count("lounge-match") == 2
    page = client.get(url, {"q": "베타"}).content.decode()
    assert page.count('class="lounge-meeting') == 1


def test_grid_tap_checks_in_and_returns_the_cell(client, organizer, live):
    client.force_login(organizer)
    response = client.post(
        _url("check_in", live.now), {"cell": "1"}, headers={"hx-request": "true"}
    )
    assert response.status_code == 200
    assert 'class="lounge-meeting lounge-checked_in' in response.content.decode()
    live.now.refresh_from_db()
    assert (live.now.attendance, live.now.attendance_recorded_by) == ("checked_in", organizer)


def test_grid_tap_on_a_later_meeting_explains_and_offers_to_override(
    client, organizer, live, make_scheduled_meeting
):
    client.force_login(organizer)
    later = make_scheduled_meeting(live.event, slot=5, table=4)
    refused = client.post(_url("check_in", later), {"cell": "1"}, headers={"hx-request": "true"})
    body = refused.content.decode()
    assert "Check-in opens at" in body
    assert "Check in anyway" in body
    client.post(
        _url("check_in", later), {"cell": "1", "override": "1"}, headers={"hx-request": "true"}
    )
    later.refresh_from_db()
    assert later.attendance == "checked_in"
    assert AttendanceChange.objects.get(meeting=later).overridden is True


def test_check_in_link_asks_anonymous_visitors_to_log_in(client, live):
    response = client.get(_url("check_in", live.now))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


def test_check_in_link_confirms_then_checks_in(client, live):
    client.force_login(live.beta.user)
    page = client.get(_url("check_in", live.now)).content.decode()
    assert "Confirm check-in" in page
    assert "Acme Biologics" in page
    response = client.post(_url("check_in", live.now))
    assert response["Location"] == _url("meeting", live.now)
    live.now.refresh_from_db()
    assert (live.now.attendance, live.now.attendance_recorded_by) == ("checked_in", live.beta.user)


def test_check_in_link_refuses_people_outside_the_meeting(
    client, live, make_organization, make_membership
):
    stranger = make_membership(make_organization(live.event, "DELTA")).user
    client.force_login(stranger)
    assert client.get(_url("check_in", live.now)).status_code == 403
    assert client.post(_url("check_in", live.now)).status_code == 403
    live.now.refresh_from_db()
    assert live.now.attendance == "expected"


def test_check_in_link_explains_a_refusal_outside_the_window(client, participant, meeting):
    client.force_login(participant)
    page = client.get(_url("check_in", meeting)).content.decode()
    assert "Check-in closed at the end of the meeting&#x27;s day (Tue, 6 Oct 2026)." in page
    assert "Confirm check-in" not in page
    response = client.post(_url("check_in", meeting), follow=True)
    assert "Check-in closed" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.attendance == "expected"


def test_no_show_reported_by_a_participant_names_the_other_side(client, live):
    client.force_login(live.acme.user)
    day_url = reverse("lounge:my_day", kwargs={"slug": live.event.slug})
    response = client.post(_url("no_show", live.earlier), {"next": day_url})
    assert response["Location"] == day_url
    live.earlier.refresh_from_db()
    assert (live.earlier.attendance, live.earlier.absent_organization) == (
        "no_show",
        live.gamma.organization,
    )


def test_no_show_marked_by_an_organizer_for_both_sides(client, organizer, live):
    client.force_login(organizer)
    client.post(_url("no_show", live.earlier), {"absent": "both"})
    live.earlier.refresh_from_db()
    assert (live.earlier.attendance, live.earlier.absent_organization) == ("no_show", None)
    client.post(_url("reset", live.earlier))
    live.earlier.refresh_from_db()
    assert live.earlier.attendance == "expected"


def test_my_day_lists_todays_meetings_with_buttons(client, live):
    client.force_login(live.acme.user)
    page = client.get(reverse("lounge:my_day", kwargs={"slug": live.event.slug})).content.decode()
    assert page.count("lounge-my-meeting") == 2
    assert page.count(">Check in</button>") == 2
    assert page.count(">They did not come</button>") == 2


def test_my_day_sends_organizers_to_the_grid(client, organizer, live):
    client.force_login(organizer)
    response = client.get(reverse("lounge:my_day", kwargs={"slug": live.event.slug}))
    assert response["Location"] == reverse("lounge:grid", kwargs={"slug": live.event.slug})


def test_video_link_form_saves_https_links_only(client, live):
    [room] = add_tables(event=live.event, kind="virtual", count=1)
    ScheduledMeeting.objects.filter(pk=live.now.pk).update(table=room)
    client.force_login(live.beta.user)
    refused = client.post(_url("video_link", live.now), {"link": "http://meet.example.com/x"})
    assert refused.status_code == 200
    assert "Enter a full https:// link" in refused.content.decode()
    saved = client.post(_url("video_link", live.now), {"link": "https://meet.example.com/x"})
    assert saved.status_code == 302
    live.now.refresh_from_db()
    assert live.now.video_link == "https://meet.example.com/x"
    client.force_login(live.event.organizers.get().user)
    grid = client.get(reverse("lounge:grid", kwargs={"slug": live.event.slug})).content.decode()
    assert 'href="https://meet.example.com/x"' in grid


def test_meeting_page_shows_history_and_move_form_to_organizers(client, organizer, live):
    check_in_meeting(meeting=live.now, user=live.acme.user)
    client.force_login(organizer)
    page = client.get(_url("meeting", live.now)).content.decode()
    assert "Ann Acme" in page
    assert 'name="slot"' in page
    assert 'name="table"' in page
    cancel = reverse(
        "scheduling:cancel_meeting", kwargs={"slug": live.event.slug, "meeting_id": live.now.pk}
    )
    assert f'href="{cancel}"' in page
    client.force_login(live.acme.user)
    page = client.get(_url("meeting", live.now)).content.decode()
    assert 'name="slot"' not in page
    assert f'href="{cancel}"' not in page


def test_move_to_a_free_table_saves_and_answers_json(client, organizer, live):
    client.force_login(organizer)
    table = Table.objects.get(event=live.event, number=3)
    response = client.post(
        _url("move", live.now),
        {"slot": live.now.slot_id, "table": table.pk},
        headers={"accept": "application/json"},
    )
    assert response.status_code == 200
    assert response.json()["ok"] is True
    live.now.refresh_from_db()
    assert (live.now.table, live.now.sequence) == (table, 1)


def test_move_into_a_conflict_lists_the_problems(client, organizer, live):
    client.force_login(organizer)
    # Ann of Acme already meets Gamma in slot 0: her meeting with Beta cannot move there.
    response = client.post(
        _url("move", live.now),
        {"slot": live.earlier.slot_id, "table": Table.objects.get(event=live.event, number=3).pk},
        headers={"accept": "application/json"},
    )
    assert response.status_code == 409
    answer = response.json()
    assert answer["ok"] is False
    assert answer["problems"]
    live.now.refresh_from_db()
    assert live.now.slot_id != live.earlier.slot_id


def test_move_form_shows_the_problems(client, organizer, live):
    client.force_login(organizer)
    response = client.post(
        _url("move", live.now),
        {"slot": live.earlier.slot_id, "table": live.earlier.table_id},
    )
    assert response.status_code == 409
    assert "The meeting cannot move there:" in response.content.decode()


def test_grid_in_korean(client, organizer, live):
    organizer.profile.language = "ko"
    organizer.profile.save()
    client.force_login(organizer)
    page = client.get(
        reverse("lounge:grid", kwargs={"slug": live.event.slug}), headers={"accept-language": "ko"}
    ).content.decode()
    assert "라운지" in page
    assert "체크인" in page
    assert "베타" in page


def _day_queries(client, event):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("lounge:my_day", kwargs={"slug": event.slug}))
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_my_day_query_count_does_not_grow_with_meetings(
    client, live, make_organization, make_membership, make_scheduled_meeting
):
    client.force_login(live.acme.user)
    small, page = _day_queries(client, live.event)
    assert page.count("lounge-my-meeting") == 2
    for slot in (1, 3, 4, 5):
        partner = make_membership(make_organization(live.event))
        make_scheduled_meeting(live.event, first=live.acme, second=partner, slot=slot, table=3)
    large, page = _day_queries(client, live.event)
    assert page.count("lounge-my-meeting") == 6
    assert small == large


def test_meeting_actions_include_renders_on_another_apps_page(rf, live, django_assert_num_queries):
    meetings = list(
        ScheduledMeeting.objects.filter(event=live.event)
        .select_related(
            "event",
            "slot",
            "table",
            "meeting_request__sender_organization",
            "meeting_request__receiver_organization",
        )
        .order_by("slot__start")
    )
    request = rf.get("/agenda/")
    request.user = live.acme.user
    page = engines["django"].from_string(
        "{% for m in meetings %}{% include 'lounge/_meeting_actions.html' with meeting=m %}"
        "{% endfor %}"
    )
    # Two lookups for the viewer (organizer? membership?), whatever the number of meetings.
    with django_assert_num_queries(2):
        html = page.render({"meetings": meetings}, request)
    assert html.count(">Check in</button>") == 2
    assert html.count(">They did not come</button>") == 2


def test_grid_of_an_event_without_days(client, make_event, organizer):
    empty = make_event("empty-summit", days=0, organizer=organizer)
    client.force_login(organizer)
    page = client.get(reverse("lounge:grid", kwargs={"slug": empty.slug})).content.decode()
    assert "The event has no days with slots yet." in page
    fragment = client.get(reverse("lounge:grid_fragment", kwargs={"slug": empty.slug}))
    assert fragment.status_code == 200
