"""Outcome pages: the participant's Outcomes page (feedback to give, their deals), the
feedback form, deals (record, detail, stage, confirm, edit), the organizers' lists of all
feedback and all deals, and "My data" (export, delete the account).

Views parse input, check who is asking and call `summit.outcomes.domain`.
"""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from summit.events.access import event_member_required, organizer_required
from summit.events.domain.permissions import is_organizer, membership_for
from summit.events.models import Event
from summit.meetings.domain.parties import other_party_of, party_ids_of
from summit.organizations.models import Membership, Organization
from summit.outcomes.domain import deals as deal_domain
from summit.outcomes.domain import feedback as feedback_domain
from summit.outcomes.domain import privacy
from summit.outcomes.domain.errors import OutcomeError
from summit.outcomes.interfaces.forms import (
    DealFilterForm,
    DealForm,
    DeleteAccountForm,
    FeedbackFilterForm,
    FeedbackForm,
    StageForm,
)
from summit.outcomes.models import Deal, DealParty
from summit.scheduling.models import ScheduledMeeting

PAGE_SIZE = 50


def _member(request: HttpRequest, event: Event) -> Membership:
    membership = membership_for(user=request.user, event=event)
    if membership is None:
        raise PermissionDenied
    return membership


def _other(meeting: ScheduledMeeting, organization_id: int) -> Organization:
    return other_party_of(meeting, organization_id=organization_id)


def _add_errors(form: forms.Form, error: OutcomeError) -> None:
    """Put the domain's message next to its field (or on top of the form)."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, messages_of_field in error.error_dict.items():
        form.add_error(name if name in form.fields else None, messages_of_field)


# ---- participant -----------------------------------------------------------------------------


@event_member_required
@require_http_methods(["GET"])
def home(request: HttpRequest, event: Event) -> HttpResponse:
    """The participant's Outcomes page: meetings waiting for feedback, answers given, deals."""
    membership = membership_for(user=request.user, event=event)
    if membership is None:
        return redirect("outcomes:feedback_list", slug=event.slug)
    now = timezone.now()
    waiting = feedback_domain.meetings_awaiting_feedback(membership=membership, now=now)
    for meeting in waiting:
        meeting.other = _other(meeting, membership.organization_id)  # type: ignore[attr-defined]
    given = list(feedback_domain.feedback_given(organization=membership.organization))
    for answer in given:
        answer.other = _other(answer.meeting, membership.organization_id)  # type: ignore[attr-defined]
    deals = list(deal_domain.deals_of(organization=membership.organization))
    for deal in deals:
        deal.own_party = _own_party(deal, membership)  # type: ignore[attr-defined]
    context = {
        "event": event,
        "membership": membership,
        "waiting": waiting,
        "given": given,
        "deals": deals,
        "feedback_open": feedback_domain.feedback_open(event=event, now=now),
        "closes_at": feedback_domain.feedback_closes_at(event=event),
    }
    return render(request, "outcomes/home.html", context)


@event_member_required
@require_http_methods(["GET", "POST"])
def feedback(request: HttpRequest, event: Event, meeting_id: int) -> HttpResponse:
    """The short feedback form of one meeting, for a person of either side."""
    meeting = feedback_domain.find_meeting(event=event, meeting_id=meeting_id)
    membership = membership_for(user=request.user, event=event)
    if meeting is None or not feedback_domain.is_side(meeting=meeting, membership=membership):
        raise Http404
    assert membership is not None
    existing = feedback_domain.feedback_of(meeting=meeting, membership=membership)
    access = feedback_domain.feedback_access(meeting=meeting, membership=membership)
    if request.method == "POST":
        form = FeedbackForm(request.POST)
        if not access.allowed:
            form.add_error(None, access.reason)
        elif form.is_valid():
            data = form.cleaned_data
            try:
                feedback_domain.save_feedback(
                    meeting=meeting,
                    membership=membership,
                    took_place=data["took_place"] == "yes",
                    follow_up_interest=data["follow_up_interest"],
                    next_step=data["next_step"],
                    next_step_text=data["next_step_text"],
                    note=data["note"],
                )
            except OutcomeError as error:
                _add_errors(form, error)
            else:
                messages.success(request, _("Thank you, your feedback is saved."))
                return redirect("outcomes:home", slug=event.slug)
    else:
        form = FeedbackForm(initial=FeedbackForm.initial_from(existing))
    context = {
        "event": event,
        "meeting": meeting,
        "other": _other(meeting, membership.organization_id),
        "form": form,
        "existing": existing,
        "access": access,
    }
    return render(request, "outcomes/feedback_form.html", context)


