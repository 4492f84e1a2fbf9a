from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from summit.events.models import Event
from summit.organizations.models import Membership, Organization


class MeetingRequest(models.Model):
    """One organization asks another for a meeting, or an organizer pairs them directly.

    The organization pair is stored a second time in canonical order (``low_organization``
    has the smaller id) so that the database can keep one open request per unordered pair.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        ACCEPTED = "accepted", _("accepted")
        DECLINED = "declined", _("declined")
        WITHDRAWN = "withdrawn", _("withdrawn")
        EXPIRED = "expired", _("expired")
        CANCELLED = "cancelled", _("cancelled")

    class Kind(models.TextChoices):
        PARTICIPANT = "participant", _("requested by a participant")
        ORGANIZER_ARRANGED = "organizer_arranged", _("arranged by the organizers")

    class Priority(models.TextChoices):
        NORMAL = "normal", _("normal")
        HIGH = "high", _("high")

    #: Statuses that block another request between the same two organizations.
    OPEN_STATUSES = (Status.PENDING, Status.ACCEPTED)

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="meeting_requests")
    kind = models.CharField(
        _("kind"), max_length=24, choices=Kind.choices, default=Kind.PARTICIPANT
    )
    sender = models.ForeignKey(
        Membership,
        verbose_name=_("sender"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="sent_meeting_requests",
    )
    sender_organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="sent_meeting_requests"
    )
    receiver_organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="received_meeting_requests"
    )
    receiver_person = models.ForeignKey(
        Membership,
        verbose_name=_("person asked"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="received_meeting_requests",
    )
    low_organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    high_organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    message = models.TextField(_("message"), blank=True)
    priority = models.CharField(
        _("priority"), max_length=8, choices=Priority.choices, default=Priority.NORMAL
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    decline_reason = models.TextField(_("reason"), blank=True)
    proposed_colleague = models.ForeignKey(
        Membership,
        verbose_name=_("proposed colleague"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    answered_by = models.ForeignKey(
        Membership, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    #: Copy of answered_by's organization, so a CheckConstraint can compare it to the receiver.
    answered_by_organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    arranged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="arranged_meetings",
    )
    created = models.DateTimeField(_("sent"), auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("meeting request")
        verbose_name_plural = _("meeting requests")
        ordering = ["-created", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(sender_organization=F("receiver_organization")),
                name="meetingrequest_not_to_self",
            ),
            models.CheckConstraint(
                condition=Q(low_organization__lt=F("high_organization"))
                & (
                    Q(
                        low_organization=F("sender_organization"),
                        high_organization=F("receiver_organization"),
                    )
                    | Q(
                        low_organization=F("receiver_organization"),
                        high_organization=F("sender_organization"),
                    )
                ),
                name="meetingrequest_canonical_pair",
            ),
            models.UniqueConstraint(
                fields=["low_organization", "high_organization"],
                condition=Q(status__in=["pending", "accepted"]),
                name="meetingrequest_one_open_per_pair",
            ),
            models.CheckConstraint(
                condition=Q(answered_by_organization__isnull=True)
                | Q(answered_by_organization=F("receiver_organization")),
                name="meetingrequest_answered_by_receiver",
            ),
            models.CheckConstraint(
                condition=Q(kind="organizer_arranged")
                | ~Q(status__in=["accepted", "declined"])
                | Q(answered_by_organization__isnull=False),
                name="meetingrequest_answer_recorded",
            ),
            models.CheckConstraint(
                condition=Q(kind="organizer_arranged") | Q(sender__isnull=False),
                name="meetingrequest_participant_has_sender",
            ),
            models.CheckConstraint(
                condition=Q(kind="participant") | Q(status__in=["accepted", "cancelled"]),
                name="meetingrequest_arranged_is_meeting",
            ),
        ]
        indexes = [
            models.Index(fields=["event", "status"], name="meetingrequest_event_status"),
        ]

    def __str__(self) -> str:
        return f"{self.sender_organization} → {self.receiver_organization} ({self.status})"

    @property
    def is_meeting(self) -> bool:
        """An accepted request or an organizer-arranged meeting (issue 5 schedules these)."""
        return self.status == self.Status.ACCEPTED
