"""Database-level guarantees: constraints hold on SQLite and PostgreSQL alike."""

import pytest
from django.db import IntegrityError, connection, transaction

from summit.events.models import Organizer, Slot
from summit.organizations.models import Membership, Organization

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


@pytest.mark.postgres
def test_suite_runs_on_postgresql_when_database_url_says_so():
    assert connection.vendor == "postgresql"


def test_organization_names_are_unique_per_event_ignoring_case(event, organization):
    with pytest.raises(IntegrityError), transaction.atomic():
        Organization.objects.create(
            event=event, org_id="ACME2", name="ACME BIOLOGICS", org_type="biotech", country="KR"
        )


def test_organization_codes_are_unique_per_event(event, organization):
    with pytest.raises(IntegrityError), transaction.atomic():
        Organization.objects.create(
            event=event, org_id="ACME", name="Other name", org_type="biotech", country="KR"
        )


def test_same_name_and_code_are_fine_in_another_event(other_event, organization):
    copy = Organization.objects.create(
        event=other_event, org_id="ACME", name="Acme Biologics", org_type="biotech", country="KR"
    )
    assert copy.pk != organization.pk


def test_a_person_belongs_to_one_organization_per_event(participant, event, make_organization):
    second = make_organization(event, "SECOND")
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(event=event, organization=second, user=participant)


def test_organizer_is_added_once(event, organizer):
    with pytest.raises(IntegrityError), transaction.atomic():
        Organizer.objects.create(event=event, user=organizer)


def test_two_slots_cannot_start_at_the_same_time(event):
    slot = Slot.objects.filter(event=event).first()
    with pytest.raises(IntegrityError), transaction.atomic():
        Slot.objects.create(event=event, session=slot.session, start=slot.start, end=slot.end)