# ---- deals -------------------------------------------------------------------------------------


def _ids(values: list[str]) -> list[int]:
    return [int(value) for value in values if value.isdigit()]


def _organization_search(event: Event) -> str:
    """The organizations picker's search endpoint (deal parties are searched as you type)."""
    return reverse("organizations:pick", kwargs={"slug": event.slug})


def _deal_form_context(
    request: HttpRequest, event: Event, deal: Deal | None = None
) -> tuple[Membership | None, bool, QuerySet[Organization], list[ScheduledMeeting]]:
    """Who records, the organizations to choose from and the meetings that may be linked:
    a participant's own organization's meetings; for organizers those of the parties (the
    ones posted, the deal's, or the two sides of the meeting the form was opened from), so
    that a large event never lists all its meetings."""
    organizer = is_organizer(user=request.user, event=event)
    membership = None if organizer else _member(request, event)
    own = membership.organization if membership is not None else None
    organizations = deal_domain.organizations_for_deal(
        event=event, exclude=[own.pk] if own is not None else []
    )
    if own is not None:
        parties = [own.pk]
    elif request.method == "POST":
        parties = _ids(request.POST.getlist("partners"))
    elif deal is not None:
        parties = [party.organization_id for party in deal.parties.all()]
    else:
        started = feedback_domain.find_meeting(
            event=event, meeting_id=(_ids([request.GET.get("meeting", "")]) or [0])[0]
        )
        parties = list(party_ids_of(started)) if started else []
    meetings = deal_domain.meetings_for_deal(event=event, organization_ids=parties)
    return membership, organizer, organizations, meetings


@event_member_required
@require_http_methods(["GET", "POST"])
def deal_create(request: HttpRequest, event: Event) -> HttpResponse:
    """Record a deal: participants for their own organization, organizers for anyone."""
    membership, organizer, organizations, meetings = _deal_form_context(request, event)
    own = membership.organization if membership is not None else None
    if request.method == "POST":
        form = DealForm(
            request.POST,
            organizations=organizations,
            meetings=meetings,
            organizer=organizer,
            search_url=_organization_search(event),
        )
        if form.is_valid():
            try:
                deal = deal_domain.record_deal(
                    event=event,
                    user=request.user,
                    data=form.data_for(own_organization=own),
                    base_url=request.build_absolute_uri("/"),
                )
            except OutcomeError as error:
                _add_errors(form, error)
            else:
                messages.success(request, _("The deal is recorded."))
                return redirect("outcomes:deal_detail", slug=event.slug, deal_id=deal.pk)
    else:
        initial: dict[str, object] = {"date": timezone.localdate(), "stage": Deal.Stage.DISCUSSING}
        # Coming from a meeting ("record a deal from this meeting"): link it, name the partner.
        started = next((m for m in meetings if str(m.pk) == request.GET.get("meeting")), None)
        if started is not None:
            initial["meetings"] = [started.pk]
            if own is not None:
                initial["partners"] = [_other(started, own.pk).pk]
            else:
                initial["partners"] = list(party_ids_of(started))
        form = DealForm(
            initial=initial,
            organizations=organizations,
            meetings=meetings,
            organizer=organizer,
            search_url=_organization_search(event),
        )
    context = {"event": event, "form": form, "own": own, "deal": None}
    return render(request, "outcomes/deal_form.html", context)


