"""The issue's end-to-end walk of the meeting schedule in a browser (Playwright + chromium).

Six organizations, each with a lead person, make and accept meeting requests through the
meetings domain. The organizer starts a schedule run and sees its live progress panel (the
run waits in the database queue until a real ``db_worker`` takes it), reads the review and
publishes the run on its confirmation page. Pat of Acme sees the agenda (time, table,
partner), downloads the .ics (parsed with ``icalendar``) and the PDF (read back with poppler's
``pdftotext``: the partner's Korean name is text). A request accepted after publication is
placed on the late-meetings page without moving any published meeting. The organizer moves
one of Pat's meetings to another table (the lounge's move form): Pat's new .ics keeps its UID
with SEQUENCE 1. On the day, the organizer taps "Check in" on the lounge grid and Pat
reports that the other side of another meeting did not come; the grid shows both. No page
breaks the strict CSP.

The event happens *today* (a time zone where it is day time now, slots from an hour ago), so
check-in and no-show use the real clock: Pat is free only in the two slots that have already
begun, so both of Pat's meetings can be checked in and reported.
"""

from __future__ import annotations

import re
import shutil
import signal
import subprocess
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from summit.events.domain.setup import add_day, add_organizer, save_session
from summit.events.models import Slot, Table
from summit.meetings.domain.requests import accept_request, create_request
from summit.meetings.models import Unavailability
from summit.scheduling.models import MeetingSeat, ScheduledMeeting, ScheduleRun

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Partnering-Test-2026!"
ZONES = ("Asia/Seoul", "Europe/Berlin", "America/New_York")
GAMMA_KO = "감마 제약"


def _today_event(make_event, organizer):
    """One day, today, in a zone where the 3-hour session fits in the day: 30-minute slots
    from the last half hour minus an hour (slots 0 and 1 have begun, slot 2 runs now)."""
    now = timezone.now()
    zone = next(z for z in ZONES if 2 <= timezone.localtime(now, ZoneInfo(z)).hour <= 19)
    local = timezone.localtime(now, ZoneInfo(zone))
    start = local.replace(minute=30 if local.minute >= 30 else 0, second=0, microsecond=0)
    start -= timedelta(hours=1)
    # Four tables: Acme × Gamma's slot holds at most three meetings, one table stays free.
    event = make_event("journey", days=0, tables=4, name="Journey Summit", time_zone=zone)
    add_organizer(event=event, user=organizer)
    save_session(
        day=add_day(event=event, day=start.date()),
        name="Today",
        start_time=start.time(),
        end_time=(datetime.combine(start.date(), start.time()) + timedelta(hours=3)).time(),
        slot_minutes=30,
        break_minutes=0,
    )
    return event


@pytest.fixture
def world(make_event, make_organization, make_membership, make_user, organizer):
    event = _today_event(make_event, organizer)
    names = {
        "acme": ("Acme Biologics", "애크미 바이오", "pat"),
        "beta": ("Beta Therapeutics", "", "ben"),
        "gamma": ("Gamma Pharma", GAMMA_KO, "gil"),
        "delta": ("Delta Labs", "", "dana"),
        "epsilon": ("Epsilon Bio", "", "eve"),
        "zeta": ("Zeta Medicine", "", "zoe"),
    }
    people = {}
    for key, (name, local, username) in names.items():
        organization = make_organization(event, key.upper(), name=name, name_local=local)
        user = make_user(username, first_name=username.capitalize(), last_name=name.split()[0])
        people[key] = make_membership(organization, user, role="lead", job_title="BD lead")
    slots = list(Slot.objects.filter(event=event).order_by("start"))
    # Pat can meet only in the two slots that have already begun.
    Unavailability.objects.bulk_create(
        Unavailability(membership=people["acme"], slot=slot) for slot in slots[2:]
    )

    def agree(sender, receiver):
        made = create_request(
            sender=people[sender],
            receiver_organization=people[receiver].organization,
            receiver_person=people[receiver],
            message=f"{sender} meets {receiver}",
        )
        return accept_request(meeting_request=made, answerer=people[receiver])

    requests = {
        "acme-gamma": agree("acme", "gamma"),
        "beta-acme": agree("beta", "acme"),
        "delta-epsilon": agree("delta", "epsilon"),
        "zeta-beta": agree("zeta", "beta"),
    }
    return {"event": event, "people": people, "slots": slots, "requests": requests, "agree": agree}


