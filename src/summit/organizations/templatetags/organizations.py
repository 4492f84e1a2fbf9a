"""Template filters showing vocabulary codes as labels in the active language."""

from __future__ import annotations

from collections.abc import Iterable

from django import template
from django.utils.html import format_html_join
from django.utils.translation import get_language

from partnering_engine.matching import countries, taxonomy

register = template.Library()


def _lang() -> str:
    return "ko" if (get_language() or "en").startswith("ko") else "en"


@register.filter
def vocabulary_label(code: str, field: str) -> str:
    """``{{ org.org_type|vocabulary_label:"org_type" }}`` → "Biotech" / "바이오텍"."""
    return taxonomy.label(field, code, _lang())


@register.filter
def vocabulary_labels(codes: Iterable[str], field: str) -> str:
    """A list of codes as comma-separated labels."""
    lang = _lang()
    return ", ".join(taxonomy.label(field, code, lang) for code in codes or ())


@register.filter
def country_label(code: str) -> str:
    """An ISO country code as the country's name."""
    if code not in countries.COUNTRIES:
        return code
    return countries.country_name(code, _lang())


@register.simple_tag
def select_options(choices: Iterable[tuple[str, str]], selected: object) -> str:
    """``<option>`` elements of a choice list; much cheaper than Django's per-option widget
    templates on a list page with several long selects (countries)."""
    current = "" if selected is None else str(selected)
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        ((value, " selected" if str(value) == current else "", label) for value, label in choices),
    )
