from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from summit.events.models import Event


class ScheduleRun(models.Model):
    """One run of the scheduling engine over an event's meetings: a draft to review and compare,
    a "what if" capacity run, or the re-planning of late changes.

    The result is kept as JSON (``assignments``, ``unscheduled``, ``summary``) rather than as
    rows: a draft is read whole (review, comparison, publication), never queried by parts, and
    a bio_europe-scale draft (30,000 meetings) is a few megabytes.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    class Purpose(models.TextChoices):
        DRAFT = "draft", _("draft schedule")
        WHAT_IF = "what_if", _("capacity “what if”")
        REPLAN = "replan", _("re-planning of late changes")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="schedule_runs")
    name = models.CharField(_("name"), max_length=100, blank=True)
    purpose = models.CharField(
        _("purpose"), max_length=16, choices=Purpose.choices, default=Purpose.DRAFT
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.QUEUED
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    #: What was asked: solver, time limit, seed, which meetings, weights, extra tables/slots.
    options = models.JSONField(default=dict, blank=True)
    #: Latest progress report while running: elapsed_s, phase, scheduled, weight, bound, gap.
    progress = models.JSONField(default=dict, blank=True)
    #: Result figures: requested, scheduled, weight, bound, gap, gaps, min_share, status, ...
    summary = models.JSONField(default=dict, blank=True)
    #: One dict per placed meeting: {"request": id, "slot": id, "table": id, "attendees": [ids]}.
    assignments = models.JSONField(default=list, blank=True)
    #: One dict per meeting left out: {"request": id, "reason": code, "attendees": [ids]}.
    unscheduled = models.JSONField(default=list, blank=True)
    error = models.TextField(_("error"), blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("schedule run")
        verbose_name_plural = _("schedule runs")
        ordering = ["-created", "-pk"]
        indexes = [models.Index(fields=["event", "purpose"], name="schedulerun_event_purpose")]

    def __str__(self) -> str:
        return self.name or f"{self.get_purpose_display()} #{self.pk}"
