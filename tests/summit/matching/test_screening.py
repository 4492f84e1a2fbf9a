"""Watch-list upload, screening hits and the organizer's decisions."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from summit.matching.domain.screening import (
    decide_hit,
    excluded_by_screening,
    hits_by_organization,
    load_example_watchlist,
    load_watchlist,
    screen_organizations,
)
from summit.matching.models import RecomputeRun, WatchListEntry, WatchListHit
from summit.organizations.models import Organization

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

WATCHLIST = (
    "name,aliases,country,reason,source\n"
    "Shadow Genomics,Shadow Gene;섀도우 지노믹스,CN,Sanctioned in the test,Test registry 2026\n"
    "Nobody Ltd,,US,Never matches,Test registry 2026\n"
).encode()


@pytest.fixture
def shadow(make_organization, event):
    return make_organization(event, "SHADOW", name="Shadow Gene Co., Ltd.", country="CN")


def test_load_watchlist_flags_matching_organizations_with_reason_and_source(
    event, organization, shadow
):
    count = load_watchlist(event=event, data=WATCHLIST, filename="list.csv")
    assert count == 1
    hit = WatchListHit.objects.select_related("entry").get()
    assert hit.organization == shadow
    assert hit.entry.reason == "Sanctioned in the test"
    assert hit.entry.source == "Test registry 2026"
    assert hit.entry.aliases == ["Shadow Gene", "섀도우 지노믹스"]
    assert hit.matched_name == "Shadow Gene"
    assert hit.country_match is True
    assert not hit.decided
    assert not hit.entry.is_example


def test_load_watchlist_with_a_bad_country_names_row_and_column_and_writes_nothing(event, shadow):
    load_example_watchlist(event=event)
    before = list(WatchListEntry.objects.values_list("name", flat=True))
    bad = WATCHLIST + b"Third Co,,Atlantis,Reason,Source\n"
    with pytest.raises(ValidationError) as raised:
        load_watchlist(event=event, data=bad, filename="list.csv")
    message = raised.value.message_dict["file"][0]
    assert "row 4" in message
    assert "'country'" in message
    assert list(WatchListEntry.objects.values_list("name", flat=True)) == before


def test_load_watchlist_without_name_column_is_refused(event):
    with pytest.raises(ValidationError) as raised:
        load_watchlist(event=event, data=b"company,reason\nX,Y\n", filename="list.csv")
    assert "name" in raised.value.message_dict["file"][0]
    assert WatchListEntry.objects.count() == 0


def test_load_watchlist_without_entries_is_refused(event):
    with pytest.raises(ValidationError):
        load_watchlist(event=event, data=b"name,aliases,country,reason,source\n", filename="x.csv")


def test_load_watchlist_too_large_is_refused(event, settings):
    with pytest.raises(ValidationError):
        load_watchlist(event=event, data=b"x" * 2_000_001, filename="big.csv")


def test_example_watchlist_is_marked_as_example(event, make_organization):
    flagged = make_organization(event, "WUXI", name="WuXi AppTec", country="CN")
    load_example_watchlist(event=event)
    entries = WatchListEntry.objects.filter(event=event)
    assert entries.count() == 5
    assert all(entry.is_example for entry in entries)
    hit = WatchListHit.objects.get(organization=flagged)
    assert "not legal advice" in hit.entry.reason


def test_decisions_survive_a_new_upload(event, shadow, organizer):
    load_watchlist(event=event, data=WATCHLIST, filename="list.csv")
    decide_hit(hit=WatchListHit.objects.get(), exclude=True, user=organizer)
    load_watchlist(event=event, data=WATCHLIST, filename="list-v2.csv")
    hit = WatchListHit.objects.get()
    assert hit.excluded
    assert hit.decided_by == organizer


def test_decide_hit_exclude_and_keep(event, shadow, organizer):
    load_watchlist(event=event, data=WATCHLIST, filename="list.csv")
    hit = WatchListHit.objects.get()
    decide_hit(hit=hit, exclude=True, user=organizer)
    assert excluded_by_screening(event=event) == {shadow.pk}
    decide_hit(hit=hit, exclude=False, user=organizer)
    assert excluded_by_screening(event=event) == set()
    assert WatchListHit.objects.get().decided
    assert RecomputeRun.objects.filter(event=event, status="queued").count() == 1


def test_renamed_organization_loses_its_hit_on_the_next_screening(event, shadow):
    load_watchlist(event=event, data=WATCHLIST, filename="list.csv")
    Organization.objects.filter(pk=shadow.pk).update(name="Bright Light Bio")
    screen_organizations(event=event, organizations=Organization.objects.filter(pk=shadow.pk))
    assert WatchListHit.objects.count() == 0


def test_hits_by_organization_groups_by_organization(event, shadow, organization):
    load_watchlist(event=event, data=WATCHLIST, filename="list.csv")
    grouped = hits_by_organization(event=event)
    assert list(grouped) == [shadow.pk]
    assert hits_by_organization(event=event, organization_ids=[organization.pk]) == {}


def test_undecided_hit_cannot_be_excluded_in_the_database(event, shadow):
    from django.db import IntegrityError, transaction

    load_watchlist(event=event, data=WATCHLIST, filename="list.csv")
    with pytest.raises(IntegrityError), transaction.atomic():
        WatchListHit.objects.update(excluded=True)


def test_recompute_screens_organizations_added_after_the_upload(
    event, organization, make_organization
):
    from summit.matching.domain.recommendations import recompute_recommendations

    load_watchlist(event=event, data=WATCHLIST, filename="list.csv")
    assert WatchListHit.objects.count() == 0
    late = make_organization(event, "LATE", name="Shadow Genomics Korea", country="KR")
    recompute_recommendations(event=event)
    assert list(WatchListHit.objects.values_list("organization", flat=True)) == [late.pk]


def test_load_watchlist_that_cannot_be_decoded_is_refused(event):
    with pytest.raises(ValidationError) as raised:
        load_watchlist(event=event, data=b"\x00\xff\xfe\x00garbage", filename="list.csv")
    assert "cannot decode" in raised.value.message_dict["file"][0]
    assert WatchListEntry.objects.count() == 0
