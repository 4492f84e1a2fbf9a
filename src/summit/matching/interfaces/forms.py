"""Forms of the matching pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class WatchListUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Watch list (CSV)"),
        help_text=_(
            "Columns: name, aliases (separated by “;”), country, reason, source. UTF-8 or CP949."
        ),
    )


class HitDecisionForm(forms.Form):
    hit = forms.IntegerField()
    decision = forms.ChoiceField(choices=[("exclude", _("exclude")), ("keep", _("keep"))])


class DismissForm(forms.Form):
    partner = forms.CharField(max_length=64)


class SaveForm(forms.Form):
    partner = forms.CharField(max_length=64)
    #: "1" saves, "0" (or nothing) takes the partner off the list.
    saved = forms.TypedChoiceField(
        choices=[("1", "1"), ("0", "0")],
        coerce=lambda value: value == "1",
        empty_value=False,
        required=False,
    )
