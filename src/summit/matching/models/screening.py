from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from summit.events.models import Event
from summit.organizations.models import Organization


class WatchListEntry(models.Model):
    """One listed company of an event's watch list (the engine's screening format)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="watchlist_entries")
    name = models.CharField(_("name"), max_length=300)
    aliases = models.JSONField(_("aliases"), default=list, blank=True)
    country = models.CharField(_("country"), max_length=2, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    source = models.TextField(_("source"), blank=True)
    #: Loaded from the engine's example list (shown as an example, not legal advice).
    is_example = models.BooleanField(_("example entry"), default=False)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("watch-list entry")
        verbose_name_plural = _("watch-list entries")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name


class WatchListHit(models.Model):
    """An organization whose name matches a watch-list entry; the organizer decides
    whether it is excluded from recommendations (`decided_at` empty = not decided yet)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="watchlist_hits")
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="watchlist_hits"
    )
    entry = models.ForeignKey(WatchListEntry, on_delete=models.CASCADE, related_name="hits")
    matched_name = models.CharField(_("matched name"), max_length=300)
    score = models.FloatField(_("similarity"))
    country_match = models.BooleanField(_("same country"), null=True)
    excluded = models.BooleanField(_("excluded from recommendations"), default=False)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("watch-list hit")
        verbose_name_plural = _("watch-list hits")
        ordering = ["organization__name", "-score", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "entry"], name="watchlist_hit_unique"),
            models.CheckConstraint(
                condition=Q(score__gte=0) & Q(score__lte=1), name="watchlist_hit_score_range"
            ),
            # Only a decision can exclude: an undecided hit is never excluded.
            models.CheckConstraint(
                condition=Q(excluded=False) | Q(decided_at__isnull=False),
                name="watchlist_hit_excluded_is_decided",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization_id} ~ {self.entry_id}"

    @property
    def decided(self) -> bool:
        return self.decided_at is not None
