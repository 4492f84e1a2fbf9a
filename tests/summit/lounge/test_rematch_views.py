"""Same-day re-matching through the HTTP client: the freed participant's page (query count at
two sizes), a proposal sent with one button, answered from the partner's day page, the
organizers' re-match page and the grid's link."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from summit.lounge.domain.attendance import report_no_show
from summit.lounge.models import MeetingProposal
from summit.scheduling.models import ScheduledMeeting

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


@pytest.fixture
def freed(live_event, make_organization, make_membership, make_user, make_scheduled_meeting):
    """Beta did not come to its meeting with Acme of the next slot (slot 3, table 1: it
    starts within 30 minutes, so it is always open for a same-day meeting; the running slot
    may have less than 10 minutes left); Gamma is free."""
    acme = make_membership(
        make_organization(live_event, "ACME", name="Acme Biologics"),
        make_user("ann", first_name="Ann", last_name="Acme"),
        role="lead",
    )
    beta = make_membership(
        make_organization(live_event, "BETA", name="Beta Therapeutics"), make_user("ben")
    )
    gamma = make_membership(
        make_organization(live_event, "GAMMA", name="Gamma Pharma"),
        make_user("gil", first_name="Gil", last_name="Gamma"),
    )
    meeting = make_scheduled_meeting(live_event, first=acme, second=beta, slot=3, table=1)
    report_no_show(meeting=meeting, user=acme.user, now=meeting.slot.start)
    return SimpleNamespace(event=live_event, acme=acme, beta=beta, gamma=gamma, meeting=meeting)


def _rematch_url(event):
    return reverse("lounge:rematch", kwargs={"slug": event.slug})


def test_rematch_page_lists_free_partners_with_one_button(client, freed):
    client.force_login(freed.acme.user)
    response = client.get(_rematch_url(freed.event))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Your partner at this time did not come." in page
    assert "Gamma Pharma" in page
    assert "Beta Therapeutics" not in page  # reported absent
    assert "Propose " in page


def test_rematch_page_queries_do_not_grow_with_the_free_partners(
    client, freed, make_organization, make_membership, make_user
):
    client.force_login(freed.acme.user)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(_rematch_url(freed.event)).status_code == 200
        return len(captured)

    one = queries()
    for name in ("Delta Bio", "Epsilon Cells"):
        make_membership(make_organization(freed.event, name=name), make_user())
    assert queries() == one


def test_a_proposal_is_sent_answered_from_the_partners_day_and_booked(client, freed):
    client.force_login(freed.acme.user)
    slot = freed.meeting.slot
    response = client.post(
        _rematch_url(freed.event), {"slot": slot.pk, "partner": freed.gamma.organization_id}
    )
    assert response.status_code == 302
    proposal = MeetingProposal.objects.get()
    # Ann stays at her table (the no-show's); Gamma comes to it.
    assert (proposal.sender, proposal.to_person, proposal.table.number) == (
        freed.acme,
        freed.gamma,
        1,
    )
    assert (
        "Proposal sent: waiting for an answer"
        in client.get(_rematch_url(freed.event)).content.decode()
    )

    client.force_login(freed.gamma.user)
    day = client.get(reverse("lounge:my_day", kwargs={"slug": freed.event.slug})).content.decode()
    assert "Proposals for you" in day
    assert "Acme Biologics" in day
    url = reverse("lounge:proposal", kwargs={"slug": freed.event.slug, "uid": proposal.uid})
    response = client.post(url, {"action": "accept"})
    booked = ScheduledMeeting.objects.get(slot=slot, table__number=1, status="scheduled")
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "lounge:meeting", kwargs={"slug": freed.event.slug, "meeting_uid": booked.uid}
    )
    # The outsider's view of a proposal is refused.
    client.force_login(freed.beta.user)
    assert client.get(url).status_code == 403


def test_a_participant_cannot_propose_for_a_slot_that_is_over(client, freed):
    client.force_login(freed.acme.user)
    first_slot = freed.event.slots.order_by("start").first()
    response = client.post(
        _rematch_url(freed.event),
        {"slot": first_slot.pk, "partner": freed.gamma.organization_id},
        follow=True,
    )
    assert "Same-day meetings can be proposed for today" in response.content.decode() or (
        "is over." in response.content.decode()
    )
    assert not MeetingProposal.objects.exists()


def test_organizers_rematch_a_no_show_from_the_grid(client, freed, organizer):
    client.force_login(organizer)
    grid = client.get(reverse("lounge:grid", kwargs={"slug": freed.event.slug})).content.decode()
    url = reverse(
        "lounge:rematch_meeting",
        kwargs={"slug": freed.event.slug, "meeting_uid": freed.meeting.uid},
    )
    assert f'href="{url}"' in grid
    page = client.get(url).content.decode()
    assert "Ann Acme" in page
    assert "Gamma Pharma" in page
    response = client.post(
        url,
        {
            "slot": freed.meeting.slot_id,
            "partner": freed.gamma.organization_id,
            "sender": freed.acme.pk,
        },
    )
    assert response.status_code == 302
    proposal = MeetingProposal.objects.get()
    assert (proposal.proposed_by, proposal.freed_meeting) == (organizer, freed.meeting)


def test_the_menu_badge_counts_the_proposals_waiting_for_an_answer(client, freed):
    day_url = reverse("lounge:my_day", kwargs={"slug": freed.event.slug})
    client.force_login(freed.gamma.user)
    assert "nav-badge" not in client.get(day_url).content.decode()
    client.force_login(freed.acme.user)
    client.post(
        _rematch_url(freed.event),
        {"slot": freed.meeting.slot.pk, "partner": freed.gamma.organization_id},
    )

    client.force_login(freed.gamma.user)
    page = client.get(day_url).content.decode()
    assert '<span class="nav-badge"><span aria-hidden="true">1</span>' in page
    assert "(1 same-day meeting proposal awaits your answer)" in page
    client.force_login(freed.acme.user)  # the sender has nothing to answer
    assert "nav-badge" not in client.get(day_url).content.decode()
    freed.gamma.user.profile.language = "ko"
    freed.gamma.user.profile.save(update_fields=["language"])
    client.force_login(freed.gamma.user)
    page = client.get(day_url).content.decode()
    assert "(답변을 기다리는 당일 미팅 제안 1건)" in page


def test_the_menu_badge_costs_the_same_queries_for_one_and_two_proposals(
    client, freed, make_organization, make_membership, make_user
):
    day_url = reverse("lounge:my_day", kwargs={"slug": freed.event.slug})
    delta = make_membership(make_organization(freed.event, "DELTA", name="Delta Bio"), make_user())
    counts = []
    for sender in (freed.acme, delta):
        client.force_login(sender.user)
        client.post(
            _rematch_url(freed.event),
            {"slot": freed.meeting.slot.pk, "partner": freed.gamma.organization_id},
        )
        client.force_login(freed.gamma.user)
        with CaptureQueriesContext(connection) as captured:
            page = client.get(day_url).content.decode()
        counts.append(len(captured))
    assert f'<span aria-hidden="true">{len(counts)}</span>' in page
    assert counts[0] == counts[1]
