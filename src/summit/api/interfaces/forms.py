"""The token page's form: a name and the scopes the token may use."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

#: What each scope lets a token do, as the page explains it.
SCOPE_LABELS = {
    "read": _("read — see the event's data (GET)"),
    "write": _("write — change data: check-ins, deals, feedback, surveys"),
    "organizer": _("organizer — act with your organizer rights on this event"),
}


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("What the token is for, e.g. “badge scanner” or “CRM sync”."),
    )
    scopes = forms.MultipleChoiceField(
        label=_("Scopes"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Give the token at least one scope.")},
    )

    def __init__(self, *args: Any, scopes: tuple[str, ...], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["scopes"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = [(scope, SCOPE_LABELS[scope]) for scope in scopes]
        field.initial = ["read"]
