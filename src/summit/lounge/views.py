"""Lounge pages: the organizers' live grid (with its polled fragment), a meeting's page,
check-in (the QR code of the PDF agenda points here), no-show reports, video links, moving a
meeting (drag and drop or a form), and a participant's meetings of the day.

Views parse input, check who is asking and call `summit.lounge.domain` (and, for moves,
`summit.scheduling.domain.changes.move_meeting`).
"""

from __future__ import annotations

import hashlib
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseNotModified,
    JsonResponse,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import Truncator
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from summit.core.pwa import keep_offline
from summit.core.templatetags.summit import local_name
from summit.events.access import event_member_required, organizer_required
from summit.events.models import Event, Slot
from summit.lounge.domain import attendance as domain
from summit.lounge.domain import rematch
from summit.lounge.domain.draft import day_change_counts, draft_grid
from summit.lounge.domain.errors import LoungeError
from summit.lounge.domain.grid import GridFilter, event_days, grid_version, lounge_grid, pick_day
from summit.lounge.domain.video import set_video_link
from summit.lounge.interfaces.forms import (
    DraftFilterForm,
    GridFilterForm,
    MoveForm,
    NoShowForm,
    ProposeForm,
    VideoLinkForm,
)
from summit.lounge.models import MeetingProposal
from summit.lounge.templatetags.lounge import viewer_of
from summit.meetings.domain.parties import parties_of, party_paths
from summit.scheduling.domain.changes import move_meeting
from summit.scheduling.domain.errors import ScheduleConflict
from summit.scheduling.domain.preview import draft_changes
from summit.scheduling.domain.verdict import describe_run
from summit.scheduling.models import ScheduledMeeting, ScheduleRun

#: Seconds between two polls of the grid (the fragment answers 204 while nothing changed).
POLL_SECONDS = 5


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _meeting(event: Event, meeting_uid: UUID) -> ScheduledMeeting:
    return get_object_or_404(
        ScheduledMeeting.objects.select_related(
            "event",
            "slot",
            "table",
            *party_paths(via="meeting_request"),
            "absent_organization",
            "attendance_recorded_by",
        ),
        event=event,
        uid=meeting_uid,
    )


def _viewer(request: HttpRequest, event: Event, meeting: ScheduledMeeting) -> tuple[str, Any]:
    organizer, membership = viewer_of(request, event)
    role = domain.meeting_role(
        meeting=meeting, user=request.user, membership=membership, organizer=organizer
    )
    if role is None:
        raise PermissionDenied
    return role, membership


