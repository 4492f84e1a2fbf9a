"""Texts shared by the report files: the event's dates and the filters in words (its title is
`summit.core.templatetags.summit.local_name`)."""

from __future__ import annotations

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from partnering_engine.matching import taxonomy
from summit.reports.domain.dashboard import Dashboard, Filters


def _korean() -> bool:
    return (get_language() or "en").startswith("ko")


def event_dates(dashboard: Dashboard) -> str:
    """First – last day of the event (ISO dates), or "" without days."""
    if not dashboard.days:
        return ""
    first, last = dashboard.days[0], dashboard.days[-1]
    return first.isoformat() if first == last else f"{first.isoformat()} – {last.isoformat()}"


def describe_filters(filters: Filters) -> str:
    """The filters in words ("all days, all organization types" without any)."""
    day = filters.day.date.isoformat() if filters.day is not None else _("all days")
    kind = (
        taxonomy.label("org_type", filters.org_type, "ko" if _korean() else "en")
        if filters.org_type
        else _("all organization types")
    )
    return f"{day}, {kind}"
