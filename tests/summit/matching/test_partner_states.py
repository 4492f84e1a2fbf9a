"""Recommendations know what already happened: states, sections, strength, save for later."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from summit.matching.domain.recommendations import candidate_count, ranked_partners
from summit.matching.models import Recommendation, SavedPartner
from summit.meetings.domain.requests import create_request
from summit.organizations.models import Membership

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


@pytest.fixture
def me(participant, event):
    return Membership.objects.select_related("organization", "event").get(
        user=participant, event=event
    )


@pytest.fixture
def others(make_partner, make_membership):
    found = []
    for index in range(4):
        partner = make_partner(f"P{index}", f"Partner {index}", offers=["funding"])
        make_membership(partner, role="lead")
        found.append(partner)
    return found


def _recommend(me, partners):
    Recommendation.objects.bulk_create(
        Recommendation(
            event=me.event,
            organization=me.organization,
            partner=partner,
            rank=rank,
            score=0.5,
            reasons_en=[f"{partner.name}: they offer what you seek."],
            reasons_ko=[f"{partner.name}: 상대가 귀사가 찾는 것을 제공."],
            computed_at=timezone.now(),
        )
        for rank, partner in enumerate(partners, start=1)
    )


def _page(event, me):
    return reverse(
        "matching:organization_recommendations",
        kwargs={"slug": event.slug, "org_id": me.organization.org_id},
    )


def _section(page, section_id):
    start = page.index(f'id="{section_id}"')
    return page[start : page.index("</section>", start)]


def test_partner_already_asked_is_marked_and_has_no_request_button(
    client, participant, event, me, others
):
    _recommend(me, others[:2])
    create_request(sender=me, receiver_organization=others[0])
    client.force_login(participant)
    page = client.get(_page(event, me)).content.decode()
    known = _section(page, "in-touch")
    assert 'id="recommendation-P0"' in known
    assert "Request sent" in known
    assert "Request a meeting" not in known
    new = page[page.index('id="new-title"') : page.index('id="in-touch"')]
    assert 'id="recommendation-P1"' in new
    assert "Request a meeting" in new


def test_partner_already_met_is_marked(
    client, participant, event, me, others, make_scheduled_meeting
):
    _recommend(me, others[:1])
    partner_person = others[0].memberships.get()
    make_scheduled_meeting(event, first=me, second=partner_person)
    client.force_login(participant)
    known = _section(client.get(_page(event, me)).content.decode(), "in-touch")
    assert "Already meeting" in known
    assert "Request a meeting" not in known


def test_strength_is_the_percentile_among_the_candidates(me, others):
    _recommend(me, others)
    ranked = ranked_partners(organization=me.organization, language="en")
    assert candidate_count(organization=me.organization) == 4
    assert [(item.strength, item.top_percent) for item in ranked] == [
        (100, 25),
        (67, 50),
        (33, 75),
        (0, 100),
    ]


def test_save_for_later_toggles_in_place(client, participant, event, me, others):
    _recommend(me, others[:1])
    client.force_login(participant)
    url = reverse("matching:save", kwargs={"slug": event.slug, "org_id": me.organization.org_id})
    response = client.post(url, {"partner": "P0", "saved": "1"}, HTTP_HX_REQUEST="true")
    assert 'aria-pressed="true"' in response.content.decode()
    assert SavedPartner.objects.filter(organization=me.organization, partner=others[0]).exists()
    page = client.get(_page(event, me)).content.decode()
    assert 'id="saved"' in page
    response = client.post(url, {"partner": "P0", "saved": "0"}, HTTP_HX_REQUEST="true")
    assert 'aria-pressed="false"' in response.content.decode()
    assert not SavedPartner.objects.exists()


def test_save_refuses_another_organizations_list(
    client, event, others, make_user, make_membership, me
):
    stranger = make_user("stranger")
    make_membership(others[3], stranger)
    client.force_login(stranger)
    url = reverse("matching:save", kwargs={"slug": event.slug, "org_id": me.organization.org_id})
    assert client.post(url, {"partner": "P0", "saved": "1"}).status_code == 403


def test_quick_request_sends_the_template_and_shows_the_new_state(
    client, participant, event, me, others
):
    client.force_login(participant)
    url = reverse("meetings:request_quick", kwargs={"event_slug": event.slug, "org_id": "P1"})
    response = client.post(url, HTTP_HX_REQUEST="true")
    content = response.content.decode()
    assert "Request sent" in content
    assert "Request a meeting" not in content
    sent = me.organization.sent_meeting_requests.get()
    assert sent.message.startswith("Hello Partner 1 team,")
    assert "Pat Participant, Acme Biologics" in sent.message


def test_quick_request_after_the_deadline_says_so(client, participant, event, me, others):
    event.request_deadline = timezone.now() - timezone.timedelta(hours=1)
    event.save()
    client.force_login(participant)
    url = reverse("meetings:request_quick", kwargs={"event_slug": event.slug, "org_id": "P1"})
    content = client.post(url, HTTP_HX_REQUEST="true").content.decode()
    assert "The deadline for meeting requests has passed." in content
    page = client.get(reverse("organizations:directory", kwargs={"slug": event.slug}))
    assert "Meeting requests are closed." in page.content.decode()


def test_request_form_starts_with_a_korean_template_for_a_korean_reader(
    client, participant, event, me, others
):
    participant.profile.language = "ko"
    participant.profile.save()
    client.force_login(participant)
    url = reverse("meetings:request_create", kwargs={"event_slug": event.slug, "org_id": "P1"})
    content = client.get(url).content.decode()
    assert "바이오 서밋" in content
    assert "Hello Partner 1 team," not in content


def test_page_queries_stay_flat_with_states(client, participant, event, me, others):
    client.force_login(participant)
    counts = []
    for size in (1, 3):
        Recommendation.objects.all().delete()
        SavedPartner.objects.all().delete()
        me.organization.sent_meeting_requests.all().delete()
        _recommend(me, others[:size])
        create_request(sender=me, receiver_organization=others[0])
        SavedPartner.objects.create(
            event=event, organization=me.organization, partner=others[size - 1]
        )
        with CaptureQueriesContext(connection) as queries:
            page = client.get(_page(event, me)).content.decode()
        assert page.count('class="card recommendation-card"') == size
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_recompute_leaves_out_partners_already_asked_or_met(event, partners, participant):
    from summit.matching.domain.recommendations import recompute_recommendations

    me = Membership.objects.get(user=participant, event=event)
    recompute_recommendations(event=event)
    before = set(
        Recommendation.objects.filter(organization=me.organization).values_list(
            "partner__org_id", flat=True
        )
    )
    assert "HANRIVER" in before
    create_request(sender=me, receiver_organization=partners["HANRIVER"])
    recompute_recommendations(event=event)
    mine = set(
        Recommendation.objects.filter(organization=me.organization).values_list(
            "partner__org_id", flat=True
        )
    )
    theirs = set(
        Recommendation.objects.filter(organization=partners["HANRIVER"]).values_list(
            "partner__org_id", flat=True
        )
    )
    assert mine == before - {"HANRIVER"}
    assert "ACME" not in theirs


def test_recompute_leaves_out_partners_whose_request_was_accepted(
    event, partners, participant, make_membership
):
    from summit.matching.domain.recommendations import recompute_recommendations
    from summit.meetings.domain.requests import accept_request, decline_request

    me = Membership.objects.get(user=participant, event=event)
    recompute_recommendations(event=event)
    accepted = create_request(sender=me, receiver_organization=partners["HANRIVER"])
    accept_request(meeting_request=accepted, answerer=make_membership(partners["HANRIVER"]))
    declined = create_request(sender=me, receiver_organization=partners["GLOBALPH"])
    decline_request(meeting_request=declined, answerer=make_membership(partners["GLOBALPH"]))
    recompute_recommendations(event=event)
    mine = set(
        Recommendation.objects.filter(organization=me.organization).values_list(
            "partner__org_id", flat=True
        )
    )
    # An accepted request is a meeting to schedule: never offered as new; a declined one
    # is no connection, so the partner stays (its card says the request was declined).
    assert "HANRIVER" not in mine
    assert "GLOBALPH" in mine
