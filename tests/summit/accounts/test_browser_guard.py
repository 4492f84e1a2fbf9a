"""The lock-out as a person meets it in the browser: the log-in form, then the 429 page."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(("width", "language"), [(390, "ko"), (1366, "en")])
def test_too_many_wrong_passwords_show_the_lockout_page(
    browser, live_server, participant, screenshot, width, language
):
    context = browser.new_context(
        base_url=live_server.url,
        locale="ko-KR" if language == "ko" else "en-US",
        viewport={"width": width, "height": 900},
    )
    page = context.new_page()
    try:
        for _attempt in range(5):
            page.goto("/accounts/login/")
            page.fill("input[name=username]", "participant")
            page.fill("input[name=password]", "wrong")
            page.click("form.form button[type=submit]")
        heading = "시도 횟수 초과" if language == "ko" else "Too many attempts"
        expect(page.locator("h1")).to_have_text(heading)
        expect(page.locator("a.button[href='/accounts/password-reset/']")).to_be_visible()
        screenshot(page, f"locked-{language}-{width}")
    finally:
        context.close()