def _next_or(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


#: Stands for a meeting's uid in URLs reversed once per page (a grid page has 900 cells).
_SENTINEL = UUID(int=0)


def _cell_labels() -> dict[str, str]:
    return {
        "check_in": _("Check in"),
        "anyway": _("Check in anyway"),
        "video": _("video"),
        "rematch": _("Re-match"),
    }


def _decorate_cells(meetings: list[ScheduledMeeting], event: Event) -> None:
    """Attach what a grid cell prints (``meeting.cell``): names in the page's language, short
    names, state, URLs — computed in Python once, which keeps a 50 × 18 grid page fast."""
    parts = {
        name: reverse(
            f"lounge:{name}", kwargs={"slug": event.slug, "meeting_uid": _SENTINEL}
        ).split(str(_SENTINEL))
        for name in ("meeting", "check_in", "move", "rematch_meeting")
    }
    states = {value: str(label) for value, label in ScheduledMeeting.Attendance.choices}
    both_absent = _("no-show")
    for meeting in meetings:
        first, second = (local_name(org) for org in parties_of(meeting))
        absent = domain.absent_side(meeting=meeting)
        if absent is not None:
            state = _("no-show: %(name)s") % {"name": Truncator(local_name(absent)).chars(16)}
        elif meeting.attendance == ScheduledMeeting.Attendance.NO_SHOW:
            state = both_absent
        else:
            state = states.get(meeting.attendance, meeting.attendance)
        uid = str(meeting.uid)
        meeting.cell = {  # type: ignore[attr-defined]
            "first": Truncator(first).chars(22),
            "second": Truncator(second).chars(22),
            "title": f"{first} × {second}",
            "state": state,
            **{name: f"{prefix}{uid}{suffix}" for name, (prefix, suffix) in parts.items()},
        }


def _meeting_url(event: Event, meeting: ScheduledMeeting) -> str:
    return reverse("lounge:meeting", kwargs={"slug": event.slug, "meeting_uid": meeting.uid})


# --- the organizers' grid ------------------------------------------------------------------


def _grid_request(
    request: HttpRequest, event: Event, days: list[Any] | None = None
) -> dict[str, Any]:
    days = event_days(event=event) if days is None else days
    day = pick_day(days=days, event=event, day_id=request.GET.get("day"))
    data = request.GET.copy()
    if day is not None:
        data["day"] = str(day.pk)
    form = GridFilterForm(data, days=days)
    grid_filter = form.grid_filter() if form.is_valid() else GridFilter()
    query = data.copy()
    for key in ("page", "v"):
        query.pop(key, None)
    return {"days": days, "day": day, "form": form, "filter": grid_filter, "query": query}


def _grid_context(
    request: HttpRequest,
    event: Event,
    parsed: dict[str, Any],
    versioned: tuple[str, dict[str, int]] | None = None,
) -> dict[str, Any]:
    data = lounge_grid(
        event=event,
        day=parsed["day"],
        grid_filter=parsed["filter"],
        page_number=request.GET.get("page"),
        version_extra=get_language() or "",
        versioned=versioned,
    )
    page_query = parsed["query"].copy()
    if data.page is not None and data.page.number > 1:
        page_query["page"] = str(data.page.number)
    _decorate_cells(
        [meeting for row in data.rows for _slot, meeting in row.cells if meeting is not None],
        event,
    )
    for slot in data.slots:
        slot.label = timezone.localtime(slot.start).strftime("%H:%M")  # type: ignore[attr-defined]
    return {
        "event": event,
        "grid": data,
        "form": parsed["form"],
        "search": parsed["filter"].search,
        "query": parsed["query"].urlencode(),
        "page_query": page_query.urlencode(),
        "poll_seconds": POLL_SECONDS,
        "labels": _cell_labels(),
        "grid_url": reverse("lounge:grid", kwargs={"slug": event.slug}),
    }


@organizer_required
@require_GET
def grid(request: HttpRequest, event: Event) -> HttpResponse:
    """The organizers' live grid: one day's tables × slots, 50 tables a page."""
    parsed = _grid_request(request, event)
    return render(request, "lounge/grid.html", _grid_context(request, event, parsed))


@organizer_required
@require_GET
def grid_fragment(request: HttpRequest, event: Event) -> HttpResponse:
    """The grid alone, polled by the page: 204 while the version it shows (``v``) is still
    current, 304 for a matching ``If-None-Match``, else the fresh grid."""
    days = event_days(event=event)
    day = pick_day(days=days, event=event, day_id=request.GET.get("day"))
    versioned = grid_version(event=event, day=day, extra=get_language() or "")
    version = versioned[0]
    if request.GET.get("v") == version:
        return HttpResponse(status=204)
    parsed = _grid_request(request, event, days=days)
    page = request.GET.get("page", "")
    tag = hashlib.sha1(f"{version}|{parsed['query'].urlencode()}|{page}".encode()).hexdigest()
    etag = f'"{tag[:20]}"'
    if etag in request.headers.get("If-None-Match", ""):
        response: HttpResponse = HttpResponseNotModified()
    else:
        context = _grid_context(request, event, parsed, versioned)
        response = render(request, "lounge/_grid.html", context)
    response["ETag"] = etag
    response["Cache-Control"] = "private, no-cache"
    return response


# --- a draft's preview --------------------------------------------------------------------


def _draft_day(days: list[Any], changes: Any, slots: list[Any], day_id: Any) -> Any:
    """The asked-for day, else the first day with a change, else the first day."""
    counts = day_change_counts(changes=changes, slots=slots)
    for day in days:
        if str(day.pk) == str(day_id or ""):
            return day, counts
    changed = [day for day in days if counts[day.pk]]
    return (changed or days or [None])[0], counts


def _name_draft_cells(cells: list[Any]) -> None:
    """Attach the names a preview cell prints (in the page's language, short and whole):
    computed once in Python, as `_decorate_cells` does for the live grid."""
    for cell in cells:
        names = [local_name(organization) for organization in cell.parties]
        cell.short_names = [Truncator(name).chars(22) for name in names] or ["?"]
        cell.names = " – ".join(names) or "?"
        cell.removed_names = " – ".join(local_name(org) for org in cell.removed)


@organizer_required
@require_GET
def draft(request: HttpRequest, event: Event, run_id: int) -> HttpResponse:
    """A finished draft in the grid's look before it is published (read only): the figures
    in words, what changes since the published schedule, one day's tables × slots a page."""
    run = get_object_or_404(
        ScheduleRun.objects.exclude(purpose=ScheduleRun.Purpose.WHAT_IF),
        event=event,
        pk=run_id,
        status=ScheduleRun.Status.DONE,
    )
    changes = draft_changes(run=run)
    days = event_days(event=event)
    slots = list(Slot.objects.filter(event=event).select_related("session").order_by("start"))
    day, counts = _draft_day(days, changes, slots, request.GET.get("day"))
    data = request.GET.copy()
    if day is not None:
        data["day"] = str(day.pk)
    form = DraftFilterForm(data, days=days)
    grid_filter = form.grid_filter() if form.is_valid() else GridFilter()
    grid_data = draft_grid(
        event=event,
        changes=changes,
        day=day,
        event_slots=slots,
        grid_filter=grid_filter,
        only_changes=form.only_changes(),
        page_number=request.GET.get("page"),
    )
    for slot in grid_data.slots:
        slot.label = timezone.localtime(slot.start).strftime("%H:%M")  # type: ignore[attr-defined]
    _name_draft_cells(
        [cell for row in grid_data.rows for _slot, cell in row.cells if cell is not None]
    )
    query = data.copy()
    query.pop("page", None)
    day_query = query.copy()
    day_query.pop("day", None)
    toggled = query.copy()
    if form.only_changes():
        toggled.pop("changes", None)
    else:
        toggled["changes"] = "on"
    context = {
        "event": event,
        "run": run,
        "words": describe_run(summary=run.summary or {}, unscheduled=run.unscheduled or []),
        "changes": changes,
        "grid": grid_data,
        "form": form,
        "query": query.urlencode(),
        "day_query": day_query.urlencode(),
        "days": [(day_, counts[day_.pk]) for day_ in days],
        "only_changes": form.only_changes(),
        "toggle_query": toggled.urlencode(),
        "filtered": grid_filter != GridFilter(),
    }
    return render(request, "lounge/draft.html", context)


# --- one meeting ---------------------------------------------------------------------------


def _meeting_context(
    request: HttpRequest, event: Event, meeting: ScheduledMeeting, role: str
) -> dict[str, Any]:
    seats = meeting.seats.select_related("membership__user", "membership__organization")
    context: dict[str, Any] = {
        "event": event,
        "is_organizer": role == domain.ORGANIZER,  # known; the context processor would ask
        "meeting": meeting,
        "role": role,
        "actions": domain.meeting_actions(meeting=meeting, role=role, user_id=request.user.pk),
        "seats": list(seats.order_by("membership__organization__name", "pk")),
        "absent": domain.absent_side(meeting=meeting),
        "organizations": parties_of(meeting),
    }
    if role == domain.ORGANIZER:
        context["history"] = domain.attendance_history(meeting=meeting)
        context["move_form"] = MoveForm(event=event, meeting=meeting)
    if context["actions"].can_edit_video:
        context["video_form"] = VideoLinkForm(initial={"link": meeting.video_link})
    return context


@event_member_required
@require_GET
def meeting_detail(request: HttpRequest, event: Event, meeting_uid: UUID) -> HttpResponse:
    """A meeting for its participants and the organizers: time, place, people, attendance."""
    meeting = _meeting(event, meeting_uid)
    role, membership = _viewer(request, event, meeting)
    context = _meeting_context(request, event, meeting, role)
    context["viewer_organization_id"] = membership.organization_id if membership else None
    return render(request, "lounge/meeting.html", context)


def _cell(
    request: HttpRequest, event: Event, meeting: ScheduledMeeting, error: LoungeError | None
) -> HttpResponse:
    """The grid cell of a meeting after a tap (the next poll refreshes the whole grid)."""
    meeting = _meeting(event, meeting.uid)
    meeting.matches = False  # type: ignore[attr-defined]
    _decorate_cells([meeting], event)
    context = {
        "event": event,
        "meeting": meeting,
        "labels": _cell_labels(),
        "grid_url": reverse("lounge:grid", kwargs={"slug": event.slug}),
        "error": " ".join(error.messages) if error is not None else "",
        "overridable": error is not None and error.code == "overridable",
    }
    return render(request, "lounge/_cell.html", context)


@event_member_required
@require_http_methods(["GET", "POST"])
def check_in(request: HttpRequest, event: Event, meeting_uid: UUID) -> HttpResponse:
    """Check in a meeting. The QR code of the PDF agenda opens this page (GET: a confirmation
    with the meeting and, when refused, why); the button POSTs."""
    meeting = _meeting(event, meeting_uid)
    role, membership = _viewer(request, event, meeting)
    if request.method == "GET":
        context = _meeting_context(request, event, meeting, role)
        return render(request, "lounge/check_in.html", context)
    error: LoungeError | None = None
    try:
        domain.check_in_meeting(
            meeting=meeting,
            user=request.user,
            override=request.POST.get("override") == "1",
            membership=membership,
        )
    except LoungeError as refused:
        error = refused
    if _is_htmx(request) and request.POST.get("cell"):
        return _cell(request, event, meeting, error)
    if error is not None:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Checked in. Have a good meeting!"))
    return redirect(_next_or(request, _meeting_url(event, meeting)))


@event_member_required
@require_POST
def no_show(request: HttpRequest, event: Event, meeting_uid: UUID) -> HttpResponse:
    """Report that the other side did not come (participants) or mark a side or both as
    absent (organizers)."""
    meeting = _meeting(event, meeting_uid)
    role, membership = _viewer(request, event, meeting)
    form = NoShowForm(request.POST)
    try:
        domain.report_no_show(
            meeting=meeting,
            user=request.user,
            absent_organization_id=form.absent_organization_id()
            if role == domain.ORGANIZER
            else None,
            override=form.is_valid() and form.cleaned_data["override"],
            membership=membership,
        )
    except LoungeError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The no-show was recorded. The organizers can see it."))
    return redirect(_next_or(request, _meeting_url(event, meeting)))


@organizer_required
@require_POST
def reset(request: HttpRequest, event: Event, meeting_uid: UUID) -> HttpResponse:
    """Organizers: set a meeting back to "expected" (a mark made by mistake)."""
    meeting = _meeting(event, meeting_uid)
    domain.reset_attendance(meeting=meeting, user=request.user)
    messages.success(request, _("The meeting is expected again."))
    return redirect(_next_or(request, _meeting_url(event, meeting)))


@event_member_required
@require_http_methods(["GET", "POST"])
def video_link(request: HttpRequest, event: Event, meeting_uid: UUID) -> HttpResponse:
    """Set or change the video-call link of a meeting at a virtual table."""
    meeting = _meeting(event, meeting_uid)
    role, membership = _viewer(request, event, meeting)
    form = VideoLinkForm(request.POST or None, initial={"link": meeting.video_link})
    if request.method == "POST" and form.is_valid():
        try:
            set_video_link(
                meeting=meeting,
                user=request.user,
                link=form.cleaned_data["link"],
                membership=membership,
            )
        except LoungeError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("The video-call link was saved."))
            return redirect(_next_or(request, _meeting_url(event, meeting)))
    context = {
        "event": event,
        "is_organizer": role == domain.ORGANIZER,  # known; the context processor would ask
        "meeting": meeting,
        "form": form,
        "virtual": meeting.table.kind == meeting.table.Kind.VIRTUAL,
        "next": _next_or(request, ""),
        "organizations": parties_of(meeting),
    }
    return render(request, "lounge/video_link.html", context, status=200)


