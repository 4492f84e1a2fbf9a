"""Browser walk of the API token page (Playwright + chromium on a live server), with
screenshots at phone and desktop widths in English and Korean: the organizer opens it from
the Settings menu, creates a token, copies it, and revokes it after a confirmation."""

import re

import pytest
from playwright.sync_api import expect

from summit.api.models import ApiToken

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Partnering-Test-2026!"
#: The words the walk reads and clicks, per language.
WORDS = {
    "en": {"locale": "en-US", "nav": "API tokens", "create": "Create token", "revoke": "Revoke"},
    "ko": {"locale": "ko-KR", "nav": "API 토큰", "create": "토큰 만들기", "revoke": "폐기"},
}


@pytest.fixture(autouse=True)
def patient_expectations():
    # The machine running the suite may be busy (2 shared cores).
    expect.set_options(timeout=15_000)
    yield
    expect.set_options(timeout=5_000)


@pytest.mark.parametrize("width", [390, 1366])
@pytest.mark.parametrize("language", ["en", "ko"])
def test_organizer_creates_copies_and_revokes_a_token(
    browser, live_server, event, organizer, screenshot, language, width
):
    words = WORDS[language]
    context = browser.new_context(
        base_url=live_server.url,
        locale=words["locale"],
        viewport={"width": width, "height": 900},
    )
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    context.set_default_timeout(15_000)
    page = context.new_page()
    violations = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.goto("/accounts/login/")
    page.fill("input[name=username]", "organizer")
    page.fill("input[name=password]", PASSWORD)
    page.click("form.form button[type=submit]")
    page.goto(f"/e/{event.slug}/")
    # After log-in the profile's language wins over the browser's: switch as a person would.
    page.select_option("#language-select", language)
    page.locator("#language-select").locator("xpath=..").locator("button[type=submit]").click()
    # Korean words have no ASCII word boundary for event_nav's pattern: find the link by
    # its address, then open the menu and its group as a person would.
    link = page.locator(f'.event-nav a[href="/e/{event.slug}/api-tokens/"]')
    expect(link).to_have_text(words["nav"])
    if not link.is_visible() and page.locator(".nav-toggle").is_visible():
        page.locator(".nav-toggle").click()
    if not link.is_visible():
        page.locator("#nav-group-settings").locator("xpath=..").locator(".nav-group-toggle").click()
    link.click()
    expect(page.locator("h1")).to_have_text(words["nav"])
    page.fill("input[name=name]", "Badge scanner")
    page.check("input[name=scopes][value=write]")
    page.check("input[name=scopes][value=organizer]")
    page.get_by_role("button", name=words["create"]).click()
    secret_field = page.locator("[data-token-secret]")
    expect(secret_field).to_have_value(re.compile(r"^bp_\S{40,}$"))
    assert secret_field.input_value().startswith(ApiToken.objects.get().prefix)
    copy = page.locator("[data-copy-token]")
    expect(copy).to_be_visible()
    copy.click()
    assert page.evaluate("navigator.clipboard.readText()") == secret_field.input_value()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    screenshot(page, f"{language}-{width}-1-created")
    page.locator("table").get_by_role("link", name=words["revoke"]).click()
    screenshot(page, f"{language}-{width}-2-confirm")
    page.get_by_role("button", name=words["revoke"]).click()
    expect(page.locator(".message-success")).to_be_visible()
    assert not ApiToken.objects.exists()
    screenshot(page, f"{language}-{width}-3-revoked")
    assert violations == []
    context.close()


def test_participant_reaches_the_token_page_from_my_data(
    browser, live_server, event, participant, screenshot
):
    context = browser.new_context(
        base_url=live_server.url, locale="ko-KR", viewport={"width": 390, "height": 844}
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.goto("/accounts/login/")
    page.fill("input[name=username]", "participant")
    page.fill("input[name=password]", PASSWORD)
    page.click("form.form button[type=submit]")
    page.goto(f"/e/{event.slug}/outcomes/my-data/")
    page.select_option("#language-select", "ko")
    page.locator("#language-select").locator("xpath=..").locator("button[type=submit]").click()
    page.get_by_role("link", name="API 토큰 관리").click()
    expect(page.locator("h1")).to_have_text("API 토큰")
    expect(page.locator("input[name=scopes]")).to_have_count(2)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "ko-390")
    context.close()
