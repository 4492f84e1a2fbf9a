"""Template helpers of the lounge: the check-in / no-show buttons other apps' pages include
(``lounge/_meeting_actions.html``), computed once per viewer and page."""

from __future__ import annotations

from typing import Any

from django import template
from django.template import Context
from django.utils import timezone

from summit.core.names import person_name as written_name
from summit.events.domain.permissions import is_organizer, membership_for
from summit.events.models import Event
from summit.lounge.domain.attendance import MeetingActions, meeting_actions, meeting_role
from summit.lounge.domain.rematch import awaiting_proposals_count
from summit.scheduling.models import ScheduledMeeting

register = template.Library()


def viewer_of(request: Any, event: Event, user: Any = None) -> tuple[bool, Any]:
    """The viewer's organizer flag and membership for `event`, looked up once per request
    (the lounge's views and an agenda listing many meetings share it)."""
    user = user or request.user
    cache: dict[int, tuple[bool, Any]] = (
        request.__dict__.setdefault("_lounge_viewer", {}) if request is not None else {}
    )
    if event.pk not in cache:
        cache[event.pk] = (
            is_organizer(user=user, event=event),
            membership_for(user=user, event=event),
        )
    return cache[event.pk]


@register.simple_tag
def awaiting_proposals(user: Any, event: Any) -> int:
    """How many same-day proposals wait for an answer from the user's organization (one
    query; 0 for visitors)."""
    if event is None or not getattr(user, "is_authenticated", False):
        return 0
    return awaiting_proposals_count(user=user, event=event)


@register.simple_tag(takes_context=True)
def lounge_actions(context: Context, meeting: ScheduledMeeting) -> MeetingActions:
    """What the viewer may do with the meeting now (check in, report a no-show, video link)."""
    request = context.get("request")
    user = context.get("user") or getattr(request, "user", None)
    organizer, membership = viewer_of(request, meeting.event, user)
    role = meeting_role(meeting=meeting, user=user, membership=membership, organizer=organizer)
    return meeting_actions(meeting=meeting, role=role, user_id=getattr(user, "pk", None))


@register.filter
def is_today(meeting: ScheduledMeeting) -> bool:
    """True when the meeting's slot is on today's date (active time zone: the event's)."""
    return bool(timezone.localtime(meeting.slot.start).date() == timezone.localdate())


@register.filter
def person_name(user: Any) -> str:
    """A user's name as their script writes it (`summit.core.names`); a dash for a deleted
    user."""
    if user is None:
        return "—"
    return written_name(user)
