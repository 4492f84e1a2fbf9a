"""Event archives round-trip exactly, leave other events out and never half-write."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from datetime import date
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import IntegrityError
from django.utils import timezone

from summit.accounts.models import Invitation
from summit.agenda.models import CalendarToken
from summit.archive.domain import ArchiveError, collect_event_rows, export_event, import_event
from summit.events.models import Event
from summit.matching.models import Dismissal, Recommendation
from summit.meetings.models import Unavailability
from summit.organizations.models import Organization
from summit.outcomes.models import Deal, DealParty, MeetingFeedback
from summit.scheduling.models import MeetingSeat, ScheduledMeeting

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


@pytest.fixture
def full_event(
    event: Any,
    organization: Any,
    participant: Any,
    make_organization: Any,
    make_membership: Any,
    make_user: Any,
    make_scheduled_meeting: Any,
    other_participant: Any,
) -> Any:
    """An event with a row in most tables: people, meetings, feedback, a deal, tokens."""
    me = participant.memberships.get(event=event)
    partner_org = make_organization(event, "PARTNER", name="Partner Pharma", name_local="파트너")
    partner = make_membership(partner_org, make_user(first_name="Jihoon", last_name="Kang"))
    meeting = make_scheduled_meeting(event, first=me, second=partner, slot=1, table=2)
    MeetingFeedback.objects.create(
        meeting=meeting,
        organization=organization,
        author=me,
        took_place=True,
        follow_up_interest="strong",
        next_step="second_meeting",
        note="한국어 메모",
    )
    deal = Deal.objects.create(
        event=event,
        title="Licence",
        kind="license",
        stage="signed",
        date=date(2026, 10, 20),
        signed_on=date(2026, 10, 20),
        value=1000000,
        currency="USD",
    )
    DealParty.objects.create(deal=deal, organization=organization)
    DealParty.objects.create(deal=deal, organization=partner_org)
    deal.meetings.set([meeting])
    Recommendation.objects.create(
        event=event,
        organization=organization,
        partner=partner_org,
        rank=1,
        score=0.9,
        computed_at=timezone.now(),
    )
    third = make_organization(event, "THIRD")
    Dismissal.objects.create(
        event=event, organization=organization, partner=third, user=participant
    )
    Unavailability.objects.create(membership=me, slot=event.slots.order_by("start")[3])
    CalendarToken.objects.create(membership=me)
    Invitation.objects.create(user=partner.user, event=event)
    return event


def _rows(data: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read("rows.json")


def _manifest(data: bytes) -> dict[str, Any]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return json.loads(archive.read("manifest.json"))


def _forget(event: Event) -> None:
    """Remove the event and the people it names, as an empty database would be."""
    people = {row.pk for row in collect_event_rows(event=event).get(get_user_model(), {}).values()}
    MeetingSeat.objects.filter(meeting__event=event).delete()
    ScheduledMeeting.objects.filter(event=event).delete()
    event.delete()
    get_user_model().objects.filter(pk__in=people).delete()


def _with_rows(data: bytes, change: Any) -> bytes:
    """The archive with its rows changed by ``change`` and its manifest made to match."""
    manifest = _manifest(data)
    records = json.loads(_rows(data))
    change(records)
    rows = json.dumps(records).encode()
    manifest["sha256"] = hashlib.sha256(rows).hexdigest()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("manifest.json", json.dumps(manifest))
        archive.writestr("rows.json", rows)
    return buffer.getvalue()


def test_export_event_holds_every_table_of_the_event_and_nothing_of_another(
    full_event: Any, other_event: Any
) -> None:
    counts = _manifest(export_event(event=full_event))["counts"]

    for label in (
        "events.event",
        "events.slot",
        "events.table",
        "organizations.organization",
        "organizations.membership",
        "meetings.meetingrequest",
        "meetings.unavailability",
        "scheduling.scheduledmeeting",
        "scheduling.meetingseat",
        "outcomes.meetingfeedback",
        "outcomes.deal",
        "outcomes.dealparty",
        "matching.recommendation",
        "matching.dismissal",
        "agenda.calendartoken",
        "accounts.invitation",
        "auth.user",
        "accounts.profile",
    ):
        assert counts.get(label, 0) >= 1, label
    assert counts["events.event"] == 1
    records = json.loads(_rows(export_event(event=full_event)))
    organization_events = {
        record["fields"]["event"]
        for record in records
        if record["model"] == "organizations.organization"
    }
    assert organization_events == {full_event.pk}
    assert not any(record["model"] == "api.apitoken" for record in records)


def test_import_event_round_trips_exactly_into_a_database_without_it(full_event: Any) -> None:
    before = export_event(event=full_event)
    slug = full_event.slug
    _forget(full_event)

    summary = import_event(data=before)

    after = export_event(event=Event.objects.get(slug=slug))
    assert summary.slug == slug
    assert _rows(after) == _rows(before)
    assert _manifest(after)["counts"] == _manifest(before)["counts"]
    assert Deal.objects.get(event__slug=slug).meetings.count() == 1


def test_import_event_then_new_rows_get_new_numbers(full_event: Any, make_organization) -> None:
    data = export_event(event=full_event)
    highest = Organization.objects.order_by("-pk").first().pk
    slug = full_event.slug
    _forget(full_event)
    import_event(data=data)

    fresh = make_organization(Event.objects.get(slug=slug))

    assert fresh.pk > highest


def test_import_event_refuses_an_event_that_is_already_there(full_event: Any) -> None:
    data = export_event(event=full_event)

    with pytest.raises(ArchiveError, match="already exists"):
        import_event(data=data)


def test_import_event_refuses_a_damaged_archive(full_event: Any) -> None:
    data = export_event(event=full_event)
    manifest = _manifest(data)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("manifest.json", json.dumps(manifest))
        archive.writestr("rows.json", _rows(data).replace(b"Licence", b"Licensed"))

    with pytest.raises(ArchiveError, match="checksum"):
        import_event(data=buffer.getvalue())
    with pytest.raises(ArchiveError, match="not a ZIP"):
        import_event(data=b"not a zip file")


def test_import_event_refuses_an_unknown_version(full_event: Any) -> None:
    data = export_event(event=full_event)
    manifest = _manifest(data) | {"version": 99}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("manifest.json", json.dumps(manifest))
        archive.writestr("rows.json", _rows(data))

    with pytest.raises(ArchiveError, match="version 99"):
        import_event(data=buffer.getvalue())


def test_import_event_refuses_a_migration_this_database_lacks(full_event: Any) -> None:
    data = export_event(event=full_event)
    manifest = _manifest(data)
    manifest["migrations"]["events"].append("9999_from_the_future")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("manifest.json", json.dumps(manifest))
        archive.writestr("rows.json", _rows(data))
    slug = full_event.slug
    _forget(full_event)

    with pytest.raises(ArchiveError, match="9999_from_the_future"):
        import_event(data=buffer.getvalue())
    assert not Event.objects.filter(slug=slug).exists()


def test_import_event_writes_nothing_when_a_row_is_broken(full_event: Any) -> None:
    data = export_event(event=full_event)

    def point_a_membership_nowhere(records: list[dict[str, Any]]) -> None:
        membership = next(r for r in records if r["model"] == "organizations.membership")
        membership["fields"]["organization"] = 987654321

    broken = _with_rows(data, point_a_membership_nowhere)
    slug = full_event.slug
    _forget(full_event)
    users_before = get_user_model().objects.count()

    with pytest.raises((IntegrityError, ArchiveError)):
        import_event(data=broken)

    assert not Event.objects.filter(slug=slug).exists()
    assert not Organization.objects.filter(event__slug=slug).exists()
    assert get_user_model().objects.count() == users_before


def test_import_event_refuses_another_user_under_the_same_number(full_event: Any) -> None:
    data = export_event(event=full_event)
    user_row = next(r for r in json.loads(_rows(data)) if r["model"] == "auth.user")
    _forget(full_event)
    get_user_model().objects.create(pk=user_row["pk"], username="somebody-else")

    with pytest.raises(ArchiveError, match="somebody-else"):
        import_event(data=data)


def test_export_and_import_commands_round_trip(full_event: Any, tmp_path: Any) -> None:
    out = tmp_path / "archive.zip"
    call_command("export_event", full_event.slug, "--out", str(out))
    slug = full_event.slug
    _forget(full_event)

    call_command("import_event", str(out))

    assert Event.objects.filter(slug=slug).exists()
    with pytest.raises(CommandError, match="already exists"):
        call_command("import_event", str(out))
    with pytest.raises(CommandError, match="exists already"):
        call_command("export_event", slug, "--out", str(out))
    with pytest.raises(CommandError, match="no event"):
        call_command("export_event", "no-such-event", "--out", str(tmp_path / "x.zip"))
