"""Lists of the API: one page shape, validated ranges, and conditional GET.

Every list answers ``{"count": n, "items": [...]}`` for ``limit`` (1–200, default 50) and
``offset`` (0–2,147,483,647), as the organization directory always has. Lists decorated
with `conditional` carry an ``ETag`` (a hash of the answer, so it changes whenever anything
in it does, and differs per user as the answer does) and, when the operation names it with
`set_last_modified`, a ``Last-Modified`` (the latest change of any row of the list's kind in
the event): a request with a matching ``If-None-Match``, or with ``If-Modified-Since`` at or
after it, is answered ``304 Not Modified`` without a body.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from functools import wraps
from typing import Any, TypeVar

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.cache import (
    get_conditional_response,
    patch_cache_control,
    patch_vary_headers,
    set_response_etag,
)
from django.utils.http import http_date
from ninja import Field, Schema
from ninja.decorators import decorate_view

from summit.api.schemas import Count

__all__ = [
    "CONDITIONAL_HEADERS",
    "PageParams",
    "conditional",
    "page_of",
    "set_last_modified",
]

T = TypeVar("T")
_LAST_MODIFIED = "api_last_modified"

#: The request headers of a conditional GET, for the OpenAPI document of each list.
CONDITIONAL_HEADERS: dict[str, Any] = {
    "parameters": [
        {
            "in": "header",
            "name": "If-None-Match",
            "required": False,
            "schema": {"type": "string"},
            "description": "The ETag of an earlier answer: 304 when nothing changed.",
        },
        {
            "in": "header",
            "name": "If-Modified-Since",
            "required": False,
            "schema": {"type": "string"},
            "description": "An HTTP date: 304 when nothing changed since (ignored when "
            "If-None-Match is given).",
        },
    ]
}


class PageParams(Schema):
    limit: int = Field(50, ge=1, le=200, description="items per page (1–200)")
    offset: Count = Field(0, description="items to skip")


def page_of(items: QuerySet[Any] | Sequence[Any], *, page: PageParams) -> dict[str, Any]:
    """``{"count", "items"}`` of one page (a queryset is counted and sliced in the database)."""
    count = items.count() if isinstance(items, QuerySet) else len(items)
    return {"count": count, "items": list(items[page.offset : page.offset + page.limit])}


def set_last_modified(request: HttpRequest, value: datetime | None) -> None:
    """Name the list's ``Last-Modified`` (None: the list has none)."""
    setattr(request, _LAST_MODIFIED, value)


def _conditional_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if request.method not in ("GET", "HEAD") or response.status_code != 200:
            return response
        # Answers differ per user: caches must keep them apart and ask again each time.
        patch_vary_headers(response, ("Authorization", "Cookie"))
        patch_cache_control(response, private=True, no_cache=True)
        set_response_etag(response)
        changed: datetime | None = getattr(request, _LAST_MODIFIED, None)
        timestamp = None
        if changed is not None:
            timestamp = int(changed.timestamp())
            response["Last-Modified"] = http_date(timestamp)
        conditional_response: HttpResponse = get_conditional_response(
            request, etag=response["ETag"], last_modified=timestamp, response=response
        )
        return conditional_response

    return wrapper


def conditional(operation: T) -> T:
    """Answer the operation's GET with ETag/Last-Modified and 304 when nothing changed
    (apply under the router's decorator)."""
    decorated: T = decorate_view(_conditional_view)(operation)
    return decorated
