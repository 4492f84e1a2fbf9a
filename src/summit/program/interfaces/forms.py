"""Forms of the program app: choosing a segment, confirming a previewed reminder."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from summit.program.models.reminders import Segment


class SegmentForm(forms.Form):
    """Which group to remind (the preview follows from it)."""

    segment = forms.ChoiceField(
        label=_("Who to remind"), choices=Segment.choices, widget=forms.RadioSelect
    )


class SendForm(SegmentForm):
    """The confirmation of a preview: its segment and the key that makes it send once."""

    segment = forms.ChoiceField(choices=Segment.choices, widget=forms.HiddenInput)
    key = forms.UUIDField(widget=forms.HiddenInput)
