"""Template helpers of the program app: the command center on the organizer's event home."""

from __future__ import annotations

from typing import Any

from django import template

from summit.program.domain.center import CommandCenter, build_command_center

register = template.Library()


@register.simple_tag
def command_center(event: Any) -> CommandCenter:
    """The event's command center (the organizer's branch of the event home renders it)."""
    return build_command_center(event=event)
