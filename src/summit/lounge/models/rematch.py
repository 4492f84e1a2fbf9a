import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from summit.events.models import Event, Slot, Table
from summit.organizations.models import Membership, Organization
from summit.scheduling.models import ScheduledMeeting


class MeetingProposal(models.Model):
    """A same-day proposal: a participant freed by a no-show or a cancellation (or an
    organizer on their behalf) asks a free organization to meet at a slot of the day, at a
    table that was free when it was proposed.

    Nothing is booked until the partner accepts: then `summit.lounge.domain.rematch` creates
    the accepted meeting request and the scheduled meeting at the slot (the proposed table, or
    another free one) in one transaction under the schedule lock, and links it here.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for an answer")
        ACCEPTED = "accepted", _("accepted")
        DECLINED = "declined", _("declined")
        WITHDRAWN = "withdrawn", _("withdrawn")
        EXPIRED = "expired", _("expired")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="meeting_proposals")
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    slot = models.ForeignKey(
        Slot, verbose_name=_("slot"), on_delete=models.CASCADE, related_name="+"
    )
    table = models.ForeignKey(
        Table, verbose_name=_("table"), on_delete=models.CASCADE, related_name="+"
    )
    #: The freed person who would meet, and their organization (copied for the constraint).
    sender = models.ForeignKey(
        Membership, on_delete=models.CASCADE, related_name="sent_meeting_proposals"
    )
    from_organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    #: The partner asked.
    to_organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="received_meeting_proposals"
    )
    #: The partner's person who was free when proposed (any free member may accept).
    to_person = models.ForeignKey(
        Membership, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    #: The meeting whose no-show or cancellation freed the sender (None: simply free then).
    freed_meeting = models.ForeignKey(
        ScheduledMeeting, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    #: The recommender's score of the pair when proposed (None: not recommended).
    score = models.FloatField(null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    #: Why it expired: a code of `summit.lounge.domain.rematch.EXPIRY_REASONS`.
    closed_reason = models.CharField(max_length=20, blank=True)
    answered_by = models.ForeignKey(
        Membership, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    scheduled_meeting = models.OneToOneField(
        ScheduledMeeting,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="same_day_proposal",
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("same-day meeting proposal")
        verbose_name_plural = _("same-day meeting proposals")
        ordering = ["-created", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(from_organization=F("to_organization")),
                name="meetingproposal_not_to_self",
            ),
            models.UniqueConstraint(
                fields=["sender", "to_organization", "slot"],
                condition=Q(status="pending"),
                name="meetingproposal_one_pending_per_slot",
            ),
            models.CheckConstraint(
                condition=~Q(status="accepted") | Q(scheduled_meeting__isnull=False),
                name="meetingproposal_accepted_has_meeting",
            ),
        ]
        indexes = [
            models.Index(fields=["event", "status"], name="meetingproposal_event_status"),
        ]

    def __str__(self) -> str:
        return f"{self.from_organization_id} → {self.to_organization_id} @ {self.slot_id}"
