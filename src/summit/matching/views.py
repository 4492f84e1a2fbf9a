"""Recommendation and screening pages.

Views parse input, check permissions and call `summit.matching.domain`.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from summit.core.templatetags.summit import local_name
from summit.core.widgets import SearchSelect
from summit.events.access import event_member_required, organizer_required
from summit.events.domain.permissions import is_organizer, membership_for
from summit.events.models import Event
from summit.matching.domain import recommendations, screening, shortlist
from summit.matching.domain.access import can_see_recommendations
from summit.matching.interfaces.forms import (
    DismissForm,
    HitDecisionForm,
    SaveForm,
    WatchListUploadForm,
)
from summit.matching.models import WatchListEntry, WatchListHit
from summit.organizations.models import Organization
from summit.organizations.views import base_context


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


@event_member_required
@require_GET
def recommendations_home(request: HttpRequest, event: Event) -> HttpResponse:
    """Participants go to their organization's list; organizers choose an organization."""
    if not is_organizer(user=request.user, event=event):
        membership = membership_for(user=request.user, event=event)
        assert membership is not None  # event_member_required: organizer or member
        return redirect(
            "matching:organization_recommendations",
            slug=event.slug,
            org_id=membership.organization.org_id,
        )
    chosen = request.GET.get("org", "").strip()
    if chosen and Organization.objects.filter(event=event, org_id=chosen).exists():
        return redirect("matching:organization_recommendations", slug=event.slug, org_id=chosen)
    organizations = (
        Organization.objects.filter(event=event)
        .only("org_id", "name", "name_local")
        .order_by("name")
    )
    picker = SearchSelect(
        search_url=reverse("organizations:pick", kwargs={"slug": event.slug}) + "?key=code",
        placeholder=_("Type an organization's name"),
        choices=[
            ("", "—"),
            *(
                (org.org_id, local_name(org))
                for org in organizations.only("org_id", "name", "name_local")
            ),
        ],
    ).render("org", None, attrs={"id": "id_org", "required": True})
    context = base_context(
        request,
        event,
        organization_picker=picker,
        run=recommendations.latest_run(event=event),
    )
    return render(request, "matching/recommendations_home.html", context)


@event_member_required
@require_GET
def organization_recommendations(request: HttpRequest, event: Event, org_id: str) -> HttpResponse:
    """ "Recommended for you": new partners first with strength, reasons and actions; then the
    short list and the partners already met, asked or declined, marked as such."""
    organization = get_object_or_404(Organization, event=event, org_id=org_id)
    # The rule of `can_see_recommendations`, with the role looked up once for the page too.
    organizer = is_organizer(user=request.user, event=event)
    membership = None if organizer else membership_for(user=request.user, event=event)
    if not organizer and (membership is None or membership.organization_id != organization.pk):
        raise PermissionDenied
    ranked = recommendations.ranked_partners(
        organization=organization, language=get_language() or "en"
    )
    hits = (
        screening.hits_by_organization(event=event, organization_ids=[r.partner.pk for r in ranked])
        if organizer
        else {}
    )
    items = [
        {"ranked": item, "partner": item.partner, "hits": hits.get(item.partner.pk, [])}
        for item in ranked
    ]
    context = {
        "event": event,
        "is_organizer": organizer,
        "membership": membership,
        "organization": organization,
        "new_items": [item for item in items if item["ranked"].state.is_new],
        "known_items": [item for item in items if not item["ranked"].state.is_new],
        "saved": shortlist.saved_partner_states(organization=organization),
        "survey_answered": bool(organization.offers or organization.seeks),
        "run": recommendations.latest_run(event=event) if organizer else None,
    }
    return render(request, "matching/organization_recommendations.html", context)


@event_member_required
@require_POST
def dismiss(request: HttpRequest, event: Event, org_id: str) -> HttpResponse:
    """ "Not relevant": the partner disappears now and is excluded from the next recompute."""
    organization = get_object_or_404(Organization, event=event, org_id=org_id)
    if not can_see_recommendations(user=request.user, organization=organization):
        raise PermissionDenied
    form = DismissForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest(_("Choose the organization to dismiss."))
    partner = get_object_or_404(Organization, event=event, org_id=form.cleaned_data["partner"])
    try:
        recommendations.dismiss_recommendation(
            organization=organization, partner=partner, user=request.user
        )
    except ValidationError as error:
        return HttpResponseBadRequest(" ".join(error.messages))
    if _is_htmx(request):
        # The row is swapped out (outerHTML with nothing).
        return HttpResponse("")
    messages.success(request, _("%(name)s will not be recommended again.") % {"name": partner.name})
    return redirect("matching:organization_recommendations", slug=event.slug, org_id=org_id)


