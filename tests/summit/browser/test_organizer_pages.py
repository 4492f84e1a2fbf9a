"""The organizer's pages on a phone and a laptop (Korean, the harder case for line breaks):
the grouped menu works on both, no page scrolls sideways, no serious or critical axe-core
violation. Screenshots: test-artifacts/screenshots/test_organizer_pages_*-<size>-<page>.png."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

PASSWORD = "Partnering-Test-2026!"


def test_organizer_pages_fit_a_phone_and_pass_axe(
    phone_world, organizer, browser, live_server, screen_sizes, axe, screenshot
):
    organizer.profile.language = "ko"
    organizer.profile.save(update_fields=["language"])
    slug = phone_world.event.slug
    names = {
        "home": "events:home",
        "directory": "organizations:directory",
        "import": "organizations:import",
        "screening": "matching:screening",
        "schedule": "scheduling:home",
        "table-plan": "agenda:table_plan",
        "lounge": "lounge:grid",
        "feedback": "outcomes:feedback_list",
        "deals": "outcomes:deal_list",
        "dashboard": "reports:dashboard",
        "settings": "events:edit",
        "days": "events:days",
        "slots": "events:slots",
        "tables": "events:tables",
        "organizers": "events:organizers",
        "reminders": "program:reminders",
    }
    pages = {name: reverse(url, kwargs={"slug": slug}) for name, url in names.items()}
    pages["requests"] = reverse("meetings:organizer_requests", kwargs={"event_slug": slug})
    pages["arrange"] = reverse("meetings:arrange", kwargs={"event_slug": slug})
    problems: list[str] = []
    for size, (width, height) in screen_sizes.items():
        context = browser.new_context(
            base_url=live_server.url, locale="ko-KR", viewport={"width": width, "height": height}
        )
        context.set_default_timeout(20_000)
        page = context.new_page()
        page.goto("/accounts/login/")
        page.fill("input[name=username]", organizer.username)
        page.fill("input[name=password]", PASSWORD)
        page.locator("main button[type=submit]").click()
        page.wait_for_url(lambda url: "/accounts/login/" not in url)
        for name, path in pages.items():
            response = page.goto(path)
            assert response is not None
            assert response.status == 200, f"{name} {path}: HTTP {response.status}"
            scroll_width = page.evaluate("document.scrollingElement.scrollWidth")
            if scroll_width > width:
                problems.append(f"{size} {name}: {scroll_width} px wide (screen {width} px)")
            problems.extend(
                f"{size} {name}: axe {v['impact']} {v['id']} ({v['help']}): {v['nodes']}"
                for v in axe(page)
            )
            screenshot(page, f"{size}-{name}")
        # The menu: seven groups; the current page's group is marked and opens its links.
        page.goto(pages["tables"])
        toggle = page.locator(".event-nav .nav-toggle")
        if toggle.is_visible():
            toggle.click()
        groups = page.locator(".event-nav .nav-group-toggle")
        assert groups.count() == 7
        settings_group = page.locator(".nav-group.is-current")
        assert (
            settings_group.locator("a[aria-current='page']").get_attribute("href")
            == (pages["tables"])
        )
        schedule = page.locator(".nav-group:has(#nav-group-schedule) .nav-group-toggle")
        schedule.click()
        assert schedule.get_attribute("aria-expanded") == "true"
        page.locator("#nav-group-schedule a[href$='/agenda/tables/']").click()
        page.wait_for_url("**/agenda/tables/")
        screenshot(page, f"{size}-menu-followed")
        context.close()
    assert problems == [], "\n".join(problems)
