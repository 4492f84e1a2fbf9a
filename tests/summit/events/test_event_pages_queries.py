"""Set-up list pages keep a constant number of queries (checked at 1 and 3 items)."""

from datetime import date, time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from summit.events.domain.setup import add_day, add_tables, save_session

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def _event_with(make_event, organizer, count):
    event = make_event(days=0, tables=0, organizer=organizer)
    for offset in range(count):
        day = add_day(event=event, day=date(2026, 10, 6 + offset))
        for start in (9, 14):
            save_session(
                day=day,
                name=f"S{start}",
                start_time=time(start),
                end_time=time(start + 2),
                slot_minutes=30,
                break_minutes=0,
            )
    add_tables(event=event, kind="table", count=count)
    return event


@pytest.mark.parametrize("page", ["events:days", "events:slots", "events:tables", "events:home"])
def test_setup_pages_do_not_query_per_item(client, organizer, make_event, page):
    client.force_login(organizer)
    one = _event_with(make_event, organizer, 1)
    three = _event_with(make_event, organizer, 3)
    assert _queries(client, reverse(page, args=[one.slug])) == _queries(
        client, reverse(page, args=[three.slug])
    )
