"""Forms of the lounge pages (they only parse input; rules live in the domain)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext_lazy as _

from summit.events.models import Event, EventDay, Slot, Table
from summit.lounge.domain.errors import LoungeError
from summit.lounge.domain.grid import GridFilter
from summit.lounge.domain.video import clean_video_link
from summit.organizations.models import Membership, Organization
from summit.scheduling.models import ScheduledMeeting


class GridFilterForm(forms.Form):
    """Day, kind of table, number range and an organization to look for."""

    day = forms.ChoiceField(label=_("Day"), required=False)
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("All kinds")), *Table.Kind.choices], required=False
    )
    first = forms.IntegerField(label=_("Tables from"), min_value=0, required=False)
    last = forms.IntegerField(label=_("to"), min_value=0, required=False)
    q = forms.CharField(label=_("Organization"), max_length=100, required=False)

    def __init__(self, *args: Any, days: list[EventDay], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["day"]
        assert isinstance(field, forms.ChoiceField)
        # The event's days, already loaded (no query to check the choice), written in the
        # page's language ("Tue, 6 Oct 2026" / "2026년 10월 6일 화요일").
        field.choices = [(day.pk, date_format(day.date, "DATE_FORMAT")) for day in days]
        self.fields["q"].widget.attrs["placeholder"] = _("name or code")

    def grid_filter(self) -> GridFilter:
        data = self.cleaned_data if self.is_valid() else {}
        first, last = data.get("first"), data.get("last")
        if first is not None and last is not None and first > last:
            first, last = last, first
        return GridFilter(
            kind=data.get("kind") or "",
            first=first,
            last=last,
            search=(data.get("q") or "").strip(),
        )


class VideoLinkForm(forms.Form):
    link = forms.CharField(
        label=_("Video-call link"),
        max_length=500,
        required=False,
        help_text=_("A full https:// link; leave empty to remove it."),
    )

    def clean_link(self) -> str:
        try:
            return clean_video_link(link=self.cleaned_data["link"])
        except LoungeError as error:
            raise forms.ValidationError(error.messages) from None


def _slot_label(slot: Slot) -> str:
    start = timezone.localtime(slot.start)
    end = time_format(timezone.localtime(slot.end), "TIME_FORMAT")
    return f"{date_format(start, 'DATETIME_FORMAT')}–{end}"


class MoveForm(forms.Form):
    """Where to move a meeting: the keyboard-friendly twin of drag and drop."""

    slot = forms.ModelChoiceField(label=_("Slot"), queryset=Slot.objects.none())
    table = forms.ModelChoiceField(label=_("Table"), queryset=Table.objects.none())

    def __init__(
        self, *args: Any, event: Event, meeting: ScheduledMeeting | None = None, **kwargs: Any
    ) -> None:
        if meeting is not None and "initial" not in kwargs:
            kwargs["initial"] = {"slot": meeting.slot_id, "table": meeting.table_id}
        super().__init__(*args, **kwargs)
        slot_field = self.fields["slot"]
        table_field = self.fields["table"]
        assert isinstance(slot_field, forms.ModelChoiceField)
        assert isinstance(table_field, forms.ModelChoiceField)
        slot_field.queryset = Slot.objects.filter(event=event).order_by("start")
        slot_field.label_from_instance = _slot_label  # type: ignore[method-assign]
        table_field.queryset = Table.objects.filter(event=event).order_by("number")


class NoShowForm(forms.Form):
    """Who did not come: an organizer names the absent organization's id or "both";
    participants always report the other side (the field is ignored for them)."""

    absent = forms.CharField(required=False)
    override = forms.BooleanField(required=False)

    def absent_organization_id(self) -> int | None:
        value = (self.cleaned_data.get("absent") or "both") if self.is_valid() else "both"
        if value == "both":
            return None
        try:
            return int(value)
        except ValueError:
            raise LoungeError(_("Choose which side did not come."), code="invalid") from None


class DraftFilterForm(GridFilterForm):
    """The live grid's filters, and "only tables with changes" for a draft's preview."""

    changes = forms.BooleanField(label=_("Only tables with changes"), required=False)

    def only_changes(self) -> bool:
        return bool(self.is_valid() and self.cleaned_data.get("changes"))


class ProposeForm(forms.Form):
    """A same-day proposal: the slot, the partner and (organizers) the freed person."""

    slot = forms.ModelChoiceField(label=_("Slot"), queryset=Slot.objects.none())
    partner = forms.ModelChoiceField(label=_("Organization"), queryset=Organization.objects.none())
    sender = forms.ModelChoiceField(
        label=_("Person"), queryset=Membership.objects.none(), required=False
    )

    def __init__(self, *args: Any, event: Event, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["slot"].queryset = Slot.objects.filter(event=event)  # type: ignore[attr-defined]
        self.fields["partner"].queryset = Organization.objects.filter(event=event)  # type: ignore[attr-defined]
        self.fields["sender"].queryset = Membership.objects.filter(  # type: ignore[attr-defined]
            event=event
        ).select_related("organization", "user")
