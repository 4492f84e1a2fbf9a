"""Check-in codes on a participant's own agenda page (kept with the page for offline use)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from summit.agenda.interfaces.pdf import qr_modules
from summit.agenda.templatetags.agenda_tickets import QUIET_ZONE, qr_svg

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def _modules_of(svg: str) -> list[list[bool]]:
    """Read the dark modules back from the SVG path of horizontal runs."""
    size = int(re.search(r'viewBox="0 0 (\d+) \d+"', svg).group(1)) - 2 * QUIET_ZONE
    grid = [[False] * size for _ in range(size)]
    for x, y, run in re.findall(r"M(\d+) (\d+)h(\d+)v1h-\d+z", svg):
        for column in range(int(x), int(x) + int(run)):
            grid[int(y) - QUIET_ZONE][column - QUIET_ZONE] = True
    return grid


def test_qr_svg_draws_exactly_the_modules_of_the_code():
    url = (
        "https://partnering.example.org/e/bio/lounge/check-in/0c7f6b1e-4b1a-4f7e-9d7a-2d0b8e1f3c55/"
    )
    svg = qr_svg(url, label="check in")
    assert _modules_of(svg) == qr_modules(url)
    assert 'role="img" aria-label="check in"' in svg


def test_own_agenda_shows_a_check_in_code_per_meeting_at_a_table(
    client, participant, event, me, partner, make_scheduled_meeting
):
    held = make_scheduled_meeting(event, first=me, second=partner, slot=0, table=1)
    make_scheduled_meeting(event, first=me, slot=1, table=2, status="cancelled")
    client.force_login(participant)
    page = client.get(reverse("agenda:mine", kwargs={"slug": event.slug})).content.decode()
    codes = re.findall(r'<svg class="qr".*?</svg>', page)
    assert len(codes) == 1  # none for the cancelled meeting
    check_in = reverse("lounge:check_in", kwargs={"slug": event.slug, "meeting_uid": held.uid})
    assert _modules_of(codes[0]) == qr_modules(f"http://testserver{check_in}")


def test_organization_agenda_shows_no_check_in_codes(
    client, organizer, event, me, partner, make_scheduled_meeting
):
    make_scheduled_meeting(event, first=me, second=partner, slot=0, table=1)
    client.force_login(organizer)
    url = reverse(
        "agenda:organization", kwargs={"slug": event.slug, "organization_id": me.organization_id}
    )
    page = client.get(url).content.decode()
    assert "meeting-" in page
    assert '<svg class="qr"' not in page