def _visible_deal(request: HttpRequest, event: Event, deal_id: int) -> Deal:
    deal = deal_domain.find_deal(event=event, deal_id=deal_id, user=request.user)
    if deal is None:
        raise Http404
    return deal


@event_member_required
@require_http_methods(["GET"])
def deal_detail(request: HttpRequest, event: Event, deal_id: int) -> HttpResponse:
    deal = _visible_deal(request, event, deal_id)
    stage_form = StageForm(
        initial={"date": timezone.localdate(), "stage": deal_domain.next_stage(deal.stage)}
    )
    return _deal_page(request, event, deal, stage_form=stage_form)


def _own_party(deal: Deal, membership: Membership | None) -> DealParty | None:
    """The membership's organization among the deal's (prefetched) parties."""
    if membership is None:
        return None
    return next(
        (p for p in deal.parties.all() if p.organization_id == membership.organization_id), None
    )


def _deal_page(
    request: HttpRequest,
    event: Event,
    deal: Deal,
    *,
    stage_form: StageForm,
    may_change: bool = False,
    status: int = 200,
) -> HttpResponse:
    """The deal's page; its stage form shows when the user is a party, an organizer or
    `may_change` (already checked)."""
    own_party = _own_party(deal, membership_for(user=request.user, event=event))
    context = {
        "event": event,
        "deal": deal,
        "own_party": own_party,
        "can_change": may_change
        or own_party is not None
        or is_organizer(user=request.user, event=event),
        "stage_form": stage_form,
    }
    return render(request, "outcomes/deal_detail.html", context, status=status)


def _changeable_deal(request: HttpRequest, event: Event, deal_id: int) -> Deal:
    deal = _visible_deal(request, event, deal_id)
    if not deal_domain.can_change_deal(deal=deal, user=request.user):
        raise PermissionDenied
    return deal


@event_member_required
@require_http_methods(["GET", "POST"])
def deal_edit(request: HttpRequest, event: Event, deal_id: int) -> HttpResponse:
    """Change a deal's details (the stage has its own form on the deal's page)."""
    deal = _changeable_deal(request, event, deal_id)
    membership, organizer, organizations, meetings = _deal_form_context(request, event, deal)
    own = membership.organization if membership is not None else None
    kwargs: dict[str, Any] = {
        "organizations": organizations,
        "meetings": meetings,
        "organizer": organizer,
        "search_url": _organization_search(event),
    }
    if request.method == "POST":
        form = DealForm(request.POST, editing=True, **kwargs)
        if form.is_valid():
            try:
                deal_domain.update_deal(
                    deal=deal,
                    user=request.user,
                    data=form.data_for(own_organization=own, deal=deal),
                )
            except OutcomeError as error:
                _add_errors(form, error)
            else:
                messages.success(request, _("The deal is saved."))
                return redirect("outcomes:deal_detail", slug=event.slug, deal_id=deal.pk)
    else:
        parties = [p.organization_id for p in deal.parties.all()]
        form = DealForm(
            initial={
                "title": deal.title,
                "kind": deal.kind,
                "partners": [pk for pk in parties if own is None or pk != own.pk],
                "value": deal.value,
                "currency": deal.currency,
                "confidential": deal.confidential,
                "meetings": [m.pk for m in deal.meetings.all()],
                "description": deal.description,
            },
            editing=True,
            **kwargs,
        )
    context = {"event": event, "form": form, "own": own, "deal": deal}
    return render(request, "outcomes/deal_form.html", context)


@event_member_required
@require_POST
def deal_stage(request: HttpRequest, event: Event, deal_id: int) -> HttpResponse:
    """Move a deal to another stage (backwards with a reason)."""
    deal = _changeable_deal(request, event, deal_id)
    form = StageForm(request.POST)
    if form.is_valid():
        try:
            deal_domain.change_stage(
                deal=deal,
                user=request.user,
                stage=form.cleaned_data["stage"],
                on=form.cleaned_data["date"],
                reason=form.cleaned_data["reason"],
                base_url=request.build_absolute_uri("/"),
            )
        except OutcomeError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The deal's stage is changed."))
            return redirect("outcomes:deal_detail", slug=event.slug, deal_id=deal.pk)
    return _deal_page(request, event, deal, stage_form=form, may_change=True, status=400)


