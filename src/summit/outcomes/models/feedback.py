from django.db import models
from django.utils.translation import gettext_lazy as _

from summit.organizations.models import Membership, Organization
from summit.scheduling.models import ScheduledMeeting


class MeetingFeedback(models.Model):
    """One side's answer after a scheduled meeting: did it take place, how interested is the
    organization in a follow-up, what happens next.

    One row per organization per meeting (the database refuses a second); any person of that
    organization may write or edit it until the feedback period ends.
    """

    class Interest(models.TextChoices):
        NONE = "none", _("none")
        SOME = "some", _("some")
        STRONG = "strong", _("strong")

    class NextStep(models.TextChoices):
        NONE = "none", _("none")
        INFORMATION = "information", _("send information")
        SECOND_MEETING = "second_meeting", _("second meeting")
        SITE_VISIT = "site_visit", _("site visit")
        PROPOSAL = "proposal", _("term sheet / proposal")
        OTHER = "other", _("other")

    meeting = models.ForeignKey(
        ScheduledMeeting,
        verbose_name=_("meeting"),
        on_delete=models.CASCADE,
        related_name="feedback",
    )
    #: The side answering (one of the meeting's two organizations).
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.CASCADE,
        related_name="meeting_feedback",
    )
    #: Who wrote it last; null once that person deleted their account.
    author = models.ForeignKey(
        Membership,
        verbose_name=_("author"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meeting_feedback",
    )
    took_place = models.BooleanField(_("the meeting took place"))
    follow_up_interest = models.CharField(
        _("interest in a follow-up"), max_length=8, choices=Interest.choices
    )
    next_step = models.CharField(
        _("next step"), max_length=16, choices=NextStep.choices, default=NextStep.NONE
    )
    next_step_text = models.CharField(_("next step (details)"), max_length=200, blank=True)
    note = models.TextField(_("note"), blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("meeting feedback")
        verbose_name_plural = _("meeting feedback")
        ordering = ["-created", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "organization"], name="meetingfeedback_one_per_side"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization} on {self.meeting_id}"


class FeedbackReminder(models.Model):
    """Proof that a person was reminded to give feedback on a meeting (never twice)."""

    meeting = models.ForeignKey(
        ScheduledMeeting, on_delete=models.CASCADE, related_name="feedback_reminders"
    )
    membership = models.ForeignKey(
        Membership, on_delete=models.CASCADE, related_name="feedback_reminders"
    )
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("feedback reminder")
        verbose_name_plural = _("feedback reminders")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "membership"], name="feedbackreminder_once"),
        ]

    def __str__(self) -> str:
        return f"{self.membership_id} reminded of {self.meeting_id}"