@event_member_required
@require_POST
def save(request: HttpRequest, event: Event, org_id: str) -> HttpResponse:
    """ "Save for later" or take a partner off the organization's short list."""
    organization = get_object_or_404(Organization, event=event, org_id=org_id)
    membership = membership_for(user=request.user, event=event)
    if membership is None or membership.organization_id != organization.pk:
        raise PermissionDenied
    form = SaveForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest(_("Choose the organization to save."))
    partner = get_object_or_404(Organization, event=event, org_id=form.cleaned_data["partner"])
    try:
        saved = shortlist.set_saved(
            organization=organization,
            partner=partner,
            saved=form.cleaned_data["saved"],
            user=request.user,
        )
    except ValidationError as error:
        return HttpResponseBadRequest(" ".join(error.messages))
    if _is_htmx(request):
        context = {"event": event, "membership": membership, "partner": partner, "saved": saved}
        return render(request, "matching/_save_button.html", context)
    if saved:
        messages.success(request, _("%(name)s was saved for later.") % {"name": partner.name})
    else:
        messages.success(request, _("%(name)s was taken off your list.") % {"name": partner.name})
    return redirect("matching:organization_recommendations", slug=event.slug, org_id=org_id)


def _progress_response(request: HttpRequest, event: Event) -> HttpResponse:
    context = {"event": event, "run": recommendations.latest_run(event=event)}
    return render(request, "matching/_progress.html", context)


@organizer_required
@require_POST
def recompute(request: HttpRequest, event: Event) -> HttpResponse:
    """ "Recompute now": queue a background recompute and show its progress."""
    recommendations.schedule_recompute(event=event, nudge=True)
    if _is_htmx(request):
        return _progress_response(request, event)
    messages.success(request, _("Recommendations are being recomputed in the background."))
    return redirect("matching:recommendations", slug=event.slug)


@organizer_required
@require_GET
def progress(request: HttpRequest, event: Event) -> HttpResponse:
    """The recompute progress panel (polled by HTMX while a run is active)."""
    return _progress_response(request, event)


@organizer_required
def screening_page(request: HttpRequest, event: Event) -> HttpResponse:
    """Upload the watch list; every hit with its reason, source and the decision."""
    form = WatchListUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            count = screening.load_watchlist(event=event, data=upload.read(), filename=upload.name)
        except ValidationError as error:
            for message in error.message_dict.get("file", error.messages):
                form.add_error("file", message)
        else:
            messages.success(
                request, _("Watch list loaded: %(count)d hits to review.") % {"count": count}
            )
            return redirect("matching:screening", slug=event.slug)
    entries = WatchListEntry.objects.filter(event=event)
    hits = (
        WatchListHit.objects.filter(event=event)
        .select_related("organization", "entry", "decided_by")
        .order_by("decided_at", "organization__name", "-score")
    )
    context = base_context(
        request,
        event,
        form=form,
        entries=entries,
        example=entries.filter(is_example=True).exists(),
        hits=hits,
        max_mb=screening.MAX_WATCHLIST_BYTES / 1_000_000,
    )
    return render(request, "matching/screening.html", context)


@organizer_required
@require_POST
def screening_example(request: HttpRequest, event: Event) -> HttpResponse:
    """Load the engine's example watch list (marked as an example, not legal advice)."""
    count = screening.load_example_watchlist(event=event)
    messages.success(
        request, _("Example watch list loaded: %(count)d hits to review.") % {"count": count}
    )
    return redirect("matching:screening", slug=event.slug)


@organizer_required
@require_POST
def screening_decide(request: HttpRequest, event: Event) -> HttpResponse:
    """Exclude a flagged organization from recommendations, or keep it."""
    form = HitDecisionForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest(_("Choose a hit and a decision."))
    hit = get_object_or_404(
        WatchListHit.objects.select_related("event", "organization", "entry"),
        event=event,
        pk=form.cleaned_data["hit"],
    )
    screening.decide_hit(
        hit=hit, exclude=form.cleaned_data["decision"] == "exclude", user=request.user
    )
    if _is_htmx(request):
        return render(request, "matching/_hit_row.html", {"event": event, "hit": hit})
    if hit.excluded:
        message = _("%(name)s is excluded from recommendations.")
    else:
        message = _("%(name)s stays in recommendations.")
    messages.success(request, message % {"name": hit.organization.name})
    return redirect("matching:screening", slug=event.slug)
