"""Search endpoints of the pickers (`summit.core.widgets`) that belong to no event: countries.

Each answers a GET with ``q`` by a fragment of listbox options
(``core/widgets/picker_options.html``); apps with event data have their own (organizations).
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from summit.core.countries import search_countries

QUERY_MAX = 100


def render_options(
    request: HttpRequest, groups: list[dict[str, object]], *, more: bool = False
) -> HttpResponse:
    """The options fragment: ``groups`` of {"label", "options": [{"value", "label", "hint"}]}."""
    groups = [group for group in groups if group["options"]]
    return render(request, "core/widgets/picker_options.html", {"groups": groups, "more": more})


@require_GET
@login_required
def countries(request: HttpRequest) -> HttpResponse:
    """Countries matching ``q`` (the common ones when it is empty), with their region."""
    query = request.GET.get("q", "")[:QUERY_MAX]
    found = search_countries(query=query)
    options = [{"value": c.code, "label": c.name, "hint": c.region} for c in found]
    label = "" if query.strip() else _("Common")
    return render_options(request, [{"label": label, "options": options}])
