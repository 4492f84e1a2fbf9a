"""Video-call links of meetings at virtual tables (the agenda and the calendar show them)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from summit.lounge.domain.attendance import _UNSET, meeting_role
from summit.lounge.domain.errors import LoungeError, NotAllowed
from summit.organizations.models import Membership
from summit.scheduling.models import ScheduledMeeting

MAX_LENGTH = ScheduledMeeting._meta.get_field("video_link").max_length or 200
_https = URLValidator(schemes=["https"])


def clean_video_link(*, link: str) -> str:
    """The link trimmed, or a `LoungeError` unless it is a full https:// URL (empty clears)."""
    link = link.strip()
    if not link:
        return ""
    if len(link) > MAX_LENGTH:
        raise LoungeError(
            _("The link is too long (at most %(max)d characters).") % {"max": MAX_LENGTH},
            code="invalid",
        )
    try:
        _https(link)
    except ValidationError:
        raise LoungeError(
            _("Enter a full https:// link, for example https://meet.example.com/bio-summit-12."),
            code="invalid",
        ) from None
    return link


def set_video_link(
    *,
    meeting: ScheduledMeeting,
    user: Any,
    link: str,
    membership: Membership | None = _UNSET,
) -> ScheduledMeeting:
    """Set or clear the meeting's video-call link (organizers and the meeting's participants;
    virtual tables only). A changed link is a changed place: the iCalendar sequence grows."""
    if meeting_role(meeting=meeting, user=user, membership=membership) is None:
        raise NotAllowed(_("Only the organizers and the participants of this meeting may do this."))
    if meeting.status != ScheduledMeeting.Status.SCHEDULED:
        raise LoungeError(_("This meeting was cancelled."), code="refused")
    if meeting.table.kind != meeting.table.Kind.VIRTUAL:
        raise LoungeError(
            _("Video-call links are for meetings at virtual tables; this meeting is at %(table)s.")
            % {"table": meeting.table},
            code="refused",
        )
    link = clean_video_link(link=link)
    with transaction.atomic():
        locked = ScheduledMeeting.objects.select_for_update().get(pk=meeting.pk)
        if locked.video_link == link:
            return meeting
        ScheduledMeeting.objects.filter(pk=meeting.pk).update(
            video_link=link, sequence=F("sequence") + 1, updated=timezone.now()
        )
    meeting.refresh_from_db(fields=["video_link", "sequence", "updated"])
    return meeting
