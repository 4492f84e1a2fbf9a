"""Browser walk of a draft's preview (Playwright + chromium on a live server), with
screenshots at 1366 and 390 px in English and Korean.

The organizer opens a finished draft's review, reads its figures in words, opens "Preview as
a grid": the grid marks the new, moved and cancelled meetings and counts them; "only the
tables with changes" keeps three tables. On a phone the grid gives way to a list slot by
slot. Korean pages say the same. No page breaks the strict CSP or fails axe.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Partnering-Test-2026!"


def _log_in(page, username):
    page.goto("/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("form.form button[type=submit]")


def _watch_csp(page):
    found = []
    page.on(
        "console",
        lambda message: (
            found.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return found


def test_draft_preview_in_both_languages_on_laptop_and_phone(
    page, organizer, draft, screenshot, axe
):
    csp = _watch_csp(page)
    page.set_viewport_size({"width": 1366, "height": 900})
    _log_in(page, organizer.username)
    page.goto(f"/e/{draft.event.slug}/schedule/runs/{draft.run.pk}/")
    expect(page.locator("#verdict-quality")).to_have_text(
        "✓ This is the best possible schedule: proven."
    )
    expect(page.locator("#run-technical")).not_to_have_attribute("open", "")
    page.click("#draft-preview-link")

    expect(page.locator("#draft-changes-summary")).to_have_text(
        "3 changes since the published schedule."
    )
    expect(page.locator("#draft-count-added")).to_have_text("1")
    expect(page.locator("#draft-count-moved")).to_have_text("1")
    expect(page.locator("#draft-count-removed")).to_have_text("1")
    grid = page.locator(".draft-wide")
    expect(grid).to_be_visible()
    expect(page.locator(".draft-narrow")).to_be_hidden()
    expect(grid.locator('[data-change="added"]')).to_contain_text("Delta Labs")
    expect(grid.locator('[data-change="moved"]')).to_contain_text("from Tue 09:30, Table 2")
    expect(grid.locator('[data-change="removed"]')).to_contain_text("cancelled")
    assert axe(page) == []
    screenshot(page, "1366-en")

    page.click("#draft-only-changes")
    expect(grid.locator("tbody tr")).to_have_count(3)
    page.click("#draft-all-tables")
    expect(grid.locator("tbody tr")).to_have_count(4)

    page.set_viewport_size({"width": 390, "height": 844})
    expect(grid).to_be_hidden()
    slots = page.locator(".draft-narrow")
    expect(slots).to_be_visible()
    expect(slots.locator('.draft-item[data-change="added"]')).to_contain_text("Table 4")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert axe(page) == []
    screenshot(page, "390-en")

    page.select_option(".language-form select", "ko")
    page.click(".language-form button")
    expect(page.locator("#verdict-quality")).to_contain_text("가능한 최선의 일정입니다: 증명됨.")
    expect(slots.locator('.draft-item[data-change="added"]')).to_contain_text("에코바이오")
    screenshot(page, "390-ko")
    page.set_viewport_size({"width": 1366, "height": 900})
    expect(page.locator("#draft-changes-summary")).to_contain_text("3건이 달라집니다")
    screenshot(page, "1366-ko")
    assert csp == []
