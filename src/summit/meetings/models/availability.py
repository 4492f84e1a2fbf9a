from django.db import models
from django.utils.translation import gettext_lazy as _

from summit.events.models import Slot
from summit.organizations.models import Membership


class Unavailability(models.Model):
    """A slot in which one participant cannot meet (a talk, another session)."""

    membership = models.ForeignKey(
        Membership, on_delete=models.CASCADE, related_name="unavailabilities"
    )
    slot = models.ForeignKey(Slot, on_delete=models.CASCADE, related_name="unavailabilities")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("unavailability")
        verbose_name_plural = _("unavailabilities")
        constraints = [
            models.UniqueConstraint(
                fields=["membership", "slot"], name="unavailability_unique_slot"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.membership} ✗ {self.slot}"
