"""Template helpers of the participants app: the inbox panel on the event home."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone
from django.utils.translation import get_language

from summit.participants.domain.inbox import Inbox, inbox_for

register = template.Library()


@register.simple_tag
def inbox_of(membership: Any, event: Any) -> Inbox | None:
    """The person's inbox (None for organizers and visitors without a membership)."""
    if not membership or event is None or membership.event_id != event.pk:
        return None
    membership.event = event  # already loaded by the view; saves a query
    return inbox_for(membership=membership, now=timezone.now(), language=get_language() or "en")
