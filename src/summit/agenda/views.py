"""Agenda pages: a person's agenda (web, iCalendar file and feed, PDF), an organization's
agenda, and the organizers' table plan (print view and PDF).

Views parse input, check who is asking and call `summit.agenda.domain` and the exporters of
`summit.agenda.interfaces`.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import BadRequest, PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST, require_safe

from summit.accounts.models import Profile
from summit.agenda.domain import agenda as domain
from summit.agenda.domain import table_plan as plan_domain
from summit.agenda.domain.access import agenda_person, can_view_organization_agenda
from summit.agenda.domain.tokens import (
    calendar_token_for,
    membership_for_calendar_token,
    regenerate_calendar_token,
)
from summit.agenda.domain.zones import choose_viewer_time_zone, time_zone_choices
from summit.agenda.interfaces.ical import agenda_calendar
from summit.agenda.interfaces.pdf import agenda_pdf as render_agenda_pdf
from summit.agenda.interfaces.pdf import table_plan_pdf as render_table_plan_pdf
from summit.core.names import person_name
from summit.core.pwa import keep_offline
from summit.core.templatetags.summit import local_name
from summit.core.widgets import SearchSelect
from summit.events.access import event_member_required, organizer_required
from summit.events.domain.permissions import is_organizer, membership_for
from summit.events.models import Event, EventDay, Slot
from summit.organizations.models import Membership, Organization
from summit.scheduling.models import ScheduledMeeting

#: Session key of the viewer's chosen time zone ("" = the event's own).
ZONE_SESSION_KEY = "agenda_time_zone"


def _person_name(membership: Membership) -> str:
    return person_name(membership.user)


def _int_parameter(request: HttpRequest, name: str) -> int | None:
    raw = request.GET.get(name)
    if raw in (None, ""):
        return None
    try:
        return int(raw)
    except ValueError:
        raise BadRequest(f"{name} must be a number, not {raw!r}") from None


def _target_person(request: HttpRequest, event: Event) -> tuple[Membership | None, bool]:
    """Whose agenda is asked for: ``?person=<membership id>`` (organizers, or oneself), else
    the viewer's own; and whether the viewer organizes the event."""
    try:
        return agenda_person(
            event=event, user=request.user, person_id=_int_parameter(request, "person")
        )
    except Membership.DoesNotExist:
        raise Http404("not a person of this event") from None


def _agenda_url(request: HttpRequest, event: Event) -> str:
    return request.build_absolute_uri(reverse("agenda:mine", kwargs={"slug": event.slug}))


def check_in_url(request: HttpRequest, event: Event, meeting: ScheduledMeeting) -> str:
    """The absolute URL of the lounge's check-in of `meeting` (encoded in the PDF's QR codes).

    Uses the lounge app's ``lounge:check_in`` when it is installed; the same path otherwise,
    so agendas printed before the lounge is deployed still work."""
    try:
        path = reverse("lounge:check_in", kwargs={"slug": event.slug, "meeting_uid": meeting.uid})
    except NoReverseMatch:
        path = f"/e/{event.slug}/lounge/check-in/{meeting.uid}/"
    return request.build_absolute_uri(path)


def _viewer_zone(request: HttpRequest, event: Event) -> tuple[str | None, list[str]]:
    requested = request.GET.get("tz")
    try:
        # Loaded already by the language middleware (cached on the user): no query.
        profile_zone = request.user.profile.time_zone  # type: ignore[union-attr]
    except Profile.DoesNotExist:
        profile_zone = ""
    zone = choose_viewer_time_zone(
        requested=requested,
        remembered=request.session.get(ZONE_SESSION_KEY),
        profile_zone=profile_zone,
        event_zone=event.time_zone,
    )
    if requested is not None:
        request.session[ZONE_SESSION_KEY] = zone or ""
    return zone, time_zone_choices(profile_zone=profile_zone, event_zone=event.time_zone)


@keep_offline
@event_member_required
@require_GET
def mine(request: HttpRequest, event: Event) -> HttpResponse:
    """A person's meetings by day; organizers choose a person or an organization."""
    organization_id = _int_parameter(request, "organization")
    if organization_id is not None:
        return redirect("agenda:organization", slug=event.slug, organization_id=organization_id)
    person, organizer = _target_person(request, event)
    viewer_zone, zones = _viewer_zone(request, event)
    context: dict[str, object] = {
        "event": event,
        "person": person,
        "organizer": organizer,
        "is_organizer": organizer,  # known already; the context processor would ask again
        "viewer_zone": viewer_zone,
        "zones": zones,
        # Asked only when there is nothing to show (templates call callables when used).
        "published": lambda: domain.schedule_published(event=event),
    }
    if person is None:
        # An organizer who is no participant: choose whose agenda to open.
        organizations = (
            Organization.objects.filter(event=event).only("name", "name_local").order_by("name")
        )
        context["organization_picker"] = SearchSelect(
            search_url=reverse("organizations:pick", kwargs={"slug": event.slug}),
            placeholder=_("Type an organization's name"),
            choices=[("", "—"), *((org.pk, local_name(org)) for org in organizations)],
        ).render("organization", None, attrs={"id": "agenda-organization", "required": True})
        return render(request, "agenda/choose.html", context)
    items = domain.agenda_of_person(membership=person)
    own = person.user_id == request.user.pk
    context.update(
        {
            "days": domain.group_by_day(items=items, time_zone=event.time_zone),
            "own": own,
            "person_name": _person_name(person),
            "query": f"?person={person.pk}" if not own else "",
        }
    )
    if own:
        token = calendar_token_for(membership=person).token
        feed_url = request.build_absolute_uri(
            reverse("agenda:feed", kwargs={"slug": event.slug, "token": token})
        )
        # webcal:// opens the device's calendar application with a subscription dialog.
        context["feed_url"] = feed_url
        context["webcal_url"] = "webcal://" + feed_url.split("://", 1)[1]
    return render(request, "agenda/mine.html", context)


