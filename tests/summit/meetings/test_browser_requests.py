"""Browser walk of meeting requests (Playwright + chromium on a live server), with screenshots.

Participant A (Acme) asks Beta for a meeting with a message; Kim of Beta gets the e-mail,
opens its link, logs in and accepts; both now see the meeting and each other's contact
details; A marks a slot as unavailable. Gamma's request to Beta gets a reminder and
expires at the deadline (the clock is driven through the domain functions' ``now=``). An
organizer arranges Acme with Gamma.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from summit.meetings.domain.requests import create_request, expire_requests, send_reminders
from summit.meetings.models import MeetingRequest
from summit.organizations.models import Organization

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Partnering-Test-2026!"


def _log_in(page, username):
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("form.form button[type=submit]")


@pytest.fixture
def gamma(make_organization, make_membership, make_user, event):
    organization = make_organization(event, "GAMMA", name="Gamma Pharma", country="JP")
    user = make_user("gina", first_name="Gina", last_name="Gamma")
    return make_membership(organization, user, job_title="Head of BD")


def test_request_accept_expire_and_arrange(
    page,
    browser,
    live_server,
    settings,
    event,
    participant,
    sender,
    receiver,
    gamma,
    organizer,
    screenshot,
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    deadline = timezone.now() + timedelta(days=5)
    event.request_deadline = deadline
    event.save()
    receiver.user.profile.language = "en"
    receiver.user.profile.save()
    mail.outbox.clear()

    # A finds Beta in the directory and asks for a meeting.
    page.goto("/accounts/login/")
    _log_in(page, "participant")
    page.goto(f"/e/{event.slug}/organizations/BETA/")
    page.click("text=Request a meeting")
    expect(page.locator("h1")).to_contain_text("Beta Therapeutics")
    page.select_option("select[name=priority]", "high")
    page.fill("textarea[name=message]", "We would like to license our ADC platform to you.")
    screenshot(page, "1-request-form")
    page.click("text=Send request")
    expect(page.locator(".request-card .status")).to_have_text("pending")
    expect(page.locator(".request-card")).to_contain_text(
        "Contact details appear once the meeting is accepted."
    )
    screenshot(page, "2-request-sent")

    # Kim gets the e-mail and opens the link (logged out: log in first, then back to it).
    [message] = [m for m in mail.outbox if m.to == ["kim@example.org"]]
    link = re.search(r"https?://\S+/meetings/r/\d+/", message.body).group(0)
    assert link.startswith(live_server.url)
    kim_context = browser.new_context(base_url=live_server.url, locale="en-US")
    kim = kim_context.new_page()
    kim.goto(link)
    _log_in(kim, "kim")
    expect(kim.locator(".request-card")).to_contain_text("ADC platform")
    expect(kim.locator(".request-card")).not_to_contain_text("participant@example.org")
    screenshot(kim, "3-kim-opens-link")
    kim.click("button:has-text('Accept')")
    expect(kim.locator(".request-card .status")).to_have_text("accepted")
    expect(kim.locator(".request-card")).to_contain_text("participant@example.org")
    expect(kim.locator(".request-card")).to_contain_text("BD Director")
    screenshot(kim, "4-kim-accepted")
    assert any("accepted" in m.subject for m in mail.outbox if m.to == ["participant@example.org"])

    # A sees the meeting and Kim's contact details.
    page.goto(f"/e/{event.slug}/meetings/")
    meetings = page.locator("#meetings")
    expect(meetings).to_contain_text("Beta Therapeutics")
    expect(meetings).to_contain_text("kim@example.org")
    expect(meetings).to_contain_text("+82 2 555 0100")
    screenshot(page, "5-a-sees-meeting")

    # A marks a slot in which they cannot meet (htmx swaps the clicked cell).
    page.locator("main a[href$='/availability/']").click()
    first_slot = page.locator(".availability-grid button").first
    first_slot.click()
    expect(page.locator(".availability-grid button").first).to_have_class("unavailable")
    expect(page.locator(".availability-grid button.unavailable")).to_have_count(1)
    screenshot(page, "5b-availability")

    # Gamma's request to Beta is reminded 48 h before the deadline, then expires.
    gamma_request = create_request(sender=gamma, receiver_organization=receiver.organization)
    assert send_reminders(event=event, now=deadline - timedelta(hours=40)) == 1
    assert any(m.subject.startswith("Reminder") for m in mail.outbox)
    assert expire_requests(event=event, now=deadline) == 1
    gamma_request.refresh_from_db()
    assert gamma_request.status == "expired"
    gina_context = browser.new_context(base_url=live_server.url, locale="en-US")
    gina = gina_context.new_page()
    gina.goto(f"/accounts/login/?next=/e/{event.slug}/meetings/")
    _log_in(gina, "gina")
    expect(gina.locator("#closed .status")).to_have_text("expired")
    screenshot(gina, "6-gamma-expired")

    # The organizer pairs Acme with Gamma.
    organizer_context = browser.new_context(base_url=live_server.url, locale="en-US")
    boss = organizer_context.new_page()
    boss.goto(f"/accounts/login/?next=/e/{event.slug}/meetings/arrange/")
    _log_in(boss, "organizer")
    # The organization pickers: type part of the name, pick with the keyboard. The search
    # field is shown by the picker's deferred script; filling it waits until it is there
    # (the label names the plain select until then).
    boss.locator("#id_first-search").fill("acme")
    expect(boss.locator("#id_first-listbox [role=option]")).to_have_count(1)
    boss.keyboard.press("Enter")
    boss.locator("#id_second-search").fill("gamma")
    expect(boss.locator("#id_second-listbox [role=option]")).to_have_count(1)
    boss.keyboard.press("Enter")
    expect(boss.locator("#id_second")).to_have_value(
        str(Organization.objects.get(event=event, name="Gamma Pharma").pk)
    )
    boss.fill("textarea[name=message]", "You both work on ADCs.")
    screenshot(boss, "7-arrange-form")
    boss.click("button:has-text('Arrange the meeting')")
    expect(boss.locator(".request-card")).to_contain_text("Arranged by the organizers")
    boss.goto(f"/e/{event.slug}/meetings/all/")
    expect(boss.locator("tbody tr")).to_have_count(3)
    screenshot(boss, "8-organizer-list")
    arranged = MeetingRequest.objects.get(kind="organizer_arranged")
    assert arranged.status == "accepted"
    gina.goto(f"/e/{event.slug}/meetings/")
    expect(gina.locator("#meetings")).to_contain_text("participant@example.org")
    for context in (kim_context, gina_context, organizer_context):
        context.close()
