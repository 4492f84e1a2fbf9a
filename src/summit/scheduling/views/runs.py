"""Organizer pages to build the schedule: start draft runs, watch their progress, review,
compare two drafts, and plan capacity ("what if").

Views parse input and call `summit.scheduling.domain.runs`, `.review` and `.capacity`.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from summit.events.access import organizer_required
from summit.events.models import Event, Table
from summit.scheduling.domain import capacity, review, runs, verdict
from summit.scheduling.interfaces.capacity_chart import capacity_chart
from summit.scheduling.interfaces.run_forms import CapacityForm, CompareForm, RenameForm, RunForm
from summit.scheduling.models import ScheduleRun

PEOPLE_PER_PAGE = 50
UNSCHEDULED_PER_PAGE = 50
#: A run still queued after this many seconds gets a hint that no worker may be running.
WAITING_HINT_S = 30


def _context(event: Event, **extra: Any) -> dict[str, Any]:
    return {"event": event, "membership": None, **extra}


def _get_run(event: Event, run_id: int, *, unscheduled: bool = False) -> ScheduleRun:
    """The event's run; the large result lists are left in the database (the review reads
    only the meetings left out)."""
    deferred = ["assignments"] if unscheduled else ["assignments", "unscheduled"]
    return get_object_or_404(ScheduleRun.objects.filter(event=event).defer(*deferred), pk=run_id)


def _progress_context(run: ScheduleRun) -> dict[str, Any]:
    progress = dict.fromkeys(("elapsed_s", "phase", "scheduled", "weight", "bound", "gap"))
    progress.update(run.progress or {})
    progress["phase_label"] = runs.phase_label(progress["phase"])
    active = run.status in (ScheduleRun.Status.QUEUED, ScheduleRun.Status.RUNNING)
    elapsed = progress.get("elapsed_s")
    if run.status == ScheduleRun.Status.RUNNING and run.started_at is not None:
        elapsed = round((timezone.now() - run.started_at).total_seconds(), 1)
    limit = (run.options or {}).get("time_limit_s") or 0
    steps = progress.get("steps") or 0
    if run.purpose == ScheduleRun.Purpose.WHAT_IF and steps:
        percent = round(100 * max(0, (progress.get("step") or 1) - 1) / steps)
    else:
        percent = min(100, round(100 * (elapsed or 0) / limit)) if limit else 0
    if run.status == ScheduleRun.Status.DONE:
        percent = 100
    waiting_long = (
        run.status == ScheduleRun.Status.QUEUED
        and (timezone.now() - run.created).total_seconds() > WAITING_HINT_S
    )
    return {
        "waiting_long": waiting_long,
        "run": run,
        "progress": progress,
        "active": active,
        "elapsed": elapsed or 0,
        "percent": percent,
    }


@organizer_required
@require_GET
def home(request: HttpRequest, event: Event) -> HttpResponse:
    """ "Schedule": the drafts of the event and the form to start a new run."""
    return _home(request, event, RunForm())


def _home(request: HttpRequest, event: Event, form: RunForm, status: int = 200) -> HttpResponse:
    drafts = runs.draft_runs(event=event)
    finished = [run for run in drafts if run.status == ScheduleRun.Status.DONE]
    context = _context(
        event,
        form=form,
        drafts=drafts,
        finished=finished,
        tables=Table.objects.filter(event=event).count(),
        slots=event.slots.count(),
    )
    return render(request, "scheduling/runs.html", context, status=status)


@organizer_required
@require_POST
def run_start(request: HttpRequest, event: Event) -> HttpResponse:
    """Start a draft run in the background and go to its progress page."""
    form = RunForm(request.POST)
    if not form.is_valid():
        return _home(request, event, form, status=400)
    run = runs.start_run(
        event=event, user=request.user, options=form.options(), name=form.cleaned_data["name"]
    )
    messages.success(request, _("The run has started; this page follows its progress."))
    return redirect("scheduling:run", slug=event.slug, run_id=run.pk)


@organizer_required
@require_GET
def run_detail(request: HttpRequest, event: Event, run_id: int) -> HttpResponse:
    """Progress while the run works; afterwards its review (or the what-if chart)."""
    run = _get_run(event, run_id, unscheduled=True)
    context = _context(
        event, **_progress_context(run), rename_form=RenameForm(initial={"name": run.name})
    )
    if run.purpose == ScheduleRun.Purpose.WHAT_IF:
        context["chart"] = capacity_chart(summary=run.summary or {})
        context["current_tables"] = Table.objects.filter(event=event).count()
        return render(request, "scheduling/capacity_run.html", context)
    if run.status == ScheduleRun.Status.DONE:
        context.update(_review_context(request, event, run))
    return render(request, "scheduling/run_detail.html", context)


def _review_context(request: HttpRequest, event: Event, run: ScheduleRun) -> dict[str, Any]:
    sort = request.GET.get("sort", "share")
    if sort not in review.PARTICIPANT_SORTS:
        sort = "share"
    search = request.GET.get("q", "")[:100]
    only_without = request.GET.get("nothing") == "1"
    people = review.participant_rows(run=run, sort=sort, search=search, only_without=only_without)
    people_page = Paginator(people, PEOPLE_PER_PAGE).get_page(request.GET.get("page"))
    reason = request.GET.get("reason", "")
    unscheduled = sorted(
        (row for row in run.unscheduled if not reason or row["reason"] == reason),
        key=lambda row: (row["reason"], row.get("request") or 0),
    )
    unscheduled_page = Paginator(unscheduled, UNSCHEDULED_PER_PAGE).get_page(request.GET.get("u"))
    filters = {
        "q": search,
        **({"nothing": "1"} if only_without else {}),
        **({"reason": reason} if reason else {}),
    }
    people_filters = {"sort": sort, "q": search, **({"nothing": "1"} if only_without else {})}
    reasons = [
        {
            "code": code,
            "label": label,
            "count": count,
            "query": urlencode({**people_filters, "reason": code}),
            "active": code == reason,
        }
        for code, label, count in review.reason_counts(run=run)
    ]
    return {
        "summary": run.summary,
        "words": verdict.describe_run(summary=run.summary or {}, unscheduled=run.unscheduled),
        "filter_query": urlencode(filters),
        "people_query": urlencode({"sort": sort, **filters}),
        "all_reasons_query": urlencode(people_filters),
        "reason": reason,
        "reasons": reasons,
        "people_page": people_page,
        "people_count": len(people),
        "sort": sort,
        "search": search,
        "only_without": only_without,
        "sorts": list(review.PARTICIPANT_SORTS),
        "unscheduled_page": unscheduled_page,
        "unscheduled_rows": review.label_meetings(rows=list(unscheduled_page.object_list)),
        "publish_url": reverse("scheduling:publish", kwargs={"slug": event.slug, "run_id": run.pk}),
    }


@organizer_required
@require_GET
def run_progress(request: HttpRequest, event: Event, run_id: int) -> HttpResponse:
    """The progress panel, polled by HTMX while the run is queued or running; once the run
    has ended the page reloads to show the review."""
    run = _get_run(event, run_id)
    context = _context(event, **_progress_context(run))
    response = render(request, "scheduling/_run_progress.html", context)
    if not context["active"] and request.headers.get("HX-Request") == "true":
        response["HX-Refresh"] = "true"
    return response


@organizer_required
@require_POST
def run_rename(request: HttpRequest, event: Event, run_id: int) -> HttpResponse:
    run = _get_run(event, run_id)
    form = RenameForm(request.POST)
    if form.is_valid():
        runs.rename_run(run=run, name=form.cleaned_data["name"])
        messages.success(request, _("The run was renamed."))
    return redirect("scheduling:run", slug=event.slug, run_id=run.pk)


@organizer_required
@require_POST
def run_delete(request: HttpRequest, event: Event, run_id: int) -> HttpResponse:
    run = _get_run(event, run_id)
    purpose = run.purpose
    try:
        runs.delete_run(run=run)
    except runs.RunFailed as error:
        messages.error(request, str(error))
        return redirect("scheduling:run", slug=event.slug, run_id=run.pk)
    messages.success(request, _("The run was deleted."))
    if purpose == ScheduleRun.Purpose.WHAT_IF:
        return redirect("scheduling:capacity", slug=event.slug)
    return redirect("scheduling:home", slug=event.slug)


@organizer_required
@require_GET
def compare(request: HttpRequest, event: Event) -> HttpResponse:
    """Two finished drafts side by side."""
    form = CompareForm(request.GET or None)
    compared = None
    if form.is_valid():
        found = runs.runs_by_ids(
            event=event, ids=[form.cleaned_data["first"], form.cleaned_data["second"]]
        )
        first = found.get(form.cleaned_data["first"])
        second = found.get(form.cleaned_data["second"])
        if first is None or second is None:
            form.add_error(None, _("Choose two runs of this event."))
        elif first.status != ScheduleRun.Status.DONE or second.status != ScheduleRun.Status.DONE:
            form.add_error(None, _("Both runs must have finished."))
        else:
            compared = review.compare_runs(first=first, second=second)
    finished = [r for r in runs.draft_runs(event=event) if r.status == ScheduleRun.Status.DONE]
    context = _context(event, form=form, compared=compared, finished=finished)
    return render(request, "scheduling/run_compare.html", context)


@organizer_required
@require_GET
def capacity_home(request: HttpRequest, event: Event) -> HttpResponse:
    """ "What if": the form and the earlier capacity series."""
    return _capacity_home(request, event, CapacityForm())


def _capacity_home(
    request: HttpRequest, event: Event, form: CapacityForm, status: int = 200
) -> HttpResponse:
    current = Table.objects.filter(event=event).count()
    context = _context(
        event,
        form=form,
        what_ifs=runs.draft_runs(event=event, purpose=ScheduleRun.Purpose.WHAT_IF),
        current_tables=current,
        table_counts=capacity.table_counts(current) if current else [],
    )
    return render(request, "scheduling/capacity.html", context, status=status)


@organizer_required
@require_POST
def capacity_start(request: HttpRequest, event: Event) -> HttpResponse:
    form = CapacityForm(request.POST)
    if not form.is_valid():
        return _capacity_home(request, event, form, status=400)
    run = capacity.start_capacity_run(event=event, user=request.user, options=form.options())
    return redirect("scheduling:run", slug=event.slug, run_id=run.pk)


urlpatterns = [
    path("", home, name="home"),
    path("runs/start/", run_start, name="run_start"),
    path("runs/<int:run_id>/", run_detail, name="run"),
    path("runs/<int:run_id>/progress/", run_progress, name="run_progress"),
    path("runs/<int:run_id>/rename/", run_rename, name="run_rename"),
    path("runs/<int:run_id>/delete/", run_delete, name="run_delete"),
    path("compare/", compare, name="compare"),
    path("capacity/", capacity_home, name="capacity"),
    path("capacity/start/", capacity_start, name="capacity_start"),
]
