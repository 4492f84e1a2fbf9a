"""Browser walk (Playwright + chromium on a live server): after a held meeting, Pat of Acme
gives feedback on a phone-sized screen, records a deal from that meeting and advances it
to signed; Kim of Beta sees the deal and confirms it."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from summit.outcomes.models import Deal, MeetingFeedback

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Partnering-Test-2026!"


def _log_in(page, username, next_url):
    page.goto(f"/accounts/login/?next={next_url}")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("form.form button[type=submit]")


def test_feedback_then_deal_recorded_and_signed(
    page, browser, live_server, event, acme, beta, held_meeting, screenshot
):
    violations = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.set_viewport_size({"width": 390, "height": 844})
    _log_in(page, "participant", f"/e/{event.slug}/outcomes/")
    waiting = page.locator("#waiting")
    expect(waiting).to_contain_text("Beta Therapeutics")
    waiting.get_by_role("link", name="Give feedback").click()
    page.get_by_label("Yes").check()
    page.get_by_label("strong").check()
    page.get_by_label("second meeting").check()
    page.get_by_label("Note (only your organization and the organizers read it)").fill(
        "Interested in the ADC platform"
    )
    screenshot(page, "feedback")
    page.get_by_role("button", name="Save feedback").click()
    expect(page.locator(".messages")).to_contain_text("your feedback is saved")
    feedback = MeetingFeedback.objects.get()
    assert (feedback.took_place, feedback.follow_up_interest, feedback.next_step) == (
        True,
        "strong",
        "second_meeting",
    )

    page.set_viewport_size({"width": 1200, "height": 900})
    page.locator("#given").get_by_role("link", name="Record a deal").click()
    page.get_by_label("Title").fill("ADC licence")
    page.get_by_label("Kind").select_option("license")
    page.get_by_label("Value (optional)").fill("1200000")
    page.get_by_label("Currency").select_option("USD")
    # The party picker shows the partner of the meeting as a chip; its select holds the value.
    expect(page.locator("#id_partners")).to_have_values([str(beta.organization_id)])
    expect(page.locator(".picker-chip")).to_have_count(1)
    page.get_by_role("button", name="Record the deal").click()
    expect(page.locator("#deal-stage")).to_have_text("discussing")

    page.locator("#id_stage").select_option("signed")
    page.get_by_role("button", name="Change the stage").click()
    expect(page.locator("#deal-stage")).to_have_text("signed")
    expect(page.locator("#deal-history")).to_contain_text("discussing")
    screenshot(page, "deal")
    deal = Deal.objects.get()
    assert (deal.stage, deal.value, deal.currency) == ("signed", 1200000, "USD")
    assert list(deal.meetings.all()) == [held_meeting]

    # The deal goes to the organization's CRM: the outcomes page links the import files,
    # downloaded with the session.
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"/e/{event.slug}/outcomes/")
    links = page.locator(".crm-export")
    expect(links).to_contain_text("HubSpot deals")
    links.scroll_into_view_if_needed()
    screenshot(page, "crm-export")
    with page.expect_download() as download:
        links.get_by_role("link", name="HubSpot deals").click()
    text = Path(download.value.path()).read_text(encoding="utf-8-sig")
    assert text.startswith("Deal name,Pipeline,Deal stage")
    assert "ADC licence" in text

    assert violations == []

    kim = browser.new_context(base_url=live_server.url, locale="en-US").new_page()
    _log_in(kim, "kim", f"/e/{event.slug}/outcomes/deals/{deal.pk}/")
    kim.get_by_role("button", name="확인").or_(
        kim.get_by_role("button", name="거래 확인")
    ).first.click()
    expect(kim.locator(".messages")).to_be_visible()
    assert deal.parties.get(organization=beta.organization).confirmed_at is not None
    kim.context.close()
