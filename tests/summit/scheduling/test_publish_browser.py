"""Browser walk of publishing a draft and placing a late meeting (Playwright + chromium)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from summit.events.models import Slot, Table
from summit.scheduling.models import ScheduledMeeting, ScheduleRun

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Partnering-Test-2026!"


def test_organizer_publishes_a_draft_then_places_a_late_meeting(
    page, event, organizer, make_people, accepted, screenshot
):
    persons = make_people(event, 6)
    first = accepted(persons[0], persons[1])
    second = accepted(persons[2], persons[3])
    slots = list(Slot.objects.filter(event=event).order_by("start"))
    tables = list(Table.objects.filter(event=event).order_by("number"))
    rows = [
        {
            "request": request.pk,
            "slot": slots[index].pk,
            "table": tables[0].pk,
            "attendees": [request.sender_id, request.receiver_person_id],
        }
        for index, request in enumerate((first, second))
    ]
    run = ScheduleRun.objects.create(
        event=event, name="Draft to publish", status="done", assignments=rows
    )

    page.goto("/accounts/login/")
    page.fill("input[name=username]", "organizer")
    page.fill("input[name=password]", PASSWORD)
    page.click("form.form button[type=submit]")
    page.goto(f"/e/{event.slug}/schedule/runs/{run.pk}/publish/")
    expect(page.locator("#count-new")).to_have_text("2")
    expect(page.locator("#count-people")).to_have_text("4")
    expect(page.locator("#publish-new")).to_contain_text("Tue 09:00, Table 1")
    screenshot(page, "1-confirm")
    page.click("#publish-confirm")
    expect(page.locator("#published")).to_contain_text("Published")
    expect(page.locator(".messages")).to_contain_text("Published: 2 new, 0 moved")
    screenshot(page, "2-published")
    assert ScheduledMeeting.objects.filter(status="scheduled").count() == 2

    late = accepted(persons[4], persons[5])
    page.click("text=Late meetings and live changes")
    expect(page.locator("#late-waiting h2")).to_have_text("1 accepted request without a place")
    page.click("#late-place")
    expect(page.locator("#late-placed")).to_have_text("1 of 1 late meetings placed and published.")
    screenshot(page, "3-late")
    assert ScheduledMeeting.objects.get(meeting_request=late).status == "scheduled"
