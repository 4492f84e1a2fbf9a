"""The demo summit: a fictional event with days, sessions, tables and an organizer login."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.db import transaction

from summit.accounts.models import Profile
from summit.events.domain.setup import add_day, add_organizer, add_tables, save_session
from summit.events.models import Event, EventDay, Table

DEMO_SLUG = "bio-summit-demo"
#: The demo's organizer logs in with these (the demo is public and fictional).
DEMO_ORGANIZER = "organizer"
DEMO_ORGANIZER_PASSWORD = "demo-organizer"
_DAYS = (date(2026, 10, 6), date(2026, 10, 7))
#: (name, start, end, slot minutes, break minutes) for every demo day.
_SESSIONS = (
    ("Morning partnering", time(10, 0), time(12, 30), 25, 5),
    ("Afternoon partnering", time(14, 0), time(17, 30), 25, 5),
)
#: (kind, how many, label prefix).
_TABLES = (("table", 60, ""), ("room", 6, "Private room"), ("virtual", 4, "Virtual room"))


@dataclass(frozen=True, slots=True)
class DemoEvent:
    """The demo event and the organizer's login."""

    event: Event
    organizer_username: str
    organizer_password: str
    created: bool


def create_demo_event() -> DemoEvent:
    """Create the demo event with its schedule and organizer; running it again changes nothing."""
    user_model: Any = get_user_model()
    with transaction.atomic():
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
        event, created = Event.objects.get_or_create(
            slug=DEMO_SLUG,
            defaults={
                "name": "Bio Korea Partnering Summit 2026 (demo)",
                "name_ko": "바이오 코리아 파트너링 서밋 2026 (데모)",
                "venue": "COEX, Seoul",
                "time_zone": "Asia/Seoul",
                "request_deadline": datetime(2026, 9, 25, 18, 0, tzinfo=ZoneInfo("Asia/Seoul")),
                "max_open_requests": 20,
                "interpreters_per_slot": 8,
                "virtual_meetings": True,
                "description": (
                    "A fictional summit for trying Bio Partnering: every organization and "
                    "person in it is made up."
                ),
            },
        )
        add_organizer(event=event, user=organizer)
        if created:
            for day_date in _DAYS:
                day = add_day(event=event, day=day_date)
                for name, start, end, slot_minutes, break_minutes in _SESSIONS:
                    save_session(
                        day=day,
                        name=name,
                        start_time=start,
                        end_time=end,
                        slot_minutes=slot_minutes,
                        break_minutes=break_minutes,
                    )
            for kind, count, prefix in _TABLES:
                add_tables(event=event, kind=kind, count=count, label_prefix=prefix)
    return DemoEvent(
        event=event,
        organizer_username=DEMO_ORGANIZER,
        organizer_password=DEMO_ORGANIZER_PASSWORD,
        created=created,
    )


def demo_schedule_counts(*, event: Event) -> tuple[int, int, int]:
    """(days, slots, places) of the demo event, for the command's summary line."""
    return (
        EventDay.objects.filter(event=event).count(),
        event.slots.count(),
        Table.objects.filter(event=event).count(),
    )
