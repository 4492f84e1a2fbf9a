"""Forms of the outcomes pages (they only parse input; rules live in the domain)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from summit.core.widgets import SearchSelectMultiple
from summit.meetings.domain.parties import parties_label
from summit.outcomes.domain.deals import DealData
from summit.outcomes.models import Deal, MeetingFeedback
from summit.scheduling.models import ScheduledMeeting

YES_NO = [("yes", _("Yes")), ("no", _("No"))]


class FeedbackForm(forms.Form):
    """Few fields, big radio buttons: answered on a phone right after the meeting."""

    took_place = forms.ChoiceField(
        label=_("Did the meeting take place?"), choices=YES_NO, widget=forms.RadioSelect
    )
    follow_up_interest = forms.ChoiceField(
        label=_("Interest in a follow-up"),
        choices=MeetingFeedback.Interest.choices,
        widget=forms.RadioSelect,
    )
    next_step = forms.ChoiceField(
        label=_("Next step"),
        choices=MeetingFeedback.NextStep.choices,
        widget=forms.RadioSelect,
        initial=MeetingFeedback.NextStep.NONE,
    )
    next_step_text = forms.CharField(label=_("Next step (details)"), max_length=200, required=False)
    note = forms.CharField(
        label=_("Note (only your organization and the organizers read it)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
    )

    @classmethod
    def initial_from(cls, feedback: MeetingFeedback | None) -> dict[str, Any]:
        if feedback is None:
            return {}
        return {
            "took_place": "yes" if feedback.took_place else "no",
            "follow_up_interest": feedback.follow_up_interest,
            "next_step": feedback.next_step,
            "next_step_text": feedback.next_step_text,
            "note": feedback.note,
        }


class FeedbackFilterForm(forms.Form):
    day = forms.DateField(
        label=_("Day"),
        required=False,
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )
    follow_up_interest = forms.ChoiceField(
        label=_("Interest in a follow-up"),
        choices=[("", _("any interest")), *MeetingFeedback.Interest.choices],
        required=False,
    )
    took_place = forms.ChoiceField(
        label=_("Took place"),
        choices=[("", _("all answers")), *YES_NO],
        required=False,
    )


class DealFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("all kinds")), *Deal.Kind.choices], required=False
    )
    stage = forms.ChoiceField(
        label=_("Stage"), choices=[("", _("all stages")), *Deal.Stage.choices], required=False
    )


def meeting_label(meeting: ScheduledMeeting) -> str:
    start = timezone.localtime(meeting.slot.start)
    return f"{date_format(start, 'DATETIME_FORMAT')} · {parties_label(meeting)}"


class DealForm(forms.Form):
    """Record or edit a deal. ``partners`` are the other organizations for a participant
    (their own is always a party) and all parties for an organizer."""

    title = forms.CharField(label=_("Title"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=Deal.Kind.choices)
    partners = forms.ModelMultipleChoiceField(
        label=_("Other parties"), queryset=None, help_text=_("Organizations of this event.")
    )
    stage = forms.ChoiceField(label=_("Stage"), choices=Deal.Stage.choices)
    date = forms.DateField(
        label=_("Date"),
        help_text=_("When the deal reached this stage."),
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )
    value = forms.DecimalField(
        label=_("Value (optional)"), max_digits=18, decimal_places=2, required=False
    )
    currency = forms.ChoiceField(
        label=_("Currency"), choices=[("", "—"), *Deal.Currency.choices], required=False
    )
    confidential = forms.BooleanField(
        label=_("Confidential"),
        required=False,
        help_text=_(
            "Only the parties and the organizers see a confidential deal; reports count it "
            "without naming it."
        ),
    )
    meetings = forms.ModelMultipleChoiceField(
        label=_("Meetings where it started"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(
        self,
        *args: Any,
        organizations: Any,
        meetings: list[ScheduledMeeting],
        organizer: bool,
        editing: bool = False,
        search_url: str = "",
        **kwargs: Any,
    ) -> None:
        """With `search_url` (the organizations picker's endpoint) the parties are searched
        as you type, else chosen from a plain list."""
        super().__init__(*args, **kwargs)
        partners = self.fields["partners"]
        assert isinstance(partners, forms.ModelMultipleChoiceField)
        partners.queryset = organizations
        if search_url:
            partners.widget = SearchSelectMultiple(
                search_url=search_url, placeholder=_("Type an organization's name")
            )
            partners.widget.choices = partners.choices
        if organizer:
            partners.label = _("Parties")
            partners.help_text = _("At least two organizations of this event.")
            self.fields["meetings"].help_text = _(
                "Meetings of the parties. To link meetings of a party you add now, save and "
                "edit the deal."
            )
        field = self.fields["meetings"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = ScheduledMeeting.objects.filter(pk__in=[m.pk for m in meetings])
        by_id = {meeting.pk: meeting for meeting in meetings}
        field.label_from_instance = lambda meeting: meeting_label(by_id.get(meeting.pk, meeting))  # type: ignore[method-assign]
        self.meeting_choices = meetings
        if editing:
            del self.fields["stage"]
            del self.fields["date"]

    def data_for(self, *, own_organization: Any, deal: Deal | None = None) -> DealData:
        cleaned = self.cleaned_data
        organizations = list(cleaned["partners"])
        if own_organization is not None:
            organizations = [own_organization, *organizations]
        return DealData(
            title=cleaned["title"],
            kind=cleaned["kind"],
            stage=cleaned.get("stage") or (deal.stage if deal else ""),
            date=cleaned.get("date") or (deal.date if deal else timezone.localdate()),
            organizations=organizations,
            value=cleaned.get("value"),
            currency=cleaned.get("currency") or "",
            confidential=cleaned.get("confidential", False),
            description=cleaned.get("description", ""),
            meetings=tuple(cleaned.get("meetings") or ()),
        )


class StageForm(forms.Form):
    stage = forms.ChoiceField(label=_("New stage"), choices=Deal.Stage.choices)
    date = forms.DateField(
        label=_("Date"), widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    )
    reason = forms.CharField(
        label=_("Reason (needed when moving back)"), max_length=1000, required=False
    )


class DeleteAccountForm(forms.Form):
    confirmation = forms.CharField(label=_("Type DELETE to confirm"), max_length=20)
    password = forms.CharField(label=_("Your password"), widget=forms.PasswordInput)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_confirmation(self) -> str:
        value = self.cleaned_data["confirmation"].strip()
        if value.upper() not in {"DELETE", str(_("DELETE")).upper()}:
            raise forms.ValidationError(_("Type the word DELETE."))
        return value

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("This is not your password."))
        return password
