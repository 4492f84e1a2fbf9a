"""Attendance through the API: check-in by meeting and by badge, no-shows, resets; the
lounge's rules (time windows, who) answered as 422/403."""

from typing import Any

import pytest

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

BASE = "/api/events/live-summit"


@pytest.fixture
def live_people(live_event: Any, participant: Any, make_organization: Any, make_membership: Any):
    mine = make_membership(make_organization(live_event, "LIVEA"), participant)
    theirs = make_membership(make_organization(live_event, "LIVEB"))
    return mine, theirs


def _meeting(make_scheduled_meeting: Any, live_event: Any, people: Any, slot: int) -> Any:
    mine, theirs = people
    return make_scheduled_meeting(
        live_event, first=mine, second=theirs, slot=slot, table=slot % 4 + 1
    )


def _post(client: Any, url: str, headers: dict[str, str], body: Any = None) -> Any:
    return client.post(url, body or {}, content_type="application/json", **headers)


def test_participant_checks_in_running_meeting(
    client, api_auth, live_event, live_people, make_scheduled_meeting
):
    meeting = _meeting(make_scheduled_meeting, live_event, live_people, slot=2)
    url = f"{BASE}/schedule/meetings/{meeting.pk}/check-in"
    response = _post(client, url, api_auth("participant"))
    assert response.status_code == 200
    assert response.json()["attendance"] == "checked_in"


def test_check_in_outside_window_is_422_unless_organizer_overrides(
    client, api_auth, live_event, live_people, make_scheduled_meeting
):
    meeting = _meeting(make_scheduled_meeting, live_event, live_people, slot=5)
    url = f"{BASE}/schedule/meetings/{meeting.pk}/check-in"
    refused = _post(client, url, api_auth("participant"), {"override": True})
    assert refused.status_code == 422
    assert "Check-in opens" in refused.json()["errors"]["__all__"][0]
    done = _post(client, url, api_auth("organizer"), {"override": True})
    assert done.json()["attendance"] == "checked_in"


def test_no_show_names_the_other_side_and_reset_is_organizers(
    client, api_auth, live_event, live_people, make_scheduled_meeting
):
    meeting = _meeting(make_scheduled_meeting, live_event, live_people, slot=2)
    url = f"{BASE}/schedule/meetings/{meeting.pk}"
    response = _post(client, f"{url}/no-show", api_auth("participant"))
    assert response.json()["absent_org_id"] == "LIVEB"
    assert _post(client, f"{url}/attendance-reset", api_auth("participant")).status_code == 403
    reset = _post(client, f"{url}/attendance-reset", api_auth("organizer"))
    assert reset.json()["attendance"] == "expected"


def test_organizer_no_show_with_unknown_organization_names_the_field(
    client, api_auth, live_event, live_people, make_scheduled_meeting
):
    meeting = _meeting(make_scheduled_meeting, live_event, live_people, slot=2)
    url = f"{BASE}/schedule/meetings/{meeting.pk}/no-show"
    response = _post(client, url, api_auth("organizer"), {"absent_org_id": "NOPE"})
    assert response.status_code == 422
    assert "absent_org_id" in response.json()["errors"]


def test_badge_scan_checks_in_the_persons_current_meeting(
    client, api_auth, live_event, live_people, make_scheduled_meeting
):
    mine, _theirs = live_people
    make_scheduled_meeting(live_event, first=mine, slot=0, table=1)  # ended
    running = _meeting(make_scheduled_meeting, live_event, live_people, slot=2)
    response = _post(client, f"{BASE}/check-ins", api_auth("organizer"), {"person_id": mine.pk})
    assert response.status_code == 200
    assert response.json()["id"] == running.pk
    assert response.json()["attendance"] == "checked_in"


def test_badge_scan_without_meeting_now_names_the_person(client, api_auth, live_event, live_people):
    mine, _theirs = live_people
    response = _post(client, f"{BASE}/check-ins", api_auth("organizer"), {"person_id": mine.pk})
    assert response.status_code == 422
    assert "Pat Participant" in response.json()["errors"]["__all__"][0]


def test_badge_scan_is_for_organizers(client, api_auth, live_event, live_people):
    mine, _theirs = live_people
    response = _post(client, f"{BASE}/check-ins", api_auth("participant"), {"person_id": mine.pk})
    assert response.status_code == 403


def test_participant_cannot_check_in_other_organizations_meeting(
    client, api_auth, live_event, live_people, make_scheduled_meeting
):
    meeting = make_scheduled_meeting(live_event, slot=2, table=4)
    url = f"{BASE}/schedule/meetings/{meeting.pk}/check-in"
    assert _post(client, url, api_auth("participant")).status_code == 404
