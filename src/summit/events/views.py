"""Event pages: the event home, and the organizer's set-up of event, days, sessions, tables."""

from __future__ import annotations

from datetime import datetime
from itertools import groupby

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from summit.accounts.domain.invitations import invite_members, members_to_invite
from summit.events.access import event_member_required, organizer_required
from summit.events.domain import setup
from summit.events.domain.permissions import can_create_event, is_organizer, membership_for
from summit.events.interfaces.forms import (
    DayForm,
    EventCreateForm,
    EventForm,
    OrganizerForm,
    SessionForm,
    TablesForm,
)
from summit.events.models import Event, EventDay, Organizer, Session, Slot, Table

SESSION_TIMING_FIELDS = ("start_time", "end_time", "slot_minutes", "break_minutes")


def _apply_errors(form: Form, error: ValidationError) -> None:
    """Show a domain ValidationError on the form's fields (or on top when not a field)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


@require_http_methods(["GET", "POST"])
@login_required
def create_event(request: HttpRequest) -> HttpResponse:
    """A staff member creates an event and becomes its organizer."""
    if not can_create_event(user=request.user):
        raise PermissionDenied
    form = EventCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            event = setup.create_event(creator=request.user, **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("The event was created. Now add its days."))
            return redirect("events:days", slug=event.slug)
    return render(request, "events/event_form.html", {"form": form, "creating": True})


@require_GET
@event_member_required
def event_home(request: HttpRequest, event: Event) -> HttpResponse:
    """The event's home: a dashboard for organizers, the participant's overview otherwise."""
    organizer = is_organizer(user=request.user, event=event)
    context = {
        "event": event,
        "is_organizer": organizer,
        "membership": membership_for(user=request.user, event=event),
        "to_invite": members_to_invite(event=event).count() if organizer else 0,
        "days": EventDay.objects.filter(event=event),
    }
    return render(request, "events/event_home.html", context)


@require_POST
@organizer_required
def send_invitations(request: HttpRequest, event: Event) -> HttpResponse:
    """E-mail an invitation link to every participant who cannot log in yet."""
    sent = invite_members(event=event, base_url=request.build_absolute_uri("/"))
    messages.success(
        request,
        ngettext("%(count)d invitation was sent.", "%(count)d invitations were sent.", sent)
        % {"count": sent},
    )
    return redirect("events:home", slug=event.slug)


@require_http_methods(["GET", "POST"])
@organizer_required
def edit_event(request: HttpRequest, event: Event) -> HttpResponse:
    """Change the event's name, venue, time zone, deadline and capacities."""
    form = EventForm(request.POST or None, instance=event)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in EventForm.Meta.fields}
        try:
            setup.update_event(event=Event.objects.get(pk=event.pk), **fields)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("The event settings were saved."))
            return redirect("events:home", slug=event.slug)
    return render(request, "events/event_form.html", {"form": form, "event": event})


@require_http_methods(["GET", "POST"])
@organizer_required
def days(request: HttpRequest, event: Event) -> HttpResponse:
    """The event's days with their sessions; add a day."""
    form = DayForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            setup.add_day(event=event, day=form.cleaned_data["date"])
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("The day was added."))
            return redirect("events:days", slug=event.slug)
    event_days = EventDay.objects.filter(event=event).prefetch_related("sessions")
    return render(
        request, "events/days.html", {"event": event, "form": form, "event_days": event_days}
    )


@require_POST
@organizer_required
def delete_day(request: HttpRequest, event: Event, day_id: int) -> HttpResponse:
    try:
        setup.delete_day(day=get_object_or_404(EventDay, pk=day_id, event=event))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The day was removed."))
    return redirect("events:days", slug=event.slug)


