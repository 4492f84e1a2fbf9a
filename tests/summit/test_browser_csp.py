"""The strict Content-Security-Policy breaks nothing: no violations on our pages or the admin."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Partnering-Test-2026!"


def _violations(page):
    found = []
    page.on(
        "console",
        lambda message: (
            found.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return found


def test_event_pages_and_admin_load_without_csp_violations(page, make_user, event, screenshot):
    admin = make_user("backoffice", staff=True)
    admin.is_superuser = True
    admin.save()
    violations = _violations(page)
    page.goto("/admin/login/")
    page.fill("input[name=username]", "backoffice")
    page.fill("input[name=password]", PASSWORD)
    page.click("input[type=submit]")
    for path in (
        f"/e/{event.slug}/",
        f"/e/{event.slug}/setup/",
        f"/e/{event.slug}/setup/days/",
        f"/e/{event.slug}/setup/days/{event.days.first().pk}/sessions/new/",
        f"/e/{event.slug}/setup/tables/",
        "/admin/",
        f"/admin/events/event/{event.pk}/change/",
        "/admin/organizations/organization/",
    ):
        # "load": every script and stylesheet has been fetched and applied (or refused).
        response = page.goto(path, wait_until="load", timeout=30_000)
        assert response.status == 200, path
    screenshot(page, "admin-organizations")
    assert violations == []
