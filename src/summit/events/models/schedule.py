from django.db import models
from django.db.models import F, Q
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from summit.events.models.event import Event, EventDay


class Session(models.Model):
    """A partnering session of one day, cut into slots of equal length with breaks between."""

    day = models.ForeignKey(EventDay, on_delete=models.CASCADE, related_name="sessions")
    name = models.CharField(_("name"), max_length=100)
    start_time = models.TimeField(_("start time"))
    end_time = models.TimeField(_("end time"))
    slot_minutes = models.PositiveSmallIntegerField(_("slot length (minutes)"), default=30)
    break_minutes = models.PositiveSmallIntegerField(_("break between slots (minutes)"), default=0)

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["day__date", "start_time"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_time__gt=F("start_time")), name="session_ends_after_start"
            ),
            models.CheckConstraint(condition=Q(slot_minutes__gt=0), name="session_slot_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.name}"


class Slot(models.Model):
    """A time slot for meetings, generated from its session (aware datetimes, stored in UTC)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="slots")
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="slots")
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))

    class Meta:
        verbose_name = _("slot")
        verbose_name_plural = _("slots")
        ordering = ["start"]
        constraints = [
            models.UniqueConstraint(fields=["event", "start"], name="slot_unique_start"),
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="slot_ends_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.start:%Y-%m-%d %H:%M}"


class Table(models.Model):
    """A place for meetings: a numbered table, a private room or a virtual meeting room."""

    class Kind(models.TextChoices):
        TABLE = "table", _("table")
        ROOM = "room", _("private room")
        VIRTUAL = "virtual", _("virtual")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="tables")
    number = models.PositiveIntegerField(_("number"))
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.TABLE)
    label = models.CharField(_("label"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("table")
        verbose_name_plural = _("tables")
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["event", "number"], name="table_unique_number"),
        ]

    def __str__(self) -> str:
        return self.label or f"{capfirst(self.get_kind_display())} {self.number}"