@event_member_required
@require_GET
def organization(request: HttpRequest, event: Event, organization_id: int) -> HttpResponse:
    """All meetings of an organization's persons (organizers and the organization's members)."""
    organization = get_object_or_404(Organization, pk=organization_id, event=event)
    organizer = is_organizer(user=request.user, event=event)
    if not can_view_organization_agenda(
        user=request.user, organization=organization, organizer=organizer
    ):
        raise PermissionDenied
    viewer_zone, zones = _viewer_zone(request, event)
    items = domain.agenda_of_organization(organization=organization)
    people = list(
        Membership.objects.filter(organization=organization)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "pk")
    )
    context = {
        "event": event,
        "subject": organization,
        "organizer": organizer,
        "is_organizer": organizer,
        "people": people,
        "days": domain.group_by_day(items=items, time_zone=event.time_zone),
        "viewer_zone": viewer_zone,
        "zones": zones,
        # Asked only when there is nothing to show (templates call callables when used).
        "published": lambda: domain.schedule_published(event=event),
    }
    return render(request, "agenda/organization.html", context)


@event_member_required
@require_GET
def calendar_file(request: HttpRequest, event: Event) -> HttpResponse:
    """The agenda as an .ics file to import once."""
    person, _organizer = _target_person(request, event)
    if person is None:
        return redirect("agenda:mine", slug=event.slug)
    items = domain.agenda_of_person(membership=person)
    body = agenda_calendar(
        event=event,
        title=f"{event.name} — {_person_name(person)}",
        items=items,
        agenda_url=_agenda_url(request, event),
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{event.slug}-agenda.ics"'
    return response


@require_safe  # calendar applications may ask with HEAD first
def calendar_feed(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    """The subscribed calendar: the token in the URL is the credential (no log-in), and the
    texts are in the person's own language."""
    event = get_object_or_404(Event, slug=slug)
    person = membership_for_calendar_token(event=event, token=token)
    if person is None:
        raise Http404("unknown calendar link")
    language = (
        Profile.objects.filter(user_id=person.user_id).values_list("language", flat=True).first()
        or translation.get_language()
    )
    with translation.override(language), timezone.override(event.time_zone):
        body = agenda_calendar(
            event=event,
            title=f"{event.name} — {_person_name(person)}",
            items=domain.agenda_of_person(membership=person),
            agenda_url=_agenda_url(request, event),
        )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=300"
    return response


@event_member_required
@require_POST
def regenerate_token(request: HttpRequest, event: Event) -> HttpResponse:
    """Replace the viewer's calendar link (the old one stops working)."""
    viewer = membership_for(user=request.user, event=event)
    if viewer is None:
        raise PermissionDenied
    regenerate_calendar_token(membership=viewer)
    messages.success(
        request,
        _(
            "Your calendar link was replaced. Subscribe again with the new link; the old one no "
            "longer works."
        ),
    )
    return redirect("agenda:mine", slug=event.slug)


@event_member_required
@require_GET
def agenda_pdf(request: HttpRequest, event: Event) -> HttpResponse:
    """The printable agenda with a check-in QR code per meeting."""
    person, _organizer = _target_person(request, event)
    if person is None:
        return redirect("agenda:mine", slug=event.slug)
    items = domain.agenda_of_person(membership=person)
    body = render_agenda_pdf(
        event=event,
        person=_person_name(person),
        organization=person.organization,
        days=domain.group_by_day(items=items, time_zone=event.time_zone),
        check_in_url=lambda meeting: check_in_url(request, event, meeting),
    )
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{event.slug}-agenda.pdf"'
    return response


@organizer_required
@require_GET
def table_plan(request: HttpRequest, event: Event) -> HttpResponse:
    """Print view: which meeting is at which table in the chosen slot."""
    slots = plan_domain.slots_of_event(event=event)
    slot_id = _int_parameter(request, "slot")
    chosen = next((slot for slot in slots if slot.pk == slot_id), None)
    if slot_id is not None and chosen is None:
        raise Http404("not a slot of this event")
    if chosen is None and slots:
        chosen = slots[0]
    plan = plan_domain.plans_for_slots(event=event, slots=[chosen])[0] if chosen else None
    days = list(EventDay.objects.filter(event=event).order_by("date"))
    context = {"event": event, "slots": slots, "chosen": chosen, "plan": plan, "days": days}
    return render(request, "agenda/table_plan.html", context)


@organizer_required
@require_GET
def table_plan_pdf(request: HttpRequest, event: Event) -> HttpResponse:
    """The table plan of every slot of one day (``?day=<id>``, default the first), a page
    each; or of one slot (``?slot=<id>``)."""
    slot_id = _int_parameter(request, "slot")
    if slot_id is not None:
        slot = get_object_or_404(
            Slot.objects.select_related("session__day"), pk=slot_id, event=event
        )
        plans = plan_domain.plans_for_slots(event=event, slots=[slot])
        name = timezone.localtime(slot.start).strftime("%Y-%m-%d-%H%M")
    else:
        day_id = _int_parameter(request, "day")
        days = EventDay.objects.filter(event=event).order_by("date")
        day = get_object_or_404(days, pk=day_id) if day_id is not None else days.first()
        if day is None:
            raise Http404("the event has no days")
        plans = plan_domain.plans_for_day(event=event, day=day)
        name = day.date.isoformat()
    body = render_table_plan_pdf(event=event, plans=plans)
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{event.slug}-table-plan-{name}.pdf"'
    return response
