"""`make demo` ends with what to try: every address it prints opens for the role it names."""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from summit.demo.domain.guide import demo_guide
from summit.demo.domain.phases import Phase

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

SEOUL = ZoneInfo("Asia/Seoul")
# The fixture event's one day is 2026-10-06.
MOMENTS = {
    Phase.BEFORE: datetime(2026, 10, 1, 12, 0, tzinfo=SEOUL),
    Phase.DURING: datetime(2026, 10, 6, 10, 0, tzinfo=SEOUL),
    Phase.AFTER: datetime(2026, 10, 9, 12, 0, tzinfo=SEOUL),
}


@pytest.mark.parametrize("phase", list(Phase))
def test_demo_guide_addresses_open_for_their_role(phase, client, event, organizer, participant):
    lines = demo_guide(event=event, base_url="http://testserver", now=MOMENTS[phase])
    assert lines[0].startswith(f"Demo phase: {phase} — summit days 2026-10-06")
    role = None
    checked = 0
    for line in lines:
        if line.startswith(("Organizer (", "Participant (")):
            role = organizer if line.startswith("Organizer") else participant
            client.force_login(role)
            continue
        found = re.search(r"http://testserver(\S+)$", line)
        if found is None:
            continue
        response = client.get(found.group(1), follow=True)
        assert response.status_code == 200, line
        checked += 1
    assert checked >= 5
