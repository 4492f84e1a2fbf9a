"""Aggregation of the dashboard on the small known world of conftest.py."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace
from typing import Any

import pytest
from django.utils import translation

from partnering_engine.matching.countries import country_name
from summit.events.models import EventDay
from summit.lounge.domain.attendance import report_no_show
from summit.lounge.domain.rematch import accept_proposal, propose_meeting
from summit.outcomes.models import MeetingFeedback
from summit.reports.domain.dashboard import Filters, build_dashboard

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def _rows(dashboard: Any, key: str) -> dict[str, tuple[Any, ...]]:
    return {row[0]: row[1:] for row in dashboard.section(key).rows}


def test_headline_numbers_match_the_world(world: Any) -> None:
    dashboard = build_dashboard(event=world.event)

    numbers = {item.key: item.value for item in dashboard.headline}

    assert numbers == {
        "organizations": 4,
        "participants": 4,
        "countries": 3,
        "requests_sent": 7,
        "requests_accepted": 5,
        "requests_declined": 1,
        "requests_pending": 1,
        "meetings_scheduled": 4,
        "meetings_held": 2,
        "meetings_no_show": 1,
        "feedback_answers": 3,
        "meetings_with_feedback": 2,
        "strong_interest": 1,
        "deals": 3,
        "deals_signed": 2,
        "deals_confidential": 1,
    }


def test_meetings_by_day_splits_held_no_show_and_not_recorded(world: Any) -> None:
    rows = _rows(build_dashboard(event=world.event), "meetings_by_day")

    assert rows == {"2026-10-06": (1, 1, 0, 2, 0), "2026-10-07": (1, 0, 1, 2, 0)}


def test_country_pairs_count_both_directions_together(world: Any) -> None:
    rows = _rows(build_dashboard(event=world.event), "country_pairs")

    kr, us, jp = country_name("KR"), country_name("US"), country_name("JP")
    assert rows == {
        f"{jp} – {kr}": (1,),
        f"{jp} – {us}": (1,),
        f"{kr} – {kr}": (1,),
        f"{kr} – {us}": (1,),
    }


def test_pairs_beyond_the_top_are_summed_as_other(world: Any, monkeypatch: Any) -> None:
    monkeypatch.setattr("summit.reports.domain.dashboard.TOP_PAIRS", 1)

    rows = _rows(build_dashboard(event=world.event), "org_type_pairs")

    assert len(rows) == 2
    assert rows["other"] == (3,)


def test_requests_over_time_counts_sent_accepted_declined(world: Any) -> None:
    section = build_dashboard(event=world.event).section("requests_over_time")

    totals = [sum(row[index] for row in section.rows) for index in (1, 2, 3)]
    assert totals == [7, 5, 1]
    assert section.chart is not None
    assert section.chart.kind == "line"


def test_follow_up_interest_and_next_steps(world: Any) -> None:
    dashboard = build_dashboard(event=world.event)

    assert _rows(dashboard, "follow_up_interest") == {"none": (0,), "some": (2,), "strong": (1,)}
    steps = _rows(dashboard, "next_steps")
    assert steps["second meeting"] == (1,)
    assert steps["send information"] == (1,)
    assert steps["none"] == (1,)


def test_deals_by_kind_and_stage_count_confidential_deals(world: Any) -> None:
    dashboard = build_dashboard(event=world.event)

    by_kind = _rows(dashboard, "deals_by_kind")
    # columns: discussing, term sheet, signed, announced, total
    assert by_kind["license"] == (0, 0, 1, 0, 1)
    assert by_kind["CDMO/CMO contract"] == (0, 0, 1, 0, 1)
    assert by_kind["MOU"] == (1, 0, 0, 0, 1)
    assert _rows(dashboard, "deals_by_stage") == {
        "discussing": (1,),
        "term sheet": (0,),
        "signed": (2,),
        "announced": (0,),
    }


def test_signed_deals_name_public_deals_only(world: Any) -> None:
    section = build_dashboard(event=world.event).section("signed_deals")

    assert [row[0] for row in section.rows] == ["Oncology licence"]
    assert section.rows[0][4] == "Alpha Bio; Beta Pharma"
    text = repr(section)
    assert "Secret CDMO deal" not in text
    assert "Gamma Secretive CDMO" not in text
    assert "5000000" not in text
    assert section.notes == (
        "1 confidential signed deal(s) are counted in every number above but not named.",
    )


def test_matched_areas_and_needs(world: Any) -> None:
    dashboard = build_dashboard(event=world.event)

    assert _rows(dashboard, "matched_areas") == {"Oncology": (2,)}
    needs = _rows(dashboard, "matched_needs")
    assert needs == {"Funding → Funding": (2,), "Licensing out → Licensing in": (1,)}


def test_day_filter_keeps_that_days_meetings_and_their_deals(world: Any) -> None:
    day = EventDay.objects.get(event=world.event, date="2026-10-06")

    dashboard = build_dashboard(event=world.event, filters=Filters(day=day))

    assert dashboard.number("meetings_scheduled") == 2
    assert dashboard.number("meetings_held") == 1
    assert dashboard.number("meetings_no_show") == 1
    assert dashboard.number("deals") == 2
    assert dashboard.number("feedback_answers") == 2
    assert dashboard.number("requests_sent") == 7  # requests are not tied to a day


def test_org_type_filter_keeps_meetings_and_deals_of_that_type(world: Any) -> None:
    dashboard = build_dashboard(event=world.event, filters=Filters(org_type="cdmo"))

    assert dashboard.number("organizations") == 1
    assert dashboard.number("meetings_scheduled") == 2
    assert dashboard.number("deals") == 2
    assert dashboard.number("deals_confidential") == 1
    # m2, m3, the cancelled m4 (its request stays accepted) and the declined one
    assert dashboard.number("requests_sent") == 4


def test_dashboard_of_an_empty_event_is_all_zero(make_event: Any) -> None:
    dashboard = build_dashboard(event=make_event())

    assert all(item.value == 0 for item in dashboard.headline)
    assert dashboard.section("meetings_by_day").rows == ()


def test_matched_areas_follow_new_meetings_and_saved_surveys(
    world: Any, make_scheduled_meeting: Any, make_membership: Any, make_organization: Any
) -> None:
    assert _rows(build_dashboard(event=world.event), "matched_areas") == {"Oncology": (2,)}
    # Beta and a new oncology biotech: their new meeting is counted at once.
    epsilon = make_organization(world.event, therapeutic_areas=["oncology"])
    make_scheduled_meeting(
        world.event,
        first=make_membership(world.beta),
        second=make_membership(epsilon),
        slot=3,
        table=2,
    )
    assert _rows(build_dashboard(event=world.event), "matched_areas") == {"Oncology": (3,)}
    world.gamma.therapeutic_areas = ["vaccines", "oncology"]
    world.gamma.save()

    rows = _rows(build_dashboard(event=world.event), "matched_areas")

    assert rows == {"Oncology": (5,)}  # Gamma now shares it with Alpha (m2) and Beta (m3)


def test_matched_areas_leave_out_a_cancelled_meeting(world: Any) -> None:
    build_dashboard(event=world.event)
    world.meetings[4].status = "cancelled"  # Alpha–Delta, the second oncology meeting
    world.meetings[4].save()

    rows = _rows(build_dashboard(event=world.event), "matched_areas")

    assert rows == {"Oncology": (1,)}


@pytest.mark.parametrize(
    ("bucket", "zone", "day"),
    [
        ("2026-10-05 15:0", "Asia/Seoul", "2026-10-06"),  # 00:00–00:09 in Seoul
        ("2026-10-05 14:5", "Asia/Seoul", "2026-10-05"),  # 23:50–23:59 in Seoul
        ("2026-10-05 18:3", "Asia/Kolkata", "2026-10-06"),  # +05:30: 00:00–00:09
        ("2026-03-29 00:5", "Europe/Berlin", "2026-03-29"),  # a DST change day
    ],
)
def test_time_buckets_go_to_the_events_local_day(bucket: str, zone: str, day: str) -> None:
    from zoneinfo import ZoneInfo

    from summit.reports.domain.dashboard import _local_day

    assert _local_day(bucket, ZoneInfo(zone)).isoformat() == day


@pytest.fixture
def rematched(
    world: Any, make_organization: Any, make_membership: Any, make_scheduled_meeting: Any
) -> SimpleNamespace:
    """Epsilon did not come to its meeting with Alpha (day 1, third slot, table 1); Alpha
    proposed a same-day meeting to Zeta, who accepted: the no-show is closed (cancelled, its
    attendance kept) and the new meeting takes its table."""
    alpha = world.leads["ALPHA"]
    epsilon = make_membership(make_organization(world.event, "EPS", country="DE"), role="lead")
    zeta = make_membership(make_organization(world.event, "ZETA", country="FR"), role="lead")
    no_show = make_scheduled_meeting(world.event, first=alpha, second=epsilon, slot=2, table=1)
    now = no_show.slot.start + timedelta(minutes=5)
    report_no_show(meeting=no_show, user=alpha.user, now=now)
    proposal = propose_meeting(
        sender=alpha, partner=zeta.organization, slot=no_show.slot, user=alpha.user, now=now
    )
    booked = accept_proposal(proposal=proposal, membership=zeta, now=now)
    no_show.refresh_from_db()
    assert (no_show.status, no_show.attendance) == ("cancelled", "no_show")
    return SimpleNamespace(no_show=no_show, booked=booked)


def test_a_no_show_replaced_by_a_rematch_stays_a_no_show(world: Any, rematched: Any) -> None:
    # A side's feedback saying it took place does not make the closed no-show held.
    MeetingFeedback.objects.create(
        meeting=rematched.no_show,
        organization=world.leads["ALPHA"].organization,
        author=world.leads["ALPHA"],
        took_place=True,
    )
    dashboard = build_dashboard(event=world.event)

    # Day 1: m1 held; m2 and the replaced no-show; the re-matched meeting not recorded yet.
    assert _rows(dashboard, "meetings_by_day") == {
        "2026-10-06": (1, 2, 1, 4, 1),
        "2026-10-07": (1, 0, 1, 2, 0),
    }
    assert dashboard.section("meetings_by_day").headers[-1] == "Re-matched"
    numbers = {item.key: item.value for item in dashboard.headline}
    assert (
        numbers["meetings_scheduled"],
        numbers["meetings_held"],
        numbers["meetings_no_show"],
    ) == (6, 2, 2)


def test_the_day_filter_counts_the_rematched_meetings_of_that_day(
    world: Any, rematched: Any
) -> None:
    second_day = EventDay.objects.get(event=world.event, date="2026-10-07")
    first_day = EventDay.objects.get(event=world.event, date="2026-10-06")

    assert _rows(
        build_dashboard(event=world.event, filters=Filters(day=first_day)), "meetings_by_day"
    ) == {"2026-10-06": (1, 2, 1, 4, 1)}
    assert _rows(
        build_dashboard(event=world.event, filters=Filters(day=second_day)), "meetings_by_day"
    ) == {"2026-10-07": (1, 0, 1, 2, 0)}


def test_the_rematched_column_is_in_korean_on_korean_reports(world: Any, rematched: Any) -> None:
    with translation.override("ko"):
        headers = build_dashboard(event=world.event).section("meetings_by_day").headers

    assert headers[-1] == "재매칭"
