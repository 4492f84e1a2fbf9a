from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from partnering_engine.matching.survey import ORG_ID_LIST_COLUMNS, VOCABULARY_LIST_COLUMNS
from summit.events.models import Event

#: The organization's survey fields that hold lists of the engine's taxonomy codes: the
#: survey file's multi-valued vocabulary columns, so form, import and export stay in step.
TAXONOMY_LIST_FIELDS: tuple[str, ...] = VOCABULARY_LIST_COLUMNS
#: The organization's fields that hold lists of other organizations' ``org_id`` codes.
ORG_ID_LIST_FIELDS: tuple[str, ...] = ORG_ID_LIST_COLUMNS


class Organization(models.Model):
    """A participating organization of one event, with its profile and demand-survey answers.

    List fields hold codes of the engine's vocabulary (`partnering_engine.matching.taxonomy`)
    or other organizations' ``org_id``; the domain layer validates them.
    """

    class SurveyStatus(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("submitted")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="organizations")
    org_id = models.CharField(_("organization code"), max_length=64)
    name = models.CharField(_("name"), max_length=200)
    name_local = models.CharField(_("name in Korean"), max_length=200, blank=True)
    org_type = models.CharField(_("type"), max_length=40)
    country = models.CharField(_("country"), max_length=2, help_text=_("ISO 3166 alpha-2 code"))
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True)
    therapeutic_areas = models.JSONField(_("therapeutic areas"), default=list, blank=True)
    modalities = models.JSONField(_("modalities"), default=list, blank=True)
    offers = models.JSONField(_("offers"), default=list, blank=True)
    seeks = models.JSONField(_("seeks"), default=list, blank=True)
    regions_of_interest = models.JSONField(_("regions of interest"), default=list, blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    preferred_partner_types = models.JSONField(
        _("preferred partner types"), default=list, blank=True
    )
    description_offer = models.TextField(_("what we offer"), blank=True)
    description_seek = models.TextField(_("what we seek"), blank=True)
    excluded_partners = models.JSONField(_("excluded partners"), default=list, blank=True)
    wishlist = models.JSONField(_("wish list"), default=list, blank=True)
    survey_status = models.CharField(
        _("survey status"),
        max_length=16,
        choices=SurveyStatus.choices,
        default=SurveyStatus.DRAFT,
    )
    survey_submitted_at = models.DateTimeField(_("survey submitted"), null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["event", "org_id"], name="organization_unique_code"),
            models.UniqueConstraint("event", Lower("name"), name="organization_unique_name"),
        ]
        indexes = [
            models.Index(fields=["event", "org_type"], name="organization_event_type"),
            models.Index(fields=["event", "country"], name="organization_event_country"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        """Check the vocabulary fields (used by the admin and by model forms)."""
        from summit.organizations.vocabulary import clean_survey_fields

        names = (*TAXONOMY_LIST_FIELDS, "org_type", "country")
        cleaned = clean_survey_fields(values={name: getattr(self, name) for name in names})
        for name, value in cleaned.items():
            setattr(self, name, value)


class Membership(models.Model):
    """A person's belonging to one organization of an event (one organization per event)."""

    class Role(models.TextChoices):
        LEAD = "lead", _("lead contact")
        MEMBER = "member", _("member")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="memberships")
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.MEMBER)
    job_title = models.CharField(_("job title"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["organization__name", "user__last_name"]
        constraints = [
            models.UniqueConstraint(fields=["event", "user"], name="membership_unique_person"),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.organization})"
