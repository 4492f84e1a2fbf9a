"""Setting up an event: the event itself, its days, sessions (→ slots) and tables."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, ProtectedError
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from summit.events.models import Event, EventDay, Organizer, Session, Slot, Table

#: Fields of `Event` an organizer edits on the settings page.
EVENT_FIELDS: tuple[str, ...] = (
    "name",
    "name_ko",
    "venue",
    "time_zone",
    "request_deadline",
    "max_open_requests",
    "interpreters_per_slot",
    "virtual_meetings",
    "description",
)


def create_event(*, creator: Any, slug: str, name: str, **fields: Any) -> Event:
    """Create an event; its creator becomes its first organizer."""
    unknown = set(fields) - set(EVENT_FIELDS)
    if unknown:
        raise TypeError(f"unknown event fields: {sorted(unknown)}")
    with transaction.atomic():
        event = Event(slug=slug, name=name, **fields)
        event.full_clean()
        event.save()
        Organizer.objects.create(event=event, user=creator)
    return event


def request_deadline_problem(*, event: Event, deadline: datetime | None) -> str:
    """Why `deadline` cannot be the event's request deadline ("" when it can): requests
    decide who meets whom, so they must close by the end of the event's last day (in the
    event's time zone). An event without days accepts any deadline."""
    if deadline is None or event.pk is None:
        return ""
    last_day = EventDay.objects.filter(event=event).aggregate(last=Max("date"))["last"]
    if last_day is None:
        return ""
    zone = ZoneInfo(event.time_zone)
    last_moment = datetime.combine(last_day + timedelta(days=1), time(0), tzinfo=zone)
    if deadline <= last_moment:
        return ""
    return _(
        "The request deadline (%(deadline)s) is after the event's last day (%(day)s): "
        "set it on or before %(day)s."
    ) % {
        "deadline": date_format(deadline.astimezone(zone), "DATETIME_FORMAT"),
        "day": date_format(last_day, "DATE_FORMAT"),
    }


def update_event(*, event: Event, **fields: Any) -> Event:
    """Change an event's settings (the fields of `EVENT_FIELDS`); ValidationError naming the
    field when a value breaks a rule (see `request_deadline_problem`)."""
    unknown = set(fields) - set(EVENT_FIELDS)
    if unknown:
        raise TypeError(f"unknown event fields: {sorted(unknown)}")
    zone_changed = "time_zone" in fields and fields["time_zone"] != event.time_zone
    for name, value in fields.items():
        setattr(event, name, value)
    event.full_clean()
    problem = request_deadline_problem(event=event, deadline=event.request_deadline)
    if problem:
        raise ValidationError({"request_deadline": problem})
    with transaction.atomic():
        event.save()
        if zone_changed:
            # Slots are wall-clock times of the venue: keep them at the same local time.
            for session in Session.objects.filter(day__event=event).select_related("day"):
                generate_slots(session=session)
    return event


def add_organizer(*, event: Event, user: Any) -> Organizer:
    """Make a user an organizer of the event (idempotent)."""
    organizer, _created = Organizer.objects.get_or_create(event=event, user=user)
    return organizer


def add_organizer_by_login(*, event: Event, identifier: str) -> Organizer:
    """Make the user with this user name or e-mail address an organizer of the event."""
    from django.contrib.auth import get_user_model
    from django.db.models import Q

    identifier = identifier.strip()
    matches = list(
        get_user_model().objects.filter(
            Q(username__iexact=identifier) | Q(email__iexact=identifier)
        )[:2]
    )
    if len(matches) != 1:
        raise ValidationError(
            {"identifier": _("No single account has this user name or e-mail address.")}
        )
    return add_organizer(event=event, user=matches[0])


def remove_organizer(*, organizer: Organizer) -> None:
    """Remove an organizer; an event always keeps at least one."""
    if Organizer.objects.filter(event_id=organizer.event_id).count() <= 1:
        raise ValidationError(_("An event needs at least one organizer."))
    organizer.delete()


def add_day(*, event: Event, day: date) -> EventDay:
    """Add a partnering day; ValidationError when the event already has it."""
    if EventDay.objects.filter(event=event, date=day).exists():
        raise ValidationError({"date": _("This day is already part of the event.")})
    return EventDay.objects.create(event=event, date=day)


def _clear_cancelled_meetings(**lookup: Any) -> None:
    # A cancelled meeting keeps its slot and table only so that calendars learn of the
    # cancellation; once the place itself goes, that history goes with it.
    if apps.is_installed("summit.scheduling"):
        from summit.scheduling.models import ScheduledMeeting

        ScheduledMeeting.objects.filter(status="cancelled", **lookup).delete()


def _delete_unless_scheduled(what: str, delete: Any, **lookup: Any) -> None:
    """Run `delete` in a transaction; refuse (ValidationError, nothing deleted) while meetings
    of the published schedule use the slots or tables it would remove."""
    try:
        with transaction.atomic():
            _clear_cancelled_meetings(**lookup)
            delete()
    except ProtectedError as error:
        blocking = list(error.protected_objects)
        # Seats of a meeting point at its slot too; count the meetings, not their seats.
        meetings = [o for o in blocking if o._meta.model_name == "scheduledmeeting"]
        count = len(meetings or blocking)
        raise ValidationError(
            ngettext(
                "%(what)s holds %(count)d meeting of the published schedule; move or cancel "
                "it first.",
                "%(what)s holds %(count)d meetings of the published schedule; move or cancel "
                "them first.",
                count,
            )
            % {"what": what, "count": count}
        ) from error