@event_member_required
@require_POST
def deal_confirm(request: HttpRequest, event: Event, deal_id: int) -> HttpResponse:
    """A party's person confirms the deal as recorded."""
    deal = _visible_deal(request, event, deal_id)
    membership = membership_for(user=request.user, event=event)
    if membership is None:
        raise PermissionDenied
    try:
        deal_domain.confirm_deal(deal=deal, membership=membership)
    except OutcomeError as error:
        raise PermissionDenied(error.messages[0]) from error
    messages.success(request, _("You confirmed the deal."))
    return redirect("outcomes:deal_detail", slug=event.slug, deal_id=deal.pk)


# ---- organizers --------------------------------------------------------------------------------


@organizer_required
@require_http_methods(["GET"])
def feedback_list(request: HttpRequest, event: Event) -> HttpResponse:
    """All feedback of the event, filtered by day, interest and "took place"."""
    form = FeedbackFilterForm(request.GET or None)
    day, interest, took_place = None, "", None
    if form.is_valid():
        day = form.cleaned_data["day"]
        interest = form.cleaned_data["follow_up_interest"]
        took_place = {"yes": True, "no": False}.get(form.cleaned_data["took_place"])
    found = feedback_domain.event_feedback(
        event=event, day=day, follow_up_interest=interest, took_place=took_place
    )
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "event": event,
        "form": form,
        "page": page,
        "rows": list(page.object_list),
        "summary": feedback_domain.feedback_summary(event=event),
        "query": query.urlencode(),
    }
    return render(request, "outcomes/feedback_list.html", context)


@organizer_required
@require_http_methods(["GET"])
def deal_list(request: HttpRequest, event: Event) -> HttpResponse:
    """All deals of the event (confidential ones included), filtered by kind and stage."""
    form = DealFilterForm(request.GET or None)
    kind = stage = ""
    if form.is_valid():
        kind = form.cleaned_data["kind"]
        stage = form.cleaned_data["stage"]
    found = deal_domain.event_deals(event=event, kind=kind, stage=stage)
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "event": event,
        "form": form,
        "page": page,
        "rows": list(page.object_list),
        "query": query.urlencode(),
    }
    return render(request, "outcomes/deal_list.html", context)


# ---- my data -----------------------------------------------------------------------------------


@event_member_required
@require_http_methods(["GET"])
def my_data(request: HttpRequest, event: Event) -> HttpResponse:
    """Export or delete one's own data."""
    _member(request, event)
    context = {
        "event": event,
        "form": DeleteAccountForm(user=request.user),
        "can_delete": privacy.can_delete_account(user=request.user),
    }
    return render(request, "outcomes/my_data.html", context)


@event_member_required
@require_http_methods(["GET"])
def my_data_export(request: HttpRequest, event: Event) -> HttpResponse:
    """Everything about the user as one JSON file."""
    _member(request, event)
    data = privacy.export_user_data(user=request.user)
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="my-data.json"'
    return response


@event_member_required
@require_POST
def my_data_delete(request: HttpRequest, event: Event) -> HttpResponse:
    """Delete the account after the word DELETE and the password."""
    _member(request, event)
    form = DeleteAccountForm(request.POST, user=request.user)
    can_delete = privacy.can_delete_account(user=request.user)
    if can_delete and form.is_valid():
        privacy.delete_user_data(user=request.user)
        logout(request)
        messages.success(request, _("Your account is deleted."))
        return redirect("login")
    if not can_delete:
        form.add_error(None, _("Organizers and staff cannot delete their account here."))
    context = {"event": event, "form": form, "can_delete": can_delete}
    return render(request, "outcomes/my_data.html", context, status=400)
