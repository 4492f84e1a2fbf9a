"""Issue 15's walk of a participant, on a phone and a laptop, in English and Korean: log in →
the inbox shows the request awaiting an answer → accept it in place → the agenda → the agenda
again with the network gone (service worker), its check-in code (QR) shown → feedback on
yesterday's meeting. Each step is screenshotted
(test-artifacts/screenshots/test_participant_journey[...]-N-step.png) and checked with axe-core
(no serious or critical violation)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from summit.meetings.models import MeetingRequest
from summit.outcomes.models import MeetingFeedback

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def _menu_link(page, href_end: str):
    """Follow the event menu's link ending in `href_end`, unfolding the phone menu first."""
    link = page.locator(f".event-nav a[href$='{href_end}']").first
    toggle = page.locator(".event-nav .nav-toggle")
    if not link.is_visible() and toggle.is_visible():
        toggle.click()
    link.click()


@pytest.mark.parametrize("size", ["phone", "laptop"])
@pytest.mark.parametrize("language", ["en", "ko"])
def test_participant_journey(
    language, size, phone_world, participant_page, log_in, axe, screenshot
):
    world = phone_world
    slug = world.event.slug
    partner_names = {"en": "Han River Ventures", "ko": "한강벤처스"}
    steps: list[str] = []

    def step(page, name: str) -> None:
        screenshot(page, f"{len(steps) + 1}-{name}")
        violations = axe(page)
        assert violations == [], f"{name}: {violations}"
        steps.append(name)
        width = page.viewport_size["width"]
        assert page.evaluate("document.scrollingElement.scrollWidth") <= width, name

    # 1. Log in.
    page = participant_page(language, size, log_in=False)
    step(page, "log-in")
    log_in(page)

    # 2. The event home is an inbox: the request waiting for an answer is on top.
    page.goto(f"/e/{slug}/")
    card = page.locator(f"#inbox-awaiting #request-{world.pending.pk}")
    expect(card).to_be_visible()
    expect(card).to_contain_text("in-licensing option")
    step(page, "inbox")

    # 3. Accept it in place (HTMX swaps the card; the page stays).
    card.locator("form:has(input[value=accept]) button").click()
    expect(card.locator("form:has(input[value=accept])")).to_have_count(0)
    expect(page).to_have_url(f"{page.url.split('/e/')[0]}/e/{slug}/")
    world.pending.refresh_from_db()
    assert world.pending.status == MeetingRequest.Status.ACCEPTED
    step(page, "accepted")

    # 4. The agenda, through the menu; the service worker keeps a copy.
    _menu_link(page, "/agenda/")
    page.wait_for_url(f"**/e/{slug}/agenda/")
    expect(page.locator(f"#meeting-{world.upcoming.uid}")).to_contain_text(partner_names[language])
    controlled = page.evaluate(
        "navigator.serviceWorker.ready.then(() => !!navigator.serviceWorker.controller)"
    )
    if not controlled:  # the first page a new worker sees is not yet its own
        page.reload()
    page.wait_for_function(
        "caches.match(location.href).then(kept => !!kept)", polling=200, timeout=15_000
    )
    step(page, "agenda")

    # 5. At the venue the Wi-Fi is gone: the agenda still opens.
    page.context.set_offline(True)
    page.reload()
    expect(page.locator(f"#meeting-{world.upcoming.uid}")).to_contain_text(partner_names[language])
    assert page.evaluate("navigator.onLine") is False
    ticket = page.locator(f"#meeting-{world.upcoming.uid} .agenda-ticket")
    ticket.locator("summary").click()
    expect(ticket.locator("svg.qr")).to_be_visible()
    step(page, "agenda-offline")
    page.context.set_offline(False)

    # 6. Back online: feedback on yesterday's meeting, from the inbox.
    _menu_link(page, f"/e/{slug}/")
    page.locator("#inbox-feedback a").first.click()
    page.wait_for_url(f"**/outcomes/feedback/{world.held.pk}/")
    step(page, "feedback-form")
    page.locator("#field-took_place input[value=yes]").check()
    page.locator("#field-follow_up_interest input[type=radio]").first.check()
    page.locator(".feedback-form button[type=submit]").click()
    page.wait_for_url(f"**/e/{slug}/outcomes/")
    expect(page.locator(".message-success")).to_be_visible()
    assert MeetingFeedback.objects.filter(meeting=world.held).exists()
    step(page, "feedback-saved")
    assert len(steps) == 7
