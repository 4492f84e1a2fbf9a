import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def new_invitation_token() -> str:
    """An unguessable URL-safe token for a one-time invitation link."""
    return secrets.token_urlsafe(32)


class Invitation(models.Model):
    """A one-time link that lets an invited participant set a password and log in."""

    token = models.CharField(max_length=64, unique=True, default=new_invitation_token)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="invitations"
    )
    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="invitations")
    created = models.DateTimeField(auto_now_add=True)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"{self.user} → {self.event}"
