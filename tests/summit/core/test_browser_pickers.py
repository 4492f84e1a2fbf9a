"""The search-as-you-type pickers in a browser (Playwright + Debian's chromium): a participant
fills the survey's wishlist, do-not-meet list and country with the keyboard only, in English
and Korean, at phone and desktop width; without JavaScript the plain selects do the job.
Screenshots go to test-artifacts/screenshots/."""

import pytest
from playwright.sync_api import expect

from summit.organizations.models import Organization

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Partnering-Test-2026!"


@pytest.fixture(autouse=True)
def patient_expectations():
    # Two shared cores: wait as long as the page fixture's own 15 s action timeout.
    expect.set_options(timeout=15_000)
    yield
    expect.set_options(timeout=5_000)


@pytest.fixture
def partners(event, make_organization):
    names = [
        ("HANBIT", "Hanbit Vaccines", "한빛 백신", "KR"),
        ("HANRIVER", "Han River Capital", "한강 캐피탈", "KR"),
        ("STELL", "Stellbrook Biomanufacturing", "", "SG"),
        *((f"P{index:02}", f"Partner Pharma {index:02}", "", "DE") for index in range(30)),
    ]
    return {
        org_id: make_organization(event, org_id, name=name, name_local=local, country=country)
        for org_id, name, local, country in names
    }


def _log_in(page, username):
    page.goto("/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("form.form button[type=submit]")


@pytest.mark.parametrize(
    ("width", "height", "language"),
    [(1366, 768, "en"), (390, 844, "ko")],
    ids=["1366-en", "390-ko"],
)
def test_participant_fills_the_pickers_with_the_keyboard(
    page, participant, event, partners, screenshot, axe, width, height, language
):
    from summit.accounts.models import Profile

    Profile.objects.filter(user=participant).update(language=language)
    page.set_viewport_size({"width": width, "height": height})
    _log_in(page, "participant")
    page.goto(f"/e/{event.slug}/survey/")

    wishlist = page.locator("#id_wishlist-search")
    expect(page.locator("#id_wishlist")).to_be_hidden()
    expect(wishlist).to_have_attribute("role", "combobox")
    wishlist.click()
    wishlist.press_sequentially("한빛" if language == "ko" else "hanb")
    options = page.locator("#id_wishlist-listbox [role=option]")
    expect(options).to_have_count(1)
    expect(wishlist).to_have_attribute("aria-expanded", "true")
    expect(wishlist).to_have_attribute("aria-activedescendant", "id_wishlist-listbox-0")
    screenshot(page, "1-wishlist-search")
    assert axe(page) == []  # with the list open
    wishlist.press("Enter")
    expect(page.locator("#field-wishlist .picker-chip")).to_have_count(1)
    # A second one, found by moving down the list, then taken back with Backspace.
    wishlist.fill("partner")
    expect(options.first).to_contain_text("Partner Pharma 00")
    expect(page.locator("#id_wishlist-listbox .picker-more")).to_have_count(1)
    wishlist.press("ArrowDown")
    expect(wishlist).to_have_attribute("aria-activedescendant", "id_wishlist-listbox-1")
    wishlist.press("Enter")
    expect(page.locator("#field-wishlist .picker-chip")).to_have_count(2)
    wishlist.fill("")
    wishlist.press("Backspace")
    expect(page.locator("#field-wishlist .picker-chip")).to_have_count(1)
    wishlist.press("Escape")
    expect(wishlist).to_have_attribute("aria-expanded", "false")

    excluded = page.locator("#id_excluded_partners-search")
    excluded.click()
    # Enter at once, before the list has caught up with the typing: the match is picked.
    excluded.press_sequentially("stell")
    excluded.press("Enter")
    expect(page.locator("#field-excluded_partners .picker-chip")).to_have_count(1)

    country = page.locator("#id_country-search")
    country.click()
    country.fill("")
    expect(page.locator("#id_country-listbox .picker-group")).to_have_count(1)
    screenshot(page, "2-country-common")
    country.press_sequentially("싱가" if language == "ko" else "singa")
    expect(page.locator("#id_country-listbox [role=option]")).to_have_count(1)
    screenshot(page, "3-country-search")
    assert axe(page) == []  # with chips and the country list open
    country.press("Enter")
    expect(page.locator("#id_country")).to_have_value("SG")
    overflow = page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    assert overflow is False

    page.locator("button[name=action][value=draft]").click()
    expect(page.locator(".messages, .message").first).to_be_visible()
    own = Organization.objects.get(memberships__user=participant)
    assert own.wishlist == ["HANBIT"]
    assert own.excluded_partners == ["STELL"]
    assert own.country == "SG"


def test_without_javascript_the_plain_selects_work(
    browser, live_server, participant, event, partners
):
    context = browser.new_context(
        base_url=live_server.url, locale="en-US", java_script_enabled=False
    )
    page = context.new_page()
    _log_in(page, "participant")
    page.goto(f"/e/{event.slug}/survey/")
    expect(page.locator("#id_wishlist-search")).to_be_hidden()
    page.select_option("#id_wishlist", ["HANRIVER"])
    page.select_option("#id_country", "KR")
    page.locator("button[name=action][value=draft]").click()
    own = Organization.objects.get(memberships__user=participant)
    assert own.wishlist == ["HANRIVER"]
    assert own.country == "KR"
    context.close()
