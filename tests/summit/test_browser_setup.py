"""Browser walks (Playwright + Debian's chromium on a live server), with screenshots.

The organizer logs in, creates an event, adds a day, a session and tables and sees the
generated slots; a participant logs in and switches the site to Korean.
"""

import re

import pytest
from playwright.sync_api import expect

from summit.events.models import Slot, Table

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Partnering-Test-2026!"


def _log_in(page, username):
    page.goto("/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("form.form button[type=submit]")


def test_organizer_sets_up_an_event_and_sees_generated_slots(
    event_nav, page, organizer, screenshot
):
    _log_in(page, "organizer")
    expect(page.locator("h1")).to_have_text("Your events")
    page.click("text=Create an event")
    page.fill("input[name=slug]", "seoul-bio-2026")
    page.fill("input[name=name]", "Seoul Bio Summit 2026")
    page.fill("input[name=name_ko]", "서울 바이오 서밋 2026")
    page.fill("input[name=venue]", "COEX, Seoul")
    page.fill("input[name=interpreters_per_slot]", "3")
    screenshot(page, "1-create-event")
    page.click("text=Save")

    expect(page.locator("h1")).to_have_text("Days & sessions")
    page.fill("input[name=date]", "2026-10-06")
    page.click("button:has-text('Add day')")
    page.click("text=Add a session")
    page.fill("input[name=name]", "Morning partnering")
    page.fill("input[name=start_time]", "09:00")
    page.fill("input[name=end_time]", "12:00")
    page.fill("input[name=slot_minutes]", "30")
    page.fill("input[name=break_minutes]", "10")
    # htmx (served from our origin under the CSP) previews the slots before saving.
    expect(page.locator("#slot-preview .slot")).to_have_count(4)
    screenshot(page, "2-session-preview")
    page.click("text=Save and generate slots")

    # 09:00–12:00, 30-minute slots, 10-minute breaks: 09:00, 09:40, 10:20, 11:00 (11:40
    # would end after 12:00).
    expect(page.locator(".slot")).to_have_count(4)
    expect(page.locator(".slot").first).to_have_text("09:00–09:30")
    expect(page.locator(".slot").last).to_have_text("11:00–11:30")
    screenshot(page, "3-slots")

    event_nav(page, "Tables")
    page.select_option("select[name=kind]", "table")
    page.fill("input[name=count]", "12")
    page.click("form.form-inline button[type=submit]")
    page.select_option("select[name=kind]", "room")
    page.fill("input[name=count]", "2")
    page.fill("input[name=label_prefix]", "Private room")
    page.click("form.form-inline button[type=submit]")
    expect(page.locator("table.table tbody tr")).to_have_count(14)
    screenshot(page, "4-tables")

    event_nav(page, "Overview")
    # The command center's set-up phase counts what was just made.
    setup_figures = page.locator("#phase-setup .phase-figures")
    expect(setup_figures).to_contain_text("1 day · 4 slots · 12 tables")
    screenshot(page, "5-dashboard")
    assert Slot.objects.filter(event__slug="seoul-bio-2026").count() == 4
    assert Table.objects.filter(event__slug="seoul-bio-2026", kind="room").count() == 2


def test_participant_switches_to_korean(page, participant, event, screenshot):
    _log_in(page, "participant")
    expect(page.locator("h1")).to_have_text("Bio Summit")
    page.select_option("#language-select", "ko")
    page.click(".language-form button")
    expect(page.locator("html")).to_have_attribute("lang", "ko")
    expect(page.locator("h1")).to_have_text("바이오 서밋")
    expect(page.locator(".topbar button.button-quiet")).to_have_text("로그아웃")
    screenshot(page, "1-korean-home")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "2-korean-home-phone")
    # The choice is remembered for the account: a fresh browser gets Korean after log-in.
    page.context.clear_cookies()
    _log_in(page, "participant")
    expect(page.locator("html")).to_have_attribute("lang", "ko")
    assert re.search("바이오 서밋", page.content())
