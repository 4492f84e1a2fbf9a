"""Template helpers shared by every summit page."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django import template
from django.template import Context, TemplateDoesNotExist
from django.template.loader import get_template
from django.utils import formats, timezone
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from summit.core.names import person_name as written_name

register = template.Library()


@register.simple_tag(takes_context=True)
def include_optional(context: Context, template_name: str) -> str:
    """Render a template when it exists (lets later apps add panels to shared pages)."""
    try:
        found = get_template(template_name)
    except TemplateDoesNotExist:
        return ""
    return SafeString(found.render(context.flatten(), context.get("request")))


@register.filter
def local_name(obj: Any) -> str:
    """An event's or organization's Korean name on Korean pages, when it has one."""
    korean = getattr(obj, "name_ko", "") or getattr(obj, "name_local", "")
    if korean and (get_language() or "").startswith("ko"):
        return str(korean)
    return str(obj.name)


@register.filter
def split_words(value: str) -> list[str]:
    """``"a b c"|split_words`` → ``["a", "b", "c"]`` (lists written inline in templates)."""
    return str(value).split()


@register.filter
def person_name(user: Any) -> str:
    """A person's name the way their script writes it: 강지훈, Pat Participant (see
    `summit.core.names`); the user name when there is no name."""
    return written_name(user)


@register.filter
def datetime_zone(value: datetime | None) -> str:
    """A moment in the active time zone (the event's on event pages and e-mails), in the
    language's date and time format, with the zone's abbreviation: "Tue, 6 Oct 2026, 18:00
    KST" / "2026년 10월 6일 화요일 18:00 KST"."""
    if value is None:
        return ""
    local = timezone.localtime(value)
    return f"{formats.date_format(local, 'DATETIME_FORMAT')} {local.tzname()}"
