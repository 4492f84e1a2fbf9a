import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from summit.events.models import Event
from summit.organizations.models import Membership


class Segment(models.TextChoices):
    """Who an organizer can remind (the rules live in `summit.program.domain.segments`)."""

    NO_SURVEY = "no_survey", _("organizations without a submitted survey")
    REQUESTS_TO_ANSWER = "requests_to_answer", _("people with meeting requests to answer")
    FEEDBACK_DUE = "feedback_due", _("people with feedback due")


class SegmentReminder(models.Model):
    """One reminder an organizer sent to a segment: what was previewed, what went out.

    ``key`` comes from the preview the organizer confirmed: sending the same preview twice
    (a double click, a reloaded form) finds this row again instead of sending a second time.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        SENDING = "sending", _("sending")
        DONE = "done", _("sent")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="segment_reminders")
    segment = models.CharField(_("segment"), max_length=24, choices=Segment.choices)
    key = models.UUIDField(unique=True, default=uuid.uuid4, editable=False)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.QUEUED
    )
    #: How many people the preview counted when the organizer confirmed.
    previewed = models.PositiveIntegerField(_("previewed"), default=0)
    #: How many e-mails went out (people who left the segment since the preview are skipped).
    sent = models.PositiveIntegerField(_("sent"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("reminder to a segment")
        verbose_name_plural = _("reminders to segments")
        ordering = ["-created", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_segment_display()} ({self.created:%Y-%m-%d %H:%M})"


class ReminderDelivery(models.Model):
    """Proof that one person was e-mailed one reminder (the database refuses a second)."""

    reminder = models.ForeignKey(
        SegmentReminder, on_delete=models.CASCADE, related_name="deliveries"
    )
    membership = models.ForeignKey(
        Membership,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="segment_reminders",
    )
    #: Copy of the reminder's segment, so "reminded of this recently" is one indexed look-up.
    segment = models.CharField(_("segment"), max_length=24, choices=Segment.choices)
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        verbose_name = _("reminder e-mail")
        verbose_name_plural = _("reminder e-mails")
        ordering = ["-sent_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["reminder", "membership"], name="reminderdelivery_once"
            ),
        ]
        indexes = [
            models.Index(
                fields=["membership", "segment", "sent_at"], name="reminderdelivery_recent"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.membership_id} reminded ({self.segment})"
