"""The installable web app: service worker at the root, offline page, pages kept offline."""

import json
from pathlib import Path

import pytest

from summit.core.pwa import OFFLINE_HEADER

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

STATIC = Path(__file__).resolve().parents[3] / "src" / "summit" / "static" / "summit"


def test_service_worker_is_served_at_the_root_with_a_scope_covering_every_page(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == "/"
    assert "no-cache" in response["Cache-Control"]
    assert b"Summit-Offline" in response.content


def test_offline_page_needs_no_login_and_holds_nothing_personal(client, participant):
    client.force_login(participant)
    response = client.get("/offline/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "You are offline" in page
    assert "오프라인" in page
    assert "Participant" not in page  # the logged-in person's name
    assert "csrfmiddlewaretoken" not in page


def test_pages_point_to_the_manifest_and_the_service_worker(client, participant, event):
    client.force_login(participant)
    page = client.get(f"/e/{event.slug}/").content.decode()
    assert 'rel="manifest"' in page
    assert 'data-service-worker="/sw.js?static=' in page


def test_manifest_names_icons_that_exist():
    manifest = json.loads((STATIC / "manifest.json").read_text())
    assert manifest["start_url"] == "/"
    assert manifest["display"] == "standalone"
    sizes = {icon["sizes"] for icon in manifest["icons"]}
    assert {"192x192", "512x512"} <= sizes
    for icon in manifest["icons"]:
        assert (STATIC / icon["src"]).is_file(), icon["src"]


def test_agenda_and_todays_meetings_are_kept_offline_for_members_only(
    client, participant, other_participant, event
):
    client.force_login(participant)
    for path in (f"/e/{event.slug}/agenda/", f"/e/{event.slug}/lounge/today/"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert response[OFFLINE_HEADER] == "keep"
        assert "private" in response["Cache-Control"]
    assert OFFLINE_HEADER not in client.get(f"/e/{event.slug}/meetings/")
    client.force_login(other_participant)
    refused = client.get(f"/e/{event.slug}/agenda/")
    assert refused.status_code != 200
    assert OFFLINE_HEADER not in refused
