"""Browser walks of recommendations and screening (Playwright + chromium), with screenshots.

Participant A sees a recommendation with its reason, dismisses another one, and follows
"Request a meeting"; the organizer uploads a watch list, sees the hit flagged on the
organization's page and excludes it.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from summit.matching.domain.recommendations import recompute_recommendations
from summit.matching.models import Dismissal, Recommendation, RecomputeRun, WatchListHit
from summit.meetings.models import MeetingRequest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Partnering-Test-2026!"


def _log_in(page, username):
    page.goto("/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("form.form button[type=submit]")


def test_participant_sees_a_recommendation_with_its_reason(
    event_nav, page, event, partners, participant, screenshot
):
    recompute_recommendations(event=event)
    investor = Recommendation.objects.get(organization=partners["ACME"], partner__org_id="HANRIVER")
    _log_in(page, "participant")
    page.goto(f"/e/{event.slug}/")
    event_nav(page, "Recommendations")
    expect(page.locator("h1")).to_have_text("Recommended for you")
    card = page.locator("#recommendation-HANRIVER")
    expect(card).to_contain_text("Han River Ventures")
    expect(card.locator(".reason").first).to_have_text(investor.reasons_en[0])
    screenshot(page, "1-recommended-for-you")

    cards_before = page.locator("li.card").count()
    page.locator("#recommendation-CDMOONE, #recommendation-GLOBALPH").first.locator(
        "button:has-text('Not relevant')"
    ).click()
    expect(page.locator("li.card")).to_have_count(cards_before - 1)
    assert Dismissal.objects.filter(organization=partners["ACME"]).count() == 1
    screenshot(page, "2-dismissed")

    # One action sends the request in place (the card says so); a message first opens the form.
    card.get_by_role("button", name="Request a meeting").click()
    expect(card).to_contain_text("Your request was sent.")
    assert MeetingRequest.objects.filter(
        sender_organization=partners["ACME"], receiver_organization__org_id="HANRIVER"
    ).exists()
    screenshot(page, "3-request-sent")


def test_organizer_uploads_a_watch_list_and_sees_the_hit_flagged(
    event_nav, page, event, organizer, shadow_org, tmp_path, screenshot
):
    watchlist = tmp_path / "watchlist.csv"
    watchlist.write_text(
        "name,aliases,country,reason,source\n"
        "Shadow Genomics,Shadow Gene,CN,Listed for the browser test,Test registry 2026\n",
        encoding="utf-8",
    )
    _log_in(page, "organizer")
    page.goto(f"/e/{event.slug}/")
    event_nav(page, "Screening")
    expect(page.locator("h1")).to_have_text("Watch-list screening")
    page.set_input_files("input[name=file]", str(watchlist))
    page.click("button:has-text('Upload and screen')")
    expect(page.locator("table.table tbody tr")).to_have_count(1)
    expect(page.locator("table.table")).to_contain_text("Listed for the browser test")
    screenshot(page, "1-hits")

    page.click("button:has-text('Exclude from recommendations')")
    expect(page.locator("table.table tbody tr").first).to_contain_text(
        "Excluded from recommendations"
    )
    assert WatchListHit.objects.get().excluded

    page.click("table.table >> text=Shadow Gene Co., Ltd.")
    expect(page.locator("#watchlist-hits")).to_contain_text("Shadow Genomics")
    expect(page.locator("#watchlist-hits")).to_contain_text("Test registry 2026")
    screenshot(page, "2-flagged-on-organization")


def test_organizer_recomputes_now_and_sees_the_run_finish(
    page, immediate_tasks, event, organizer, partners, screenshot
):
    # Creating the organizations already ran recomputes; start from nothing.
    RecomputeRun.objects.all().delete()
    Recommendation.objects.all().delete()
    _log_in(page, "organizer")
    page.goto(f"/e/{event.slug}/recommendations/")
    expect(page.locator("#recompute-progress")).to_contain_text("Not computed yet.")
    page.click("button:has-text('Recompute now')")
    # The immediate task backend runs the recompute when the request commits.
    expect(page.locator("#recompute-progress")).to_contain_text("Done")
    expect(page.locator("#recompute-progress progress")).to_have_attribute("value", "100")
    screenshot(page, "1-recomputed")
    picker = page.get_by_label("Organization")
    picker.fill("han river")
    expect(page.locator("#id_org-listbox [role=option]")).to_have_count(1)
    picker.press("Enter")
    expect(page.locator("#id_org")).to_have_value("HANRIVER")
    page.click("button:has-text('Show')")
    expect(page.locator("h1")).to_have_text("Recommended for Han River Ventures")
    expect(page.locator("#recommendation-ACME")).to_be_visible()
    screenshot(page, "2-organizer-view")
