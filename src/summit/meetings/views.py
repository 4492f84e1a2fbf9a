"""Meeting pages: my requests and meetings, the request form and page with its answers,
the availability grid, and the organizers' list of all requests and "arrange a meeting".

Views parse input, check who is asking and call `summit.meetings.domain`.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from summit.events.access import event_member_required, organizer_required
from summit.events.domain.permissions import is_organizer, membership_for
from summit.events.models import Event
from summit.meetings.domain import availability as availability_domain
from summit.meetings.domain import requests as domain
from summit.meetings.domain.cards import hits_of, prepare_cards
from summit.meetings.domain.errors import RequestError
from summit.meetings.domain.exclusions import screening_hits
from summit.meetings.domain.messages import default_request_message
from summit.meetings.domain.parties import other_party_of
from summit.meetings.interfaces.forms import (
    AnswerForm,
    ArrangeForm,
    RequestFilterForm,
    RequestForm,
)
from summit.meetings.models import MeetingRequest
from summit.organizations.domain.relations import partner_states
from summit.organizations.models import Membership, Organization

PAGE_SIZE = 50
View = Callable[..., HttpResponse]


def _event_slug(view: View) -> View:
    """The event decorators take the slug as first argument; our URLs call it event_slug."""

    @wraps(view)
    def wrapper(request: HttpRequest, event_slug: str, **kwargs: Any) -> HttpResponse:
        return view(request, event_slug, **kwargs)

    return wrapper


def _base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/")


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _member(request: HttpRequest, event: Event) -> Membership:
    membership = membership_for(user=request.user, event=event)
    if membership is None:
        raise PermissionDenied
    return membership


@_event_slug
@event_member_required
@require_http_methods(["GET"])
def my_requests(request: HttpRequest, event: Event) -> HttpResponse:
    """A participant's incoming and outgoing requests and their meetings."""
    membership = membership_for(user=request.user, event=event)
    if membership is None:
        return redirect("meetings:organizer_requests", event_slug=event.slug)
    incoming, outgoing = domain.requests_of(organization=membership.organization)
    pending, accepted = MeetingRequest.Status.PENDING, MeetingRequest.Status.ACCEPTED
    # Full cards (with answer buttons and contacts) only for what still matters; closed
    # requests are one table row each, so a long history stays cheap to render.
    shown = [row for row in [*incoming, *outgoing] if row.status in (pending, accepted)]
    prepare_cards(rows=shown, event=event, viewer=membership)
    closed = sorted(
        (row for row in [*incoming, *outgoing] if row.status not in (pending, accepted)),
        key=lambda row: row.updated,
        reverse=True,
    )
    for row in closed:
        row.other = other_party_of(  # type: ignore[attr-defined]
            row, organization_id=membership.organization_id
        )
    context = {
        "event": event,
        "membership": membership,
        "incoming": [row for row in incoming if row.status == pending],
        "outgoing": [row for row in outgoing if row.status == pending],
        "meetings": [row for row in shown if row.status == accepted],
        "closed": closed,
        "pending_count": domain.pending_sent_by(sender=membership),
    }
    return render(request, "meetings/my_requests.html", context)


@_event_slug
@event_member_required
@require_http_methods(["GET", "POST"])
def request_create(request: HttpRequest, event: Event, org_id: str) -> HttpResponse:
    """Ask an organization for a meeting (H8's recommendations link here)."""
    receiver = get_object_or_404(Organization, event=event, org_id=org_id)
    membership = _member(request, event)
    if receiver.pk == membership.organization_id:
        messages.error(request, _("An organization cannot request a meeting with itself."))
        return redirect("meetings:my_requests", event_slug=event.slug)
    existing = domain.open_request_between(first=membership.organization, second=receiver)
    initial = {"message": default_request_message(sender=membership, receiver=receiver)}
    form = RequestForm(request.POST or None, receiver=receiver, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            created = domain.create_request(
                sender=membership,
                receiver_organization=receiver,
                message=form.cleaned_data["message"],
                priority=form.cleaned_data["priority"],
                receiver_person=form.cleaned_data["receiver_person"],
                base_url=_base_url(request),
            )
        except RequestError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("Your request was sent."))
            return redirect("meetings:request_detail", event_slug=event.slug, request_id=created.pk)
    hits = hits_of(screening_hits(event=event, organization_ids=[receiver.pk]), receiver)
    context = {
        "event": event,
        "receiver": receiver,
        "form": form,
        "existing": existing,
        "hits": hits,
        "pending_count": domain.pending_sent_by(sender=membership),
    }
    return render(request, "meetings/request_form.html", context)


