import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


def validate_time_zone(value: str) -> None:
    """Reject names that are not IANA time zones (e.g. ``Asia/Seoul``)."""
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("Unknown time zone: %(value)s"), params={"value": value})


class Event(models.Model):
    """A summit's partnering programme: its settings, days, slots, tables and organizers."""

    slug = models.SlugField(_("short name"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=200)
    name_ko = models.CharField(_("name in Korean"), max_length=200, blank=True)
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    time_zone = models.CharField(
        _("time zone"), max_length=64, default="Asia/Seoul", validators=[validate_time_zone]
    )
    request_deadline = models.DateTimeField(_("meeting request deadline"), null=True, blank=True)
    max_open_requests = models.PositiveIntegerField(
        _("open meeting requests per participant"), default=20
    )
    interpreters_per_slot = models.PositiveIntegerField(
        _("Korean–English interpreters per slot"), default=0
    )
    virtual_meetings = models.BooleanField(_("virtual meetings offered"), default=False)
    description = models.TextField(_("description"), blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["-created"]

    def __str__(self) -> str:
        return self.name


class EventDay(models.Model):
    """A calendar day (in the event's time zone) on which partnering sessions take place."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="days")
    date = models.DateField(_("date"))

    class Meta:
        verbose_name = _("event day")
        verbose_name_plural = _("event days")
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(fields=["event", "date"], name="eventday_unique_date"),
        ]

    def __str__(self) -> str:
        return self.date.isoformat()


class Organizer(models.Model):
    """A user who runs an event (the event's staff)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="organizers")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="organized"
    )

    class Meta:
        verbose_name = _("organizer")
        verbose_name_plural = _("organizers")
        constraints = [
            models.UniqueConstraint(fields=["event", "user"], name="organizer_unique_user"),
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.event}"
