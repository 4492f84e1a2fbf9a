from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from summit.events.models import Event
from summit.organizations.models import Organization


class Recommendation(models.Model):
    """One partner recommended to an organization by the engine, with its reasons.

    The set of an event is replaced as a whole by each recompute (`domain.recommendations`).
    """

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="recommendations")
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="recommendations"
    )
    partner = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="recommended_to"
    )
    rank = models.PositiveSmallIntegerField(_("rank"))
    score = models.FloatField(_("score"))
    reasons_en = models.JSONField(_("reasons (English)"), default=list)
    reasons_ko = models.JSONField(_("reasons (Korean)"), default=list)
    computed_at = models.DateTimeField(_("computed"))

    class Meta:
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        ordering = ["organization", "rank"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "partner"], name="recommendation_unique_pair"
            ),
            models.UniqueConstraint(
                fields=["organization", "rank"], name="recommendation_unique_rank"
            ),
            models.CheckConstraint(
                condition=~Q(organization=F("partner")), name="recommendation_not_self"
            ),
            models.CheckConstraint(
                condition=Q(score__gte=0), name="recommendation_score_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization_id} → {self.partner_id} (#{self.rank})"

    def reasons(self, language: str) -> list[str]:
        """The reasons in `language` (Korean for ``ko…``, English otherwise)."""
        return list(self.reasons_ko if language.startswith("ko") else self.reasons_en)


class Dismissal(models.Model):
    """ "Not relevant": the organization does not want `partner` recommended again."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="dismissals")
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="dismissals"
    )
    partner = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="dismissed_by")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("dismissed recommendation")
        verbose_name_plural = _("dismissed recommendations")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "partner"], name="dismissal_unique_pair"
            ),
            models.CheckConstraint(
                condition=~Q(organization=F("partner")), name="dismissal_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization_id} ✕ {self.partner_id}"


class SavedPartner(models.Model):
    """ "Save for later": an organization keeps a possible partner on its short list."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="saved_partners")
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="saved_partners"
    )
    partner = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="saved_by")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("saved partner")
        verbose_name_plural = _("saved partners")
        ordering = ["-created", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "partner"], name="saved_unique_pair"),
            models.CheckConstraint(condition=~Q(organization=F("partner")), name="saved_not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.organization_id} ☆ {self.partner_id}"


#: Stage codes recorded by `domain.recommendations.recompute_recommendations`.
STAGE_LABELS = {
    "reading": _("reading the surveys"),
    "scoring": _("scoring all pairs"),
    "reasons": _("writing the reasons"),
    "saving": _("saving"),
    "done": _("done"),
}


class RecomputeRun(models.Model):
    """One background recompute of an event's recommendations and its progress."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="recompute_runs")
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    stage = models.CharField(_("stage"), max_length=40, blank=True)
    organizations = models.PositiveIntegerField(_("organizations"), default=0)
    recommendations = models.PositiveIntegerField(_("recommendations"), default=0)
    error = models.TextField(_("error"), blank=True)
    created = models.DateTimeField(auto_now_add=True)
    started = models.DateTimeField(_("started"), null=True, blank=True)
    finished = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("recompute run")
        verbose_name_plural = _("recompute runs")
        ordering = ["-created", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="recompute_progress_max"),
            # At most one waiting run per event: later triggers join it instead of queueing more.
            models.UniqueConstraint(
                fields=["event"], condition=Q(status="queued"), name="recompute_one_queued"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event_id} {self.status} {self.progress}%"

    @property
    def active(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    @property
    def stage_label(self) -> str:
        """The stage in the reader's language (the domain records a stage code)."""
        return str(STAGE_LABELS.get(self.stage, self.stage))
