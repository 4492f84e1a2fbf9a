"""Template helpers of the meetings app for the menus and other apps' pages."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from summit.meetings.domain.parties import parties_label, parties_of
from summit.meetings.domain.requests import awaiting_answer_count, requests_open

register = template.Library()


@register.simple_tag
def awaiting_answer(user: Any, event: Any) -> int:
    """How many requests wait for an answer from the user's organization (one query; 0
    for organizers and visitors)."""
    if event is None or not getattr(user, "is_authenticated", False):
        return 0
    return awaiting_answer_count(user=user, event=event)


@register.simple_tag
def can_send_requests(event: Any) -> bool:
    """Whether the event still takes meeting requests (its deadline has not passed)."""
    return requests_open(event=event, now=timezone.now())


@register.filter
def parties(meeting: Any) -> tuple[Any, ...]:
    """``{% for organization in meeting|parties %}``: the organizations of a request or a
    scheduled meeting, requesting party first (see `summit.meetings.domain.parties`)."""
    return parties_of(meeting)


@register.filter
def party_names(meeting: Any) -> str:
    """ "Acme Biologics – Beta Therapeutics", each name in the page's language (Korean names
    on Korean pages)."""
    return parties_label(meeting, local=True)