def _watch(page, found):
    """Collect CSP violations and script errors of the page into ``found``."""
    page.on(
        "console",
        lambda message: (
            found.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.on("pageerror", lambda error: found.append(str(error)))


def _log_in(page, username):
    page.goto("/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("form.form button[type=submit]")
    expect(page.locator("form.form input[name=password]")).to_have_count(0)


def _run_worker():
    """The real ``db_worker`` runs every queued task, then exits; it installs its own signal
    handlers, which are put back afterwards (Ctrl+C keeps working for the rest of the run)."""
    names = [
        signal.SIGINT,
        signal.SIGTERM,
        *([signal.SIGQUIT] if hasattr(signal, "SIGQUIT") else []),
    ]
    saved = {number: signal.getsignal(number) for number in names}
    try:
        call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0")
    finally:
        for number, handler in saved.items():
            signal.signal(number, handler)


def _places():
    """(request pk → (slot pk, table pk, sequence, uid)) of the scheduled meetings."""
    return {
        m.meeting_request_id: (m.slot_id, m.table_id, m.sequence, m.uid)
        for m in ScheduledMeeting.objects.filter(status="scheduled")
    }


def _clock(slot, zone):
    start = timezone.localtime(slot.start, zone).strftime("%H:%M")
    return f"{start}–{timezone.localtime(slot.end, zone).strftime('%H:%M')}"


def test_accepted_requests_to_schedule_agenda_late_meeting_and_attendance(
    event_nav, page, browser, live_server, settings, monkeypatch, world, organizer, screenshot
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    # No grid poll racing the taps (see the note on SQLite at the worker); the lounge's own
    # browser test covers the polling. The grid is reloaded instead.
    monkeypatch.setattr("summit.lounge.views.POLL_SECONDS", 3600)
    event, people, requests = world["event"], world["people"], world["requests"]
    zone = ZoneInfo(event.time_zone)
    problems: list[str] = []
    _watch(page, problems)
    page.set_viewport_size({"width": 1400, "height": 1200})
    mail.outbox.clear()

    # 1. The organizer starts a run; it waits for a worker, the panel polls.
    _log_in(page, "organizer")
    page.goto(f"/e/{event.slug}/")
    event_nav(page, "Schedule")
    page.fill("input[name=name]", "Journey draft")
    page.select_option("select[name=solver]", "auto")
    page.fill("input[name=time_limit_s]", "2")
    page.click("button:has-text('Start the run')")
    expect(page.locator("h1")).to_have_text("Journey draft")
    progress = page.locator("#run-progress")
    expect(progress).to_contain_text("Queued")
    expect(progress).to_have_attribute("hx-trigger", "every 1s")
    expect(progress.locator(".run-elapsed")).to_contain_text("/ 2 s")
    screenshot(page, "1-progress")

    # 2. A worker takes the queued task; the panel notices and the page shows the review.
    # The test database is SQLite in memory with a shared cache, where a read and a write of
    # one table at the same moment fail at once ("table is locked") instead of waiting: the
    # panel's polls are held by the browser while the worker runs (Playwright serves routes
    # only when the test thread is back in Playwright), then go on.
    page.route("**/progress/", lambda route: route.continue_())
    _run_worker()
    page.unroute("**/progress/")
    run = ScheduleRun.objects.get(name="Journey draft")
    assert run.status == "done", run.error
    assert run.options["time_limit_s"] == 2
    assert run.summary["wall_s"] < 15
    expect(page.locator("#run-summary")).to_be_visible(timeout=15_000)
    summary = page.locator("#run-summary")
    expect(summary).to_contain_text("100.0 %")
    expect(summary).to_contain_text("accepted requests scheduled (4 of 4)")
    verdict = page.locator("#run-verdict")
    expect(verdict).to_contain_text("Every accepted meeting is in the schedule: all 4 of them.")
    expect(verdict).to_contain_text("This is the best possible schedule: proven.")
    expect(page.locator("#unscheduled")).to_contain_text("Every meeting is in the schedule.")
    rows = page.locator("#people-table tbody tr")
    expect(rows).to_have_count(6)
    expect(rows.filter(has_text="Acme Biologics")).to_contain_text("2")
    expect(rows.filter(has_text="Delta Labs")).to_contain_text("100 %")
    expect(page.locator("#people-table tr.row-nothing")).to_have_count(0)
    screenshot(page, "2-review")

    # 3. Publish through the confirmation page.
    page.click("#publish-run")
    expect(page.locator("#count-new")).to_have_text("4")
    expect(page.locator("#count-moved")).to_have_text("0")
    expect(page.locator("#count-people")).to_have_text("6")
    screenshot(page, "3-confirm")
    page.click("#publish-confirm")
    expect(page.locator("#published")).to_contain_text("Published")
    expect(page.locator(".messages")).to_contain_text("Published: 4 new, 0 moved")
    published = _places()
    assert set(published) == {r.pk for r in requests.values()}
    run.refresh_from_db()
    assert run.published_at is not None
    assert run.published_by == organizer
    pat_mails = [m for m in mail.outbox if people["acme"].user.email in m.to]
    assert len(pat_mails) == 1
    acme_gamma = ScheduledMeeting.objects.select_related("slot", "table").get(
        meeting_request=requests["acme-gamma"]
    )
    beta_acme = ScheduledMeeting.objects.select_related("slot", "table").get(
        meeting_request=requests["beta-acme"]
    )
    assert {acme_gamma.slot, beta_acme.slot} == set(world["slots"][:2])

    # 4. Pat sees the agenda and downloads the calendar file and the PDF.
    phone = browser.new_context(base_url=live_server.url, locale="en-US", accept_downloads=True)
    phone.set_default_timeout(15_000)
    pat = phone.new_page()
    _watch(pat, problems)
    _log_in(pat, "pat")
    pat.goto(f"/e/{event.slug}/agenda/")
    pairs = (
        (acme_gamma, "Gamma Pharma", "Gil Gamma"),
        (beta_acme, "Beta Therapeutics", "Ben Beta"),
    )
    for meeting, partner, person in pairs:
        item = pat.locator(f"#meeting-{meeting.uid}")
        expect(item.locator(".agenda-partner")).to_have_text(partner)
        expect(item.locator(".agenda-people")).to_contain_text(person)
        expect(item.locator(".agenda-table")).to_have_text(f"Table {meeting.table.number}")
        expect(item.locator(".agenda-clock")).to_have_text(_clock(meeting.slot, zone))
    expect(pat.locator(".agenda-item")).to_have_count(2)
    screenshot(pat, "4-agenda")

    with pat.expect_download() as calendar_download:
        pat.click("text=Download calendar (.ics)")
    calendar = icalendar.Calendar.from_ical(Path(calendar_download.value.path()).read_bytes())
    events = {str(e["UID"]).split("@")[0]: e for e in calendar.walk("VEVENT")}
    assert set(events) == {str(acme_gamma.uid), str(beta_acme.uid)}
    for meeting in (acme_gamma, beta_acme):
        vevent = events[str(meeting.uid)]
        assert int(vevent["SEQUENCE"]) == 0
        assert str(vevent["STATUS"]) == "CONFIRMED"
        assert vevent.decoded("DTSTART") == meeting.slot.start
        assert vevent.decoded("DTEND") == meeting.slot.end
    assert "Gamma Pharma" in str(events[str(acme_gamma.uid)]["SUMMARY"])

    with pat.expect_download() as pdf_download:
        pat.click("text=Download PDF")
    pdf = Path(pdf_download.value.path())
    assert pdf.read_bytes().startswith(b"%PDF-")
    pdftotext = shutil.which("pdftotext")
    assert pdftotext is not None, "poppler-utils (pdftotext) is needed"
    text = subprocess.run(
        [pdftotext, "-enc", "UTF-8", str(pdf), "-"], capture_output=True, check=True, text=True
    ).stdout
    assert GAMMA_KO in text
    assert "Beta Therapeutics" in text

    # 5. A request accepted after publication is placed around the published meetings.
    late = world["agree"]("zeta", "gamma")
    page.click("text=Late meetings and live changes")
    expect(page.locator("#late-waiting h2")).to_have_text("1 accepted request without a place")
    expect(page.locator("#late-waiting")).to_contain_text("Zeta Medicine – Gamma Pharma")
    page.click("#late-place")
    expect(page.locator("#late-placed")).to_have_text("1 of 1 late meetings placed and published.")
    expect(page.locator("#late-waiting h2")).to_have_text("0 accepted requests without a place")
    screenshot(page, "5-late")
    after = _places()
    assert {pk: after[pk] for pk in published} == published  # nothing published moved
    late_meeting = ScheduledMeeting.objects.get(meeting_request=late)
    assert late_meeting.status == "scheduled"
    assert late_meeting.sequence == 0
    taken = {(slot, table) for slot, table, _sequence, _uid in published.values()}
    assert (late_meeting.slot_id, late_meeting.table_id) not in taken
    busy = set(
        MeetingSeat.objects.filter(membership__in=[people["zeta"], people["gamma"]], active=True)
        .exclude(meeting=late_meeting)
        .values_list("slot_id", flat=True)
    )
    assert late_meeting.slot_id not in busy  # nobody is in two meetings at once

    # 6. The organizer moves Acme × Gamma to a free table of the same slot (Pat is free in no
    # other slot) with the meeting page's form; Pat's calendar keeps the UID, SEQUENCE grows.
    used = set(
        ScheduledMeeting.objects.filter(slot=acme_gamma.slot, status="scheduled").values_list(
            "table__number", flat=True
        )
    )
    free = Table.objects.filter(event=event).exclude(number__in=used).order_by("number").first()
    page.goto(f"/e/{event.slug}/lounge/")
    page.locator(
        f'td[data-slot="{acme_gamma.slot_id}"][data-table="{acme_gamma.table_id}"] a.lounge-orgs'
    ).click()
    expect(page.locator("h1")).to_have_text("Acme Biologics × Gamma Pharma")
    page.select_option("select[name=table]", str(free.pk))
    page.get_by_role("button", name="Move", exact=True).click()
    expect(page.locator(".message-success")).to_contain_text("Moved to")
    screenshot(page, "6-moved")
    acme_gamma.refresh_from_db()
    assert (acme_gamma.slot_id, acme_gamma.table_id) == (
        published[requests["acme-gamma"].pk][0],
        free.pk,
    )
    assert acme_gamma.sequence == 1
    assert len([m for m in mail.outbox if people["acme"].user.email in m.to]) == 2
    pat.goto(f"/e/{event.slug}/agenda/")
    moved_item = pat.locator(f"#meeting-{acme_gamma.uid}")
    expect(moved_item.locator(".agenda-table")).to_have_text(f"Table {free.number}")
    with pat.expect_download() as second_download:
        pat.click("text=Download calendar (.ics)")
    calendar = icalendar.Calendar.from_ical(Path(second_download.value.path()).read_bytes())
    again = {str(e["UID"]).split("@")[0]: e for e in calendar.walk("VEVENT")}
    assert set(again) == set(events)  # same UIDs: calendars update, nothing duplicated
    assert int(again[str(acme_gamma.uid)]["SEQUENCE"]) == 1
    assert int(again[str(beta_acme.uid)]["SEQUENCE"]) == 0
    assert f"Table {free.number}" in str(again[str(acme_gamma.uid)]["LOCATION"])
    assert again[str(acme_gamma.uid)].decoded("DTSTART") == acme_gamma.slot.start

    # 7. On the day: the organizer taps "Check in" on the grid …
    page.goto(f"/e/{event.slug}/lounge/")
    expect(page.locator("h1")).to_have_text("Lounge")
    cell = page.locator(f'td[data-slot="{acme_gamma.slot_id}"][data-table="{acme_gamma.table_id}"]')
    expect(cell).to_contain_text("Gamma Pharma")
    expect(page.locator(".lounge-meeting")).to_have_count(5)
    cell.get_by_role("button", name="Check in").click()
    expect(cell.locator(".lounge-meeting")).to_have_class(
        "lounge-meeting lounge-checked_in", timeout=10_000
    )
    acme_gamma.refresh_from_db()
    assert acme_gamma.attendance == "checked_in"
    assert acme_gamma.attendance_recorded_by == organizer
    screenshot(page, "7-checked-in")
    # The meeting's page keeps the record.
    cell.locator("a.lounge-orgs").click()
    expect(page.locator("h1")).to_have_text("Acme Biologics × Gamma Pharma")
    expect(page.locator(".lounge-actions .lounge-badge").first).to_have_text("Checked in")
    expect(page.locator("table.table tbody tr")).to_contain_text("Olivia Organizer")

    # … and Pat reports that Beta did not come to the other meeting.
    pat.goto(f"/e/{event.slug}/")
    pat.get_by_role("link", name="Today", exact=True).click()
    gamma_card = pat.locator("article.lounge-my-meeting", has_text="Gamma Pharma")
    expect(gamma_card.locator(".lounge-badge")).to_have_text("Checked in")
    expect(gamma_card.get_by_role("button", name="They did not come")).to_have_count(0)
    beta_card = pat.locator("article.lounge-my-meeting", has_text="Beta Therapeutics")
    expect(beta_card.locator("h2")).to_contain_text(
        re.compile(rf"\bTable {beta_acme.table.number}\b")
    )
    beta_card.get_by_role("button", name="They did not come").click()
    expect(pat.locator(".message-success")).to_contain_text("The no-show was recorded")
    expect(pat.locator("article.lounge-my-meeting", has_text="Beta Therapeutics")).to_contain_text(
        "no-show reported"
    )
    screenshot(pat, "8-no-show")
    beta_acme.refresh_from_db()
    assert beta_acme.attendance == "no_show"
    assert beta_acme.absent_organization == people["beta"].organization
    assert beta_acme.attendance_recorded_by == people["acme"].user
    phone.close()

    # The organizer's grid shows both; nothing else changed.
    page.goto(f"/e/{event.slug}/lounge/")
    no_show_cell = page.locator(
        f'td[data-slot="{beta_acme.slot_id}"][data-table="{beta_acme.table_id}"]'
    )
    expect(no_show_cell.locator(".lounge-meeting")).to_have_class("lounge-meeting lounge-no_show")
    expect(no_show_cell).to_contain_text("no-show: Beta Therapeuti")  # cut to 16 characters
    expect(cell.locator(".lounge-meeting")).to_have_class("lounge-meeting lounge-checked_in")
    expect(page.locator(".lounge-count-checked_in strong")).to_have_text("1")
    expect(page.locator(".lounge-count-no_show strong")).to_have_text("1")
    screenshot(page, "9-grid")
    states = dict(
        ScheduledMeeting.objects.filter(status="scheduled").values_list(
            "meeting_request_id", "attendance"
        )
    )
    assert states == {
        requests["acme-gamma"].pk: "checked_in",
        requests["beta-acme"].pk: "no_show",
        requests["delta-epsilon"].pk: "expected",
        requests["zeta-beta"].pk: "expected",
        late.pk: "expected",
    }
    assert problems == []
