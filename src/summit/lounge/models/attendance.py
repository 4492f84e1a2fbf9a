from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from summit.organizations.models import Organization
from summit.scheduling.models import ScheduledMeeting


class AttendanceChange(models.Model):
    """One change of a scheduled meeting's attendance: who said what, when, and how.

    The meeting itself keeps only the latest state (``attendance``, ``absent_organization``,
    ``attendance_recorded_at/by``); this is the history the organizers read when two sides
    disagree or a mark was made by mistake.
    """

    class Role(models.TextChoices):
        ORGANIZER = "organizer", _("organizer")
        PARTICIPANT = "participant", _("participant")

    meeting = models.ForeignKey(
        ScheduledMeeting, on_delete=models.CASCADE, related_name="attendance_changes"
    )
    attendance = models.CharField(
        _("attendance"), max_length=16, choices=ScheduledMeeting.Attendance.choices
    )
    absent_organization = models.ForeignKey(
        Organization, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    role = models.CharField(_("recorded as"), max_length=16, choices=Role.choices)
    #: An organizer recorded it outside the usual time window.
    overridden = models.BooleanField(_("outside the time window"), default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(_("when"))

    class Meta:
        verbose_name = _("attendance change")
        verbose_name_plural = _("attendance changes")
        ordering = ["recorded_at", "pk"]

    def __str__(self) -> str:
        return f"{self.meeting_id}: {self.attendance} @ {self.recorded_at:%Y-%m-%d %H:%M}"
