"""The parties of a meeting (`summit.meetings.domain.parties`), and the rule that keeps the
request's organization fields spelled there alone."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from summit.meetings.domain.parties import (
    any_party,
    asked_party_path,
    involving,
    is_party,
    open_pair_lookup,
    other_parties_of,
    other_party_id_of,
    other_party_of,
    pair_id_fields,
    pair_key,
    parties_label,
    parties_of,
    party_fields,
    party_id_fields,
    party_ids_in,
    party_ids_of,
    party_paths,
    requesting_party_path,
)
from summit.meetings.models import MeetingRequest
from summit.scheduling.models import MeetingSeat, ScheduledMeeting

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


@pytest.fixture
def meeting(make_scheduled_meeting, event, sender, receiver):
    return make_scheduled_meeting(event, first=sender, second=receiver)


def test_parties_of_request_gives_requesting_party_first(pending_request, sender, receiver):
    assert parties_of(pending_request) == (sender.organization, receiver.organization)
    assert party_ids_of(pending_request) == (sender.organization_id, receiver.organization_id)


def test_other_party_of_each_side_is_the_partner(pending_request, sender, receiver):
    own, partner = sender.organization, receiver.organization
    assert other_party_of(pending_request, organization_id=own.pk) == partner
    assert other_party_of(pending_request, organization_id=partner.pk) == own
    assert other_party_id_of(pending_request, organization_id=partner.pk) == own.pk
    assert other_parties_of(pending_request, organization_id=own.pk) == (partner,)


def test_is_party_false_for_outsider_and_none(pending_request, sender, make_organization, event):
    outsider = make_organization(event)
    assert is_party(pending_request, organization_id=sender.organization_id)
    assert not is_party(pending_request, organization_id=outsider.pk)
    assert not is_party(pending_request, organization_id=None)


def test_involving_finds_requests_of_either_party(pending_request, sender, receiver, event):
    other = MeetingRequest.objects.exclude(pk=pending_request.pk)
    assert list(MeetingRequest.objects.filter(involving(sender.organization))) == [pending_request]
    assert list(MeetingRequest.objects.filter(involving(receiver.organization_id))) == [
        pending_request
    ]
    assert not other.filter(involving(sender.organization)).exists()


def test_involving_several_organizations_matches_any_of_them(
    pending_request, receiver, make_organization, event
):
    outsider = make_organization(event)
    found = MeetingRequest.objects.filter(involving([outsider, receiver.organization_id]))
    assert list(found) == [pending_request]
    assert not MeetingRequest.objects.filter(involving([outsider.pk])).exists()


def test_involving_via_relation_finds_meetings_and_seats(meeting, sender, make_organization):
    outsider = make_organization(meeting.event)
    assert list(
        ScheduledMeeting.objects.filter(involving(sender.organization, via="meeting_request"))
    ) == [meeting]
    assert not ScheduledMeeting.objects.filter(involving(outsider, via="meeting_request")).exists()
    seats = MeetingSeat.objects.filter(
        involving(sender.organization_id, via="meeting__meeting_request")
    )
    assert seats.count() == 2


def test_any_party_matches_lookups_on_either_organization(pending_request, receiver):
    receiver.organization.org_type = "pharma"
    receiver.organization.save()
    assert MeetingRequest.objects.filter(any_party(org_type="pharma")).exists()
    assert not MeetingRequest.objects.filter(any_party(org_type="cro")).exists()


def test_party_paths_select_parties_without_extra_queries(meeting):
    found = ScheduledMeeting.objects.select_related(*party_paths(via="meeting_request"))
    with CaptureQueriesContext(connection) as queries:
        [row] = list(found)
        names = [o.name for o in parties_of(row.meeting_request)]
    assert len(queries) == 1
    assert names == ["Acme Biologics", "Beta Therapeutics"]


def test_party_paths_with_field_reach_organization_columns(meeting):
    rows = ScheduledMeeting.objects.values_list(*party_paths(via="meeting_request", field="name"))
    assert list(rows) == [("Acme Biologics", "Beta Therapeutics")]


def test_parties_of_scheduled_meeting_are_its_requests(meeting, sender, receiver):
    assert parties_of(meeting) == parties_of(meeting.meeting_request)
    assert other_party_of(meeting, organization_id=sender.organization_id) == receiver.organization
    assert is_party(meeting, organization_id=receiver.organization_id)


def test_party_ids_in_values_row_match_party_ids_of(meeting):
    row = ScheduledMeeting.objects.values(*party_id_fields(via="meeting_request")).get()
    assert party_ids_in(row, via="meeting_request") == party_ids_of(meeting.meeting_request)


def test_role_paths_name_who_asked_and_who_answers(pending_request, sender, receiver):
    row = MeetingRequest.objects.values(
        requesting_party_path(field="id"), asked_party_path(field="name")
    ).get()
    assert list(row.values()) == [sender.organization_id, "Beta Therapeutics"]
    assert asked_party_path(via="meeting_request") == party_paths(via="meeting_request")[1]


def test_open_pair_lookup_finds_request_whoever_asked(pending_request, sender, receiver):
    ids = [receiver.organization_id, sender.organization_id]
    assert MeetingRequest.objects.get(**open_pair_lookup(ids)) == pending_request
    pair = MeetingRequest.objects.values_list(*pair_id_fields()).get()
    assert pair == pair_key(ids)


def test_open_pair_lookup_refuses_wrong_number_of_parties():
    with pytest.raises(ValueError, match="2 parties, not 3"):
        open_pair_lookup([1, 2, 3])


def test_party_fields_fill_parties_and_canonical_pair(event, sender, receiver):
    first, second = receiver.organization_id, sender.organization_id
    created = MeetingRequest.objects.create(
        event=event, kind="organizer_arranged", status="accepted", **party_fields(first, second)
    )
    assert party_ids_of(created) == (first, second)
    assert MeetingRequest.objects.filter(**open_pair_lookup([first, second])).get() == created


def test_party_fields_refuse_one_party():
    with pytest.raises(ValueError, match="2 parties, not 1"):
        party_fields(7)


def test_parties_label_in_korean_uses_local_names(pending_request):
    assert parties_label(pending_request) == "Acme Biologics – Beta Therapeutics"
    with translation.override("ko"):
        assert parties_label(pending_request, local=True).endswith("– 베타 테라퓨틱스")


def test_parties_filters_render_in_templates(pending_request):
    template = Template(
        "{% load meetings %}{{ r|party_names }}|{% for o in r|parties %}{{ o.org_id }} {% endfor %}"
    )
    rendered = template.render(Context({"r": pending_request}))
    assert (
        rendered
        == f"Acme Biologics – Beta Therapeutics|{parties_of(pending_request)[0].org_id} BETA "
    )


# ---- the rule: the request's organization fields are spelled in one place -----------------

SRC = Path(__file__).resolve().parents[3] / "src" / "summit"
#: The fields, also inside lookup paths ("meeting_request__sender_organization_id").
RAW_FIELDS = re.compile(r"(?<![A-Za-z0-9])(sender|receiver|low|high)_organization(?![A-Za-z0-9])")

#: Files (or folders) besides summit/meetings/domain/parties.py that may spell the fields,
#: each with the reason.
ALLOWED = {
    # The home itself.
    "meetings/domain/parties.py",
    # The model declares the fields and its database constraints (not-to-self, canonical
    # pair, one open request per pair, answers by the receiving organization).
    "meetings/models/request.py",
    # Migrations are history: they keep the field names they were written with.
    "meetings/migrations/",
    # A request's life cycle is about roles, not parties: only the asked organization
    # answers, only the requesting one withdraws, the sender's limit of open requests, the
    # e-mails and pages that say who asked whom, the API's
    # sender/receiver fields. All inside the meetings app, which owns the model.
    "meetings/domain/requests.py",
    "meetings/domain/cards.py",
    "meetings/domain/notifications.py",
    "meetings/templates/meetings/",
    "meetings/api.py",
    "meetings/views.py",
}

#: Single lines elsewhere that may spell the fields: (file, text on the line, reason).
ALLOWED_LINES = {
    # A person's data export names who asked whom with the request's own field names (the
    # export's documented keys, not a lookup).
    ("outcomes/domain/privacy.py", "sender_organization=row."),
    ("outcomes/domain/privacy.py", "receiver_organization=row."),
}


def _spelled() -> dict[str, list[str]]:
    """Lines spelling the fields, by file (relative to src/summit)."""
    found: dict[str, list[str]] = {}
    for path in sorted(SRC.rglob("*")):
        if path.suffix not in {".py", ".html", ".txt"} or not path.is_file():
            continue
        relative = path.relative_to(SRC).as_posix()
        for line in path.read_text(encoding="utf-8").splitlines():
            if RAW_FIELDS.search(line):
                found.setdefault(relative, []).append(line.strip())
    return found


def _file_allowed(relative: str) -> bool:
    return any(relative.startswith(entry) for entry in ALLOWED)


def _line_allowed(relative: str, line: str) -> bool:
    return any(relative == path and text in line for path, text in ALLOWED_LINES)


@pytest.mark.django_db(False)
def test_request_organization_fields_are_spelled_only_in_parties_module():
    offenders = [
        f"{path}: {line}"
        for path, lines in _spelled().items()
        if not _file_allowed(path)
        for line in lines
        if not _line_allowed(path, line)
    ]
    assert not offenders, (
        "Use summit.meetings.domain.parties (parties_of, involving, party_paths, ...) instead "
        "of the request's organization fields:\n" + "\n".join(offenders)
    )


@pytest.mark.django_db(False)
def test_parties_allow_lists_name_only_what_still_needs_them():
    spelled = _spelled()
    stale = sorted(
        entry for entry in ALLOWED if not any(path.startswith(entry) for path in spelled)
    ) + sorted(
        f"{path}: {text}"
        for path, text in ALLOWED_LINES
        if not any(text in line for line in spelled.get(path, []))
    )
    assert not stale, f"remove from the allow-lists (no longer spelled there): {stale}"
