"""The organizations picker's search endpoint: a fragment of listbox options (see
`summit.core.widgets`). ``key=code`` gives options valued by organization code (the survey's
wishlist and do-not-meet lists), otherwise by id (deal parties, agendas, arrangements)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from partnering_engine.matching.countries import COUNTRIES
from summit.core.pickers import QUERY_MAX, render_options
from summit.core.templatetags.summit import local_name
from summit.events.access import event_member_required
from summit.events.models import Event
from summit.organizations.domain.pickers import search_organizations

LIMIT = 20


@require_GET
@event_member_required
def organizations(request: HttpRequest, event: Event) -> HttpResponse:
    query = request.GET.get("q", "")[:QUERY_MAX]
    by_code = request.GET.get("key") == "code"
    lang = "ko" if (get_language() or "").startswith("ko") else "en"
    found = list(search_organizations(event=event, query=query, limit=LIMIT + 1))
    options = [
        {
            "value": organization.org_id if by_code else organization.pk,
            "label": local_name(organization),
            "hint": COUNTRIES[organization.country].name(lang)
            if organization.country in COUNTRIES
            else "",
        }
        for organization in found[:LIMIT]
    ]
    return render_options(request, [{"label": "", "options": options}], more=len(found) > LIMIT)
