"""Forms of the meeting pages (they only parse input; rules live in the domain)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from summit.core.names import person_name
from summit.core.widgets import SearchSelect
from summit.meetings.models import MeetingRequest
from summit.organizations.models import Membership, Organization


def _person_label(membership: Membership) -> str:
    name = person_name(membership.user)
    return f"{name} · {membership.job_title}" if membership.job_title else name


class RequestForm(forms.Form):
    receiver_person = forms.ModelChoiceField(
        label=_("Person to ask"),
        queryset=Membership.objects.none(),
        required=False,
        empty_label=_("Anyone of the organization"),
    )
    priority = forms.ChoiceField(
        label=_("Priority"),
        choices=MeetingRequest.Priority.choices,
        initial=MeetingRequest.Priority.NORMAL,
    )
    message = forms.CharField(
        label=_("Message"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=2000,
        required=False,
        help_text=_("Why you would like to meet; the other side reads this first."),
    )

    def __init__(self, *args: Any, receiver: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        people = receiver.memberships.select_related("user").order_by("role", "pk")
        field = self.fields["receiver_person"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = people
        field.label_from_instance = _person_label  # type: ignore[method-assign]


class AnswerForm(forms.Form):
    ACTIONS = ("accept", "decline", "propose", "withdraw")

    action = forms.ChoiceField(choices=[(action, action) for action in ACTIONS])
    reason = forms.CharField(label=_("Reason (optional)"), max_length=1000, required=False)
    colleague = forms.ModelChoiceField(
        label=_("Colleague"), queryset=Membership.objects.none(), required=False
    )

    def __init__(self, *args: Any, colleagues: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["colleague"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = colleagues if colleagues is not None else Membership.objects.none()
        field.label_from_instance = _person_label  # type: ignore[method-assign]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("action") == "propose" and not cleaned.get("colleague"):
            self.add_error("colleague", _("Choose the colleague who should answer."))
        return cleaned


class RequestFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("all statuses")), *MeetingRequest.Status.choices],
        required=False,
    )
    organization = forms.ModelChoiceField(
        label=_("Organization"),
        queryset=Organization.objects.none(),
        required=False,
        empty_label=_("all organizations"),
    )

    def __init__(self, *args: Any, event: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organization"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = (
            Organization.objects.filter(event=event).only("pk", "name").order_by("name")
        )


class ArrangeForm(forms.Form):
    first = forms.ModelChoiceField(label=_("Organization"), queryset=Organization.objects.none())
    second = forms.ModelChoiceField(label=_("meets"), queryset=Organization.objects.none())
    message = forms.CharField(
        label=_("Note to both sides"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
    )

    def __init__(self, *args: Any, event: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        organizations = Organization.objects.filter(event=event).only("pk", "name").order_by("name")
        search = reverse("organizations:pick", kwargs={"slug": event.slug})
        for name in ("first", "second"):
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)
            field.widget = SearchSelect(
                search_url=search, placeholder=_("Type an organization's name")
            )
            field.queryset = organizations

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("first") and cleaned.get("first") == cleaned.get("second"):
            self.add_error("second", _("Choose two different organizations."))
        return cleaned
