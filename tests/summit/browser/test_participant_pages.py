"""Every participant page, in English and Korean, on a phone (390×844) and a laptop (1366×768):
no horizontal scrolling and no serious or critical accessibility violation (axe-core).

Screenshots: test-artifacts/screenshots/test_participant_pages_<language>_-<size>-<page>.png."""

from __future__ import annotations

import pytest
from django.urls import reverse

from summit.accounts.domain.invitations import create_invitation

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def _participant_pages(world) -> dict[str, str]:
    slug = world.event.slug
    own = world.me.organization.org_id
    return {
        "events": reverse("home"),
        "home": reverse("events:home", kwargs={"slug": slug}),
        "recommendations": reverse("matching:recommendations", kwargs={"slug": slug}),
        "own-recommendations": reverse(
            "matching:organization_recommendations", kwargs={"slug": slug, "org_id": own}
        ),
        "directory": reverse("organizations:directory", kwargs={"slug": slug}),
        "partner": reverse(
            "organizations:detail", kwargs={"slug": slug, "org_id": world.requestable.org_id}
        ),
        "our-survey": reverse("organizations:my_survey", kwargs={"slug": slug}),
        "survey-form": reverse("organizations:survey", kwargs={"slug": slug, "org_id": own}),
        "my-meetings": reverse("meetings:my_requests", kwargs={"event_slug": slug}),
        "request": reverse(
            "meetings:request_detail", kwargs={"event_slug": slug, "request_id": world.pending.pk}
        ),
        "new-request": reverse(
            "meetings:request_create",
            kwargs={"event_slug": slug, "org_id": world.requestable.org_id},
        ),
        "availability": reverse("meetings:availability", kwargs={"event_slug": slug}),
        "agenda": reverse("agenda:mine", kwargs={"slug": slug}),
        "today": reverse("lounge:my_day", kwargs={"slug": slug}),
        "meeting": reverse(
            "lounge:meeting", kwargs={"slug": slug, "meeting_uid": world.upcoming.uid}
        ),
        "check-in": reverse(
            "lounge:check_in", kwargs={"slug": slug, "meeting_uid": world.upcoming.uid}
        ),
        "outcomes": reverse("outcomes:home", kwargs={"slug": slug}),
        "deal": reverse("outcomes:deal_detail", kwargs={"slug": slug, "deal_id": world.deal.pk}),
        "deal-edit": reverse("outcomes:deal_edit", kwargs={"slug": slug, "deal_id": world.deal.pk}),
        "feedback": reverse(
            "outcomes:feedback", kwargs={"slug": slug, "meeting_id": world.held.pk}
        ),
        "new-deal": reverse("outcomes:deal_create", kwargs={"slug": slug}),
        "my-data": reverse("outcomes:my_data", kwargs={"slug": slug}),
        "offline": reverse("offline"),
    }


@pytest.mark.parametrize("language", ["en", "ko"])
def test_participant_pages_fit_a_phone_and_pass_axe(
    language, phone_world, participant_page, screen_sizes, axe, screenshot
):
    pages = _participant_pages(phone_world)
    problems: list[str] = []
    for size in screen_sizes:
        page = participant_page(language, size)
        width = page.viewport_size["width"]
        for name, path in pages.items():
            response = page.goto(path)
            assert response is not None
            assert response.status == 200, f"{name} {path}: HTTP {response.status}"
            if name != "offline":  # stored once for everyone, it speaks both languages
                assert page.locator("html").get_attribute("lang") == language, name
            scroll_width = page.evaluate("document.scrollingElement.scrollWidth")
            if scroll_width > width:
                problems.append(f"{size} {name}: {scroll_width} px wide (screen {width} px)")
            for violation in axe(page):
                problems.append(
                    f"{size} {name}: axe {violation['impact']} {violation['id']} "
                    f"({violation['help']}): {violation['nodes']}"
                )
            screenshot(page, f"{size}-{name}")
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("language", ["en", "ko"])
def test_pages_before_log_in_fit_a_phone_and_pass_axe(
    language, phone_world, participant, browser, live_server, screen_sizes, axe, screenshot
):
    invitation = create_invitation(user=participant, event=phone_world.event)
    pages = {
        "log-in": reverse("login"),
        "password-reset": reverse("password_reset"),
        "invitation": reverse("accounts:invitation", kwargs={"token": invitation.token}),
        "offline": reverse("offline"),
    }
    problems: list[str] = []
    for size, (width, height) in screen_sizes.items():
        context = browser.new_context(
            base_url=live_server.url,
            locale="ko-KR" if language == "ko" else "en-US",
            viewport={"width": width, "height": height},
        )
        page = context.new_page()
        for name, path in pages.items():
            response = page.goto(path)
            assert response is not None
            assert response.status == 200, f"{name} {path}: HTTP {response.status}"
            if name != "offline":
                assert page.locator("html").get_attribute("lang") == language, name
            scroll_width = page.evaluate("document.scrollingElement.scrollWidth")
            if scroll_width > width:
                problems.append(f"{size} {name}: {scroll_width} px wide (screen {width} px)")
            problems.extend(
                f"{size} {name}: axe {v['impact']} {v['id']} ({v['help']}): {v['nodes']}"
                for v in axe(page)
            )
            screenshot(page, f"{size}-{name}")
        context.close()
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("language", ["en", "ko"])
def test_phone_menu_folds_and_opens_with_every_link(language, phone_world, participant_page):
    page = participant_page(language, "phone")
    page.goto(reverse("events:home", kwargs={"slug": phone_world.event.slug}))
    toggle = page.locator(".event-nav .nav-toggle")
    agenda_link = page.locator(".event-nav a[href$='/agenda/']")
    assert toggle.is_visible()
    assert agenda_link.is_hidden()
    assert toggle.bounding_box()["height"] >= 44
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true"
    assert agenda_link.is_visible()
    for link in page.locator(".event-nav a").all():
        assert link.bounding_box()["height"] >= 44, link.inner_text()
    agenda_link.click()
    page.wait_for_url("**/agenda/")
    assert (
        page.locator(".event-nav a[aria-current='page']").get_attribute("href").endswith("/agenda/")
    )


def test_logging_out_forgets_the_pages_kept_offline(phone_world, participant_page):
    page = participant_page("en", "phone")
    page.goto(reverse("agenda:mine", kwargs={"slug": phone_world.event.slug}))
    page.evaluate("navigator.serviceWorker.ready")
    if not page.evaluate("!!navigator.serviceWorker.controller"):
        page.reload()
    page.wait_for_function("caches.match(location.href).then(kept => !!kept)", polling=200)
    page.locator("form[data-forget-offline] button").click()
    page.wait_for_url("**/accounts/login/**")
    page.wait_for_function(
        "caches.keys().then(names => !names.some(name => name.endsWith('-pages')))",
        polling=200,
    )
    assert page.evaluate("caches.keys()") == ["summit-v1-shell"]
