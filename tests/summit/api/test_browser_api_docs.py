"""The API's Swagger UI works under the site's Content-Security-Policy, without a CDN."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def patient_expectations():
    # The machine running the suite may be busy (2 shared cores); wait as long as the
    # page fixture's own 15 s action timeout instead of Playwright's default 5 s.
    expect.set_options(timeout=15_000)
    yield
    expect.set_options(timeout=5_000)


def test_swagger_ui_renders_the_api(page, screenshot):
    errors = []
    page.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else None
    )
    page.goto("/api/docs")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Bio Partnering API")
    expect(page.locator(".opblock-summary-path").first).to_be_visible()
    screenshot(page, "1-docs")
    assert [text for text in errors if "Content Security Policy" in text] == []