@organizer_required
@require_http_methods(["GET", "POST"])
def move(request: HttpRequest, event: Event, meeting_uid: UUID) -> HttpResponse:
    """Move a meeting to another slot and table (the grid's drag and drop posts here with
    ``Accept: application/json``; the form is the keyboard way). The scheduling domain checks
    the move with the engine's validator; refused moves list the conflicts."""
    meeting = _meeting(event, meeting_uid)
    form = MoveForm(request.POST or None, event=event, meeting=meeting)
    problems: list[str] = []
    status = 200
    if request.method == "POST":
        if form.is_valid():
            slot, table = form.cleaned_data["slot"], form.cleaned_data["table"]
            try:
                moved = move_meeting(
                    meeting=meeting,
                    slot=slot,
                    table=table,
                    user=request.user,
                    base_url=request.build_absolute_uri("/"),
                )
            except ScheduleConflict as conflict:
                problems = [str(problem) for problem in conflict.problems]
                status = 409
            else:
                message = _("Moved to %(table)s at %(time)s.") % {
                    "table": moved.table,
                    "time": _local_time(moved.slot.start),
                }
                if _wants_json(request):
                    return JsonResponse({"ok": True, "message": message})
                messages.success(request, message)
                return redirect(_next_or(request, _meeting_url(event, meeting)))
        else:
            problems = [str(error) for errors in form.errors.values() for error in errors]
            status = 400
        if _wants_json(request):
            return JsonResponse({"ok": False, "problems": problems}, status=status)
    context = {
        "event": event,
        "meeting": meeting,
        "form": form,
        "problems": problems,
        "next": _next_or(request, ""),
        "organizations": parties_of(meeting),
    }
    return render(request, "lounge/move.html", context, status=status)


