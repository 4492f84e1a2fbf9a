"""The API: `NinjaAPI` at ``/api/`` (OpenAPI docs at ``/api/docs``).

Endpoints only parse input, check permissions with `summit.events.domain.permissions` and
call the same domain functions as the pages.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_safe
from ninja import Field, NinjaAPI, Query, Router, Schema, Status

from summit.agenda.api import router as agenda_router
from summit.api.auth import API_AUTH, STAFF_AUTH, visible_event
from summit.api.errors import ObjectBodyParser, document_errors, install_error_handlers
from summit.api.lists import CONDITIONAL_HEADERS, conditional
from summit.api.schemas import (
    Count,
    EventIn,
    EventOut,
    EventPatch,
    OrganizationOut,
    OrganizationPage,
    OrganizationPatch,
    ProblemOut,
    SurveyIn,
    SurveyOut,
)
from summit.events.domain import setup
from summit.events.domain.permissions import (
    can_create_event,
    can_edit_organization,
    events_for,
    is_organizer,
)
from summit.events.models import Event
from summit.lounge.api import router as lounge_router
from summit.matching.api import router as matching_router
from summit.meetings.api import router as meetings_router
from summit.organizations.domain.directory import search_organizations
from summit.organizations.domain.survey import save_survey
from summit.organizations.models import Organization
from summit.outcomes.api import router as outcomes_router
from summit.participants.api import router as participants_router
from summit.reports.api import router as report_router
from summit.scheduling.api import router as schedule_router

__all__ = ["api"]


def _docs_policy(view: Any) -> Any:
    """Docs are read-only; Swagger UI sets inline styles, so allow them on the docs page
    only (scripts stay 'self')."""

    @require_safe
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response: HttpResponse = view(request, *args, **kwargs)
        response["Content-Security-Policy"] = (
            "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            "img-src 'self' data:; object-src 'none'; frame-ancestors 'none'"
        )
        return response

    return wrapper


class SummitAPI(NinjaAPI):
    """The API, whose OpenAPI document lists the error answers of every operation."""

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> Any:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        return document_errors(schema)


api = SummitAPI(
    title="Bio Partnering API",
    version="1",
    description=(
        "The whole partnering program: events, organizations and the demand survey, "
        "recommendations, meeting requests, the published schedule, agendas, attendance "
        "(check-in, badge scans, no-shows), feedback, deals, the report's figures and a CRM "
        "export. Authenticate scripts with `Authorization: Bearer <token>` "
        "(`python -m summit create_api_token`, scopes read, write, organizer). Lists answer "
        "`{count, items}` pages and, where marked, ETag / If-Modified-Since with 304."
    ),
    auth=API_AUTH,
    urls_namespace="api",
    docs_decorator=_docs_policy,
    parser=ObjectBodyParser(),
)


install_error_handlers(api)


def _organization(request: HttpRequest, slug: str, org_id: str) -> Organization:
    event = visible_event(request, slug)
    organization = Organization.objects.filter(event=event, org_id=org_id).first()
    if organization is None:
        raise Http404
    return organization


def _given(payload: Schema) -> dict[str, Any]:
    return payload.dict(exclude_unset=True)


# ---- events -------------------------------------------------------------------------------

events = Router(tags=["events"])


@events.get("/", response=list[EventOut], url_name="events")
def list_events(request: HttpRequest) -> list[Event]:
    """Events you organize or take part in."""
    return events_for(user=request.user)


@events.post("/", response={201: EventOut, 403: ProblemOut, 422: ProblemOut}, auth=STAFF_AUTH)
def create_event(request: HttpRequest, payload: EventIn) -> Status[Event]:
    """Create an event (staff only); you become its organizer."""
    if not can_create_event(user=request.user):
        raise PermissionDenied
    fields = _given(payload)
    return Status(201, setup.create_event(creator=request.user, **fields))


@events.get("/{slug}", response=EventOut, url_name="event")
def read_event(request: HttpRequest, slug: str) -> Event:
    """One event (organizers and participants)."""
    return visible_event(request, slug)


@events.patch("/{slug}", response={200: EventOut, 403: ProblemOut, 422: ProblemOut})
def update_event(request: HttpRequest, slug: str, payload: EventPatch) -> Event:
    """Change an event's settings (organizers)."""
    event = visible_event(request, slug)
    if not is_organizer(user=request.user, event=event):
        raise PermissionDenied
    return setup.update_event(event=event, **_given(payload))


