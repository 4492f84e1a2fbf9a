"""Template helpers of the agenda app for other apps' pages (the event home panel)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from summit.agenda.domain.agenda import agenda_summary

register = template.Library()


@register.simple_tag
def agenda_summary_of(membership: Any) -> dict[str, Any] | None:
    """How many meetings the person has and the next one (None without a membership)."""
    if not membership:
        return None
    return agenda_summary(membership=membership, now=timezone.now())
