from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from summit.events.models import Event
from summit.organizations.models import Membership, Organization
from summit.scheduling.models import ScheduledMeeting

#: ISO 4217 codes offered for a deal's value (the common ones of the biotech trade).
CURRENCIES = (
    "KRW",
    "USD",
    "EUR",
    "JPY",
    "CNY",
    "GBP",
    "CHF",
    "SGD",
    "HKD",
    "TWD",
    "AUD",
    "CAD",
    "INR",
    "SEK",
    "DKK",
)


class Deal(models.Model):
    """A cooperation that followed the meetings: between two or more organizations of the
    event, at a stage of the pipeline, possibly confidential.

    A confidential deal is shown only to the people of its parties and to the organizers;
    reports count it but never name its parties, title or value.
    """

    class Kind(models.TextChoices):
        MOU = "mou", _("MOU")
        LICENSE = "license", _("license")
        CO_DEVELOPMENT = "co_development", _("co-development")
        CDMO_CMO_CONTRACT = "cdmo_cmo_contract", _("CDMO/CMO contract")
        TECH_TRANSFER = "tech_transfer", _("technology transfer")
        SUPPLY_PROCUREMENT = "supply_procurement", _("supply / procurement")
        INVESTMENT = "investment", _("investment")
        JOINT_VENTURE = "joint_venture", _("joint venture")

    class Stage(models.TextChoices):
        DISCUSSING = "discussing", _("discussing")
        TERM_SHEET = "term_sheet", _("term sheet")
        SIGNED = "signed", _("signed")
        ANNOUNCED = "announced", _("announced")

    Currency = models.TextChoices("Currency", [(code, code) for code in CURRENCIES])

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="deals")
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    stage = models.CharField(
        _("stage"), max_length=16, choices=Stage.choices, default=Stage.DISCUSSING
    )
    #: When the current stage was reached.
    date = models.DateField(_("date"))
    #: When it was signed (kept once announced; cleared if moved back before signing).
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    value = models.DecimalField(_("value"), max_digits=18, decimal_places=2, null=True, blank=True)
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices, blank=True)
    confidential = models.BooleanField(_("confidential"), default=False)
    description = models.TextField(_("description"), blank=True)
    organizations = models.ManyToManyField(
        Organization,
        verbose_name=_("parties"),
        through="DealParty",
        related_name="deals",
    )
    meetings = models.ManyToManyField(
        ScheduledMeeting,
        verbose_name=_("meetings where it started"),
        blank=True,
        related_name="deals",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="recorded_deals",
    )
    #: The party whose person recorded it (null when an organizer did).
    recorded_by_organization = models.ForeignKey(
        Organization, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    #: The record's ID in the recording side's CRM (a deal sent through the API): the same
    #: side cannot record it twice, so a CRM's retried sync does not duplicate it.
    crm_id = models.CharField(_("CRM record ID"), max_length=100, blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("deal")
        verbose_name_plural = _("deals")
        ordering = ["-date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(value__isnull=True) | ~Q(currency=""),
                name="deal_value_has_currency",
            ),
            models.CheckConstraint(
                condition=Q(value__isnull=True) | Q(value__gte=0),
                name="deal_value_not_negative",
            ),
            models.UniqueConstraint(
                fields=["event", "recorded_by_organization", "crm_id"],
                condition=~Q(crm_id="") & Q(recorded_by_organization__isnull=False),
                name="deal_crm_id_once_per_party",
            ),
            models.UniqueConstraint(
                fields=["event", "crm_id"],
                condition=~Q(crm_id="") & Q(recorded_by_organization__isnull=True),
                name="deal_crm_id_once_for_organizers",
            ),
        ]
        indexes = [
            models.Index(fields=["event", "stage"], name="deal_event_stage"),
            models.Index(fields=["event", "kind"], name="deal_event_kind"),
        ]

    def __str__(self) -> str:
        return self.title


class DealParty(models.Model):
    """An organization party to a deal; ``confirmed_at`` records that its side agrees."""

    deal = models.ForeignKey(Deal, on_delete=models.CASCADE, related_name="parties")
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="deal_parties"
    )
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        Membership, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("deal party")
        verbose_name_plural = _("deal parties")
        constraints = [
            models.UniqueConstraint(fields=["deal", "organization"], name="dealparty_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.organization} in {self.deal}"


class DealStageChange(models.Model):
    """One step of a deal's history (the first row, from "", is its creation)."""

    deal = models.ForeignKey(Deal, on_delete=models.CASCADE, related_name="stage_changes")
    from_stage = models.CharField(_("from"), max_length=16, choices=Deal.Stage.choices, blank=True)
    to_stage = models.CharField(_("to"), max_length=16, choices=Deal.Stage.choices)
    date = models.DateField(_("date"))
    reason = models.TextField(_("reason"), blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("deal stage change")
        verbose_name_plural = _("deal stage changes")
        ordering = ["changed_at", "pk"]

    def __str__(self) -> str:
        return f"{self.deal_id}: {self.from_stage or '—'} → {self.to_stage}"
