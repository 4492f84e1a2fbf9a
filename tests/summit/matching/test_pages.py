"""Recommendation, recompute and screening pages."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from summit.matching.domain.recommendations import recompute_recommendations
from summit.matching.domain.screening import load_example_watchlist
from summit.matching.models import Dismissal, Recommendation, RecomputeRun, WatchListHit

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def _own_page(event, organization):
    return reverse(
        "matching:organization_recommendations",
        kwargs={"slug": event.slug, "org_id": organization.org_id},
    )


def test_participant_sees_recommendations_with_reasons(client, event, partners, participant):
    recompute_recommendations(event=event)
    client.force_login(participant)
    response = client.get(_own_page(event, partners["ACME"]))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Recommended for you" in content
    investor = Recommendation.objects.get(organization=partners["ACME"], partner__org_id="HANRIVER")
    assert investor.reasons_en[0] in content
    assert investor.reasons_ko[0] not in content


def test_korean_participant_sees_korean_reasons(
    client, event, partners, make_user, make_membership
):
    recompute_recommendations(event=event)
    korean = make_user("minji", language="ko")
    make_membership(partners["HANRIVER"], korean)
    client.force_login(korean)
    response = client.get(_own_page(event, partners["HANRIVER"]))
    content = response.content.decode()
    acme = Recommendation.objects.get(organization=partners["HANRIVER"], partner__org_id="ACME")
    korean_reason = acme.reasons_ko[0].replace("Acme Biologics: ", "애크미 바이오: ", 1)
    assert acme.reasons_ko[0].startswith("Acme Biologics: ")
    assert korean_reason in content
    assert acme.reasons_en[0] not in content
    assert "추천 파트너" in content
    assert "미팅 요청" in content


def test_participant_cannot_see_another_organizations_list(client, event, partners, participant):
    client.force_login(participant)
    assert client.get(_own_page(event, partners["HANRIVER"])).status_code == 403


def test_participant_is_sent_to_their_own_list(client, event, organization, participant):
    client.force_login(participant)
    response = client.get(reverse("matching:recommendations", kwargs={"slug": event.slug}))
    assert response.status_code == 302
    assert response["Location"] == _own_page(event, organization)


def test_organizer_chooses_any_organization(client, event, partners, organizer):
    client.force_login(organizer)
    home = reverse("matching:recommendations", kwargs={"slug": event.slug})
    page = client.get(home)
    assert 'value="HANRIVER"' in page.content.decode()
    chosen = client.get(home, {"org": "HANRIVER"})
    assert chosen["Location"] == _own_page(event, partners["HANRIVER"])
    assert client.get(chosen["Location"]).status_code == 200


def test_request_button_links_to_the_meeting_request_page(client, event, partners, participant):
    recompute_recommendations(event=event)
    client.force_login(participant)
    content = client.get(_own_page(event, partners["ACME"])).content.decode()
    url = reverse(
        "meetings:request_create", kwargs={"event_slug": event.slug, "org_id": "HANRIVER"}
    )
    assert f'href="{url}"' in content
    assert "Request a meeting" in content


def test_request_button_is_hidden_without_the_meetings_app(
    client, event, partners, participant, settings
):
    settings.INSTALLED_APPS = [app for app in settings.INSTALLED_APPS if app != "summit.meetings"]
    settings.ROOT_URLCONF = "tests.summit.matching.urls_without_meetings"
    recompute_recommendations(event=event)
    client.force_login(participant)
    response = client.get(_own_page(event, partners["ACME"]))
    content = response.content.decode()
    assert response.status_code == 200
    assert "Han River Ventures" in content
    assert "Request a meeting" not in content


def test_not_relevant_removes_the_card_with_htmx(client, event, partners, participant):
    recompute_recommendations(event=event)
    client.force_login(participant)
    url = reverse("matching:dismiss", kwargs={"slug": event.slug, "org_id": "ACME"})
    response = client.post(url, {"partner": "HANRIVER"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert response.content == b""
    assert Dismissal.objects.filter(organization=partners["ACME"]).count() == 1
    page = client.get(_own_page(event, partners["ACME"])).content.decode()
    assert "recommendation-HANRIVER" not in page


def test_not_relevant_without_htmx_redirects_back(client, event, partners, participant):
    client.force_login(participant)
    url = reverse("matching:dismiss", kwargs={"slug": event.slug, "org_id": "ACME"})
    response = client.post(url, {"partner": "HANRIVER"})
    assert response["Location"] == _own_page(event, partners["ACME"])


def test_not_relevant_for_oneself_is_a_bad_request(client, event, partners, participant):
    client.force_login(participant)
    url = reverse("matching:dismiss", kwargs={"slug": event.slug, "org_id": "ACME"})
    assert client.post(url, {"partner": "ACME"}).status_code == 400


def test_participant_cannot_dismiss_for_another_organization(client, event, partners, participant):
    client.force_login(participant)
    url = reverse("matching:dismiss", kwargs={"slug": event.slug, "org_id": "HANRIVER"})
    assert client.post(url, {"partner": "ACME"}).status_code == 403
    assert Dismissal.objects.count() == 0


def _recommend(event, organization, partners_list):
    now = timezone.now()
    Recommendation.objects.bulk_create(
        Recommendation(
            event=event,
            organization=organization,
            partner=partner,
            rank=rank,
            score=0.5,
            reasons_en=[f"{partner.name}: they offer what you seek."],
            reasons_ko=[f"{partner.name}: 상대가 귀사가 찾는 것을 제공."],
            computed_at=now,
        )
        for rank, partner in enumerate(partners_list, start=1)
    )


@pytest.mark.parametrize("viewer", ["participant", "organizer"])
def test_page_queries_do_not_grow_with_recommendations(
    client, event, organization, make_partner, viewer, request
):
    others = [make_partner(f"P{i}", f"Partner {i}", offers=["funding"]) for i in range(3)]
    client.force_login(request.getfixturevalue(viewer))
    load_example_watchlist(event=event)
    url = _own_page(event, organization)
    counts = []
    for size in (1, 3):
        Recommendation.objects.all().delete()
        _recommend(event, organization, others[:size])
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.content.decode().count('class="card recommendation-card"') == size
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_recompute_now_queues_a_run_and_shows_progress(client, event, organizer):
    client.force_login(organizer)
    url = reverse("matching:recompute", kwargs={"slug": event.slug})
    response = client.post(url, HTTP_HX_REQUEST="true")
    content = response.content.decode()
    assert RecomputeRun.objects.filter(event=event, status="queued").count() == 1
    assert 'hx-trigger="every 2s"' in content
    assert "Queued" in content


def test_progress_panel_stops_polling_when_done(client, event, organizer):
    RecomputeRun.objects.create(
        event=event,
        status="done",
        progress=100,
        recommendations=40,
        organizations=4,
        started=timezone.now(),
        finished=timezone.now(),
    )
    client.force_login(organizer)
    response = client.get(reverse("matching:progress", kwargs={"slug": event.slug}))
    content = response.content.decode()
    assert "hx-trigger" not in content
    assert "40 recommendations for 4 organizations" in content


def test_failed_run_shows_its_error(client, event, organizer):
    RecomputeRun.objects.create(event=event, status="failed", error="InputError: broken row")
    client.force_login(organizer)
    response = client.get(reverse("matching:progress", kwargs={"slug": event.slug}))
    assert "InputError: broken row" in response.content.decode()


def test_screening_upload_with_errors_names_row_and_column(client, event, organizer, shadow_org):
    client.force_login(organizer)
    url = reverse("matching:screening", kwargs={"slug": event.slug})
    bad = b"name,aliases,country,reason,source\nShadow Gene,,Atlantis,r,s\n"
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(url, {"file": SimpleUploadedFile("list.csv", bad, "text/csv")})
    content = response.content.decode()
    assert response.status_code == 200
    assert "row 2" in content
    assert "&#x27;country&#x27;" in content
    assert WatchListHit.objects.count() == 0


def test_screening_upload_flags_and_organizer_decides(client, event, organizer, shadow_org):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(organizer)
    url = reverse("matching:screening", kwargs={"slug": event.slug})
    good = b"name,aliases,country,reason,source\nShadow Gene,,CN,Listed for the test,Registry\n"
    response = client.post(url, {"file": SimpleUploadedFile("list.csv", good, "text/csv")})
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "Shadow Gene Co" in page
    assert "Listed for the test" in page
    hit = WatchListHit.objects.get()
    decide = reverse("matching:screening_decide", kwargs={"slug": event.slug})
    row = client.post(decide, {"hit": hit.pk, "decision": "exclude"}, HTTP_HX_REQUEST="true")
    assert "Excluded from recommendations" in row.content.decode()
    hit.refresh_from_db()
    assert hit.excluded


def test_example_list_is_loaded_and_marked(client, event, organizer):
    client.force_login(organizer)
    client.post(reverse("matching:screening_example", kwargs={"slug": event.slug}))
    page = client.get(reverse("matching:screening", kwargs={"slug": event.slug}))
    assert "not legal advice" in page.content.decode()


def test_organization_page_flags_hits_for_organizers_only(
    client, event, organizer, participant, shadow_org
):
    load_example_watchlist(event=event)
    from summit.matching.domain.screening import load_watchlist

    load_watchlist(
        event=event,
        data=b"name,aliases,country,reason,source\nShadow Gene,,CN,Listed for the test,Reg\n",
        filename="list.csv",
    )
    url = reverse("organizations:detail", kwargs={"slug": event.slug, "org_id": "SHADOW"})
    client.force_login(organizer)
    assert "Watch-list hits" in client.get(url).content.decode()
    client.force_login(participant)
    assert "Watch-list hits" not in client.get(url).content.decode()


def test_progress_panel_names_the_stage_in_the_readers_language(client, event, make_user):
    from summit.events.domain.setup import add_organizer

    korean_organizer = make_user("jiwoo", staff=True, language="ko")
    add_organizer(event=event, user=korean_organizer)
    RecomputeRun.objects.create(
        event=event, status="running", progress=60, stage="reasons", started=timezone.now()
    )
    client.force_login(korean_organizer)
    response = client.get(reverse("matching:progress", kwargs={"slug": event.slug}))
    content = response.content.decode()
    assert "추천 이유 작성 중" in content
    assert 'hx-trigger="every 2s"' in content
