"""The installable web app: the service worker at the site's root and the offline page.

The worker's code is a static file (``summit/sw.js``); it is served from ``/sw.js`` because a
service worker only controls pages at or below its own address, and static files live below
``/static/``. Views whose pages should open offline (a participant's agenda, today's meetings)
are wrapped in :func:`keep_offline`; the worker stores only responses carrying its header.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any

from django.contrib.staticfiles import finders
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

#: Response header telling the service worker to keep a copy of the page for offline use.
OFFLINE_HEADER = "Summit-Offline"
SERVICE_WORKER = "summit/sw.js"


def keep_offline(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Mark a view's successful pages as ones the service worker keeps for offline use."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and request.user.is_authenticated:
            response.headers[OFFLINE_HEADER] = "keep"
            # The copy lives in the person's own browser; no shared cache may keep it.
            response.headers.setdefault("Cache-Control", "private")
        return response

    return wrapped


@require_safe
@cache_control(no_cache=True)
def service_worker(request: HttpRequest) -> HttpResponse:
    """The worker script, revalidated on every registration check so updates reach phones."""
    path = finders.find(SERVICE_WORKER)
    if not path:
        raise Http404("service worker missing from the static files")
    response = HttpResponse(Path(str(path)).read_bytes(), content_type="text/javascript")
    response.headers["Service-Worker-Allowed"] = "/"
    return response


@require_safe
def offline(request: HttpRequest) -> HttpResponse:
    """What the worker shows when a page was never kept and the network is gone."""
    return render(request, "core/offline.html")
