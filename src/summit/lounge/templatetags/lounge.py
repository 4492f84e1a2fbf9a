"""Template helpers of the lounge: the check-in / no-show buttons other apps' pages include
(``lounge/_meeting_actions.html``), computed once per viewer and page."""

from __future__ import annotations

from typing import Any

from django import template
from django.template import Context
from django.utils import timezone

from summit.events.domain.permissions import is_organizer, membership_for
from summit.lounge.domain.attendance import MeetingActions, meeting_actions, meeting_role
from summit.scheduling.models import ScheduledMeeting

register = template.Library()


def _viewer(context: Context, meeting: ScheduledMeeting) -> tuple[bool, Any]:
    """The viewer's organizer flag and membership for the meeting's event, looked up once per
    request (an agenda lists many meetings)."""
    request = context.get("request")
    user = context.get("user") or getattr(request, "user", None)
    cache: dict[int, tuple[bool, Any]] = (
        request.__dict__.setdefault("_lounge_viewer", {}) if request is not None else {}
    )
    if meeting.event_id not in cache:
        cache[meeting.event_id] = (
            is_organizer(user=user, event=meeting.event),
            membership_for(user=user, event=meeting.event),
        )
    return cache[meeting.event_id]


@register.simple_tag(takes_context=True)
def lounge_actions(context: Context, meeting: ScheduledMeeting) -> MeetingActions:
    """What the viewer may do with the meeting now (check in, report a no-show, video link)."""
    request = context.get("request")
    user = context.get("user") or getattr(request, "user", None)
    organizer, membership = _viewer(context, meeting)
    role = meeting_role(meeting=meeting, user=user, membership=membership, organizer=organizer)
    return meeting_actions(meeting=meeting, role=role, user_id=getattr(user, "pk", None))


@register.filter
def is_today(meeting: ScheduledMeeting) -> bool:
    """True when the meeting's slot is on today's date (active time zone: the event's)."""
    return bool(timezone.localtime(meeting.slot.start).date() == timezone.localdate())


@register.filter
def person_name(user: Any) -> str:
    """A user's full name, else user name; a dash for a deleted user."""
    if user is None:
        return "—"
    return str(user.get_full_name() or user.username)
