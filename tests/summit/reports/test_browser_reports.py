"""The issue's "done when", in a browser (Playwright + chromium on a live server): a held
meeting → both sides give feedback → a deal is recorded and advanced to signed → the
organizer's dashboard counts it → the Excel and PDF reports downloaded from the dashboard
contain it (read back), and a confidential deal is counted but never named."""

from __future__ import annotations

import io
from datetime import time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from summit.events.domain.setup import add_day, save_session
from summit.outcomes.models import Deal, DealParty

from .test_views import pdf_text

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Partnering-Test-2026!"
DEAL = "Acme–Beta ADC licence"
SECRET = "Secret Gamma CDMO deal"
SECRET_PARTY = "Gamma Hidden Bio"


def _log_in(page: Any, username: str, next_url: str) -> None:
    page.goto(f"/accounts/login/?next={next_url}")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("form.form button[type=submit]")


def _give_feedback(page: Any, slug: str, interest: str, step: str) -> None:
    page.goto(f"/e/{slug}/outcomes/")
    page.locator("#waiting").get_by_role("link", name="Give feedback").click()
    page.get_by_label("Yes").check()
    page.check(f"input[name=follow_up_interest][value={interest}]")
    page.get_by_label(step).check()
    page.get_by_role("button", name="Save feedback").click()
    expect(page.locator(".messages")).to_contain_text("your feedback is saved")


@pytest.fixture
def held_event(make_event: Any, organizer: Any) -> Any:
    """An event whose one morning was yesterday (its meetings are over, feedback is open)."""
    event = make_event("report-walk", days=0, organizer=organizer, name="Report Walk Summit")
    event.venue = "COEX, Seoul"
    event.save()
    yesterday = timezone.localtime(timezone.now(), ZoneInfo(event.time_zone)).date()
    day = add_day(event=event, day=yesterday - timedelta(days=1))
    save_session(
        day=day,
        name="Morning",
        start_time=time(9, 0),
        end_time=time(12, 0),
        slot_minutes=30,
        break_minutes=0,
    )
    return event


def test_feedback_deal_dashboard_and_reports(
    event_nav: Any,
    page: Any,
    browser: Any,
    live_server: Any,
    held_event: Any,
    make_user: Any,
    make_organization: Any,
    make_membership: Any,
    make_scheduled_meeting: Any,
    screenshot: Any,
    tmp_path: Path,
) -> None:
    import openpyxl

    event = held_event
    acme = make_membership(
        make_organization(event, "ACME", name="Acme Biologics"), make_user("pat"), role="lead"
    )
    beta = make_membership(
        make_organization(event, "BETA", name="Beta Therapeutics", country="US"),
        make_user("kim"),
        role="lead",
    )
    make_scheduled_meeting(event, first=acme, second=beta, slot=0, attendance="checked_in")
    gamma = make_organization(event, "GAMMA", name=SECRET_PARTY, country="JP", org_type="cdmo")
    secret = Deal.objects.create(
        event=event,
        title=SECRET,
        kind="cdmo_cmo_contract",
        stage="signed",
        date=timezone.localdate(),
        signed_on=timezone.localdate(),
        confidential=True,
        value=7_777_777,
        currency="USD",
    )
    for organization in (acme.organization, gamma):
        DealParty.objects.create(deal=secret, organization=organization)

    # Both sides give feedback on the held meeting.
    _log_in(page, "pat", f"/e/{event.slug}/outcomes/")
    _give_feedback(page, event.slug, "strong", "second meeting")
    kim = browser.new_context(base_url=live_server.url, locale="en-US").new_page()
    _log_in(kim, "kim", f"/e/{event.slug}/outcomes/")
    _give_feedback(kim, event.slug, "some", "send information")
    kim.context.close()

    # Pat records the deal that followed and advances it to signed.
    page.goto(f"/e/{event.slug}/outcomes/")
    page.locator("#given").get_by_role("link", name="Record a deal").click()
    page.get_by_label("Title").fill(DEAL)
    page.get_by_label("Kind").select_option("license")
    page.get_by_label("Value (optional)").fill("1200000")
    page.get_by_label("Currency").select_option("USD")
    page.get_by_role("button", name="Record the deal").click()
    expect(page.locator("#deal-stage")).to_have_text("discussing")
    page.locator("#id_stage").select_option("signed")
    page.get_by_role("button", name="Change the stage").click()
    expect(page.locator("#deal-stage")).to_have_text("signed")
    page.context.clear_cookies()

    # The organizer's dashboard counts it, and the confidential deal, but names only it.
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    _log_in(page, "organizer", f"/e/{event.slug}/")
    event_nav(page, "Dashboard")
    expect(page.locator("#number-meetings_held .stat-value")).to_have_text("1")
    expect(page.locator("#number-feedback_answers .stat-value")).to_have_text("2")
    expect(page.locator("#number-deals_signed .stat-value")).to_have_text("2")
    expect(page.locator("#number-deals_confidential .stat-value")).to_have_text("1")
    signed = page.locator("#section-signed_deals")
    expect(signed).to_contain_text(DEAL)
    expect(signed).to_contain_text("1 confidential signed deal(s)")
    expect(page.locator("#section-deals_by_kind svg[role=img]")).to_be_visible()
    body = page.content()
    for hidden in (SECRET, SECRET_PARTY, "7,777,777", "7777777"):
        assert hidden not in body
    screenshot(page, "dashboard")
    assert violations == []

    # One click each: the Excel and PDF reports, read back.
    with page.expect_download() as excel:
        page.get_by_role("link", name="Excel (.xlsx)").click()
    book = openpyxl.load_workbook(io.BytesIO(Path(excel.value.path()).read_bytes()))
    summary = {row[0]: row[1] for row in book["Summary"].iter_rows(values_only=True) if row}
    assert (summary["Deals signed"], summary["Meetings held"]) == (2, 1)
    titles = [row[0] for row in book["Signed deals"].iter_rows(min_row=2, values_only=True)]
    assert DEAL in titles
    cells = " ".join(
        str(value)
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
        for value in row
        if value is not None
    )
    for hidden in (SECRET, SECRET_PARTY, "7777777"):
        assert hidden not in cells

    with page.expect_download() as pdf:
        page.get_by_role("link", name="PDF").click()
    text = pdf_text(Path(pdf.value.path()).read_bytes(), tmp_path)
    assert "Report Walk Summit" in text
    assert DEAL in text
    assert "1 confidential signed deal(s)" in text
    for hidden in (SECRET, SECRET_PARTY, "7,777,777"):
        assert hidden not in text
