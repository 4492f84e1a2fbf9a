from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

#: What a token may do, in OAuth 2's space-separated ``scope`` form: ``read`` (GET),
#: ``write`` (every other method) and ``organizer`` (act on the events its user organizes).
SCOPES = ("read", "write", "organizer")


class ApiToken(models.Model):
    """A secret for scripts (``Authorization: Bearer <token>``). Only its SHA-256 is stored;
    the token itself is shown once, when created. ``scopes`` limits what it may do."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100)
    token_hash = models.CharField(max_length=64, unique=True)
    #: The first characters of the token, to tell tokens apart in lists.
    prefix = models.CharField(max_length=12)
    created = models.DateTimeField(auto_now_add=True)
    last_used = models.DateTimeField(_("last used"), null=True, blank=True)
    scopes = models.CharField(
        _("scopes"),
        max_length=64,
        default=" ".join(SCOPES),
        help_text=_("Space-separated: read, write, organizer."),
    )

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def scope_set(self) -> frozenset[str]:
        return frozenset(self.scopes.split())
