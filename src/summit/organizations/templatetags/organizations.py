"""Template filters showing vocabulary codes as labels in the active language."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import template
from django.forms import BoundField
from django.utils.html import format_html_join
from django.utils.translation import get_language

from partnering_engine.matching import countries, taxonomy
from summit.core.widgets import options_html

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
def select_options(choices: Iterable[tuple[str, Any]], selected: object) -> str:
    """``<option>`` elements of a choice list (`selected`: one value or a list of values),
    groups as ``<optgroup>``; much cheaper than Django's per-option widget templates for long
    lists (countries, every organization of the event)."""
    if isinstance(selected, list | tuple | set):
        current = {str(value) for value in selected}
    else:
        current = {"" if selected is None else str(selected)}
    return options_html(choices, current)


@register.simple_tag
def checkbox_options(field: BoundField) -> str:
    """A multiple-choice field as checkboxes (one ``<label>`` each), like Django's
    CheckboxSelectMultiple but without a template per option."""
    current = {str(value) for value in (field.value() or ())}
    return format_html_join(
        "",
        '<label class="choice" for="{0}_{1}"><input type="checkbox" name="{2}" value="{3}" '
        'id="{0}_{1}"{4}> {5}</label>',
        (
            (
                field.auto_id,
                index,
                field.html_name,
                value,
                " checked" if str(value) in current else "",
                label,
            )
            for index, (value, label) in enumerate(field.field.choices)
        ),
    )
