"""Search-as-you-type pickers: one widget for every long list of organizations or countries.

`SearchSelect` and `SearchSelectMultiple` render the plain `<select>` the field would have
(so the form works as before without JavaScript, and the select stays the field's value)
followed by an ARIA combobox that ``core/picker.js`` reveals: typing asks the server's
search endpoint (`search_url`, through htmx) for a fragment of options
(``core/widgets/picker_options.html``), arrow keys move through them, Enter or a click picks
one, Escape closes the list. A multiple picker shows each chosen item as a removable chip.
Only values the select offers can be picked, so the endpoint may return a wider set.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.functional import Promise
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

__all__ = ["SearchSelect", "SearchSelectMultiple"]


def options_html(choices: Any, selected: set[str]) -> SafeString:
    """``<option>``/``<optgroup>`` elements of `choices` in one pass: Django's template per
    option takes hundreds of milliseconds for a few hundred organizations."""

    def one(value: Any, label: Any) -> SafeString:
        mark = " selected" if str(value) in selected else ""
        return format_html('<option value="{}"{}>{}</option>', value, mark, label)

    parts: list[SafeString] = []
    for value, label in choices:
        if isinstance(label, list | tuple):
            inner = format_html_join("", "{}", ((one(v, text),) for v, text in label))
            parts.append(format_html('<optgroup label="{}">{}</optgroup>', value, inner))
        else:
            parts.append(one(value, label))
    return SafeString("".join(parts))


class _SearchPickerMixin:
    template_name = "core/widgets/search_picker.html"
    search_url: str | Promise
    placeholder: str | Promise

    def _init_picker(self, search_url: str | Promise, placeholder: str | Promise) -> None:
        self.search_url = search_url
        self.placeholder = placeholder

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context(name, value, attrs)  # type: ignore[misc]
        widget = context["widget"]
        widget["search_url"] = str(self.search_url)
        widget["placeholder"] = str(self.placeholder)
        widget["picker_id"] = widget["attrs"].get("id") or f"id_{name}"
        widget["options_html"] = options_html(
            self.choices,  # type: ignore[attr-defined]
            {str(v) for v in widget["value"] if v is not None},
        )
        return context

    def optgroups(self, name: str, value: Any, attrs: dict[str, Any] | None = None) -> list[Any]:
        return []  # the options are rendered by `options_html`


class SearchSelect(_SearchPickerMixin, forms.Select):
    """One value, searched as you type (falls back to the plain select)."""

    def __init__(
        self,
        *,
        search_url: str | Promise,
        placeholder: str | Promise = "",
        attrs: dict[str, Any] | None = None,
        choices: Any = (),
    ) -> None:
        super().__init__(attrs=attrs, choices=choices)
        self._init_picker(search_url, placeholder)


class SearchSelectMultiple(_SearchPickerMixin, forms.SelectMultiple):
    """Several values, each chosen by searching (falls back to the plain multiple select)."""

    def __init__(
        self,
        *,
        search_url: str | Promise,
        placeholder: str | Promise = "",
        attrs: dict[str, Any] | None = None,
        choices: Any = (),
    ) -> None:
        super().__init__(attrs=attrs, choices=choices)
        self._init_picker(search_url, placeholder)
