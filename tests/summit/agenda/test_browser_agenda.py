"""Browser walk of the agenda (Playwright + chromium on a live server), with screenshots.

Pat opens "My agenda" on a phone-sized screen (no CSP violation, no horizontal scrolling),
switches to a second time zone, downloads the .ics file and the PDF; the organizer prints
the table plan of a slot.
"""

from __future__ import annotations

from pathlib import Path

import icalendar
import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Partnering-Test-2026!"


def _log_in(page, username):
    page.goto("/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("form.form button[type=submit]")


def test_participant_agenda_on_a_phone_and_downloads(
    browser,
    live_server,
    event,
    participant,
    me,
    partner,
    organizer,
    make_scheduled_meeting,
    screenshot,
):
    meeting = make_scheduled_meeting(event, first=me, second=partner, slot=1, table=2)
    make_scheduled_meeting(event, first=me, slot=3, status="cancelled")
    context = browser.new_context(
        base_url=live_server.url,
        locale="en-US",
        viewport={"width": 390, "height": 844},
        accept_downloads=True,
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    violations = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    _log_in(page, "participant")
    page.goto(f"/e/{event.slug}/agenda/")
    item = page.locator(f"#meeting-{meeting.uid}")
    expect(item).to_contain_text("Beta Therapeutics")
    expect(item).to_contain_text("09:30–10:00")
    expect(page.locator(".agenda-item-cancelled")).to_contain_text("cancelled")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    screenshot(page, "phone")
    page.select_option("#agenda-zone", "Europe/Paris")
    page.click(".agenda-zone button")
    expect(item).to_contain_text("02:30–03:00")
    with page.expect_download() as calendar_download:
        page.click("text=Download calendar (.ics)")
    body = Path(calendar_download.value.path()).read_bytes()
    (vevent,) = [
        e
        for e in icalendar.Calendar.from_ical(body).walk("VEVENT")
        if str(e["STATUS"]) == "CONFIRMED"
    ]
    assert str(vevent["UID"]).startswith(str(meeting.uid))
    with page.expect_download() as pdf_download:
        page.click("text=Download PDF")
    assert Path(pdf_download.value.path()).read_bytes().startswith(b"%PDF-")
    assert violations == []
    context.close()

    context = browser.new_context(base_url=live_server.url, locale="en-US")
    page = context.new_page()
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    _log_in(page, "organizer")
    page.goto(f"/e/{event.slug}/agenda/tables/?slot={meeting.slot_id}")
    expect(page.locator(".plan-table")).to_contain_text("Beta Therapeutics")
    page.emulate_media(media="print")
    expect(page.locator("form").first).to_be_hidden()
    screenshot(page, "table-plan-print")
    assert violations == []
    context.close()
