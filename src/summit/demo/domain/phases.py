"""When the demo summit happens: its days, sessions and request deadline, relative to today.

The demo is meant to be lived in, so its dates are never fixed: they are laid out around the
day it is loaded, in one of three phases, each opening a different set of actions:

- ``before``: the summit is a week away; meeting requests are open (the deadline is in a few
  days), surveys can still be changed, the organizers can build and publish a schedule.
- ``during``: today is the first of the two summit days. Today's session is placed around
  the current time so that the lounge is live whenever the demo is tried: earlier meetings
  already have their attendance, the current and later ones can be checked in.
- ``after``: the summit ended last week; feedback is open and deals are being recorded.

Everything here is plain date arithmetic in the event's time zone (no database).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

__all__ = [
    "DEMO_TIME_ZONE",
    "DemoCalendar",
    "DemoSession",
    "Phase",
    "demo_calendar",
    "phase_of",
]

DEMO_TIME_ZONE = "Asia/Seoul"
SLOT_MINUTES = 25
BREAK_MINUTES = 5
#: How long today's session lasts in the ``during`` phase (it starts two hours before now).
_LIVE_SESSION = timedelta(hours=5)
_LIVE_LEAD = timedelta(hours=2)
_LAST_START = time(23, 30)


class Phase(StrEnum):
    BEFORE = "before"
    DURING = "during"
    AFTER = "after"


@dataclass(frozen=True, slots=True)
class DemoSession:
    name: str
    start: time
    end: time


@dataclass(frozen=True, slots=True)
class DemoCalendar:
    """The demo event's days (each with its sessions) and its request deadline."""

    phase: Phase
    days: tuple[tuple[date, tuple[DemoSession, ...]], ...]
    request_deadline: datetime

    @property
    def dates(self) -> tuple[date, ...]:
        return tuple(day for day, _sessions in self.days)


_REGULAR = (
    DemoSession("Morning partnering", time(10, 0), time(12, 30)),
    DemoSession("Afternoon partnering", time(14, 0), time(17, 30)),
)


def _live_session(local_now: datetime) -> DemoSession:
    """A session running from two hours before now (on a slot boundary) for five hours,
    kept inside the day: near midnight it ends at 23:30 instead."""
    day = local_now.date()
    midnight = datetime.combine(day, time(0), tzinfo=local_now.tzinfo)
    minutes = (local_now - midnight) // timedelta(minutes=30) * 30
    start = max(midnight, midnight + timedelta(minutes=minutes) - _LIVE_LEAD)
    latest_end = datetime.combine(day, _LAST_START, tzinfo=local_now.tzinfo)
    end = min(start + _LIVE_SESSION, latest_end)
    start = max(midnight, min(start, end - _LIVE_SESSION))
    return DemoSession("Partnering (live demo)", start.time(), end.time())


def demo_calendar(*, phase: Phase, now: datetime) -> DemoCalendar:
    """The demo's days, sessions and request deadline for `phase`, seen at `now`."""
    zone = ZoneInfo(DEMO_TIME_ZONE)
    local_now = now.astimezone(zone)
    today = local_now.date()
    if phase == Phase.BEFORE:
        first = today + timedelta(days=7)
        days = ((first, _REGULAR), (first + timedelta(days=1), _REGULAR))
        deadline_day = first - timedelta(days=2)
    elif phase == Phase.DURING:
        days = ((today, (_live_session(local_now),)), (today + timedelta(days=1), _REGULAR))
        deadline_day = today - timedelta(days=2)
    else:
        first = today - timedelta(days=9)
        days = ((first, _REGULAR), (first + timedelta(days=1), _REGULAR))
        deadline_day = first - timedelta(days=3)
    deadline = datetime.combine(deadline_day, time(18, 0), tzinfo=zone)
    return DemoCalendar(phase=phase, days=days, request_deadline=deadline)


def phase_of(*, dates: tuple[date, ...], now: datetime) -> Phase:
    """Which phase an event with these days is in at `now` (in the demo's time zone)."""
    today = now.astimezone(ZoneInfo(DEMO_TIME_ZONE)).date()
    if dates and dates[0] <= today <= dates[-1]:
        return Phase.DURING
    if dates and today > dates[-1]:
        return Phase.AFTER
    return Phase.BEFORE
