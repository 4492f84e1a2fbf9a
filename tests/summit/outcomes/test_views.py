"""Outcome pages through the test client: forms, lists with filters and query counts, my data."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from summit.meetings.domain.parties import party_ids_of
from summit.outcomes.domain import deals as deal_domain
from summit.outcomes.domain import feedback as feedback_domain
from summit.outcomes.models import Deal, MeetingFeedback

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def _url(name, event, **kwargs):
    return reverse(f"outcomes:{name}", kwargs={"slug": event.slug, **kwargs})


def _deal(user, *organizations, **fields):
    values = {
        "title": "Antibody licence",
        "kind": "license",
        "stage": "discussing",
        "date": date(2026, 10, 6),
        "organizations": list(organizations),
    }
    values.update(fields)
    return deal_domain.record_deal(
        event=organizations[0].event, user=user, data=deal_domain.DealData(**values)
    )


def test_home_lists_meetings_waiting_for_feedback(client, held_meeting, acme):
    client.force_login(acme.user)
    response = client.get(_url("home", held_meeting.event))
    html = response.content.decode()
    assert response.status_code == 200
    assert _url("feedback", held_meeting.event, meeting_id=held_meeting.pk) in html
    assert "Beta Therapeutics" in html


def test_home_for_organizer_goes_to_the_feedback_list(client, organizer, event):
    client.force_login(organizer)
    response = client.get(_url("home", event))
    assert response["Location"] == _url("feedback_list", event)


def test_feedback_form_saves_the_answer(client, held_meeting, acme):
    client.force_login(acme.user)
    url = _url("feedback", held_meeting.event, meeting_id=held_meeting.pk)
    page = client.get(url).content.decode()
    assert 'type="radio" name="follow_up_interest" value="strong"' in page
    response = client.post(
        url,
        {"took_place": "yes", "follow_up_interest": "strong", "next_step": "site_visit"},
    )
    assert response["Location"] == _url("home", held_meeting.event)
    row = MeetingFeedback.objects.get()
    assert (row.organization, row.took_place, row.next_step) == (
        acme.organization,
        True,
        "site_visit",
    )


def test_feedback_form_missing_answer_names_the_field(client, held_meeting, acme):
    client.force_login(acme.user)
    url = _url("feedback", held_meeting.event, meeting_id=held_meeting.pk)
    response = client.post(url, {"took_place": "no", "next_step": "other"})
    assert response.status_code == 200
    assert response.context["form"].errors["follow_up_interest"]
    response = client.post(
        url, {"took_place": "no", "follow_up_interest": "none", "next_step": "other"}
    )
    assert list(response.context["form"].errors) == ["next_step_text"]
    assert not MeetingFeedback.objects.exists()


def test_feedback_form_of_a_third_organization_is_404(client, held_meeting, gamma):
    client.force_login(gamma.user)
    url = _url("feedback", held_meeting.event, meeting_id=held_meeting.pk)
    assert client.get(url).status_code == 404


def test_feedback_form_after_the_period_is_read_only(client, held_meeting, acme, settings):
    settings.SUMMIT_FEEDBACK_DAYS = -30
    client.force_login(acme.user)
    url = _url("feedback", held_meeting.event, meeting_id=held_meeting.pk)
    response = client.post(
        url, {"took_place": "yes", "follow_up_interest": "strong", "next_step": "none"}
    )
    assert "feedback period" in response.content.decode()
    assert not MeetingFeedback.objects.exists()


def test_deal_create_by_participant_from_a_meeting(client, held_meeting, acme, beta):
    client.force_login(acme.user)
    url = _url("deal_create", held_meeting.event)
    form = client.get(f"{url}?meeting={held_meeting.pk}").context["form"]
    assert form.initial["partners"] == [beta.organization_id]
    assert form.initial["meetings"] == [held_meeting.pk]
    response = client.post(
        url,
        {
            "title": "CDMO contract",
            "kind": "cdmo_cmo_contract",
            "partners": [beta.organization_id],
            "stage": "term_sheet",
            "date": "2026-10-07",
            "value": "2500000",
            "currency": "EUR",
            "meetings": [held_meeting.pk],
        },
    )
    deal = Deal.objects.get()
    assert response["Location"] == _url("deal_detail", held_meeting.event, deal_id=deal.pk)
    assert (deal.stage, deal.currency, str(deal.value)) == ("term_sheet", "EUR", "2500000.00")
    assert sorted(deal.organizations.values_list("org_id", flat=True)) == ["ACME", "BETA"]


def test_deal_create_value_without_currency_names_the_field(client, acme, beta):
    client.force_login(acme.user)
    response = client.post(
        _url("deal_create", acme.event),
        {
            "title": "Licence",
            "kind": "license",
            "partners": [beta.organization_id],
            "stage": "discussing",
            "date": "2026-10-07",
            "value": "100",
        },
    )
    assert list(response.context["form"].errors) == ["currency"]
    assert not Deal.objects.exists()


def test_deal_stage_and_confirm_by_the_other_party(client, acme, beta):
    deal = _deal(acme.user, acme.organization, beta.organization)
    client.force_login(beta.user)
    detail = client.get(_url("deal_detail", acme.event, deal_id=deal.pk)).content.decode()
    assert "거래 확인" in detail  # Kim reads Korean: "Confirm the deal"
    client.post(_url("deal_confirm", acme.event, deal_id=deal.pk))
    assert deal.parties.get(organization=beta.organization).confirmed_by == beta
    response = client.post(
        _url("deal_stage", acme.event, deal_id=deal.pk), {"stage": "signed", "date": "2026-11-02"}
    )
    assert response.status_code == 302
    deal.refresh_from_db()
    assert (deal.stage, deal.signed_on) == ("signed", date(2026, 11, 2))
    back = client.post(
        _url("deal_stage", acme.event, deal_id=deal.pk),
        {"stage": "discussing", "date": "2026-11-03"},
    )
    assert back.status_code == 400
    assert list(back.context["stage_form"].errors) == ["reason"]


def test_deal_edit_by_a_third_organization_is_refused(client, acme, beta, gamma):
    deal = _deal(acme.user, acme.organization, beta.organization)
    client.force_login(gamma.user)
    assert client.get(_url("deal_edit", acme.event, deal_id=deal.pk)).status_code == 403


def test_feedback_list_filters_by_interest_and_day(client, organizer, held_meeting, acme, beta):
    for membership, interest in ((acme, "strong"), (beta, "none")):
        feedback_domain.save_feedback(
            meeting=held_meeting,
            membership=membership,
            took_place=membership == acme,
            follow_up_interest=interest,
        )
    client.force_login(organizer)
    url = _url("feedback_list", held_meeting.event)
    rows = client.get(url, {"follow_up_interest": "strong"}).context["rows"]
    assert [row.organization_id for row in rows] == [acme.organization_id]
    rows = client.get(url, {"took_place": "no"}).context["rows"]
    assert [row.organization_id for row in rows] == [beta.organization_id]
    day = held_meeting.event.days.get().date
    assert len(client.get(url, {"day": day.isoformat()}).context["rows"]) == 2
    assert client.get(url, {"day": "2001-01-01"}).context["rows"] == []


def test_deal_list_filters_by_kind_and_stage(client, organizer, acme, beta, gamma):
    _deal(acme.user, acme.organization, beta.organization, title="A", kind="mou")
    _deal(acme.user, acme.organization, gamma.organization, title="B", stage="signed")
    client.force_login(organizer)
    url = _url("deal_list", acme.event)
    assert [d.title for d in client.get(url, {"kind": "mou"}).context["rows"]] == ["A"]
    assert [d.title for d in client.get(url, {"stage": "signed"}).context["rows"]] == ["B"]


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def _meetings_with_feedback(
    count, event, make_scheduled_meeting, make_organization, make_membership, acme
):
    from summit.scheduling.models import ScheduledMeeting

    start = ScheduledMeeting.objects.filter(event=event).count()
    for index in range(start, start + count):
        other = make_membership(make_organization(event), role="lead")
        meeting = make_scheduled_meeting(event, first=acme, second=other, slot=index)
        feedback_domain.save_feedback(
            meeting=meeting, membership=other, took_place=True, follow_up_interest="some"
        )
        _deal(acme.user, acme.organization, other.organization, title=f"Deal {index}")


@pytest.mark.parametrize("name", ["feedback_list", "deal_list"])
def test_organizer_lists_queries_same_for_one_and_three_rows(
    client, organizer, event, acme, make_scheduled_meeting, make_organization, make_membership, name
):
    client.force_login(organizer)
    _meetings_with_feedback(
        1, event, make_scheduled_meeting, make_organization, make_membership, acme
    )
    one = _queries(client, _url(name, event))
    _meetings_with_feedback(
        2, event, make_scheduled_meeting, make_organization, make_membership, acme
    )
    three = _queries(client, _url(name, event))
    assert one == three


def test_participant_home_queries_same_for_one_and_three_meetings(
    client, event, acme, make_scheduled_meeting, make_organization, make_membership
):
    client.force_login(acme.user)
    _meetings_with_feedback(
        1, event, make_scheduled_meeting, make_organization, make_membership, acme
    )
    one = _queries(client, _url("home", event))
    _meetings_with_feedback(
        2, event, make_scheduled_meeting, make_organization, make_membership, acme
    )
    three = _queries(client, _url("home", event))
    assert one == three


def test_my_data_export_is_a_json_download(client, held_meeting, acme):
    client.force_login(acme.user)
    response = client.get(_url("my_data_export", held_meeting.event))
    assert response["Content-Disposition"] == 'attachment; filename="my-data.json"'
    data = json.loads(response.content)
    assert data["profile"]["email"] == acme.user.email
    assert [m["with_organization"] for m in data["meetings"]] == ["Beta Therapeutics"]


def test_my_data_delete_needs_the_word_and_the_password(client, acme):
    client.force_login(acme.user)
    url = _url("my_data_delete", acme.event)
    wrong = client.post(url, {"confirmation": "yes", "password": "nope"})
    assert wrong.status_code == 400
    assert set(wrong.context["form"].errors) == {"confirmation", "password"}
    acme.user.refresh_from_db()
    assert acme.user.is_active
    response = client.post(url, {"confirmation": "DELETE", "password": "Partnering-Test-2026!"})
    assert response["Location"] == reverse("login")
    acme.user.refresh_from_db()
    assert (acme.user.is_active, acme.user.email) == (False, "")
    assert client.get(_url("home", acme.event)).status_code == 302  # logged out


def test_home_in_korean(client, held_meeting, beta):
    client.force_login(beta.user)  # Kim reads Korean
    html = client.get(_url("home", held_meeting.event)).content.decode()
    assert "피드백을 기다리는 미팅" in html
    assert "애크미 바이오" in html


def test_deal_create_by_organizer_offers_the_meetings_of_the_parties_only(
    client,
    organizer,
    held_meeting,
    make_scheduled_meeting,
    gamma,
    make_membership,
    make_organization,
):
    elsewhere = make_scheduled_meeting(
        held_meeting.event,
        first=gamma,
        second=make_membership(make_organization(held_meeting.event)),
        slot=3,
    )
    client.force_login(organizer)
    url = _url("deal_create", held_meeting.event)
    assert client.get(url).context["form"].meeting_choices == []
    form = client.get(f"{url}?meeting={held_meeting.pk}").context["form"]
    assert form.meeting_choices == [held_meeting]
    assert sorted(form.initial["partners"]) == sorted(party_ids_of(held_meeting))
    response = client.post(
        url,
        {
            "title": "Three-way MOU",
            "kind": "mou",
            "partners": list(form.initial["partners"]),
            "stage": "discussing",
            "date": "2026-10-07",
            "meetings": [elsewhere.pk],
        },
    )
    assert "meetings" in response.context["form"].errors
