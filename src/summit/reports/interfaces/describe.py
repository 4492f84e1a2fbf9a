"""Texts shared by the report files: the event's dates and the filters in words (its title is
`summit.core.templatetags.summit.local_name`)."""

from __future__ import annotations

from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from partnering_engine.matching import taxonomy
from summit.reports.domain.dashboard import Dashboard, Filters


def _korean() -> bool:
    return (get_language() or "en").startswith("ko")


def event_dates(dashboard: Dashboard) -> str:
    """First – last day of the event (the language's date format), or "" without days."""
    if not dashboard.days:
        return ""
    first, last = dashboard.days[0], dashboard.days[-1]
    if first == last:
        return date_format(first, "DATE_FORMAT")
    return f"{date_format(first, 'DATE_FORMAT')} – {date_format(last, 'DATE_FORMAT')}"


def describe_filters(filters: Filters) -> str:
    """The filters in words ("all days, all organization types" without any)."""
    day = date_format(filters.day.date, "DATE_FORMAT") if filters.day is not None else _("all days")
    kind = (
        taxonomy.label("org_type", filters.org_type, "ko" if _korean() else "en")
        if filters.org_type
        else _("all organization types")
    )
    return f"{day}, {kind}"
