"""Organisation pages: directory, detail, the survey form, survey import and export.

Views parse input, check permissions and call `summit.organizations.domain`.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from summit.events.access import event_member_required, organizer_required
from summit.events.domain.permissions import can_edit_organization, is_organizer, membership_for
from summit.events.models import Event
from summit.organizations.domain import directory, imports, uploads
from summit.organizations.domain.relations import partner_states
from summit.organizations.domain.survey import save_survey, survey_values_for
from summit.organizations.interfaces.exporters import CONTENT_TYPES, export_survey
from summit.organizations.interfaces.forms import (
    DirectoryFilterForm,
    SurveyForm,
    SurveyUploadForm,
)
from summit.organizations.models import Organization
from summit.organizations.tasks import preview_import

PAGE_SIZE = 25
_DIRECTORY_COLUMNS = (
    "pk",
    "event_id",
    "org_id",
    "name",
    "name_local",
    "org_type",
    "country",
    "therapeutic_areas",
    "modalities",
    "offers",
    "seeks",
    "survey_status",
)


def _session_key(event: Event) -> str:
    return f"survey-import-{event.pk}"


def base_context(request: HttpRequest, event: Event, **extra: Any) -> dict[str, Any]:
    """What every organization and matching page shows: the event and the viewer's role."""
    organizer = is_organizer(user=request.user, event=event)
    return {
        "event": event,
        "is_organizer": organizer,
        "membership": None if organizer else membership_for(user=request.user, event=event),
        **extra,
    }


@event_member_required
@require_GET
def directory_page(request: HttpRequest, event: Event) -> HttpResponse:
    """Searchable, filterable, paginated list of the event's organisations."""
    form = DirectoryFilterForm(request.GET or None)
    filters = form.filters() if request.GET else {}
    context = base_context(request, event, form=form)
    membership = context["membership"]
    wants_my_offers = bool(filters.pop("wants_my_offers", False))
    if wants_my_offers and membership is not None:
        filters["seeks_any"] = directory.seeks_answered_by(organization=membership.organization)
    found = directory.search_organizations(event=event, **filters).only(*_DIRECTORY_COLUMNS)
    if wants_my_offers and membership is not None:
        found = found.exclude(pk=membership.organization_id)
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    if membership is not None:
        states = partner_states(
            organization=membership.organization, partner_ids=[org.pk for org in rows]
        )
        for org in rows:
            org.state = states.get(org.pk)  # type: ignore[attr-defined]
    query = request.GET.copy()
    query.pop("page", None)
    context.update(
        page=page,
        rows=rows,
        query=query.urlencode(),
        filtered=bool(filters) or wants_my_offers,
    )
    if request.headers.get("HX-Request") == "true":
        return render(request, "organizations/_directory_results.html", context)
    return render(request, "organizations/directory.html", context)


@event_member_required
@require_GET
def organization_detail(request: HttpRequest, event: Event, org_id: str) -> HttpResponse:
    """One organisation's profile and survey answers, and its people."""
    organization = get_object_or_404(Organization, event=event, org_id=org_id)
    members = organization.memberships.select_related("user").order_by("role", "pk")
    context = base_context(
        request,
        event,
        organization=organization,
        members=members,
        can_edit=can_edit_organization(user=request.user, organization=organization),
    )
    return render(request, "organizations/detail.html", context)


@event_member_required
@require_GET
def my_survey(request: HttpRequest, event: Event) -> HttpResponse:
    """A participant's way to their own organisation's survey."""
    membership = membership_for(user=request.user, event=event)
    if membership is None:
        return redirect("organizations:directory", slug=event.slug)
    return redirect("organizations:survey", slug=event.slug, org_id=membership.organization.org_id)


def _partner_choices(event: Event, organization: Organization) -> list[tuple[str, str]]:
    """(code, name) of the other organizations, named in Korean on Korean pages when they
    have a Korean name (as the pickers' search results are)."""
    korean = (get_language() or "").startswith("ko")
    others = (
        Organization.objects.filter(event=event)
        .exclude(pk=organization.pk)
        .order_by("name")
        .values_list("org_id", "name", "name_local")
    )
    return [(org_id, (korean and local) or name) for org_id, name, local in others]


@event_member_required
def survey_edit(request: HttpRequest, event: Event, org_id: str) -> HttpResponse:
    """Edit the organisation's profile and survey; save a draft or submit."""
    organization = get_object_or_404(Organization, event=event, org_id=org_id)
    if not can_edit_organization(user=request.user, organization=organization):
        raise PermissionDenied
    partners = _partner_choices(event, organization)
    if request.method == "POST":
        form = SurveyForm(request.POST, partners=partners, event_slug=event.slug)
        if form.is_valid():
            submit = request.POST.get("action") == "submit"
            try:
                save_survey(organization=organization, values=form.cleaned_data, submit=submit)
            except ValidationError as error:
                for field, field_errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, field_errors)
            else:
                if submit:
                    messages.success(request, _("Thank you: the survey was submitted."))
                    return redirect(
                        "organizations:detail", slug=event.slug, org_id=organization.org_id
                    )
                messages.success(request, _("Your draft was saved."))
                return redirect("organizations:survey", slug=event.slug, org_id=org_id)
    else:
        form = SurveyForm(
            initial=survey_values_for(organization=organization),
            partners=partners,
            event_slug=event.slug,
        )
    context = base_context(request, event, organization=organization, form=form)
    return render(request, "organizations/survey_form.html", context)


