"""Organizer pages that change the published schedule: publish a run (confirmation with the
difference), place late meetings, cancel a published meeting.

Views parse input and call `summit.scheduling.domain.publish` and `.changes`.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from summit.events.access import organizer_required
from summit.events.models import Event
from summit.meetings.domain.parties import parties_of, party_paths
from summit.meetings.models import MeetingRequest
from summit.scheduling.domain import changes, publish
from summit.scheduling.domain.errors import ScheduleConflict
from summit.scheduling.interfaces.publish_forms import CancelMeetingForm
from summit.scheduling.models import ScheduledMeeting, ScheduleRun

#: Rows of each kind (new, moved, cancelled) listed on the confirmation page.
ROWS_SHOWN = 100


def _context(event: Event, **extra: Any) -> dict[str, Any]:
    return {"event": event, "membership": None, **extra}


def _base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/")


@organizer_required
@require_http_methods(["GET", "POST"])
def publish_view(request: HttpRequest, event: Event, run_id: int) -> HttpResponse:
    """Confirmation page: what publishing the run changes (new / moved / cancelled, people
    told); POST publishes it."""
    run = get_object_or_404(ScheduleRun.objects.select_related("event"), event=event, pk=run_id)
    problems: list[str] = []
    if request.method == "POST":
        try:
            result = publish.publish_run(run=run, user=request.user, base_url=_base_url(request))
        except ScheduleConflict as error:
            problems = error.problems
        else:
            messages.success(
                request,
                _(
                    "Published: %(created)d new, %(moved)d moved, %(cancelled)d cancelled "
                    "meetings; %(people)d people are being told by e-mail."
                )
                % {
                    "created": result.created,
                    "moved": result.moved,
                    "cancelled": result.cancelled,
                    "people": result.notified,
                },
            )
            return redirect("scheduling:publish", slug=event.slug, run_id=run.pk)
    if run.published_at is not None:
        # Published: the page says when and by whom; there is nothing left to compare.
        return render(
            request, "scheduling/publish.html", _context(event, run=run, problems=problems)
        )
    plan = publish.plan_publication(run=run)
    rows = publish.describe_plan(plan=plan, limit=ROWS_SHOWN)
    return render(
        request,
        "scheduling/publish.html",
        _context(
            event,
            run=run,
            plan=plan,
            rows=rows,
            problems=problems or plan.problems,
            people=len(plan.affected_people),
            unchanged=len(plan.unchanged) + len(plan.kept),
            rows_shown=ROWS_SHOWN,
        ),
    )


@organizer_required
@require_http_methods(["GET", "POST"])
def late(request: HttpRequest, event: Event) -> HttpResponse:
    """Late meetings: accepted requests without a published meeting; POST places them with
    the published schedule pinned and publishes the result."""
    result = None
    problems: list[str] = []
    if request.method == "POST":
        try:
            result = changes.place_late_meetings(
                event=event, user=request.user, base_url=_base_url(request)
            )
        except ScheduleConflict as error:
            problems = error.problems
    waiting = list(
        changes.late_requests(event=event)
        .select_related(*party_paths())
        .order_by("pk")[:ROWS_SHOWN]
    )
    unplaced = []
    if result is not None and result.unplaced:
        from summit.scheduling.domain.review import label_meetings

        unplaced = label_meetings(rows=result.unplaced)
    open_alternatives = ScheduleRun.objects.filter(
        event=event,
        purpose=ScheduleRun.Purpose.REPLAN,
        status=ScheduleRun.Status.DONE,
        published_at__isnull=True,
    ).defer("assignments", "unscheduled")[:10]
    return render(
        request,
        "scheduling/publish_late.html",
        _context(
            event,
            result=result,
            problems=problems,
            waiting=waiting,
            waiting_count=changes.late_requests(event=event).count(),
            unplaced=unplaced,
            alternatives=list(open_alternatives),
            published_count=ScheduledMeeting.objects.filter(
                event=event, status=ScheduledMeeting.Status.SCHEDULED
            ).count(),
        ),
    )


@organizer_required
@require_http_methods(["GET", "POST"])
def cancel_meeting(request: HttpRequest, event: Event, meeting_id: int) -> HttpResponse:
    """Cancel a published meeting (confirmation with a reason for the people told)."""
    meeting = get_object_or_404(
        ScheduledMeeting.objects.select_related(
            "slot",
            "table",
            *party_paths(via="meeting_request"),
        ),
        event=event,
        pk=meeting_id,
    )
    form = CancelMeetingForm(request.POST or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            changes.cancel_meeting(
                meeting=meeting,
                user=request.user,
                reason=form.cleaned_data["reason"],
                keep_request=form.cleaned_data["keep_request"],
                base_url=_base_url(request),
            )
        except ScheduleConflict as error:
            problems = error.problems
        else:
            messages.success(request, _("The meeting was cancelled and its people were told."))
            target = request.POST.get("next", "")
            if target and url_has_allowed_host_and_scheme(
                target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
            ):
                return redirect(target)
            return redirect("scheduling:late", slug=event.slug)
    request_ = meeting.meeting_request
    return render(
        request,
        "scheduling/publish_cancel.html",
        _context(
            event,
            meeting=meeting,
            form=form,
            problems=problems,
            label=publish.meeting_label(*(o.name for o in parties_of(meeting))),
            when=publish.slot_label(meeting.slot, event=event),
            table=meeting.table,
            next=request.GET.get("next", ""),
            accepted=request_.status == MeetingRequest.Status.ACCEPTED,
        ),
    )


urlpatterns = [
    path("runs/<int:run_id>/publish/", publish_view, name="publish"),
    path("late/", late, name="late"),
    path("meetings/<int:meeting_id>/cancel/", cancel_meeting, name="cancel_meeting"),
]