def _local_time(value: Any) -> str:
    return date_format(timezone.localtime(value), "DATETIME_FORMAT")


# --- a participant's day -------------------------------------------------------------------


@keep_offline
@event_member_required
@require_GET
def my_day(request: HttpRequest, event: Event) -> HttpResponse:
    """A participant's meetings of one day (today by default) with check-in and no-show
    buttons. Organizers go to the grid."""
    organizer, membership = viewer_of(request, event)
    if membership is None:
        return redirect("lounge:grid", slug=event.slug)
    days = event_days(event=event)
    day = pick_day(days=days, event=event, day_id=request.GET.get("day"))
    meetings = domain.meetings_of_day(organization_id=membership.organization_id, day=day)
    incoming, _outgoing = rematch.proposals_of(membership=membership)
    context = {
        "event": event,
        "incoming": incoming,
        "today": timezone.localtime(timezone.now(), ZoneInfo(event.time_zone)).date(),
        "day": day,
        "days": days,
        "meetings": meetings,
        "membership": membership,
        "is_organizer": organizer,  # known; the context processor would ask again
    }
    return render(request, "lounge/my_day.html", context)


# --- same-day re-matching ------------------------------------------------------------------


def _proposal(event: Event, uid: UUID) -> MeetingProposal:
    return get_object_or_404(
        MeetingProposal.objects.select_related(
            "event",
            "slot",
            "table",
            "sender__user",
            "from_organization",
            "to_organization",
            "to_person__user",
            "scheduled_meeting__table",
        ),
        event=event,
        uid=uid,
    )


