"""Template helpers shared by every summit page."""

from __future__ import annotations

from typing import Any

from django import template
from django.template import Context, TemplateDoesNotExist
from django.template.loader import get_template
from django.utils.safestring import SafeString
from django.utils.translation import get_language

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
