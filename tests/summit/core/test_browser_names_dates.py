"""Browser check of names and dates as people read them, in English and Korean at 1366 px:
a Korean partner reads family name first (강지훈), the day in the page language's format."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Partnering-Test-2026!"
DAY = {"en": "Tue, 6 Oct 2026", "ko": "2026년 10월 6일 화요일"}


@pytest.mark.parametrize("language", ["en", "ko"])
def test_agenda_shows_korean_names_family_first_and_the_locale_date(
    browser,
    live_server,
    event,
    participant,
    make_organization,
    make_membership,
    make_user,
    make_scheduled_meeting,
    screenshot,
    language,
):
    from summit.accounts.models import Profile
    from summit.organizations.models import Membership

    Profile.objects.filter(user=participant).update(language=language)
    me = Membership.objects.get(user=participant, event=event)
    beta = make_organization(event, "BETA", name="Beta Therapeutics", name_local="베타 테라퓨틱스")
    kang = make_user("kang", first_name="지훈", last_name="강", language="ko")
    partner = make_membership(beta, kang, role="lead", job_title="CEO")
    meeting = make_scheduled_meeting(event, first=me, second=partner, slot=1, table=2)
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1366, "height": 768})
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.goto("/accounts/login/")
    page.fill("input[name=username]", "participant")
    page.fill("input[name=password]", PASSWORD)
    page.click("form.form button[type=submit]")
    page.goto(f"/e/{event.slug}/agenda/")
    item = page.locator(f"#meeting-{meeting.uid}")
    expect(item).to_contain_text("강지훈")
    expect(item).not_to_contain_text("지훈 강")
    expect(item).to_contain_text("09:30–10:00")
    expect(page.locator(".agenda-day h2").first).to_have_text(DAY[language])
    screenshot(page, f"agenda-{language}")
    context.close()
