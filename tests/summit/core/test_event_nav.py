"""The event menu: organizers' links in seven groups, participants' in one short row."""

import re

import pytest

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

GROUPS = ["program", "matching", "meetings", "schedule", "day", "outcomes", "settings"]


def _menu(client, event) -> str:
    page = client.get(f"/e/{event.slug}/").content.decode()
    return page[page.index('<nav class="event-nav') : page.index("</nav>", page.index("event-nav"))]


def test_organizer_menu_is_grouped_in_program_order(client, organizer, event):
    client.force_login(organizer)
    menu = _menu(client, event)
    assert re.findall(r'id="nav-group-(\w+)"', menu) == GROUPS
    settings = menu[menu.index('id="nav-group-settings"') :]
    assert f"/e/{event.slug}/setup/tables/" in settings
    schedule = menu[menu.index('id="nav-group-schedule"') : menu.index('id="nav-group-day"')]
    assert f"/e/{event.slug}/schedule/" in schedule
    assert f"/e/{event.slug}/agenda/tables/" in schedule


def test_participant_menu_is_one_short_row_without_organizer_links(client, participant, event):
    client.force_login(participant)
    menu = _menu(client, event)
    assert "nav-group" not in menu
    links = re.findall(r'<a [^>]*href="([^"]+)"', menu)
    assert links[0] == f"/e/{event.slug}/"
    assert f"/e/{event.slug}/agenda/" in links
    assert f"/e/{event.slug}/meetings/" in links
    assert not any("/setup/" in link or "/import/" in link for link in links)
    assert len(links) <= 10