def _propose(
    request: HttpRequest, event: Event, sender: Any, freed: ScheduledMeeting | None = None
) -> None:
    """Send the proposal the form describes and say how it went (messages)."""
    form = ProposeForm(request.POST, event=event)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return
    try:
        proposal = rematch.propose_meeting(
            sender=sender,
            partner=form.cleaned_data["partner"],
            slot=form.cleaned_data["slot"],
            user=request.user,
            freed_meeting=freed,
            base_url=request.build_absolute_uri("/"),
        )
    except LoungeError as error:
        messages.error(request, " ".join(error.messages))
        return
    messages.success(
        request,
        _(
            "Proposal sent to %(name)s for %(time)s at %(table)s. The answer shows here and "
            "comes by e-mail."
        )
        % {
            "name": local_name(proposal.to_organization),
            "time": _local_clock(proposal.slot.start),
            "table": proposal.table,
        },
    )


def _local_clock(value: Any) -> str:
    return timezone.localtime(value).strftime("%H:%M")


@event_member_required
@require_http_methods(["GET", "POST"])
def rematch_mine(request: HttpRequest, event: Event) -> HttpResponse:
    """A participant who is free today (a no-show, a cancellation, a gap): who else is free
    now and in the next slots, ranked by the recommender, with one button to propose."""
    _organizer, membership = viewer_of(request, event)
    if membership is None:
        return redirect("lounge:grid", slug=event.slug)
    if request.method == "POST":
        _propose(request, event, membership)
        return redirect("lounge:rematch", slug=event.slug)
    incoming, outgoing = rematch.proposals_of(membership=membership)
    context = {
        "event": event,
        "people": [(membership, rematch.slot_options(membership=membership, language=_lang()))],
        "meeting": None,
        "incoming": incoming,
        "sent": outgoing,
    }
    return render(request, "lounge/rematch.html", context)


