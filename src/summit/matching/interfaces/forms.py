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
