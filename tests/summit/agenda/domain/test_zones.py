"""Viewer time zones on the agenda: only IANA names are accepted, anything else is ignored."""

import pytest
from django.urls import reverse

from summit.agenda.domain.zones import choose_viewer_time_zone, is_time_zone

NOT_ZONES = [
    "America",  # a folder of the zone database, not a zone
    "Europe",
    "posix",
    "right",
    "Etc",
    "America/",
    "/etc/passwd",
    "../../etc/passwd",
    "Europe/../Asia/Seoul",
    "Mars/Olympus",
    "",
    "\x00",
    "Europe/Paris\x00",
    "a" * 5000,
    "zone.tab",
    "tzdata.zi",
]


@pytest.mark.unit
@pytest.mark.parametrize("name", ["Europe/Paris", "Asia/Seoul", "America/Argentina/Salta", "UTC"])
def test_iana_names_are_time_zones(name):
    assert is_time_zone(name)


@pytest.mark.unit
@pytest.mark.parametrize("name", NOT_ZONES)
def test_folders_paths_and_unknown_names_are_not_time_zones(name):
    assert not is_time_zone(name)


@pytest.mark.unit
def test_a_folder_asked_for_falls_back_to_the_event_zone():
    chosen = choose_viewer_time_zone(
        requested="America", remembered=None, profile_zone="", event_zone="Asia/Seoul"
    )
    assert chosen is None


@pytest.mark.integration
@pytest.mark.django_db
@pytest.mark.parametrize("name", ["America", "Europe", "posix", "Etc", "../America"])
def test_agenda_pages_answer_a_folder_as_time_zone_with_the_event_zone(
    client, participant, event, organization, name
):
    client.force_login(participant)
    for page in ("agenda:mine", "agenda:organization"):
        kwargs = {"slug": event.slug}
        if page == "agenda:organization":
            kwargs["organization_id"] = organization.pk
        response = client.get(reverse(page, kwargs=kwargs), {"tz": name})
        assert response.status_code == 200
        assert response.context["viewer_zone"] is None
