"""Forms of the organisation pages: the survey, the directory filters, the import upload.

Vocabulary choices carry labels in the active language. The survey form does not judge
codes itself: the domain checks them with the engine's functions, as the file import does,
so every channel gives the same message.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext_lazy as _

from summit.core.countries import grouped_country_choices
from summit.core.widgets import SearchSelect, SearchSelectMultiple
from summit.organizations.domain.imports import max_upload_bytes
from summit.organizations.vocabulary import choices_for

__all__ = ["DirectoryFilterForm", "SurveyForm", "SurveyUploadForm"]


class _LenientMultipleChoiceField(forms.MultipleChoiceField):
    """Offers the vocabulary as choices but lets the domain (engine) judge the values."""

    def valid_value(self, value: Any) -> bool:
        return True


class _LenientChoiceField(forms.ChoiceField):
    def valid_value(self, value: Any) -> bool:
        return True


_MULTI_FIELDS: dict[str, tuple[Any, str]] = {
    "therapeutic_areas": (_("Therapeutic areas"), "therapeutic_areas"),
    "modalities": (_("Modalities"), "modalities"),
    "offers": (_("What we offer"), "offers"),
    "seeks": (_("What we seek"), "seeks"),
    "regions_of_interest": (_("Regions of interest"), "regions_of_interest"),
    "languages": (_("Meeting languages"), "languages"),
    "preferred_partner_types": (_("Preferred partner types"), "org_type"),
}


class SurveyForm(forms.Form):
    """The organisation's profile and demand-survey answers."""

    name = forms.CharField(label=_("Name"), max_length=200, required=False)
    name_local = forms.CharField(label=_("Name in Korean"), max_length=200, required=False)
    org_type = _LenientChoiceField(label=_("Type of organization"), required=False)
    country = _LenientChoiceField(
        label=_("Country"),
        required=False,
        widget=SearchSelect(
            search_url=reverse_lazy("pick_countries"), placeholder=_("Type a country")
        ),
    )
    website = forms.CharField(label=_("Website"), max_length=200, required=False)
    description = forms.CharField(
        label=_("About the organization"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    description_offer = forms.CharField(
        label=_("What we offer, in our words"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    description_seek = forms.CharField(
        label=_("What we are looking for, in our words"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    excluded_partners = _LenientMultipleChoiceField(
        label=_("Organizations we do not want to meet"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    wishlist = _LenientMultipleChoiceField(
        label=_("Organizations we would like to meet"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )

    def __init__(
        self, *args: Any, partners: list[tuple[str, str]], event_slug: str = "", **kwargs: Any
    ) -> None:
        """`partners`: (code, name) of the organizations that may be listed; with
        `event_slug`, the two lists are searched as you type (else plain selects)."""
        super().__init__(*args, **kwargs)
        blank = [("", "—")]
        self.fields["org_type"].choices = blank + choices_for(field="org_type")
        self.fields["country"].choices = blank + grouped_country_choices()
        for name, (label, vocabulary) in _MULTI_FIELDS.items():
            self.fields[name] = _LenientMultipleChoiceField(
                label=label,
                required=False,
                choices=choices_for(field=vocabulary),
                widget=forms.CheckboxSelectMultiple(attrs={"class": "choice-list"}),
            )
        if event_slug:
            search = reverse("organizations:pick", kwargs={"slug": event_slug}) + "?key=code"
            for name in ("excluded_partners", "wishlist"):
                self.fields[name].widget = SearchSelectMultiple(
                    search_url=search, placeholder=_("Type an organization's name")
                )
        self.fields["excluded_partners"].choices = partners
        self.fields["wishlist"].choices = partners
        self.order_fields(
            [
                "name",
                "name_local",
                "org_type",
                "country",
                "website",
                "description",
                *_MULTI_FIELDS,
                "description_offer",
                "description_seek",
                "wishlist",
                "excluded_partners",
            ]
        )

    def profile_fields(self) -> list[Any]:
        names = ("name", "name_local", "org_type", "country", "website", "description")
        return [self[name] for name in names]

    def survey_fields(self) -> list[Any]:
        names = (*_MULTI_FIELDS, "description_offer", "description_seek")
        return [self[name] for name in names]

    def partner_fields(self) -> list[Any]:
        return [self["wishlist"], self["excluded_partners"]]


class DirectoryFilterForm(forms.Form):
    """Search and filters of the directory (all optional; GET parameters)."""

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    org_type = forms.ChoiceField(label=_("Type"), required=False)
    country = forms.ChoiceField(
        label=_("Country"),
        required=False,
        widget=SearchSelect(
            search_url=reverse_lazy("pick_countries"), placeholder=_("Type a country")
        ),
    )
    area = forms.ChoiceField(label=_("Therapeutic area"), required=False)
    modality = forms.ChoiceField(label=_("Modality"), required=False)
    offers = forms.ChoiceField(label=_("Offers"), required=False)
    seeks = forms.ChoiceField(label=_("Seeks"), required=False)
    wants_my_offers = forms.BooleanField(label=_("Wants what we offer"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        anything = [("", _("any"))]
        self.fields["org_type"].choices = anything + choices_for(field="org_type")
        self.fields["country"].choices = anything + grouped_country_choices()
        self.fields["area"].choices = anything + choices_for(field="therapeutic_areas")
        self.fields["modality"].choices = anything + choices_for(field="modalities")
        self.fields["offers"].choices = anything + choices_for(field="offers")
        self.fields["seeks"].choices = anything + choices_for(field="seeks")

    def select_fields(self) -> list[Any]:
        return [
            self[name] for name in ("org_type", "country", "area", "modality", "offers", "seeks")
        ]

    def filters(self) -> dict[str, Any]:
        """The valid, non-empty filters (invalid values are ignored, not an error page)."""
        if not self.is_valid():
            return {
                name: value
                for name, value in self.cleaned_data.items()
                if value and name not in self.errors
            }
        return {name: value for name, value in self.cleaned_data.items() if value}


class SurveyUploadForm(forms.Form):
    """The organizer's survey file upload."""

    file = forms.FileField(
        label=_("Survey file (.csv or .xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,.txt,.tsv"}),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        limit = max_upload_bytes()
        if upload.size > limit:
            raise forms.ValidationError(
                _("The file is %(size).1f MB; the largest accepted survey file is %(limit).1f MB."),
                params={"size": upload.size / 1_000_000, "limit": limit / 1_000_000},
                code="too_big",
            )
        return upload