# ---- organizations ------------------------------------------------------------------------

organizations = Router(tags=["organizations"])


class OrganizationFilters(Schema):
    q: str = ""
    org_type: str = ""
    country: str = ""
    area: str = ""
    modality: str = ""
    offers: str = ""
    seeks: str = ""
    limit: int = Field(50, ge=1, le=200)
    offset: Count = 0


@organizations.get(
    "/{slug}/organizations",
    response={200: OrganizationPage, 304: None},
    url_name="organizations",
    openapi_extra=CONDITIONAL_HEADERS,
)
@conditional
def list_organizations(
    request: HttpRequest, slug: str, filters: Query[OrganizationFilters]
) -> dict[str, Any]:
    """The event's organizations, filtered like the directory; `limit` at most 200."""
    event = visible_event(request, slug)
    criteria = filters.dict()
    limit = criteria.pop("limit")
    offset = criteria.pop("offset")
    found = search_organizations(event=event, **criteria)
    return {"count": found.count(), "items": list(found[offset : offset + limit])}


@organizations.get(
    "/{slug}/organizations/{org_id}", response=OrganizationOut, url_name="organization"
)
def read_organization(request: HttpRequest, slug: str, org_id: str) -> Organization:
    """One organization's profile and answers."""
    return _organization(request, slug, org_id)


@organizations.patch(
    "/{slug}/organizations/{org_id}",
    response={200: OrganizationOut, 403: ProblemOut, 422: ProblemOut},
)
def update_organization(
    request: HttpRequest, slug: str, org_id: str, payload: OrganizationPatch
) -> Organization:
    """Change the profile (the organization's members and organizers)."""
    organization = _organization(request, slug, org_id)
    if not can_edit_organization(user=request.user, organization=organization):
        raise PermissionDenied
    return save_survey(organization=organization, values=_given(payload), submit=None)


# ---- surveys ------------------------------------------------------------------------------

surveys = Router(tags=["surveys"])


@surveys.get(
    "/{slug}/organizations/{org_id}/survey",
    response={200: SurveyOut, 403: ProblemOut},
    url_name="survey",
)
def read_survey(request: HttpRequest, slug: str, org_id: str) -> Organization:
    """The organization's survey answers (its members and organizers)."""
    organization = _organization(request, slug, org_id)
    if not can_edit_organization(user=request.user, organization=organization):
        raise PermissionDenied
    return organization


@surveys.patch(
    "/{slug}/organizations/{org_id}/survey",
    response={200: SurveyOut, 403: ProblemOut, 422: ProblemOut},
)
def update_survey(request: HttpRequest, slug: str, org_id: str, payload: SurveyIn) -> Organization:
    """Answer the survey: unknown codes give 422 naming the field and the closest code."""
    organization = _organization(request, slug, org_id)
    if not can_edit_organization(user=request.user, organization=organization):
        raise PermissionDenied
    values = _given(payload)
    submit = bool(values.pop("submit", False))
    return save_survey(organization=organization, values=values, submit=submit)


api.add_router("/events", events)
api.add_router("/events", organizations)
api.add_router("/events", surveys)
api.add_router("/events", meetings_router)
api.add_router("/events", matching_router)
api.add_router("/events", participants_router)
api.add_router("/events", schedule_router)
api.add_router("/events", agenda_router)
api.add_router("/events", lounge_router)
api.add_router("/events", outcomes_router)
api.add_router("/events", report_router)