@organizer_required
def import_upload(request: HttpRequest, event: Event) -> HttpResponse:
    """Upload a survey file; it is kept on the server and previewed."""
    form = SurveyUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        previous = request.session.get(_session_key(event))
        if previous:
            uploads.discard_upload(token=previous["token"])
        token = uploads.store_upload(data=upload.read())
        request.session[_session_key(event)] = {"token": token, "filename": upload.name}
        return redirect("organizations:import_preview", slug=event.slug)
    context = base_context(
        request,
        event,
        form=form,
        contact_columns=imports.CONTACT_COLUMNS,
        max_mb=imports.max_upload_bytes() / 1_000_000,
    )
    return render(request, "organizations/import_upload.html", context)


def _stored_upload(request: HttpRequest, event: Event) -> tuple[str, bytes, str]:
    stored = request.session.get(_session_key(event))
    data = uploads.load_upload(token=stored["token"]) if stored else None
    if not stored or data is None:
        raise Http404("no uploaded survey file")
    return stored["token"], data, stored["filename"]


PREVIEW_PAGE_SIZE = 50


@organizer_required
@require_GET
def import_preview(request: HttpRequest, event: Event) -> HttpResponse:
    """Every row of the uploaded file and its problems, 50 rows a page; confirm only when
    there are none. Large files are checked by a background task while a progress panel
    polls this page."""
    try:
        token, data, filename = _stored_upload(request, event)
    except Http404:
        messages.error(request, _("Upload a survey file first."))
        return redirect("organizations:import", slug=event.slug)
    digest = uploads.load_note(token=token, kind="preview")
    if digest is None and imports.is_large_upload(data=data, filename=filename):
        progress = uploads.load_note(token=token, kind="progress")
        if progress is None:
            uploads.store_note(token=token, kind="progress", data={"state": "queued"})
            preview_import.enqueue(event.pk, token, filename, get_language() or "en")
            digest = uploads.load_note(token=token, kind="preview")
            progress = uploads.load_note(token=token, kind="progress")
        if digest is None:
            context = base_context(request, event, progress=progress, filename=filename)
            template = "organizations/_import_progress.html"
            if not request.headers.get("HX-Request"):
                template = "organizations/import_progress.html"
            return render(request, template, context)
    elif digest is None:
        digest = imports.preview_digest(
            imports.preview_survey_import(event=event, data=data, filename=filename)
        )
        uploads.store_note(token=token, kind="preview", data=digest)
    if request.headers.get("HX-Request"):
        # The progress panel polled and the preview is ready: show the whole page.
        response = HttpResponse(status=204)
        response["HX-Refresh"] = "true"
        return response
    if not digest["readable"]:
        # The file cannot be read at all: forget it, so that the next visit asks for a new
        # file instead of failing on this one again.
        uploads.discard_upload(token=token)
        del request.session[_session_key(event)]
    rows = digest["rows"]
    only_problems = request.GET.get("problems") == "1"
    if only_problems:
        rows = [row for row in rows if row["problems"]]
    page = Paginator(rows, PREVIEW_PAGE_SIZE).get_page(request.GET.get("page"))
    context = base_context(
        request,
        event,
        preview=digest,
        page=page,
        rows=page.object_list,
        only_problems=only_problems,
    )
    return render(request, "organizations/import_preview.html", context)


@organizer_required
@require_POST
def import_confirm(request: HttpRequest, event: Event) -> HttpResponse:
    """Import the previewed file (checked again) in one transaction, or nothing."""
    try:
        token, data, filename = _stored_upload(request, event)
    except Http404:
        messages.error(request, _("Upload a survey file first."))
        return redirect("organizations:import", slug=event.slug)
    try:
        result = imports.import_survey(
            event=event, data=data, filename=filename, base_url=request.build_absolute_uri("/")
        )
    except imports.SurveyImportError:
        messages.error(request, _("The file has problems; nothing was imported."))
        return redirect("organizations:import_preview", slug=event.slug)
    uploads.discard_upload(token=token)
    del request.session[_session_key(event)]
    messages.success(
        request,
        _(
            "Imported: %(created)d new organizations, %(updated)d updated, "
            "%(people)d people invited."
        )
        % {"created": result.created, "updated": result.updated, "people": result.people_added},
    )
    return redirect("organizations:directory", slug=event.slug)


@organizer_required
@require_GET
def export(request: HttpRequest, event: Event, fmt: str) -> HttpResponse:
    """Download the event's survey as CSV or XLSX (the import format)."""
    response = HttpResponse(export_survey(event=event, fmt=fmt), content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{event.slug}-survey.{fmt}"'
    return response
