"""The dashboard's filter form (it only parses input into `Filters`)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from summit.events.models import Event, EventDay
from summit.organizations.vocabulary import choices_for
from summit.reports.domain.dashboard import Filters


class DashboardFilterForm(forms.Form):
    day = forms.ModelChoiceField(
        label=_("Day"), queryset=EventDay.objects.none(), required=False, empty_label=_("All days")
    )
    org_type = forms.ChoiceField(label=_("Organization type"), required=False)

    def __init__(self, *args: Any, event: Event, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        day = self.fields["day"]
        assert isinstance(day, forms.ModelChoiceField)
        day.queryset = EventDay.objects.filter(event=event).order_by("date")
        org_type = self.fields["org_type"]
        assert isinstance(org_type, forms.ChoiceField)
        org_type.choices = [("", _("All types")), *choices_for(field="org_type")]

    def filters(self) -> Filters:
        """The chosen filters (call after `is_valid()` returned True)."""
        return Filters(day=self.cleaned_data["day"], org_type=self.cleaned_data["org_type"])