def _lang() -> str:
    return get_language() or "en"


@organizer_required
@require_http_methods(["GET", "POST"])
def rematch_meeting(request: HttpRequest, event: Event, meeting_uid: UUID) -> HttpResponse:
    """Organizers at the lounge: re-match the people a no-show or cancelled meeting freed."""
    meeting = _meeting(event, meeting_uid)
    freed = rematch.freed_people(meeting=meeting)
    if request.method == "POST":
        sender = next((p for p in freed if str(p.pk) == request.POST.get("sender")), None)
        if sender is None:
            messages.error(request, _("Choose one of the people this meeting left free."))
        else:
            _propose(request, event, sender, meeting)
        return redirect("lounge:rematch_meeting", slug=event.slug, meeting_uid=meeting.uid)
    context = {
        "event": event,
        "meeting": meeting,
        "organizations": parties_of(meeting),
        "people": [
            (person, rematch.slot_options(membership=person, language=_lang())) for person in freed
        ],
        "incoming": [],
        "sent": rematch.proposals_for_meeting(meeting=meeting),
        "is_organizer": True,  # known; the context processor would ask again
    }
    return render(request, "lounge/rematch.html", context)


@event_member_required
@require_http_methods(["GET", "POST"])
def proposal(request: HttpRequest, event: Event, uid: UUID) -> HttpResponse:
    """A same-day proposal: the partner accepts or declines it, the sender may withdraw it."""
    found = _proposal(event, uid)
    role = rematch.proposal_role(proposal=found, user=request.user)
    if role is None:
        raise PermissionDenied
    if request.method == "GET":
        context = {
            "event": event,
            "proposal": found,
            "role": role,
            "expired_reason": rematch.expiry_reason(proposal=found),
        }
        return render(request, "lounge/proposal.html", context)
    action = request.POST.get("action")
    _organizer, membership = viewer_of(request, event)
    try:
        if action == "accept" and role == "receiver":
            meeting = rematch.accept_proposal(
                proposal=found, membership=membership, base_url=request.build_absolute_uri("/")
            )
            messages.success(
                request,
                _("Accepted: %(table)s at %(time)s. The meeting is in your agenda.")
                % {"table": meeting.table, "time": _local_clock(meeting.slot.start)},
            )
            return redirect(_meeting_url(event, meeting))
        if action == "decline" and role == "receiver":
            rematch.decline_proposal(
                proposal=found, membership=membership, base_url=request.build_absolute_uri("/")
            )
            messages.success(request, _("Declined; they will be told."))
        elif action == "withdraw" and role in ("sender", "organizer"):
            rematch.withdraw_proposal(proposal=found, user=request.user)
            messages.success(request, _("The proposal was withdrawn."))
        else:
            messages.error(request, _("This action is not available to you."))
    except LoungeError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(_next_or(request, reverse("lounge:proposal", args=[event.slug, found.uid])))
