"""Deals: validation naming the field, parties, stage history, confirmation, privacy."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.test import Client

from summit.outcomes.domain import deals as domain
from summit.outcomes.domain.errors import OutcomeError
from summit.outcomes.models import Deal, DealStageChange

pytestmark = [pytest.mark.unit, pytest.mark.django_db]


def _data(*organizations, **fields):
    values = {
        "title": "Antibody licence",
        "kind": "license",
        "stage": "discussing",
        "date": date(2026, 10, 6),
        "organizations": list(organizations),
    }
    values.update(fields)
    return domain.DealData(**values)


def _errors(caught):
    return {name: messages[0] for name, messages in caught.value.message_dict.items()}


def test_record_deal_by_participant_with_partner_and_meeting(acme, beta, held_meeting):
    deal = domain.record_deal(
        event=acme.event,
        user=acme.user,
        data=_data(
            acme.organization,
            beta.organization,
            value=Decimal("1500000.00"),
            currency="USD",
            meetings=(held_meeting,),
        ),
    )
    parties = {p.organization_id: p.confirmed_at is not None for p in deal.parties.all()}
    assert parties == {acme.organization_id: True, beta.organization_id: False}
    assert list(deal.meetings.all()) == [held_meeting]
    assert (deal.recorded_by, deal.recorded_by_organization) == (acme.user, acme.organization)
    [change] = deal.stage_changes.all()
    assert (change.from_stage, change.to_stage, change.changed_by) == ("", "discussing", acme.user)


def test_record_deal_needs_two_parties(acme):
    with pytest.raises(OutcomeError) as caught:
        domain.record_deal(event=acme.event, user=acme.user, data=_data(acme.organization))
    assert _errors(caught) == {"organizations": "A deal needs at least two organizations."}


def test_record_deal_participant_only_for_own_organization(acme, beta, gamma):
    with pytest.raises(OutcomeError) as caught:
        domain.record_deal(
            event=acme.event, user=acme.user, data=_data(beta.organization, gamma.organization)
        )
    assert list(_errors(caught)) == ["organizations"]


def test_record_deal_party_of_another_event_is_refused(acme, make_organization, other_event):
    stranger = make_organization(other_event)
    with pytest.raises(OutcomeError) as caught:
        domain.record_deal(
            event=acme.event, user=acme.user, data=_data(acme.organization, stranger)
        )
    assert _errors(caught) == {
        "organizations": "Every party must be an organization of this event."
    }


def test_record_deal_meeting_of_other_organizations_is_refused(
    make_scheduled_meeting, event, acme, beta, gamma
):
    theirs = make_scheduled_meeting(event, first=beta, second=gamma, slot=2)
    with pytest.raises(OutcomeError) as caught:
        domain.record_deal(
            event=event,
            user=acme.user,
            data=_data(acme.organization, beta.organization, meetings=(theirs,)),
        )
    assert _errors(caught) == {"meetings": "Link only meetings of your own organization."}


def test_record_deal_value_without_currency_and_negative_value_name_the_fields(acme, beta):
    with pytest.raises(OutcomeError) as caught:
        domain.record_deal(
            event=acme.event,
            user=acme.user,
            data=_data(acme.organization, beta.organization, value=Decimal("-1"), title=" "),
        )
    assert set(_errors(caught)) == {"title", "value", "currency"}


def test_record_deal_by_organizer_for_any_two_organizations(organizer, event, beta, gamma):
    deal = domain.record_deal(
        event=event, user=organizer, data=_data(beta.organization, gamma.organization)
    )
    assert deal.recorded_by_organization is None
    assert not any(party.confirmed_at for party in deal.parties.all())


def test_record_deal_by_outsider_is_refused(other_participant, event, beta, gamma):
    with pytest.raises(OutcomeError):
        domain.record_deal(
            event=event, user=other_participant, data=_data(beta.organization, gamma.organization)
        )


@pytest.fixture
def deal(acme, beta):
    return domain.record_deal(
        event=acme.event, user=acme.user, data=_data(acme.organization, beta.organization)
    )


def test_change_stage_forward_records_history_and_signed_date(deal, acme, beta):
    domain.change_stage(deal=deal, user=beta.user, stage="term_sheet", on=date(2026, 10, 20))
    domain.change_stage(deal=deal, user=acme.user, stage="signed", on=date(2026, 11, 3))
    domain.change_stage(deal=deal, user=acme.user, stage="announced", on=date(2026, 11, 10))
    deal.refresh_from_db()
    assert (deal.stage, deal.date, deal.signed_on) == (
        "announced",
        date(2026, 11, 10),
        date(2026, 11, 3),
    )
    history = [
        (c.from_stage, c.to_stage, c.changed_by.username)
        for c in DealStageChange.objects.filter(deal=deal)
    ]
    assert history == [
        ("", "discussing", "participant"),
        ("discussing", "term_sheet", "kim"),
        ("term_sheet", "signed", "participant"),
        ("signed", "announced", "participant"),
    ]


def test_change_stage_backwards_needs_a_reason(deal, acme):
    domain.change_stage(deal=deal, user=acme.user, stage="signed", on=date(2026, 11, 3))
    with pytest.raises(OutcomeError) as caught:
        domain.change_stage(deal=deal, user=acme.user, stage="term_sheet", on=date(2026, 11, 4))
    assert list(_errors(caught)) == ["reason"]
    domain.change_stage(
        deal=deal, user=acme.user, stage="term_sheet", on=date(2026, 11, 4), reason="Board veto"
    )
    deal.refresh_from_db()
    assert (deal.stage, deal.signed_on) == ("term_sheet", None)
    assert deal.stage_changes.last().reason == "Board veto"


def test_change_stage_to_the_same_stage_names_the_field(deal, acme):
    with pytest.raises(OutcomeError) as caught:
        domain.change_stage(deal=deal, user=acme.user, stage="discussing", on=date(2026, 10, 7))
    assert list(_errors(caught)) == ["stage"]


def test_change_stage_by_a_third_organization_is_refused(deal, gamma):
    with pytest.raises(OutcomeError):
        domain.change_stage(deal=deal, user=gamma.user, stage="signed", on=date(2026, 11, 3))


def test_confirm_deal_by_other_party_then_stage_change_asks_again(deal, acme, beta):
    domain.confirm_deal(deal=deal, membership=beta)
    assert domain.unconfirmed_for(organization=beta.organization) == 0
    domain.change_stage(deal=deal, user=acme.user, stage="signed", on=date(2026, 11, 3))
    assert domain.unconfirmed_for(organization=beta.organization) == 1
    assert domain.unconfirmed_for(organization=acme.organization) == 0


def test_confirm_deal_by_non_party_is_refused(deal, gamma):
    with pytest.raises(OutcomeError):
        domain.confirm_deal(deal=deal, membership=gamma)


def test_update_deal_changes_details_but_not_stage(deal, beta, gamma):
    domain.update_deal(
        deal=deal,
        user=beta.user,
        data=_data(
            beta.organization,
            deal.parties.get(organization__org_id="ACME").organization,
            gamma.organization,
            title="Three-way licence",
            stage="announced",
            confidential=True,
        ),
    )
    deal.refresh_from_db()
    assert (deal.title, deal.stage, deal.confidential) == ("Three-way licence", "discussing", True)
    assert deal.parties.count() == 3


# ---- privacy ---------------------------------------------------------------------------------


@pytest.fixture
def confidential(acme, beta):
    return domain.record_deal(
        event=acme.event,
        user=acme.user,
        data=_data(acme.organization, beta.organization, title="Secret CDMO", confidential=True),
    )


@pytest.fixture
def public(beta, gamma):
    return domain.record_deal(
        event=beta.event,
        user=gamma.user,
        data=_data(beta.organization, gamma.organization, title="Public MOU", kind="mou"),
    )


def _titles(deals):
    return sorted(deal.title for deal in deals)


def test_visible_deals_confidential_for_parties_and_organizers_only(
    event, confidential, public, acme, beta, gamma, organizer, other_participant, make_membership
):
    colleague = make_membership(acme.organization)
    assert _titles(domain.visible_deals(event=event, user=acme.user)) == [
        "Public MOU",
        "Secret CDMO",
    ]
    assert _titles(domain.visible_deals(event=event, user=colleague.user)) == [
        "Public MOU",
        "Secret CDMO",
    ]
    assert _titles(domain.visible_deals(event=event, user=beta.user)) == [
        "Public MOU",
        "Secret CDMO",
    ]
    assert _titles(domain.visible_deals(event=event, user=organizer)) == [
        "Public MOU",
        "Secret CDMO",
    ]
    assert _titles(domain.visible_deals(event=event, user=gamma.user)) == ["Public MOU"]
    assert _titles(domain.visible_deals(event=event, user=other_participant)) == []
    from django.contrib.auth.models import AnonymousUser

    assert _titles(domain.visible_deals(event=event, user=AnonymousUser())) == []


def test_can_view_deal_follows_the_same_rule(confidential, public, acme, gamma, organizer):
    assert domain.can_view_deal(deal=confidential, user=acme.user)
    assert domain.can_view_deal(deal=confidential, user=organizer)
    assert not domain.can_view_deal(deal=confidential, user=gamma.user)
    assert domain.can_view_deal(deal=public, user=acme.user)


def test_confidential_deal_page_is_404_for_other_participants(confidential, gamma, acme):
    url = f"/e/{confidential.event.slug}/outcomes/deals/{confidential.pk}/"
    client = Client()
    client.force_login(gamma.user)
    assert client.get(url).status_code == 404
    client.force_login(acme.user)
    assert client.get(url).status_code == 200


def test_deal_model_refuses_value_without_currency(confidential):
    from django.db import IntegrityError, transaction

    confidential.value = Decimal("10")
    confidential.currency = ""
    with pytest.raises(IntegrityError), transaction.atomic():
        confidential.save()
    assert Deal.objects.get(pk=confidential.pk).value is None


# Mails leave after the commit: these tests commit for real.
@pytest.mark.django_db(transaction=True)
def test_record_deal_mails_the_other_party_in_their_language(acme, beta, make_membership):
    from django.core import mail

    make_membership(acme.organization)  # Pat's colleague is not mailed: same side
    mail.outbox.clear()
    deal = domain.record_deal(
        event=acme.event,
        user=acme.user,
        data=_data(acme.organization, beta.organization),
        base_url="https://summit.example",
    )
    [message] = mail.outbox
    assert message.to == [beta.user.email]
    assert "바이오 서밋" in message.subject  # Kim reads Korean
    assert f"https://summit.example/e/{acme.event.slug}/outcomes/deals/{deal.pk}/" in message.body
    assert "애크미 바이오" in message.body


# Mails leave after the commit: these tests commit for real.
@pytest.mark.django_db(transaction=True)
def test_change_stage_mails_the_parties_that_did_not_change_it(deal, acme, beta):
    from django.core import mail

    mail.outbox.clear()
    domain.change_stage(deal=deal, user=beta.user, stage="signed", on=date(2026, 11, 3))
    assert [message.to for message in mail.outbox] == [[acme.user.email]]
    assert "signed" in mail.outbox[0].subject
