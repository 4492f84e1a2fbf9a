"""Browser walk of same-day re-matching (Playwright + chromium on a live server), with
screenshots at phone (390 px) and desk (1366 px) widths, in English and Korean.

Ann of Acme, on her phone, reports that Beta did not come to the meeting running now, opens
"Find another meeting now" and proposes a meeting to Gamma, the recommender's pick, with one
tap. The organizer's grid (1366 px) shows the no-show's "Re-match" link, which opens the
organizers' re-match page with the proposal. Gil of Gamma (Korean) sees the proposal on his
event home and accepts it there: the meeting replaces the no-show at Ann's table and is on
both agendas; the grid shows it. No page breaks the strict CSP.
"""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from summit.accounts.models import Profile
from summit.lounge.models import MeetingProposal
from summit.matching.models import Recommendation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Partnering-Test-2026!"
PHONE = {"width": 390, "height": 844}
DESK = {"width": 1366, "height": 900}


@pytest.fixture
def live(live_event, make_organization, make_membership, make_user, make_scheduled_meeting):
    acme = make_membership(
        make_organization(live_event, "ACME", name="Acme Biologics", name_local="애크미 바이오"),
        make_user("ann", first_name="Ann", last_name="Acme"),
        role="lead",
    )
    beta = make_membership(
        make_organization(live_event, "BETA", name="Beta Therapeutics", name_local="베타"),
        make_user("ben", first_name="Ben", last_name="Beta"),
    )
    gamma = make_membership(
        make_organization(live_event, "GAMMA", name="Gamma Pharma", name_local="감마 제약"),
        make_user("gil", first_name="길동", last_name="홍", language="ko"),
        role="lead",
    )
    make_membership(
        make_organization(live_event, "DELTA", name="Delta Devices", name_local="델타 디바이스"),
        make_user("dora", first_name="Dora", last_name="Delta"),
    )
    Recommendation.objects.create(
        event=live_event,
        organization=acme.organization,
        partner=gamma.organization,
        rank=1,
        score=0.74,
        reasons_en=["Gamma Pharma seeks a licensing partner for an oncology antibody."],
        reasons_ko=["감마 제약은 종양학 항체의 라이선스 파트너를 찾고 있습니다."],
        computed_at=timezone.now(),
    )
    return {
        "event": live_event,
        "gamma": gamma,
        "now": make_scheduled_meeting(live_event, first=acme, second=beta, slot=2, table=1),
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


def _new_page(browser, live_server, viewport, locale="en-US"):
    context = browser.new_context(base_url=live_server.url, locale=locale, viewport=viewport)
    context.set_default_timeout(15_000)
    return context, context.new_page()


def test_a_freed_participant_is_rematched_and_the_partner_accepts_on_the_phone(
    browser, live_server, live, organizer, screenshot
):
    event = live["event"]
    violations = []

    # Ann, on her phone: Beta did not come; she looks for someone else.
    phone, ann = _new_page(browser, live_server, PHONE)
    violations += _csp_violations(ann)
    _log_in(ann, "ann")
    ann.goto(f"/e/{event.slug}/lounge/today/")
    running = ann.locator("article.lounge-my-meeting", has_text="Beta Therapeutics")
    running.get_by_role("button", name="They did not come").click()
    expect(ann.locator(".message-success")).to_contain_text("The no-show was recorded")
    ann.locator("article.lounge-my-meeting", has_text="Beta Therapeutics").get_by_role(
        "link", name="Find another meeting now"
    ).click()
    expect(ann.locator("h1")).to_have_text("Meet someone now")
    first_slot = ann.locator("details.rematch-slot").first
    best = first_slot.locator("li.rematch-candidate").first
    expect(best).to_contain_text("Gamma Pharma")
    expect(best).to_contain_text("recommended")
    expect(first_slot).not_to_contain_text("Beta Therapeutics")  # reported absent
    screenshot(ann, "1-phone-en-free-partners")
    best.get_by_role("button", name="Propose").click()
    expect(ann.locator(".message-success")).to_contain_text("Proposal sent to Gamma Pharma")
    expect(ann.locator("details.rematch-slot").first).to_contain_text(
        "Proposal sent: waiting for an answer"
    )
    screenshot(ann, "2-phone-en-proposal-sent")
    proposal = MeetingProposal.objects.get()

    # The organizer at the lounge desk: the no-show's "Re-match" link shows what was proposed.
    desk, page = _new_page(browser, live_server, DESK)
    violations += _csp_violations(page)
    _log_in(page, "organizer")
    page.goto(f"/e/{event.slug}/lounge/")
    page.locator(".lounge-meeting.lounge-no_show").get_by_role("link", name="Re-match").click()
    expect(page.locator("h1")).to_contain_text("Re-match")
    expect(page.locator("main")).to_contain_text("Ann Acme")
    expect(page.locator("section", has_text="Proposals sent")).to_contain_text("Gamma Pharma")
    screenshot(page, "3-desk-en-organizer-rematch")

    # Gil of Gamma, Korean, on his phone: the proposal is on his event home.
    gil_context, gil = _new_page(browser, live_server, PHONE, locale="ko-KR")
    violations += _csp_violations(gil)
    _log_in(gil, "gil")
    gil.goto(f"/e/{event.slug}/")
    same_day = gil.locator("#inbox-same-day")
    expect(same_day).to_contain_text("오늘 라운지에서")
    expect(same_day).to_contain_text("애크미 바이오")
    screenshot(gil, "4-phone-ko-inbox-proposal")
    same_day.get_by_role("button", name="수락").click()
    expect(gil.locator(".message-success")).to_contain_text("수락했습니다")
    proposal.refresh_from_db()
    booked = proposal.scheduled_meeting
    assert (proposal.status, booked.slot_id, booked.status) == (
        "accepted",
        proposal.slot_id,
        "scheduled",
    )
    screenshot(gil, "5-phone-ko-accepted-meeting")
    gil.goto(f"/e/{event.slug}/agenda/")
    expect(gil.locator("main")).to_contain_text("애크미 바이오")
    gil_context.close()

    # Ann's page shows the answer.
    ann.goto(f"/e/{event.slug}/lounge/rematch/")
    expect(ann.locator("section", has_text="Proposals sent")).to_contain_text("accepted")
    ann.goto(f"/e/{event.slug}/agenda/")
    expect(ann.locator("main")).to_contain_text("Gamma Pharma")
    phone.close()

    # The grid shows Acme × Gamma. In the running slot (10 minutes or more left when Ann
    # proposed) it took Ann's table instead of the no-show; else it is in her next free slot.
    page.goto(f"/e/{event.slug}/lounge/")
    expect(page.locator(".lounge-grid")).to_contain_text("Gamma Pharma")
    replaced = booked.slot_id == live["now"].slot_id
    expect(page.locator(".lounge-meeting.lounge-no_show")).to_have_count(0 if replaced else 1)
    if replaced:
        assert booked.table_id == live["now"].table_id
    screenshot(page, "6-desk-en-grid")
    desk.close()

    # Ann's page at the desk width, with Korean chosen in her profile.
    Profile.objects.filter(user__username="ann").update(language="ko")
    korean, ann_ko = _new_page(browser, live_server, DESK, locale="ko-KR")
    violations += _csp_violations(ann_ko)
    _log_in(ann_ko, "ann")
    ann_ko.goto(f"/e/{event.slug}/lounge/rematch/")
    expect(ann_ko.locator("h1")).to_have_text("지금 다른 참가자 만나기")
    screenshot(ann_ko, "7-desk-ko-free-partners")
    korean.close()
    assert violations == []
