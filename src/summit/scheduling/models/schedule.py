import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from summit.events.models import Event, Slot, Table
from summit.meetings.models import MeetingRequest
from summit.organizations.models import Membership, Organization
from summit.scheduling.models.run import ScheduleRun


class ScheduledMeeting(models.Model):
    """A meeting of the published schedule: an accepted request at a slot and a table.

    A cancelled meeting keeps its row (status ``cancelled``) so that calendar feeds can send
    the cancellation with the same UID. ``sequence`` is the iCalendar SEQUENCE: it grows every
    time the time, place or status changes.
    """

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("scheduled")
        CANCELLED = "cancelled", _("cancelled")

    class Attendance(models.TextChoices):
        EXPECTED = "expected", _("expected")
        CHECKED_IN = "checked_in", _("checked in")
        NO_SHOW = "no_show", _("no-show")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="scheduled_meetings")
    meeting_request = models.ForeignKey(
        MeetingRequest, on_delete=models.CASCADE, related_name="scheduled_meetings"
    )
    slot = models.ForeignKey(
        Slot, verbose_name=_("slot"), on_delete=models.PROTECT, related_name="scheduled_meetings"
    )
    table = models.ForeignKey(
        Table, verbose_name=_("table"), on_delete=models.PROTECT, related_name="scheduled_meetings"
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.SCHEDULED
    )
    #: iCalendar UID: stays the same through every move, so calendars update the event.
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(default=0)
    video_link = models.URLField(_("video-call link"), blank=True)
    attendance = models.CharField(
        _("attendance"), max_length=16, choices=Attendance.choices, default=Attendance.EXPECTED
    )
    attendance_recorded_at = models.DateTimeField(null=True, blank=True)
    attendance_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    #: For a no-show: the organization that did not come (null = unknown or both).
    absent_organization = models.ForeignKey(
        Organization, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    published_by_run = models.ForeignKey(
        ScheduleRun, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("scheduled meeting")
        verbose_name_plural = _("scheduled meetings")
        ordering = ["slot__start", "table__number"]
        constraints = [
            models.UniqueConstraint(
                fields=["slot", "table"],
                condition=Q(status="scheduled"),
                name="scheduledmeeting_one_per_table_slot",
            ),
            models.UniqueConstraint(
                fields=["meeting_request"],
                condition=Q(status="scheduled"),
                name="scheduledmeeting_request_once",
            ),
        ]
        indexes = [
            models.Index(fields=["event", "status"], name="scheduledmeeting_event_status"),
        ]

    def __str__(self) -> str:
        return f"{self.meeting_request} @ {self.slot} / {self.table}"


class MeetingSeat(models.Model):
    """One person's place in a scheduled meeting.

    ``slot`` and ``active`` copy the meeting's slot and status so that the database itself
    refuses a person in two meetings of one slot (a constraint cannot join tables); the
    scheduling domain writes them together with the meeting, in one transaction.
    """

    meeting = models.ForeignKey(ScheduledMeeting, on_delete=models.CASCADE, related_name="seats")
    membership = models.ForeignKey(
        Membership, on_delete=models.CASCADE, related_name="meeting_seats"
    )
    slot = models.ForeignKey(Slot, on_delete=models.PROTECT, related_name="+")
    active = models.BooleanField(default=True)

    class Meta:
        verbose_name = _("meeting seat")
        verbose_name_plural = _("meeting seats")
        constraints = [
            models.UniqueConstraint(
                fields=["membership", "slot"],
                condition=Q(active=True),
                name="meetingseat_one_meeting_per_slot",
            ),
            models.UniqueConstraint(fields=["meeting", "membership"], name="meetingseat_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.membership} @ {self.meeting}"
