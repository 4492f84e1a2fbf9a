"""The demo's calendar follows today: each phase opens the actions it is meant for."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from summit.demo.domain.phases import DEMO_TIME_ZONE, Phase, demo_calendar, phase_of

pytestmark = pytest.mark.unit

SEOUL = ZoneInfo(DEMO_TIME_ZONE)


@pytest.mark.parametrize(
    "now",
    [
        datetime(2026, 12, 7, 15, 55, tzinfo=UTC),  # 00:55 in Seoul
        datetime(2026, 12, 8, 2, 10, tzinfo=UTC),  # 11:10
        datetime(2026, 12, 8, 14, 50, tzinfo=UTC),  # 23:50
    ],
)
def test_demo_calendar_each_phase_is_the_phase_it_names(now):
    for phase in Phase:
        calendar = demo_calendar(phase=phase, now=now)
        assert phase_of(dates=calendar.dates, now=now) == phase
        assert calendar.request_deadline.date() < calendar.dates[0]


def test_demo_calendar_before_keeps_requests_open_and_the_summit_next_week():
    now = datetime(2026, 12, 7, 15, 55, tzinfo=UTC)
    calendar = demo_calendar(phase=Phase.BEFORE, now=now)
    today = now.astimezone(SEOUL).date()
    assert calendar.request_deadline > now
    assert calendar.dates == (today + timedelta(days=7), today + timedelta(days=8))


@pytest.mark.parametrize("hour", [0, 1, 9, 13, 17, 22])
def test_demo_calendar_during_runs_a_session_of_today_around_now(hour):
    now = datetime(2026, 12, 8, hour, 40, tzinfo=SEOUL)
    calendar = demo_calendar(phase=Phase.DURING, now=now)
    (today, sessions), _tomorrow = calendar.days
    assert today == now.date()
    (session,) = sessions
    start = datetime.combine(today, session.start, tzinfo=SEOUL)
    end = datetime.combine(today, session.end, tzinfo=SEOUL)
    assert start <= now < end
    assert end - start == timedelta(hours=5)
    assert calendar.request_deadline < now


def test_demo_calendar_during_near_midnight_ends_at_half_past_eleven():
    now = datetime(2026, 12, 8, 23, 40, tzinfo=SEOUL)
    (_day, (session,)), _ = demo_calendar(phase=Phase.DURING, now=now).days
    assert (session.start.isoformat(), session.end.isoformat()) == ("18:30:00", "23:30:00")


def test_demo_calendar_after_ended_within_the_feedback_period():
    now = datetime(2026, 12, 7, 15, 55, tzinfo=UTC)
    calendar = demo_calendar(phase=Phase.AFTER, now=now)
    today = now.astimezone(SEOUL).date()
    assert calendar.dates[-1] < today
    # Feedback stays open 14 days after the last slot (SUMMIT_FEEDBACK_DAYS).
    assert today - calendar.dates[-1] < timedelta(days=14)