def _session_page(
    request: HttpRequest, event: Event, day: EventDay, session: Session | None
) -> HttpResponse:
    initial = {}
    if session is not None:
        initial = {
            name: getattr(session, name)
            for name in ("name", "start_time", "end_time", "slot_minutes", "break_minutes")
        }
    form = SessionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = setup.save_session(day=day, session=session, **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(
                request,
                _("The session was saved with %(count)d slots.") % {"count": saved.slots.count()},
            )
            return redirect("events:slots", slug=event.slug)
    context = {"event": event, "day": day, "session": session, "form": form}
    return render(request, "events/session_form.html", context)


@require_http_methods(["GET", "POST"])
@organizer_required
def add_session(request: HttpRequest, event: Event, day_id: int) -> HttpResponse:
    """Add a partnering session to a day; its slots are generated."""
    day = get_object_or_404(EventDay, pk=day_id, event=event)
    return _session_page(request, event, day, None)


@require_http_methods(["GET", "POST"])
@organizer_required
def edit_session(request: HttpRequest, event: Event, session_id: int) -> HttpResponse:
    """Change a session; its slots are generated again."""
    session = get_object_or_404(
        Session.objects.select_related("day"), pk=session_id, day__event=event
    )
    return _session_page(request, event, session.day, session)


@require_GET
@organizer_required
def preview_session(request: HttpRequest, event: Event, day_id: int) -> HttpResponse:
    """The slots the session form would generate (an HTMX fragment, updated while typing)."""
    day = get_object_or_404(EventDay, pk=day_id, event=event)
    session = None
    if request.GET.get("session", "").isdigit():
        session = Session.objects.filter(pk=int(request.GET["session"]), day=day).first()
    form = SessionForm(request.GET)
    slot_list: list[tuple[datetime, datetime]] = []
    errors: list[str] = []
    if form.is_valid():
        fields = {name: form.cleaned_data[name] for name in SESSION_TIMING_FIELDS}
        try:
            slot_list = setup.preview_session_slots(day=day, session=session, **fields)
        except ValidationError as error:
            errors = error.messages
    else:
        errors = [message for messages_ in form.errors.values() for message in messages_]
    return render(request, "events/_slot_preview.html", {"slot_list": slot_list, "errors": errors})


@require_POST
@organizer_required
def delete_session(request: HttpRequest, event: Event, session_id: int) -> HttpResponse:
    try:
        setup.delete_session(session=get_object_or_404(Session, pk=session_id, day__event=event))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The session was removed."))
    return redirect("events:days", slug=event.slug)


@require_GET
@organizer_required
def slots(request: HttpRequest, event: Event) -> HttpResponse:
    """Every generated slot, grouped by day and session, in the event's time zone."""
    all_slots = Slot.objects.filter(event=event).select_related("session__day")
    by_session = [
        (session, list(group)) for session, group in groupby(all_slots, key=lambda s: s.session)
    ]
    return render(
        request,
        "events/slots.html",
        {"event": event, "by_session": by_session, "slot_count": len(all_slots)},
    )


@require_http_methods(["GET", "POST"])
@organizer_required
def tables(request: HttpRequest, event: Event) -> HttpResponse:
    """The event's tables, private rooms and virtual rooms; add several at once."""
    form = TablesForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            added = setup.add_tables(event=event, **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("%(count)d places were added.") % {"count": len(added)})
            return redirect("events:tables", slug=event.slug)
    context = {"event": event, "form": form, "tables": Table.objects.filter(event=event)}
    return render(request, "events/tables.html", context)


@require_POST
@organizer_required
def delete_table(request: HttpRequest, event: Event, table_id: int) -> HttpResponse:
    try:
        setup.delete_table(table=get_object_or_404(Table, pk=table_id, event=event))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The place was removed."))
    return redirect("events:tables", slug=event.slug)


@require_http_methods(["GET", "POST"])
@organizer_required
def organizers(request: HttpRequest, event: Event) -> HttpResponse:
    """The event's organizers; add one by user name or e-mail address."""
    form = OrganizerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            setup.add_organizer_by_login(event=event, identifier=form.cleaned_data["identifier"])
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("The organizer was added."))
            return redirect("events:organizers", slug=event.slug)
    team = Organizer.objects.filter(event=event).select_related("user").order_by("user__username")
    return render(request, "events/organizers.html", {"event": event, "form": form, "team": team})


@require_POST
@organizer_required
def remove_organizer(request: HttpRequest, event: Event, organizer_id: int) -> HttpResponse:
    organizer = get_object_or_404(Organizer, pk=organizer_id, event=event)
    try:
        setup.remove_organizer(organizer=organizer)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The organizer was removed."))
    return redirect("events:organizers", slug=event.slug)
