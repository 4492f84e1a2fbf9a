"""Forms of the publication pages (cancel a published meeting)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class CancelMeetingForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (sent to the people of the meeting)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    keep_request = forms.BooleanField(
        label=_("Keep the request: place the meeting again later (late placement)"),
        required=False,
    )
