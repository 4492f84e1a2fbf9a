"""The engine's survey vocabulary as seen by the web platform: choices and validation.

Organization list fields store codes of `partnering_engine.matching.taxonomy` (and
``org_type`` one code, ``country`` an ISO alpha-2 code of
`partnering_engine.matching.countries`); the excluded-partner and wish lists store other
organizations' ``org_id``. Forms, imports, the API and the admin validate through here so
they all give the same message naming the field and the bad value.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from partnering_engine.matching import countries, taxonomy
from summit.organizations.models.organization import TAXONOMY_LIST_FIELDS


def _language() -> str:
    return "ko" if (get_language() or "en").startswith("ko") else "en"


def choices_for(*, field: str, language: str | None = None) -> list[tuple[str, str]]:
    """(code, label) pairs of a vocabulary field in the given (default: active) language."""
    lang = language or _language()
    return [(term.code, term.label(lang)) for term in taxonomy.VOCABULARIES[field]]


def country_choices(*, language: str | None = None) -> list[tuple[str, str]]:
    """(ISO code, name) pairs of every known country, sorted by name in the language."""
    lang = language or _language()
    pairs = [(code, countries.country_name(code, lang)) for code in countries.COUNTRIES]
    return sorted(pairs, key=lambda pair: pair[1])


def label_for(*, field: str, code: str, language: str | None = None) -> str:
    """The display label of one code (the code itself when unknown)."""
    return taxonomy.label(field, code, language or _language())


def validate_codes(*, field: str, codes: Any) -> list[str]:
    """The codes of a list field in vocabulary order; ValidationError naming field and value."""
    if not isinstance(codes, list | tuple) or not all(isinstance(code, str) for code in codes):
        raise ValidationError(
            {field: _("%(field)s must be a list of codes.") % {"field": field}}, code="invalid"
        )
    valid = {term.code for term in taxonomy.VOCABULARIES[field]}
    unknown = [code for code in codes if code not in valid]
    if unknown:
        suggestion = taxonomy.suggest(field, unknown[0])
        message = _("Unknown value “%(value)s” in %(field)s.") % {
            "value": unknown[0],
            "field": field,
        }
        if suggestion:
            message += " " + _("Did you mean “%(code)s”?") % {"code": suggestion}
        raise ValidationError({field: message}, code="unknown_code")
    chosen = set(codes)
    return [term.code for term in taxonomy.VOCABULARIES[field] if term.code in chosen]


def validate_org_type(*, code: str) -> str:
    """The organization type code; ValidationError when it is not in the vocabulary."""
    valid = {term.code for term in taxonomy.VOCABULARIES["org_type"]}
    if code not in valid:
        raise ValidationError(
            {"org_type": _("Unknown organization type “%(value)s”.") % {"value": code}},
            code="unknown_code",
        )
    return code


def validate_country(*, code: str) -> str:
    """The ISO alpha-2 country code, upper-cased; ValidationError when unknown."""
    normalised = code.strip().upper()
    if normalised not in countries.COUNTRIES:
        raise ValidationError(
            {"country": _("Unknown country code “%(value)s”.") % {"value": code}},
            code="unknown_code",
        )
    return normalised


def validate_org_ids(*, field: str, org_ids: Any, known: Iterable[str]) -> list[str]:
    """A list of other organizations' codes, each one of `known`, without duplicates."""
    if not isinstance(org_ids, list | tuple) or not all(isinstance(i, str) for i in org_ids):
        raise ValidationError(
            {field: _("%(field)s must be a list of organization codes.") % {"field": field}},
            code="invalid",
        )
    known_ids = set(known)
    unknown = [org_id for org_id in org_ids if org_id not in known_ids]
    if unknown:
        raise ValidationError(
            {
                field: _("Unknown organization “%(value)s” in %(field)s.")
                % {
                    "value": unknown[0],
                    "field": field,
                }
            },
            code="unknown_org",
        )
    return list(dict.fromkeys(org_ids))


def clean_survey_fields(
    *, values: dict[str, Any], fields: Sequence[str] = TAXONOMY_LIST_FIELDS
) -> dict[str, Any]:
    """Validate and normalise the vocabulary fields present in `values` (all errors at once)."""
    cleaned = dict(values)
    errors: dict[str, list[str]] = {}
    for field in fields:
        if field not in values:
            continue
        try:
            cleaned[field] = validate_codes(field=field, codes=values[field])
        except ValidationError as error:
            errors.update(error.message_dict)
    for field, validator in (("org_type", validate_org_type), ("country", validate_country)):
        if field in values:
            try:
                cleaned[field] = validator(code=values[field])
            except ValidationError as error:
                errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    return cleaned