def delete_day(*, day: EventDay) -> None:
    """Remove a day with its sessions and slots; refused while published meetings use it."""
    _delete_unless_scheduled(_("This day"), day.delete, slot__session__day=day)


def _session_bounds(
    *, day: EventDay, start_time: time, end_time: time
) -> tuple[datetime, datetime]:
    zone = ZoneInfo(day.event.time_zone)
    start = datetime.combine(day.date, start_time, tzinfo=zone).astimezone(UTC)
    end = datetime.combine(day.date, end_time, tzinfo=zone).astimezone(UTC)
    return start, end


def slot_times(
    *, day: EventDay, start_time: time, end_time: time, slot_minutes: int, break_minutes: int
) -> list[tuple[datetime, datetime]]:
    """(start, end) in UTC of every whole slot that fits in the session, breaks in between."""
    if slot_minutes <= 0:
        raise ValidationError({"slot_minutes": _("A slot must last at least one minute.")})
    start, end = _session_bounds(day=day, start_time=start_time, end_time=end_time)
    slot, step = timedelta(minutes=slot_minutes), timedelta(minutes=slot_minutes + break_minutes)
    times = []
    cursor = start
    while cursor + slot <= end:
        times.append((cursor, cursor + slot))
        cursor += step
    return times


def _check_session(
    *, day: EventDay, session: Session | None, start_time: time, end_time: time
) -> None:
    if end_time <= start_time:
        raise ValidationError({"end_time": _("The session must end after it starts.")})
    others = Session.objects.filter(day=day)
    if session is not None and session.pk:
        others = others.exclude(pk=session.pk)
    for other in others:
        if start_time < other.end_time and other.start_time < end_time:
            raise ValidationError(
                {
                    "start_time": _("This session overlaps the session “%(name)s”.")
                    % {"name": other.name}
                }
            )


def preview_session_slots(
    *,
    day: EventDay,
    start_time: time,
    end_time: time,
    slot_minutes: int,
    break_minutes: int,
    session: Session | None = None,
) -> list[tuple[datetime, datetime]]:
    """The slots a session would get, checked like `save_session` but without saving."""
    _check_session(day=day, session=session, start_time=start_time, end_time=end_time)
    times = slot_times(
        day=day,
        start_time=start_time,
        end_time=end_time,
        slot_minutes=slot_minutes,
        break_minutes=break_minutes,
    )
    if not times:
        raise ValidationError({"slot_minutes": _("Not even one slot fits in this session.")})
    return times


def save_session(
    *,
    day: EventDay,
    name: str,
    start_time: time,
    end_time: time,
    slot_minutes: int,
    break_minutes: int,
    session: Session | None = None,
) -> Session:
    """Create or change a session and (re)generate its slots; ValidationError naming fields."""
    preview_session_slots(
        day=day,
        session=session,
        start_time=start_time,
        end_time=end_time,
        slot_minutes=slot_minutes,
        break_minutes=break_minutes,
    )
    with transaction.atomic():
        session = session or Session(day=day)
        session.day = day
        session.name = name
        session.start_time = start_time
        session.end_time = end_time
        session.slot_minutes = slot_minutes
        session.break_minutes = break_minutes
        session.save()
        generate_slots(session=session)
    return session


def generate_slots(*, session: Session) -> list[Slot]:
    """Replace the session's slots by the ones its times, slot length and breaks give."""
    day = session.day
    times = slot_times(
        day=day,
        start_time=session.start_time,
        end_time=session.end_time,
        slot_minutes=session.slot_minutes,
        break_minutes=session.break_minutes,
    )
    existing = list(session.slots.order_by("start"))
    if [(slot.start, slot.end) for slot in existing] == list(times):
        # Renaming a session keeps its slots (and the meetings published in them).
        return existing
    with transaction.atomic():
        _delete_unless_scheduled(
            _("This session"), session.slots.all().delete, slot__session=session
        )
        return Slot.objects.bulk_create(
            [Slot(event_id=day.event_id, session=session, start=s, end=e) for s, e in times]
        )


def delete_session(*, session: Session) -> None:
    """Remove a session and its slots; refused while published meetings use them."""
    _delete_unless_scheduled(_("This session"), session.delete, slot__session=session)


def add_tables(*, event: Event, kind: str, count: int, label_prefix: str = "") -> list[Table]:
    """Add `count` places of a kind, numbered after the event's highest table number."""
    if kind not in Table.Kind.values:
        raise ValidationError({"kind": _("Unknown kind of table.")})
    if not 1 <= count <= 500:
        raise ValidationError({"count": _("Add between 1 and 500 at a time.")})
    with transaction.atomic():
        highest = Table.objects.filter(event=event).aggregate(m=Max("number"))["m"] or 0
        tables = [
            Table(
                event=event,
                number=highest + offset,
                kind=kind,
                label=f"{label_prefix} {highest + offset}".strip() if label_prefix else "",
            )
            for offset in range(1, count + 1)
        ]
        return Table.objects.bulk_create(tables)


def delete_table(*, table: Table) -> None:
    """Remove one table; refused while published meetings use it."""
    _delete_unless_scheduled(_("This place"), table.delete, table=table)