@_event_slug
@event_member_required
@require_POST
def request_quick(request: HttpRequest, event: Event, org_id: str) -> HttpResponse:
    """One action from the directory or the recommendations: send a request with the
    message template in the sender's language. HTMX gets the partner's actions back."""
    receiver = get_object_or_404(Organization, event=event, org_id=org_id)
    membership = _member(request, event)
    error = ""
    try:
        created = domain.create_request(
            sender=membership,
            receiver_organization=receiver,
            message=default_request_message(sender=membership, receiver=receiver),
            base_url=_base_url(request),
        )
    except RequestError as problem:
        error = " ".join(problem.messages)
    if _is_htmx(request):
        state = partner_states(organization=membership.organization, partner_ids=[receiver.pk])
        context = {
            "event": event,
            "membership": membership,
            "partner": receiver,
            "partner_state": state[receiver.pk],
            "error": error,
            "sent": not error,
        }
        return render(request, "meetings/_partner_actions.html", context)
    if error:
        messages.error(request, error)
        return redirect("meetings:request_create", event_slug=event.slug, org_id=org_id)
    messages.success(request, _("Your request was sent."))
    return redirect("meetings:request_detail", event_slug=event.slug, request_id=created.pk)


def _visible_request(
    request: HttpRequest, event: Event, request_id: int
) -> tuple[MeetingRequest, Membership | None]:
    meeting_request = domain.find_request(event=event, request_id=request_id)
    if meeting_request is None:
        raise Http404
    membership = membership_for(user=request.user, event=event)
    if not domain.can_view_request(
        user=request.user, meeting_request=meeting_request, membership=membership
    ):
        raise PermissionDenied
    return meeting_request, membership


@_event_slug
@event_member_required
@require_http_methods(["GET"])
def request_detail(request: HttpRequest, event: Event, request_id: int) -> HttpResponse:
    """One request: message, status, answer buttons (receiver), contacts once accepted."""
    meeting_request, membership = _visible_request(request, event, request_id)
    prepare_cards(rows=[meeting_request], event=event, viewer=membership)
    context = {
        "event": event,
        "r": meeting_request,
        "membership": membership,
        "is_organizer": is_organizer(user=request.user, event=event),
    }
    return render(request, "meetings/request_detail.html", context)


@_event_slug
@event_member_required
@require_POST
def request_answer(request: HttpRequest, event: Event, request_id: int) -> HttpResponse:
    """Accept, decline (with a reason), propose a colleague, or withdraw (sender)."""
    meeting_request, membership = _visible_request(request, event, request_id)
    if membership is None:
        raise PermissionDenied
    colleagues = Membership.objects.filter(
        organization_id=membership.organization_id
    ).select_related("user")
    form = AnswerForm(request.POST, colleagues=colleagues)
    if not form.is_valid():
        return HttpResponseBadRequest(
            " ".join(str(e) for errors in form.errors.values() for e in errors)
        )
    action = form.cleaned_data["action"]
    base_url = _base_url(request)
    try:
        if action == "accept":
            domain.accept_request(
                meeting_request=meeting_request, answerer=membership, base_url=base_url
            )
            messages.success(request, _("You accepted the meeting."))
        elif action == "decline":
            domain.decline_request(
                meeting_request=meeting_request,
                answerer=membership,
                reason=form.cleaned_data["reason"],
                base_url=base_url,
            )
            messages.success(request, _("You declined the request."))
        elif action == "propose":
            domain.propose_colleague(
                meeting_request=meeting_request,
                answerer=membership,
                colleague=form.cleaned_data["colleague"],
                base_url=base_url,
            )
            messages.success(request, _("Your colleague was asked to answer."))
        else:
            domain.withdraw_request(meeting_request=meeting_request, person=membership)
            messages.success(request, _("You withdrew the request."))
    except RequestError as error:
        messages.error(request, " ".join(error.messages))
    if _is_htmx(request):
        refreshed = domain.find_request(event=event, request_id=request_id)
        assert refreshed is not None
        prepare_cards(rows=[refreshed], event=event, viewer=membership)
        return render(
            request,
            "meetings/_request_card.html",
            {"event": event, "r": refreshed, "membership": membership, "show_messages": True},
        )
    return redirect("meetings:request_detail", event_slug=event.slug, request_id=request_id)


