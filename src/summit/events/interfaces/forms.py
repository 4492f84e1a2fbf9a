"""Forms of the event set-up pages; they only parse input, the domain does the work."""

from __future__ import annotations

import zoneinfo
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from summit.events.domain.setup import request_deadline_problem
from summit.events.models import Event, Table

_COMMON_ZONES = ("Asia/Seoul", "UTC", "Asia/Tokyo", "Asia/Singapore", "Europe/London")


def time_zone_choices() -> list[tuple[str, str]]:
    """Common zones first, then every IANA zone."""
    rest = sorted(zoneinfo.available_timezones() - set(_COMMON_ZONES))
    return [(zone, zone) for zone in (*_COMMON_ZONES, *rest)]


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M")


class _NoColonMixin:
    """Labels without Django's trailing colon (the layout sets them apart already)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class EventForm(_NoColonMixin, forms.ModelForm):
    time_zone = forms.ChoiceField(label=_("Time zone"), choices=time_zone_choices)

    class Meta:
        model = Event
        fields = [
            "name",
            "name_ko",
            "venue",
            "time_zone",
            "request_deadline",
            "max_open_requests",
            "interpreters_per_slot",
            "virtual_meetings",
            "description",
        ]
        widgets = {
            "request_deadline": DateTimeLocalInput(),
            "description": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "request_deadline": _("In the event's time zone."),
            "interpreters_per_slot": _(
                "How many Korean–English meetings can have an interpreter at the same time."
            ),
        }

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        deadline = cleaned.get("request_deadline")
        zone = cleaned.get("time_zone") or self.instance.time_zone
        if deadline is not None and self.instance.pk is not None:
            # The domain reads the deadline in the zone the event will have once saved.
            probe = Event(pk=self.instance.pk, time_zone=zone)
            problem = request_deadline_problem(event=probe, deadline=deadline)
            if problem:
                self.add_error("request_deadline", problem)
        return cleaned


class EventCreateForm(EventForm):
    class Meta(EventForm.Meta):
        fields = ["slug", *EventForm.Meta.fields]
        help_texts = {
            **EventForm.Meta.help_texts,
            "slug": _("Used in addresses, e.g. bio-summit-2026. Letters, digits and hyphens."),
        }


class DayForm(_NoColonMixin, forms.Form):
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))


class SessionForm(_NoColonMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100, initial=_("Partnering"))
    start_time = forms.TimeField(
        label=_("Start time"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    end_time = forms.TimeField(
        label=_("End time"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    slot_minutes = forms.IntegerField(
        label=_("Slot length (minutes)"), min_value=5, max_value=240, initial=30
    )
    break_minutes = forms.IntegerField(
        label=_("Break between slots (minutes)"), min_value=0, max_value=120, initial=0
    )


class TablesForm(_NoColonMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Table.Kind.choices)
    count = forms.IntegerField(label=_("How many"), min_value=1, max_value=500, initial=10)
    label_prefix = forms.CharField(
        label=_("Label prefix"),
        max_length=80,
        required=False,
        help_text=_("Optional, e.g. “Room” gives “Room 21”, “Room 22”, …"),
    )


class OrganizerForm(_NoColonMixin, forms.Form):
    identifier = forms.CharField(
        label=_("User name or e-mail address"),
        max_length=254,
        help_text=_("The person needs an account already (e.g. created in the admin)."),
    )
