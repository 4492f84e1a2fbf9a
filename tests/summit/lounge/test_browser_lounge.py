"""Browser walk of the lounge (Playwright + chromium on a live server), with screenshots.

An organizer opens the live grid of today's event and taps "Check in" on the running
meeting; Ann of Acme opens her day and reports that Gamma did not come to the earlier
meeting; the organizer's grid shows the no-show by itself (polling). The organizer then drags
a meeting to a free cell (moved, checked by the scheduling engine's validator) and to a slot
where Ann is busy (refused, with the reason). No page breaks the strict CSP.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from summit.events.models import Slot, Table
from summit.scheduling.models import ScheduledMeeting

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Partnering-Test-2026!"


@pytest.fixture
def live(live_event, make_organization, make_membership, make_user, make_scheduled_meeting):
    acme = make_membership(
        make_organization(live_event, "ACME", name="Acme Biologics"),
        make_user("ann", first_name="Ann", last_name="Acme"),
    )
    beta = make_membership(
        make_organization(live_event, "BETA", name="Beta Therapeutics"),
        make_user("ben", first_name="Ben", last_name="Beta"),
    )
    gamma = make_membership(
        make_organization(live_event, "GAMMA", name="Gamma Pharma"),
        make_user("gil", first_name="Gil", last_name="Gamma"),
    )
    return {
        "event": live_event,
        "now": make_scheduled_meeting(live_event, first=acme, second=beta, slot=2, table=1),
        "earlier": make_scheduled_meeting(live_event, first=acme, second=gamma, slot=0, table=2),
        "slots": list(Slot.objects.filter(event=live_event).order_by("start")),
        "tables": {table.number: table for table in Table.objects.filter(event=live_event)},
    }


def _log_in(page, username):
    page.goto("/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("form.form button[type=submit]")


def _csp_violations(page):
    found = []
    page.on(
        "console",
        lambda message: (
            found.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return found


def _cell(page, slot, table):
    return page.locator(f'td[data-slot="{slot.pk}"][data-table="{table.pk}"]')


def test_check_in_by_tap_and_no_show_by_a_participant(
    page, browser, live_server, live, organizer, screenshot
):
    event, slots, tables = live["event"], live["slots"], live["tables"]
    violations = _csp_violations(page)
    page.set_viewport_size({"width": 1400, "height": 1200})
    _log_in(page, "organizer")
    page.goto(f"/e/{event.slug}/lounge/")
    expect(page.locator("h1")).to_have_text("Lounge")
    running = _cell(page, slots[2], tables[1])
    expect(running).to_have_class("lounge-cell lounge-now")
    expect(running).to_contain_text("Acme Biologics")
    screenshot(page, "1-grid")

    running.get_by_role("button", name="Check in").click()
    expect(running.locator(".lounge-meeting")).to_have_class(
        "lounge-meeting lounge-checked_in", timeout=10_000
    )
    live["now"].refresh_from_db()
    assert live["now"].attendance == "checked_in"
    screenshot(page, "2-checked-in")

    # Ann of Acme, on her phone: Gamma never came to the earlier meeting.
    phone = browser.new_context(base_url=live_server.url, locale="en-US")
    ann = phone.new_page()
    ann_violations = _csp_violations(ann)
    _log_in(ann, "ann")
    ann.goto(f"/e/{event.slug}/")
    ann.get_by_role("link", name="Today", exact=True).click()
    earlier = ann.locator("article.lounge-my-meeting", has_text="Gamma Pharma")
    earlier.get_by_role("button", name="They did not come").click()
    expect(ann.locator(".message-success")).to_contain_text("The no-show was recorded")
    expect(ann.locator("article.lounge-my-meeting", has_text="Gamma Pharma")).to_contain_text(
        "no-show reported"
    )
    screenshot(ann, "3-participant-no-show")
    phone.close()

    # The organizer's grid picks it up by itself.
    expect(_cell(page, slots[0], tables[2]).locator(".lounge-meeting")).to_have_class(
        "lounge-meeting lounge-no_show", timeout=15_000
    )
    expect(_cell(page, slots[0], tables[2])).to_contain_text("no-show: Gamma Pharma")
    screenshot(page, "4-grid-no-show")
    assert violations == []
    assert ann_violations == []


def test_drag_and_drop_moves_a_meeting_or_explains_the_conflict(
    page, live_server, live, organizer, screenshot
):
    event, slots, tables = live["event"], live["slots"], live["tables"]
    violations = _csp_violations(page)
    # The whole grid in view: a drop near the window's edge would scroll it under the mouse.
    page.set_viewport_size({"width": 1400, "height": 1400})
    _log_in(page, "organizer")
    page.goto(f"/e/{event.slug}/lounge/")
    meeting = _cell(page, slots[2], tables[1]).locator(".lounge-meeting")
    target = _cell(page, slots[3], tables[3])
    meeting.drag_to(target)
    expect(page.locator("#lounge-status")).to_contain_text("Moved to", timeout=10_000)
    expect(_cell(page, slots[3], tables[3])).to_contain_text("Beta Therapeutics", timeout=10_000)
    moved = ScheduledMeeting.objects.get(pk=live["now"].pk)
    assert (moved.slot_id, moved.table_id, moved.sequence) == (slots[3].pk, tables[3].pk, 1)
    screenshot(page, "1-moved")

    # Ann already meets Gamma in the first slot: the validator refuses and says why.
    page.locator(f'td[data-slot="{slots[3].pk}"] .lounge-meeting').drag_to(
        _cell(page, slots[0], tables[4])
    )
    status = page.locator("#lounge-status")
    expect(status).to_contain_text("The meeting cannot move there", timeout=10_000)
    expect(status.locator("li")).not_to_have_count(0)
    moved.refresh_from_db()
    assert (moved.slot_id, moved.table_id) == (slots[3].pk, tables[3].pk)
    screenshot(page, "2-refused")
    assert violations == []


def test_qr_code_link_on_a_phone_asks_to_log_in_then_checks_in(
    browser,
    live_server,
    live,
    make_organization,
    make_membership,
    make_scheduled_meeting,
    screenshot,
):
    from summit.organizations.models import Membership

    ann = Membership.objects.get(event=live["event"], user__username="ann")
    delta = make_membership(make_organization(live["event"], "DELTA", name="Delta Bio"))
    # The next slot starts within 30 minutes: its check-in is open.
    upcoming = make_scheduled_meeting(live["event"], first=ann, second=delta, slot=3, table=3)
    phone = browser.new_context(
        base_url=live_server.url, locale="en-US", viewport={"width": 390, "height": 844}
    )
    page = phone.new_page()
    violations = _csp_violations(page)
    page.goto(f"/e/{live['event'].slug}/lounge/check-in/{upcoming.uid}/")
    page.fill("input[name=username]", "ann")
    page.fill("input[name=password]", PASSWORD)
    page.click("form.form button[type=submit]")
    expect(page.locator("h1")).to_have_text("Check in to your meeting")
    expect(page.locator(".facts")).to_contain_text("Delta Bio")
    screenshot(page, "1-confirm")
    page.get_by_role("button", name="Confirm check-in").click()
    expect(page.locator(".message-success")).to_contain_text("Checked in")
    screenshot(page, "2-checked-in")
    upcoming.refresh_from_db()
    assert (upcoming.attendance, upcoming.attendance_recorded_by_id) == ("checked_in", ann.user_id)
    phone.close()
    assert violations == []
