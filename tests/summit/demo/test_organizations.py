"""Demo organisations: fictional, coherent with the engine's vocabulary, loaded idempotently."""

from collections import Counter

import pytest

from partnering_engine.matching.survey import validate_rows
from partnering_engine.matching.taxonomy import VOCABULARIES
from summit.demo.domain.organizations import (
    DEMO_PASSWORD,
    build_demo_organizations,
    create_demo_organizations,
)
from summit.organizations.domain.survey import survey_row_for
from summit.organizations.models import Membership, Organization


@pytest.mark.unit
def test_demo_has_every_type_many_countries_and_korean_names():
    demo = build_demo_organizations()
    assert len(demo) >= 300
    types = Counter(org.org_type for org in demo)
    assert set(types) == {term.code for term in VOCABULARIES["org_type"]}
    assert len({org.country for org in demo}) >= 25
    korean = [org for org in demo if org.country == "KR"]
    assert korean
    assert all(org.name_local for org in korean)
    # Korean organisations describe their offer in Korean.
    assert all(any("가" <= ch <= "힣" for ch in org.description_offer) for org in korean)
    assert all(org.description_offer.startswith("We offer") for org in demo if org.country != "KR")


@pytest.mark.unit
def test_demo_is_deterministic_and_names_are_unique():
    first, second = build_demo_organizations(), build_demo_organizations()
    assert first == second
    names = [org.name.casefold() for org in first]
    assert len(names) == len(set(names))
    assert len({org.org_id for org in first}) == len(first)


@pytest.mark.unit
def test_demo_people_are_fictional_with_reserved_email_domains():
    demo = build_demo_organizations()
    emails = [person.email for org in demo for person in org.contacts]
    assert all(email.endswith(("@example.org", "@example.com")) for email in emails)
    assert len(emails) == len(set(emails))
    assert all(1 <= len(org.contacts) <= 3 for org in demo)


@pytest.mark.unit
def test_demo_answers_fit_each_type():
    demo = build_demo_organizations()
    cdmos = [org for org in demo if org.org_type == "cdmo"]
    assert sum("manufacturing_capacity" in org.offers for org in cdmos) > len(cdmos) // 2
    vaccine_biotechs = [
        org for org in demo if org.org_type == "biotech" and "vaccine" in org.modalities
    ]
    assert vaccine_biotechs
    assert all(
        "funding" in org.seeks
        or "tech_transfer_in" in org.seeks
        or "manufacturing_capacity" in org.seeks
        or "regulatory_support" in org.seeks
        for org in vaccine_biotechs
    )
    investors = [org for org in demo if org.org_type == "investor"]
    assert all("funding" in org.offers or "market_access" in org.offers for org in investors)


@pytest.mark.django_db
@pytest.mark.integration
def test_demo_survey_passes_the_engine_validation(make_event):
    event = make_event("demo", session=False, tables=0)
    create_demo_organizations(event=event)
    rows = [
        (number, survey_row_for(organization=org).to_cells())
        for number, org in enumerate(Organization.objects.filter(event=event), start=2)
    ]
    result = validate_rows(rows)
    assert result.errors == ()
    assert len(result.rows) == len(build_demo_organizations())


@pytest.mark.django_db
@pytest.mark.integration
def test_create_demo_organizations_is_idempotent(make_event, client):
    event = make_event("demo", session=False, tables=0)
    first = create_demo_organizations(event=event)
    demo = build_demo_organizations()
    assert first.organizations_created == len(demo)
    assert first.users_created == sum(len(org.contacts) for org in demo)
    second = create_demo_organizations(event=event)
    assert (second.organizations_created, second.users_created) == (0, 0)
    assert Organization.objects.filter(event=event).count() == len(demo)
    assert Membership.objects.filter(event=event).count() == first.users_created
    leads = Membership.objects.filter(event=event, role=Membership.Role.LEAD).count()
    assert leads == len(demo)
    assert client.login(username=first.participant_email, password=DEMO_PASSWORD)


@pytest.mark.unit
def test_demo_lists_are_in_vocabulary_order_as_the_engine_normalises_them():
    for org in build_demo_organizations():
        for field in ("therapeutic_areas", "modalities", "offers", "seeks", "languages"):
            codes = getattr(org, field)
            order = [term.code for term in VOCABULARIES[field]]
            assert list(codes) == sorted(codes, key=order.index)
