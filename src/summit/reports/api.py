"""API of the organizer's report: the dashboard's figures and tables as JSON (mounted below
``/api/events`` by summit.api). The same `build_dashboard` as the dashboard, the Excel and
the PDF report, so confidential deals are counted and never named here either."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from summit.api.auth import visible_event
from summit.api.schemas import ProblemOut
from summit.events.models import EventDay
from summit.meetings.api import ORGANIZER_AUTH
from summit.organizations.vocabulary import choices_for
from summit.reports.domain.dashboard import Filters, build_dashboard

__all__ = ["router"]

router = Router(tags=["report"])

Cell = str | int | float | bool | None


class HeadlineOut(Schema):
    key: str
    label: str
    value: int


class SectionOut(Schema):
    key: str
    title: str
    description: str
    headers: list[str]
    rows: list[list[Cell]]
    notes: list[str]


class ReportOut(Schema):
    day: date | None
    org_type: str
    headline: list[HeadlineOut]
    sections: list[SectionOut]


class ReportQuery(Schema):
    day: date | None = Field(None, description="one event day (YYYY-MM-DD)")
    org_type: str = Field("", description="one organization type (code)")


def _cell(value: Any) -> Cell:
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, date | datetime):
        return value.isoformat()
    return str(value)


def _filters(event: Any, query: ReportQuery) -> Filters:
    errors: dict[str, list[str]] = {}
    day = None
    if query.day is not None:
        day = EventDay.objects.filter(event=event, date=query.day).first()
        if day is None:
            errors["day"] = [_("The event has no day %(day)s.") % {"day": query.day.isoformat()}]
    if query.org_type and query.org_type not in {
        code for code, _label in choices_for(field="org_type")
    }:
        errors["org_type"] = [_("Unknown organization type %(code)s.") % {"code": query.org_type}]
    if errors:
        raise ValidationError(errors)
    return Filters(day=day, org_type=query.org_type)


@router.get(
    "/{slug}/report",
    response={200: ReportOut, 403: ProblemOut, 404: ProblemOut, 422: ProblemOut},
    url_name="report",
    auth=ORGANIZER_AUTH,
)
def read_report(request: HttpRequest, slug: str, query: Query[ReportQuery]) -> dict[str, Any]:
    """The report's figures (organizers): headline numbers (organizations, requests, meetings
    held, no-shows, feedback, deals) and every table of the dashboard, optionally for one
    `day` and one `org_type`."""
    event = visible_event(request, slug)
    filters = _filters(event, query)
    report = build_dashboard(event=event, filters=filters)
    return {
        "day": query.day,
        "org_type": query.org_type,
        "headline": [
            {"key": item.key, "label": item.label, "value": item.value} for item in report.headline
        ],
        "sections": [
            {
                "key": section.key,
                "title": section.title,
                "description": section.description,
                "headers": list(section.headers),
                "rows": [[_cell(value) for value in row] for row in section.rows],
                "notes": list(section.notes),
            }
            for section in report.sections
        ],
    }
