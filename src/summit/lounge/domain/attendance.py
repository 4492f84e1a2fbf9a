"""Attendance of published meetings on the day: check-in, no-shows reported by either side,
and the organizers' corrections.

Rules, chosen once here:
- Who: the event's organizers, and the meeting's participants — the people holding a seat,
  and every member of either organization. Anyone else is refused (`NotAllowed`).
- Check-in opens `CHECK_IN_OPENS` (30 minutes) before the meeting's slot starts and closes at
  the end of the slot's day in the event's time zone. Organizers may override the window.
- A no-show can be reported from the start of the slot until the end of its day. A
  participant always reports the *other* organization; if both sides report each other, the
  absent organization becomes unknown (null) for the organizers to sort out. A participant
  cannot report a no-show after the other side (or an organizer) checked the meeting in, and
  cannot check in a meeting reported as a no-show: only organizers correct those.
- Organizers mark one side or both (``absent_organization`` null) as absent, check in after a
  no-show, or reset a meeting to "expected". Every change is recorded on the meeting
  (who, when) and in the `AttendanceChange` history.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext as _

from summit.core.names import person_name
from summit.events.domain.permissions import is_organizer, membership_for
from summit.events.models import EventDay
from summit.lounge.domain.errors import LoungeError, NotAllowed
from summit.lounge.models import AttendanceChange
from summit.meetings.domain.parties import (
    involving,
    is_party,
    other_party_of,
    parties_of,
    party_ids_of,
    party_paths,
)
from summit.organizations.models import Membership, Organization
from summit.scheduling.models import ScheduledMeeting

CHECK_IN_OPENS = timedelta(minutes=30)
ORGANIZER = AttendanceChange.Role.ORGANIZER
PARTICIPANT = AttendanceChange.Role.PARTICIPANT
Attendance = ScheduledMeeting.Attendance
_UNSET: Any = object()


@dataclass(frozen=True)
class Refusal:
    """Why an attendance change is refused; ``overridable``: an organizer may do it anyway."""

    message: str
    overridable: bool = False


@dataclass(frozen=True)
class MeetingActions:
    """What a person may do with a meeting now, and why not (for buttons and notes)."""

    role: str | None
    check_in: Refusal | None
    no_show: Refusal | None
    can_edit_video: bool

    @property
    def can_check_in(self) -> bool:
        return self.role is not None and self.check_in is None

    @property
    def can_report_no_show(self) -> bool:
        return self.role is not None and self.no_show is None


def absent_side(*, meeting: ScheduledMeeting) -> Organization | None:
    """The organization reported absent (None: nobody, or both/unknown)."""
    if meeting.attendance != Attendance.NO_SHOW or meeting.absent_organization_id is None:
        return None
    for organization in parties_of(meeting):
        if organization.pk == meeting.absent_organization_id:
            return organization
    return None


def meetings_of_day(*, organization_id: int, day: EventDay | None) -> list[ScheduledMeeting]:
    """An organization's scheduled meetings of one day, in time order, each with ``other``
    (the other organization) and ``absent`` set."""
    if day is None:
        return []
    found = list(
        ScheduledMeeting.objects.filter(
            involving(organization_id, via="meeting_request"),
            status=ScheduledMeeting.Status.SCHEDULED,
            slot__session__day=day,
        )
        .select_related("event", "slot", "table", *party_paths(via="meeting_request"))
        .order_by("slot__start", "table__number")
    )
    for meeting in found:
        meeting.other = other_party_of(meeting, organization_id=organization_id)  # type: ignore[attr-defined]
        meeting.absent = absent_side(meeting=meeting)  # type: ignore[attr-defined]
    return found


def meeting_role(
    *,
    meeting: ScheduledMeeting,
    user: Any,
    membership: Membership | None = _UNSET,
    organizer: bool | None = None,
) -> str | None:
    """``organizer``, ``participant`` (a seat holder or member of either organization) or None.

    ``membership`` and ``organizer`` may be passed when already known (saves queries on pages
    listing many meetings)."""
    if not user.is_authenticated:
        return None
    if organizer is None:
        organizer = is_organizer(user=user, event=meeting.event)
    if organizer:
        return ORGANIZER
    if membership is _UNSET:
        membership = membership_for(user=user, event=meeting.event)
    if membership is None or membership.event_id != meeting.event_id:
        return None
    if is_party(meeting, organization_id=membership.organization_id):
        return PARTICIPANT
    if meeting.seats.filter(membership=membership).exists():
        return PARTICIPANT
    return None


def _zone(meeting: ScheduledMeeting) -> ZoneInfo:
    return ZoneInfo(meeting.event.time_zone)


def _clock(value: datetime, meeting: ScheduledMeeting) -> str:
    return time_format(timezone.localtime(value, _zone(meeting)), "TIME_FORMAT")


def _date(value: datetime, meeting: ScheduledMeeting) -> str:
    return date_format(timezone.localtime(value, _zone(meeting)).date(), "DATE_FORMAT")


def day_end(*, meeting: ScheduledMeeting) -> datetime:
    """Midnight after the meeting's slot, in the event's time zone."""
    zone = _zone(meeting)
    local_day = timezone.localtime(meeting.slot.start, zone).date()
    return datetime.combine(local_day + timedelta(days=1), time(0), tzinfo=zone)


def check_in_window(*, meeting: ScheduledMeeting) -> tuple[datetime, datetime]:
    """From `CHECK_IN_OPENS` before the slot starts until the end of its day."""
    return meeting.slot.start - CHECK_IN_OPENS, day_end(meeting=meeting)


def check_in_refusal(
    *, meeting: ScheduledMeeting, role: str | None, now: datetime, override: bool = False
) -> Refusal | None:
    """Why ``role`` cannot check the meeting in at ``now`` (None: it can)."""
    if role is None:
        return Refusal(
            _("Only the organizers and the participants of this meeting can check it in.")
        )
    if meeting.status == ScheduledMeeting.Status.CANCELLED:
        return Refusal(_("This meeting was cancelled."))
    if meeting.attendance == Attendance.NO_SHOW and role != ORGANIZER:
        return Refusal(
            _(
                "This meeting was reported as a no-show. If you are here after all, ask the "
                "organizers at the lounge desk to correct it."
            )
        )
    opens, closes = check_in_window(meeting=meeting)
    refusal = None
    if now < opens:
        refusal = Refusal(
            _(
                "Check-in opens at %(time)s on %(date)s, 30 minutes before the meeting "
                "starts (%(start)s)."
            )
            % {
                "time": _clock(opens, meeting),
                "date": _date(opens, meeting),
                "start": _clock(meeting.slot.start, meeting),
            },
            overridable=True,
        )
    elif now >= closes:
        refusal = Refusal(
            _("Check-in closed at the end of the meeting's day (%(date)s).")
            % {"date": _date(meeting.slot.start, meeting)},
            overridable=True,
        )
    if refusal is not None and override and role == ORGANIZER:
        return None
    return refusal


def no_show_refusal(
    *, meeting: ScheduledMeeting, role: str | None, now: datetime, override: bool = False
) -> Refusal | None:
    """Why ``role`` cannot report a no-show at ``now`` (the time and state rules only; who
    checked the meeting in is looked at when the report is made)."""
    if role is None:
        return Refusal(
            _("Only the organizers and the participants of this meeting can report a no-show.")
        )
    if meeting.status == ScheduledMeeting.Status.CANCELLED:
        return Refusal(_("This meeting was cancelled."))
    refusal = None
    if now < meeting.slot.start:
        refusal = Refusal(
            _("A no-show can be reported once the meeting has started (at %(time)s on %(date)s).")
            % {
                "time": _clock(meeting.slot.start, meeting),
                "date": _date(meeting.slot.start, meeting),
            },
            overridable=True,
        )
    elif now >= day_end(meeting=meeting):
        refusal = Refusal(
            _(
                "No-shows can be reported until the end of the meeting's day (%(date)s); "
                "please tell the organizers."
            )
            % {"date": _date(meeting.slot.start, meeting)},
            overridable=True,
        )
    if refusal is not None and override and role == ORGANIZER:
        return None
    return refusal


def meeting_actions(
    *,
    meeting: ScheduledMeeting,
    role: str | None,
    now: datetime | None = None,
    user_id: int | None = None,
) -> MeetingActions:
    """What ``role`` (user ``user_id``) may do with the meeting at ``now`` (buttons of pages and
    the grid). Without a query: a participant is offered "they did not come" after a check-in
    only when they made it themselves (`report_no_show` checks their whole organization)."""
    now = now or timezone.now()
    check_in = check_in_refusal(meeting=meeting, role=role, now=now)
    if check_in is None and meeting.attendance == Attendance.CHECKED_IN:
        check_in = Refusal(_("Already checked in."))
    no_show = no_show_refusal(meeting=meeting, role=role, now=now)
    if no_show is None and role == PARTICIPANT:
        if meeting.attendance == Attendance.NO_SHOW:
            no_show = Refusal(_("Already reported as a no-show."))
        elif (
            meeting.attendance == Attendance.CHECKED_IN
            and meeting.attendance_recorded_by_id != user_id
        ):
            no_show = Refusal(_("Already checked in."))
    return MeetingActions(
        role=role,
        check_in=check_in,
        no_show=no_show,
        can_edit_video=(
            role is not None
            and meeting.status == ScheduledMeeting.Status.SCHEDULED
            and meeting.table.kind == meeting.table.Kind.VIRTUAL
        ),
    )


def _locked(meeting: ScheduledMeeting) -> ScheduledMeeting:
    return (
        ScheduledMeeting.objects.select_for_update(of=("self",))
        .select_related("event", "slot", "table", *party_paths(via="meeting_request"))
        .get(pk=meeting.pk)
    )


def _record(
    meeting: ScheduledMeeting,
    *,
    attendance: str,
    absent_organization_id: int | None,
    user: Any,
    role: str,
    now: datetime,
    overridden: bool = False,
) -> ScheduledMeeting:
    meeting.attendance = attendance
    meeting.absent_organization_id = absent_organization_id
    meeting.attendance_recorded_at = now
    meeting.attendance_recorded_by = user
    meeting.save(
        update_fields=[
            "attendance",
            "absent_organization",
            "attendance_recorded_at",
            "attendance_recorded_by",
            "updated",
        ]
    )
    AttendanceChange.objects.create(
        meeting=meeting,
        attendance=attendance,
        absent_organization_id=absent_organization_id,
        role=role,
        overridden=overridden,
        recorded_by=user,
        recorded_at=now,
    )
    return meeting


def _refuse(refusal: Refusal) -> LoungeError:
    return LoungeError(refusal.message, code="overridable" if refusal.overridable else "refused")


def _role_or_refuse(
    meeting: ScheduledMeeting, user: Any, membership: Membership | None
) -> tuple[str, Membership | None]:
    if membership is _UNSET:
        membership = membership_for(user=user, event=meeting.event)
    role = meeting_role(meeting=meeting, user=user, membership=membership)
    if role is None:
        raise NotAllowed(_("Only the organizers and the participants of this meeting may do this."))
    return role, membership


def check_in_meeting(
    *,
    meeting: ScheduledMeeting,
    user: Any,
    now: datetime | None = None,
    override: bool = False,
    membership: Membership | None = _UNSET,
) -> ScheduledMeeting:
    """Mark the meeting as checked in (idempotent); organizers may ``override`` the window and
    correct a no-show."""
    now = now or timezone.now()
    role, membership = _role_or_refuse(meeting, user, membership)
    with transaction.atomic():
        locked = _locked(meeting)
        refusal = check_in_refusal(meeting=locked, role=role, now=now, override=override)
        if refusal is not None:
            raise _refuse(refusal)
        if locked.attendance == Attendance.CHECKED_IN:
            return locked
        outside = check_in_refusal(meeting=locked, role=role, now=now) is not None
        return _record(
            locked,
            attendance=Attendance.CHECKED_IN,
            absent_organization_id=None,
            user=user,
            role=role,
            now=now,
            overridden=outside,
        )


def _checked_in_by_own_side(meeting: ScheduledMeeting, organization_id: int) -> bool:
    if meeting.attendance_recorded_by_id is None:
        return False
    return Membership.objects.filter(
        event_id=meeting.event_id,
        user_id=meeting.attendance_recorded_by_id,
        organization_id=organization_id,
    ).exists()


def report_no_show(
    *,
    meeting: ScheduledMeeting,
    user: Any,
    absent_organization_id: int | None = None,
    now: datetime | None = None,
    override: bool = False,
    membership: Membership | None = _UNSET,
) -> ScheduledMeeting:
    """Record that a side did not come.

    A participant reports the other organization (``absent_organization_id`` is ignored); an
    organizer names one of the two organizations, or None for both/unknown."""
    now = now or timezone.now()
    role, membership = _role_or_refuse(meeting, user, membership)
    with transaction.atomic():
        locked = _locked(meeting)
        refusal = no_show_refusal(meeting=locked, role=role, now=now, override=override)
        if refusal is not None:
            raise _refuse(refusal)
        pair = party_ids_of(locked)
        outside = no_show_refusal(meeting=locked, role=role, now=now) is not None
        if role == ORGANIZER:
            if absent_organization_id is not None and absent_organization_id not in pair:
                raise LoungeError(
                    _("Choose one of the meeting's two organizations, or both."), code="invalid"
                )
            absent = absent_organization_id
        else:
            assert membership is not None
            own = membership.organization_id
            if own not in pair:
                raise LoungeError(
                    _("Only members of the two organizations can report a no-show."),
                    code="refused",
                )
            other = pair[1] if own == pair[0] else pair[0]
            absent = other
            if locked.attendance == Attendance.NO_SHOW:
                if locked.absent_organization_id in (other, None):
                    return locked
                # Both sides say the other did not come: the organizers sort it out.
                absent = None
            elif locked.attendance == Attendance.CHECKED_IN and not _checked_in_by_own_side(
                locked, own
            ):
                raise LoungeError(
                    _(
                        "The meeting was already checked in by the other side or the "
                        "organizers. If the other side did not come after all, ask the "
                        "organizers to correct it."
                    ),
                    code="refused",
                )
        return _record(
            locked,
            attendance=Attendance.NO_SHOW,
            absent_organization_id=absent,
            user=user,
            role=role,
            now=now,
            overridden=outside,
        )


def reset_attendance(
    *, meeting: ScheduledMeeting, user: Any, now: datetime | None = None
) -> ScheduledMeeting:
    """Organizers only: back to "expected" (a check-in or no-show marked by mistake)."""
    now = now or timezone.now()
    if meeting_role(meeting=meeting, user=user) != ORGANIZER:
        raise NotAllowed(_("Only the organizers can correct attendance."))
    with transaction.atomic():
        locked = _locked(meeting)
        if locked.attendance == Attendance.EXPECTED:
            return locked
        return _record(
            locked,
            attendance=Attendance.EXPECTED,
            absent_organization_id=None,
            user=user,
            role=ORGANIZER,
            now=now,
        )


def attendance_history(*, meeting: ScheduledMeeting) -> list[AttendanceChange]:
    """Every attendance change of the meeting, oldest first, with the people who made them."""
    return list(
        AttendanceChange.objects.filter(meeting=meeting).select_related(
            "recorded_by", "absent_organization"
        )
    )


def meeting_to_check_in(*, membership: Membership, now: datetime | None = None) -> ScheduledMeeting:
    """The meeting a scan of the person's badge at the lounge checks in: the earliest of the
    person's scheduled meetings whose check-in has opened (`CHECK_IN_OPENS` before it
    starts) and whose slot has not ended. Raises `LoungeError` naming the person when there
    is none."""
    now = now or timezone.now()
    meeting = (
        ScheduledMeeting.objects.filter(
            seats__membership=membership,
            seats__active=True,
            status=ScheduledMeeting.Status.SCHEDULED,
            slot__start__lte=now + CHECK_IN_OPENS,
            slot__end__gt=now,
        )
        .select_related("event", "slot", "table", *party_paths(via="meeting_request"))
        .order_by("slot__start")
        .first()
    )
    if meeting is None:
        raise LoungeError(
            _("%(name)s has no meeting to check in now.") % {"name": person_name(membership.user)},
            code="refused",
        )
    return meeting
