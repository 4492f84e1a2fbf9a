"""The demo summit: a fictional event with days, sessions, tables and an organizer login.

Its dates follow today (`summit.demo.domain.phases`): loading it for a phase lays its days,
sessions and request deadline out for that phase. Loading it again on the same dates changes
nothing; loading it for another phase (or on a later day, when the dates have moved) builds
the demo event anew, since requests, attendance and feedback only make sense on the dates
they were made for. Only the demo event is rebuilt; the organizer and participant accounts
are kept.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from summit.accounts.models import Profile
from summit.demo.domain.phases import (
    BREAK_MINUTES,
    DEMO_TIME_ZONE,
    SLOT_MINUTES,
    DemoCalendar,
    Phase,
    demo_calendar,
    phase_of,
)
from summit.events.domain.setup import add_day, add_organizer, add_tables, save_session
from summit.events.models import Event, EventDay, Table
from summit.scheduling.models import ScheduledMeeting

DEMO_SLUG = "bio-summit-demo"
#: The demo's organizer logs in with these (the demo is public and fictional).
DEMO_ORGANIZER = "organizer"
DEMO_ORGANIZER_PASSWORD = "demo-organizer"
#: (kind, how many, label prefix).
_TABLES = (("table", 60, ""), ("room", 6, "Private room"), ("virtual", 4, "Virtual room"))


@dataclass(frozen=True, slots=True)
class DemoEvent:
    """The demo event, its phase and the organizer's login."""

    event: Event
    organizer_username: str
    organizer_password: str
    created: bool
    phase: Phase
    #: True when an existing demo event on other dates was replaced.
    moved: bool = False


def _organizer() -> Any:
    user_model: Any = get_user_model()
    organizer = user_model.objects.filter(username=DEMO_ORGANIZER).first()
    if organizer is None:
        organizer = user_model.objects.create_user(
            username=DEMO_ORGANIZER,
            email="organizer@bio-summit-demo.invalid",
            password=DEMO_ORGANIZER_PASSWORD,
            first_name="Demo",
            last_name="Organizer",
            is_staff=True,
            # The organizers' back office is the Django admin: give them all of it.
            is_superuser=True,
        )
        Profile.objects.get_or_create(user=organizer)
    return organizer


def _build(calendar: DemoCalendar) -> Event:
    event = Event.objects.create(
        slug=DEMO_SLUG,
        name="Bio Korea Partnering Summit (demo)",
        name_ko="바이오 코리아 파트너링 서밋 (데모)",
        venue="COEX, Seoul",
        time_zone=DEMO_TIME_ZONE,
        request_deadline=calendar.request_deadline,
        max_open_requests=20,
        interpreters_per_slot=8,
        virtual_meetings=True,
        description=(
            "A fictional summit for trying Bio Partnering: every organization and "
            "person in it is made up."
        ),
    )
    for day_date, sessions in calendar.days:
        day = add_day(event=event, day=day_date)
        for session in sessions:
            save_session(
                day=day,
                name=session.name,
                start_time=session.start,
                end_time=session.end,
                slot_minutes=SLOT_MINUTES,
                break_minutes=BREAK_MINUTES,
            )
    for kind, count, prefix in _TABLES:
        add_tables(event=event, kind=kind, count=count, label_prefix=prefix)
    return event


def event_dates(*, event: Event) -> tuple[Any, ...]:
    return tuple(
        EventDay.objects.filter(event=event).order_by("date").values_list("date", flat=True)
    )


def demo_phase(*, event: Event, now: datetime | None = None) -> Phase:
    """The phase the demo event is in now (from its days, in the demo's time zone)."""
    return phase_of(dates=event_dates(event=event), now=now or timezone.now())


def _still_fits(event: Event, calendar: DemoCalendar, now: datetime) -> bool:
    """Whether the existing demo event already has the calendar's dates (and, during the
    summit, a session of today that is still running, so that the lounge is live)."""
    if event_dates(event=event) != calendar.dates:
        return False
    if calendar.phase != Phase.DURING:
        return True
    soon = now + timedelta(minutes=BREAK_MINUTES + 1)  # between two slots counts as running
    return event.slots.filter(start__lte=soon, end__gt=now).exists()


def create_demo_event(*, phase: Phase = Phase.BEFORE, now: datetime | None = None) -> DemoEvent:
    """Create the demo event for `phase` seen at `now` (see the module docstring)."""
    now = now or timezone.now()
    calendar = demo_calendar(phase=phase, now=now)
    with transaction.atomic():
        organizer = _organizer()
        event = Event.objects.filter(slug=DEMO_SLUG).first()
        moved = event is not None and not _still_fits(event, calendar, now)
        if event is not None and moved:
            # Published meetings hold their slots and tables (PROTECT): they go first.
            ScheduledMeeting.objects.filter(event=event).delete()
            event.delete()
            event = None
        created = event is None
        if event is None:
            event = _build(calendar)
        add_organizer(event=event, user=organizer)
    return DemoEvent(
        event=event,
        organizer_username=DEMO_ORGANIZER,
        organizer_password=DEMO_ORGANIZER_PASSWORD,
        created=created,
        phase=phase,
        moved=moved,
    )


def demo_schedule_counts(*, event: Event) -> tuple[int, int, int]:
    """(days, slots, places) of the demo event, for the command's summary line."""
    return (
        EventDay.objects.filter(event=event).count(),
        event.slots.count(),
        Table.objects.filter(event=event).count(),
    )
