"""Issue 13's organizer journey in a browser (Playwright + chromium on a live server): from the
command center through a reminder to a segment, the draft schedule's preview, its
publication, a no-show on the day, a same-day re-match accepted by the other participant on
their phone, to the dashboard. Screenshots: test-artifacts/screenshots/
test_organizer_journey_from_command_center_to_dashboard-<step>.png.

The event happens today, in a time zone where it is day time now: slot 0 started 30 to 60
minutes ago, slot 1 is running. Acme (Ann), Beta (Ben), Gamma (Gil) and Delta (Dora)
submitted their surveys, Epsilon (Eve) did not. Accepted requests: Acme–Beta and
Gamma–Delta; a finished draft places Acme–Beta in slot 1 (table 1) and Gamma–Delta in slot 4
(table 2). Gamma is Acme's first recommendation.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from summit.events.domain.setup import add_day, add_organizer, save_session
from summit.events.models import Slot, Table
from summit.lounge.models import MeetingProposal
from summit.matching.models import Recommendation
from summit.meetings.models import MeetingRequest
from summit.program.models import ReminderDelivery
from summit.scheduling.models import ScheduledMeeting, ScheduleRun

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

PASSWORD = "Partnering-Test-2026!"
PHONE = {"width": 390, "height": 844}
ZONES = ("Asia/Seoul", "Europe/Berlin", "America/New_York")


def _day_zone(now: datetime) -> str:
    for zone in ZONES:
        if 2 <= timezone.localtime(now, ZoneInfo(zone)).hour <= 19:
            return zone
    raise AssertionError("no time zone with day time now")  # pragma: no cover


def _accepted(first: Any, second: Any) -> MeetingRequest:
    low, high = sorted([first.organization, second.organization], key=lambda o: o.pk)
    return MeetingRequest.objects.create(
        event=first.event,
        sender=first,
        sender_organization=first.organization,
        receiver_organization=second.organization,
        receiver_person=second,
        low_organization=low,
        high_organization=high,
        status="accepted",
        answered_by=second,
        answered_by_organization=second.organization,
    )


@pytest.fixture
def journey(
    make_event: Any, organizer: Any, make_organization: Any, make_membership: Any, make_user: Any
) -> dict[str, Any]:
    now = timezone.now()
    zone = _day_zone(now)
    local = timezone.localtime(now, ZoneInfo(zone))
    # The second slot starts now: Ann's no-show frees the rest of it, and a same-day re-match
    # offers a freed slot only while `MIN_TIME_LEFT` of it remains (a slot on the half hour
    # failed this test in the last ten minutes of every half hour).
    start = local.replace(second=0, microsecond=0) - timedelta(minutes=30)
    event = make_event("journey-summit", days=0, tables=4, name="Journey Summit", time_zone=zone)
    add_organizer(event=event, user=organizer)
    save_session(
        day=add_day(event=event, day=start.date()),
        name="Partnering",
        start_time=start.time(),
        end_time=(datetime.combine(start.date(), start.time()) + timedelta(hours=3)).time(),
        slot_minutes=30,
        break_minutes=0,
    )
    people = {}
    for code, name, person in (
        ("ACME", "Acme Biologics", "ann"),
        ("BETA", "Beta Therapeutics", "ben"),
        ("GAMMA", "Gamma Pharma", "gil"),
        ("DELTA", "Delta Capital", "dora"),
        ("EPSILON", "Epsilon Health", "eve"),
    ):
        organization = make_organization(
            event,
            code,
            name=name,
            survey_status="draft" if code == "EPSILON" else "submitted",
        )
        user = make_user(person, first_name=person.title(), last_name=name.split()[0])
        people[person] = make_membership(organization, user, role="lead")
    slots = list(Slot.objects.filter(event=event).order_by("start"))
    tables = list(Table.objects.filter(event=event).order_by("number"))
    requests = [
        _accepted(people["ann"], people["ben"]),
        _accepted(people["gil"], people["dora"]),
    ]
    run = ScheduleRun.objects.create(
        event=event,
        name="Draft for today",
        status="done",
        created_by=organizer,
        finished_at=now,
        assignments=[
            {
                "request": request.pk,
                "slot": slots[1 if index == 0 else 4].pk,
                "table": tables[index].pk,
                "attendees": [request.sender_id, request.receiver_person_id],
            }
            for index, request in enumerate(requests)
        ],
        summary={"requested": 2, "scheduled": 2},
    )
    Recommendation.objects.create(
        event=event,
        organization=people["ann"].organization,
        partner=people["gil"].organization,
        rank=1,
        score=0.8,
        reasons_en=["Gamma Pharma seeks a licensing partner for an oncology antibody."],
        reasons_ko=["감마 제약은 종양학 항체의 라이선스 파트너를 찾고 있습니다."],
        computed_at=now,
    )
    return {"event": event, "people": people, "run": run, "slots": slots, "tables": tables}


def _log_in(page: Any, username: str) -> None:
    page.goto("/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("form.form button[type=submit]")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def test_organizer_journey_from_command_center_to_dashboard(
    page: Any,
    browser: Any,
    live_server: Any,
    journey: dict[str, Any],
    organizer: Any,
    screenshot: Any,
    mailoutbox: Any,
    immediate_tasks: None,
) -> None:
    event, people = journey["event"], journey["people"]
    page.set_viewport_size({"width": 1366, "height": 900})
    _log_in(page, "organizer")

    # 1. The command center: where the program stands, what needs a person.
    page.goto(f"/e/{event.slug}/")
    expect(page.locator("#phase-survey")).to_contain_text("4 of 5 surveys submitted")
    expect(page.locator("#phase-schedule")).to_contain_text("A draft is ready to review")
    problem = page.locator("#problem-no_survey")
    expect(problem).to_contain_text("1 organization has not submitted its survey.")
    screenshot(page, "1-command-center")

    # 2. A reminder to that segment: previewed with the count, sent once, recorded.
    problem.get_by_role("link", name="Remind them").click()
    expect(page.locator("#preview-count")).to_have_text(
        "1 person in 1 organization will get this e-mail."
    )
    expect(page.locator(".email-preview").first).to_contain_text("Epsilon Health")
    screenshot(page, "2-reminder-preview")
    page.get_by_role("button", name="Send to 1 person").click()
    expect(page.locator(".messages")).to_contain_text("The reminder is being sent to 1 person.")
    expect(page.locator("#reminder-sent")).to_have_text("1")
    expect(page.locator("table")).to_contain_text("eve@example.org")
    screenshot(page, "3-reminder-sent")
    assert [mail.to for mail in mailoutbox] == [["eve@example.org"]]
    assert ReminderDelivery.objects.get().membership == people["eve"]

    # 3. The draft schedule: its preview as a grid, then its publication.
    # The summit has begun without a published schedule: that is the next step.
    page.goto(f"/e/{event.slug}/")
    expect(page.locator("#next-title + p")).to_have_text(
        "A draft schedule is ready: review it and publish it."
    )
    page.get_by_role("link", name="Review the draft").click()
    page.click("#draft-preview-link")
    expect(page.locator("#draft-changes-summary")).to_have_text(
        "Nothing is published yet: publishing puts 2 meetings in the schedule."
    )
    expect(page.locator(".draft-wide")).to_contain_text("Acme Biologics")
    screenshot(page, "4-draft-preview")
    page.click("#draft-publish")
    expect(page.locator("#count-new")).to_have_text("2")
    page.click("#publish-confirm")
    expect(page.locator(".messages")).to_contain_text("Published: 2 new, 0 moved")
    screenshot(page, "5-published")
    assert ScheduledMeeting.objects.filter(event=event, status="scheduled").count() == 2

    # 4. On the day: Ann of Acme reports on her phone that Beta did not come, and proposes a
    # meeting now to Gamma, her first recommendation.
    phone = browser.new_context(base_url=live_server.url, locale="en-US", viewport=PHONE)
    ann = phone.new_page()
    _log_in(ann, "ann")
    ann.goto(f"/e/{event.slug}/lounge/today/")
    meeting = ann.locator("article.lounge-my-meeting", has_text="Beta Therapeutics")
    meeting.get_by_role("button", name="They did not come").click()
    expect(ann.locator(".message-success")).to_contain_text("The no-show was recorded")
    screenshot(ann, "6-no-show")
    ann.locator("article.lounge-my-meeting", has_text="Beta Therapeutics").get_by_role(
        "link", name="Find another meeting now"
    ).click()
    best = ann.locator("details.rematch-slot").first.locator("li.rematch-candidate").first
    expect(best).to_contain_text("Gamma Pharma")
    best.get_by_role("button", name="Propose").click()
    expect(ann.locator(".message-success")).to_contain_text("Proposal sent to Gamma Pharma")
    screenshot(ann, "7-rematch-proposed")
    phone.close()

    # 5. Gil of Gamma accepts on his phone, from his event home.
    phone = browser.new_context(base_url=live_server.url, locale="en-US", viewport=PHONE)
    gil = phone.new_page()
    _log_in(gil, "gil")
    gil.goto(f"/e/{event.slug}/")
    same_day = gil.locator("#inbox-same-day")
    expect(same_day).to_contain_text("Acme Biologics")
    same_day.get_by_role("button", name="Accept").click()
    expect(gil.locator(".message-success")).to_be_visible()
    screenshot(gil, "8-rematch-accepted")
    phone.close()
    proposal = MeetingProposal.objects.get()
    assert proposal.status == "accepted"
    assert proposal.scheduled_meeting.status == "scheduled"

    # 6. Back at the command center (the re-match is a change since the publication), then
    # the dashboard.
    page.goto(f"/e/{event.slug}/")
    day = page.locator("#phase-day")
    # The re-match replaced the no-show at its table: two meetings today, one no-show.
    expect(day).to_contain_text("2 meetings today")
    expect(day).to_contain_text("no-shows: 1")
    expect(day).to_contain_text("1 freed slot re-matched on the day")
    expect(page.locator("#phase-schedule")).to_contain_text("2 changes since")
    screenshot(page, "9-command-center-on-the-day")
    page.locator("#phase-outcomes").get_by_role("link", name="Dashboard").click()
    expect(page.locator("h1")).to_contain_text("Dashboard")
    # A no-show is a no-show: the one the re-match replaced is still counted (scheduled and
    # a no-show), next to the re-matched meeting.
    expect(page.locator("#number-meetings_scheduled")).to_contain_text("3")
    expect(page.locator("#number-meetings_no_show")).to_contain_text("1")
    screenshot(page, "10-dashboard")
