"""API of attendance on the day: check-in (by meeting, or by a badge scan at the lounge),
no-shows and the organizers' corrections (mounted below ``/api/events`` by summit.api).

Same rules as the lounge pages: every change goes through `summit.lounge.domain.attendance`
(who, the time windows, who reported what); a refused change is 422 with the rule's message,
one nobody may make is 403.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema

from summit.api.auth import MEMBER_AUTH, visible_event
from summit.api.schemas import Id, ProblemOut
from summit.lounge.domain import attendance as domain
from summit.meetings.api import ORGANIZER_AUTH
from summit.organizations.models import Membership, Organization
from summit.scheduling.api import MeetingOut, meeting_out, visible_meeting

__all__ = ["router"]

router = Router(tags=["attendance"])


_ANSWERS: dict[int | str, Any] = {
    200: MeetingOut,
    403: ProblemOut,
    404: ProblemOut,
    422: ProblemOut,
}


class CheckInIn(Schema):
    override: bool = Field(
        False, description="organizers: check in outside the time window, or after a no-show"
    )


class NoShowIn(Schema):
    absent_org_id: str | None = Field(
        None,
        description="organizers: the organization that did not come (null: both or unknown); "
        "participants always report the other organization",
    )
    override: bool = Field(False, description="organizers: outside the time window")


class BadgeIn(Schema):
    person_id: Id = Field(description="the membership id the badge carries")
    override: bool = Field(False, description="check in outside the time window")


def _answer(request: HttpRequest, slug: str, meeting_id: int) -> dict[str, Any]:
    return meeting_out(visible_meeting(request, slug, meeting_id))


@router.post(
    "/{slug}/schedule/meetings/{meeting_id}/check-in",
    response=_ANSWERS,
    url_name="check_in_meeting",
    auth=MEMBER_AUTH,
)
def check_in_meeting(
    request: HttpRequest, slug: str, meeting_id: Id, payload: CheckInIn
) -> dict[str, Any]:
    """Check a meeting in (its organizations' people from 30 minutes before it starts until
    the end of its day; organizers also outside that with `override`). Idempotent."""
    meeting = visible_meeting(request, slug, meeting_id)
    domain.check_in_meeting(meeting=meeting, user=request.user, override=payload.override)
    return _answer(request, slug, meeting_id)


@router.post(
    "/{slug}/schedule/meetings/{meeting_id}/no-show",
    response=_ANSWERS,
    url_name="report_no_show",
    auth=MEMBER_AUTH,
)
def report_no_show(
    request: HttpRequest, slug: str, meeting_id: Id, payload: NoShowIn
) -> dict[str, Any]:
    """Report that a side did not come (from the meeting's start until the end of its day)."""
    meeting = visible_meeting(request, slug, meeting_id)
    absent_id = None
    if payload.absent_org_id is not None:
        absent = Organization.objects.filter(
            event_id=meeting.event_id, org_id=payload.absent_org_id
        ).first()
        if absent is None:
            raise ValidationError(
                {"absent_org_id": [_("No organization of this event has this code.")]}
            )
        absent_id = absent.pk
    domain.report_no_show(
        meeting=meeting,
        user=request.user,
        absent_organization_id=absent_id,
        override=payload.override,
    )
    return _answer(request, slug, meeting_id)


@router.post(
    "/{slug}/schedule/meetings/{meeting_id}/attendance-reset",
    response=_ANSWERS,
    url_name="reset_attendance",
    auth=ORGANIZER_AUTH,
)
def reset_attendance(request: HttpRequest, slug: str, meeting_id: Id) -> dict[str, Any]:
    """Back to "expected" (organizers: a check-in or no-show marked by mistake)."""
    meeting = visible_meeting(request, slug, meeting_id)
    domain.reset_attendance(meeting=meeting, user=request.user)
    return _answer(request, slug, meeting_id)


@router.post("/{slug}/check-ins", response=_ANSWERS, url_name="badge_check_in", auth=ORGANIZER_AUTH)
def badge_check_in(request: HttpRequest, slug: str, payload: BadgeIn) -> dict[str, Any]:
    """A badge scanned at the lounge (organizers): checks in the person's meeting whose
    check-in is open now (the earliest not yet ended); 422 naming the person if none."""
    event = visible_event(request, slug)
    person = (
        Membership.objects.select_related("user").filter(event=event, pk=payload.person_id).first()
    )
    if person is None:
        raise Http404
    meeting = domain.meeting_to_check_in(membership=person)
    domain.check_in_meeting(meeting=meeting, user=request.user, override=payload.override)
    return _answer(request, slug, meeting.pk)
