import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _

from summit.organizations.models import Membership


def new_token() -> str:
    """A random, URL-safe secret of 32 bytes (43 characters)."""
    return secrets.token_urlsafe(32)


class CalendarToken(models.Model):
    """The secret in a person's calendar-feed URL: whoever holds the link reads the feed
    without logging in (calendar applications cannot log in). Regenerating replaces it."""

    membership = models.OneToOneField(
        Membership, on_delete=models.CASCADE, related_name="calendar_token"
    )
    token = models.CharField(_("token"), max_length=64, unique=True, default=new_token)
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("calendar token")
        verbose_name_plural = _("calendar tokens")

    def __str__(self) -> str:
        return f"{self.membership}"
