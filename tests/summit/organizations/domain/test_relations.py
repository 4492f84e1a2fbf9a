"""Partner states gathered from the meetings and matching apps."""

from __future__ import annotations

import pytest

from summit.matching.domain.recommendations import dismiss_recommendation
from summit.matching.domain.shortlist import set_saved
from summit.meetings.domain.requests import create_request, decline_request
from summit.organizations.domain.relations import PartnerState, Relation, partner_states
from summit.organizations.models import Membership

pytestmark = [pytest.mark.django_db]


@pytest.fixture
def me(participant, event):
    return Membership.objects.select_related("organization", "event").get(
        user=participant, event=event
    )


@pytest.fixture
def others(make_organization, make_membership, event):
    found = {}
    for code in ("MEET", "SENT", "RECV", "DECL", "DISM", "SAVE", "NONE"):
        organization = make_organization(event, code, name=f"Org {code}")
        found[code] = (organization, make_membership(organization, role="lead"))
    return found


def test_partner_states_names_each_relation(me, others, make_scheduled_meeting, organizer, event):
    make_scheduled_meeting(event, first=me, second=others["MEET"][1])
    create_request(sender=me, receiver_organization=others["SENT"][0])
    received = create_request(sender=others["RECV"][1], receiver_organization=me.organization)
    declined = create_request(sender=me, receiver_organization=others["DECL"][0])
    decline_request(meeting_request=declined, answerer=others["DECL"][1])
    dismiss_recommendation(organization=me.organization, partner=others["DISM"][0], user=organizer)
    set_saved(organization=me.organization, partner=others["SAVE"][0], saved=True, user=organizer)

    states = partner_states(
        organization=me.organization, partner_ids=[org.pk for org, _person in others.values()]
    )

    main = {code: states[org.pk].main for code, (org, _person) in others.items()}
    assert main == {
        "MEET": "meeting",
        "SENT": "request_sent",
        "RECV": "request_received",
        "DECL": "declined",
        "DISM": "dismissed",
        "SAVE": "",
        "NONE": "",
    }
    new = {code for code, (org, _person) in others.items() if states[org.pk].is_new}
    assert new == {"SAVE", "NONE"}
    assert states[others["SAVE"][0].pk].saved is True
    assert states[others["RECV"][0].pk].request_id == received.pk


def test_partner_states_runs_the_same_queries_for_one_or_many(
    me, others, django_assert_max_num_queries
):
    ids = [org.pk for org, _person in others.values()]
    with django_assert_max_num_queries(3):
        partner_states(organization=me.organization, partner_ids=ids[:1])
    with django_assert_max_num_queries(3):
        partner_states(organization=me.organization, partner_ids=ids)


def test_partner_states_leaves_out_the_organization_itself(me):
    assert partner_states(organization=me.organization, partner_ids=[me.organization_id]) == {}


def test_a_new_request_after_a_declined_one_is_the_state():
    state = PartnerState(
        relations=(Relation("request_sent", request_id=2), Relation("declined", request_id=1))
    )
    assert (state.main, state.request_id) == ("request_sent", 2)


def test_unknown_relation_is_refused():
    with pytest.raises(ValueError, match="unknown relation"):
        Relation("friends")