@_event_slug
@event_member_required
@require_http_methods(["GET", "POST"])
def availability(request: HttpRequest, event: Event) -> HttpResponse:
    """A person's grid of the event's slots; a click (HTMX POST) toggles one slot. Own grid
    by default; ``person`` (membership id) lets a delegation's lead or an organizer edit
    someone else's."""
    actor = membership_for(user=request.user, event=event)
    person_id = request.POST.get("person") or request.GET.get("person")
    if person_id:
        try:
            person = Membership.objects.select_related("user", "event").get(
                pk=int(person_id), event=event
            )
        except (ValueError, Membership.DoesNotExist):
            raise Http404 from None
    elif actor is not None:
        person = actor
    else:
        raise PermissionDenied
    if not availability_domain.can_edit_availability(user=request.user, actor=actor, person=person):
        raise PermissionDenied
    if request.method == "POST":
        try:
            slot_id = int(request.POST.get("slot", ""))
            unavailable = availability_domain.toggle_unavailable(membership=person, slot_id=slot_id)
        except (ValueError, RequestError):
            return HttpResponseBadRequest(_("Choose a slot of this event."))
        if _is_htmx(request):
            slot = event.slots.get(pk=slot_id)
            return render(
                request,
                "meetings/_availability_cell.html",
                {"event": event, "slot": slot, "unavailable": unavailable, "person": person},
            )
        url = reverse("meetings:availability", kwargs={"event_slug": event.slug})
        return redirect(f"{url}?person={person.pk}" if person != actor else url)
    delegation = []
    if actor is not None and (actor.role == Membership.Role.LEAD or person != actor):
        delegation = list(
            Membership.objects.select_related("user")
            .filter(organization_id=person.organization_id)
            .order_by("role", "pk")
        )
    grid = availability_domain.availability_grid(membership=person)
    context = {
        "event": event,
        "membership": actor,
        "person": person,
        "own": person == actor,
        "delegation": delegation if len(delegation) > 1 else [],
        "grid": grid,
    }
    return render(request, "meetings/availability.html", context)


@_event_slug
@organizer_required
@require_http_methods(["GET"])
def organizer_requests(request: HttpRequest, event: Event) -> HttpResponse:
    """All requests of the event with filters by status and organization."""
    form = RequestFilterForm(request.GET or None, event=event)
    status, organization = "", None
    if form.is_valid():
        status = form.cleaned_data["status"]
        organization = form.cleaned_data["organization"]
    found = domain.event_requests(event=event, status=status, organization=organization)
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = prepare_cards(rows=list(page.object_list), event=event, viewer=None)
    query = request.GET.copy()
    query.pop("page", None)
    context = {"event": event, "form": form, "page": page, "rows": rows, "query": query.urlencode()}
    return render(request, "meetings/organizer_requests.html", context)


@_event_slug
@organizer_required
@require_http_methods(["GET", "POST"])
def arrange(request: HttpRequest, event: Event) -> HttpResponse:
    """An organizer pairs two organizations directly."""
    form = ArrangeForm(request.POST or None, event=event)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = domain.arrange_meeting(
                event=event,
                organizer=request.user,
                first=form.cleaned_data["first"],
                second=form.cleaned_data["second"],
                message=form.cleaned_data["message"],
                base_url=_base_url(request),
            )
        except RequestError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("The meeting was arranged and both sides were told."))
            return redirect("meetings:request_detail", event_slug=event.slug, request_id=meeting.pk)
    return render(request, "meetings/arrange.html", {"event": event, "form": form})
