"""A participant's event as it is lived: yesterday's meeting (feedback due), tomorrow's meeting
(on the agenda), a request waiting for an answer, recommendations, long names in two scripts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from summit.events.domain.setup import add_day, add_organizer, add_tables, save_session
from summit.events.models import Event, Slot
from summit.matching.domain.recommendations import recompute_recommendations
from summit.meetings.domain.requests import create_request
from summit.outcomes.domain.deals import DealData, record_deal

PASSWORD = "Partnering-Test-2026!"
SIZES = {"phone": (390, 844), "laptop": (1366, 768)}


@dataclass
class PhoneWorld:
    event: Any
    me: Any  # the participant's membership
    held: Any  # yesterday's meeting
    upcoming: Any  # tomorrow's meeting
    pending: Any  # a request to the participant's organization, waiting for an answer
    requestable: Any  # an organization the participant has no contact with yet
    deal: Any  # a deal with yesterday's partner, waiting for their confirmation


@pytest.fixture
def phone_world(
    organizer, participant, make_organization, make_membership, make_scheduled_meeting, make_user
) -> PhoneWorld:
    zone = ZoneInfo("Asia/Seoul")
    today = timezone.localdate(timezone=zone)
    event = Event.objects.create(
        slug="bio-korea",
        name="Bio Korea Partnering Summit 2026",
        name_ko="바이오 코리아 파트너링 서밋 2026",
        venue="COEX, Seoul",
        time_zone="Asia/Seoul",
    )
    add_organizer(event=event, user=organizer)
    for day in (today - timedelta(days=1), today + timedelta(days=1)):
        save_session(
            day=add_day(event=event, day=day),
            name="Morning",
            start_time=time(9, 0),
            end_time=time(12, 0),
            slot_minutes=30,
            break_minutes=0,
        )
    add_tables(event=event, kind="table", count=6)
    mine = make_organization(
        event,
        "KBIO",
        name="Korea Biologics Research Institute",
        name_local="한국바이오의약품연구소",
        survey_status="submitted",
        survey_submitted_at=timezone.now(),
    )
    me = make_membership(
        mine, participant, role="lead", job_title="Director of Business Development"
    )
    people = []
    for index, (name, korean, kind) in enumerate(
        [
            (
                "Seoul National University Hospital Biomedical Research Institute",
                "서울대학교병원 의생명연구원",
                "hospital",
            ),
            ("Han River Ventures", "한강벤처스", "investor"),
            ("Global Pharmaceuticals International Licensing Division", "", "global_pharma"),
            ("Daejeon Cell Therapy Manufacturing Organization", "대전세포치료제조기관", "cdmo"),
            ("Arvel Health Partners", "", "investor"),
        ]
    ):
        organization = make_organization(
            event,
            f"P{index}",
            name=name,
            name_local=korean,
            org_type=kind,
            offers=["funding"] if kind == "investor" else ["licensing_out"],
            seeks=["licensing_in"] if kind == "investor" else ["funding"],
        )
        user = make_user(f"partner{index}", first_name="Jiwoo", last_name=f"Han{index}")
        people.append(make_membership(organization, user, role="lead", job_title="Partner"))
    first = Slot.objects.filter(event=event).order_by("start")
    yesterday_slot = first.first()
    tomorrow_slot = first.filter(start__gt=timezone.now()).first()
    held = make_scheduled_meeting(event, first=me, second=people[0], slot=yesterday_slot, table=1)
    upcoming = make_scheduled_meeting(
        event, first=people[1], second=me, slot=tomorrow_slot, table=2
    )
    pending = create_request(
        sender=people[2],
        receiver_organization=mine,
        message="We would like to discuss an in-licensing option for your lead antibody.",
    )
    deal = record_deal(
        event=event,
        user=participant,
        data=DealData(
            title="Option to license KB-101 (bispecific antibody) in Japan and South-East Asia",
            kind="license",
            stage="term_sheet",
            date=today,
            organizations=[mine, held.meeting_request.receiver_organization],
            value=Decimal("12500000"),
            currency="USD",
            meetings=(held,),
        ),
    )
    recompute_recommendations(event=event)
    event.refresh_from_db()
    return PhoneWorld(
        event=event,
        me=me,
        held=held,
        upcoming=upcoming,
        pending=pending,
        requestable=people[4].organization,
        deal=deal,
    )


def log_in_as_participant(page: Any, participant: Any) -> None:
    """Fill in and send the log-in form shown on `page`."""
    page.fill("input[name=username]", participant.username)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


@pytest.fixture
def participant_page(browser, live_server, participant):
    """``participant_page(language, size)``: a logged-in participant's page in a browser of that
    size, their profile set to that language (``log_in=False``: on the log-in page, not logged
    in yet; `log_in_as_participant` finishes); closed at the end of the test."""
    contexts = []

    def open_page(language: str, size: str, *, log_in: bool = True) -> Any:
        participant.profile.language = language
        participant.profile.save(update_fields=["language"])
        width, height = SIZES[size]
        context = browser.new_context(
            base_url=live_server.url,
            locale="ko-KR" if language == "ko" else "en-US",
            viewport={"width": width, "height": height},
            is_mobile=size == "phone",
            has_touch=size == "phone",
        )
        context.set_default_timeout(20_000)
        contexts.append(context)
        page = context.new_page()
        page.goto("/accounts/login/")
        if log_in:
            log_in_as_participant(page, participant)
        return page

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def log_in(participant) -> Any:
    """``log_in(page)``: the participant logs in through the form shown on `page`."""
    return lambda page: log_in_as_participant(page, participant)


@pytest.fixture
def screen_sizes() -> dict[str, tuple[int, int]]:
    """The screens every participant page is checked on: a phone and a laptop."""
    return SIZES
