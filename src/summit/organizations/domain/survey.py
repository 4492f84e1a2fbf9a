"""An organisation's profile and demand-survey answers: validate, save as draft, submit.

Validation uses the engine's own functions (`partnering_engine.matching.taxonomy`,
`countries`, `survey.check_row`), the same ones the file import uses, so a value the import
rejects is rejected by the form and the API too, with the same suggestion.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _

from partnering_engine.matching import countries, taxonomy
from partnering_engine.matching.survey import SurveyRow, SurveyRowError, check_row
from summit.organizations.models import Organization
from summit.organizations.models.organization import ORG_ID_LIST_FIELDS, TAXONOMY_LIST_FIELDS

__all__ = [
    "PROFILE_FIELDS",
    "SURVEY_FIELDS",
    "describe_problem",
    "save_survey",
    "survey_row_for",
    "survey_values_for",
]

#: Profile fields a participant edits beside the survey.
PROFILE_FIELDS: tuple[str, ...] = (
    "name",
    "name_local",
    "org_type",
    "country",
    "website",
    "description",
)
#: Survey answers (the engine's survey columns, under the model's names).
SURVEY_FIELDS: tuple[str, ...] = (
    *TAXONOMY_LIST_FIELDS,
    "description_offer",
    "description_seek",
    *ORG_ID_LIST_FIELDS,
)
_TEXT_LIMITS = {"name": 200, "name_local": 200, "description": 5000}


def _vocabulary(field: str) -> str:
    return "org_type" if field == "preferred_partner_types" else field


def survey_values_for(*, organization: Organization) -> dict[str, Any]:
    """The organisation's current profile and survey answers (model field -> value)."""
    return {name: getattr(organization, name) for name in (*PROFILE_FIELDS, *SURVEY_FIELDS)}


def survey_row_for(*, organization: Organization) -> SurveyRow:
    """The organisation as one row of the engine's survey file."""
    return SurveyRow(
        org_id=organization.org_id,
        organization=organization.name,
        org_type=organization.org_type,
        country=organization.country,
        therapeutic_areas=tuple(organization.therapeutic_areas),
        modalities=tuple(organization.modalities),
        offers=tuple(organization.offers),
        seeks=tuple(organization.seeks),
        regions_of_interest=tuple(organization.regions_of_interest),
        description_offer=organization.description_offer,
        description_seek=organization.description_seek,
        languages=tuple(organization.languages),
        preferred_partner_types=tuple(organization.preferred_partner_types),
        excluded_partners=tuple(organization.excluded_partners),
        wishlist=tuple(organization.wishlist),
    )


def describe_problem(
    problem: SurveyRowError, *, with_suggestion: bool = True, with_value: bool = True
) -> str:
    """A survey problem as a sentence in the active language (the engine speaks English);
    the suggested fix is appended unless `with_suggestion` is false, and the bad value is
    left out when the caller shows it (`with_value` false)."""
    if (
        problem.column in ("offers", "seeks")
        and not problem.value
        and "offer or seek" in (problem.message)
    ):
        message = _("An organization must offer or seek at least one thing.")
    elif problem.message.startswith("is required"):
        message = _("This field is required.")
    elif problem.message.startswith("unknown") and problem.value and not with_value:
        message = _("Unknown value.")
    elif problem.message.startswith("unknown") and problem.value:
        message = _("Unknown value “%(value)s”.") % {"value": problem.value}
    else:
        message = problem.message
    if problem.suggestion and with_suggestion:
        message += " " + _("Did you mean “%(code)s”?") % {"code": problem.suggestion}
    return message


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return taxonomy.split_multi(value)
    if isinstance(value, Sequence):
        return [str(item).strip() for item in value if str(item).strip()]
    raise TypeError(value)


def _add(errors: dict[str, list[str]], field: str, message: str) -> None:
    errors.setdefault(field, []).append(message)


def _clean(
    *, organization: Organization, merged: Mapping[str, Any], errors: dict[str, list[str]]
) -> dict[str, Any]:
    """Normalise every field with the engine's vocabulary; collect problems per field."""
    cleaned: dict[str, Any] = {}
    for field in ("name", "name_local", "website", "description"):
        value = merged.get(field)
        text = "" if value is None else str(value).strip()
        limit = _TEXT_LIMITS.get(field)
        if limit and len(text) > limit:
            _add(errors, field, _("At most %(limit)d characters.") % {"limit": limit})
        cleaned[field] = text
    if cleaned["website"]:
        try:
            URLValidator(schemes=["http", "https"])(cleaned["website"])
        except ValidationError:
            _add(errors, "website", _("Enter a web address starting with https://."))
    for field in ("description_offer", "description_seek"):
        value = merged.get(field)
        cleaned[field] = "" if value is None else str(value).strip()

    org_type = str(merged.get("org_type") or "").strip()
    cleaned["org_type"] = org_type
    if org_type:
        try:
            cleaned["org_type"] = taxonomy.normalise_value("org_type", org_type)
        except taxonomy.VocabularyError as error:
            _add(errors, "org_type", _problem_text(org_type, error.suggestion))
    country = str(merged.get("country") or "").strip()
    cleaned["country"] = country
    if country:
        try:
            cleaned["country"] = countries.normalise_country(country)
        except countries.CountryError as error:
            _add(errors, "country", _problem_text(country, error.suggestion))

    for field in TAXONOMY_LIST_FIELDS:
        try:
            raw = _as_list(merged.get(field))
        except TypeError:
            _add(errors, field, _("Expected a list of codes."))
            continue
        codes: set[str] = set()
        for part in raw:
            try:
                codes.add(taxonomy.normalise_value(_vocabulary(field), part))
            except taxonomy.VocabularyError as error:
                _add(errors, field, _problem_text(part, error.suggestion))
        vocabulary = taxonomy.VOCABULARIES[_vocabulary(field)]
        cleaned[field] = [term.code for term in vocabulary if term.code in codes]

    known = set(
        Organization.objects.filter(event_id=organization.event_id)
        .exclude(pk=organization.pk)
        .values_list("org_id", flat=True)
    )
    for field in ORG_ID_LIST_FIELDS:
        try:
            raw = _as_list(merged.get(field))
        except TypeError:
            _add(errors, field, _("Expected a list of organization codes."))
            continue
        unknown = [org_id for org_id in raw if org_id not in known]
        for org_id in unknown:
            _add(errors, field, _("Unknown organization “%(value)s”.") % {"value": org_id})
        cleaned[field] = list(dict.fromkeys(raw))
    return cleaned


def _problem_text(value: str, suggestion: str | None) -> str:
    message = _("Unknown value “%(value)s”.") % {"value": value}
    if suggestion:
        message += " " + _("Did you mean “%(code)s”?") % {"code": suggestion}
    return message


_ROW_COLUMN_TO_FIELD = {"organization": "name"}


def save_survey(
    *,
    organization: Organization,
    values: Mapping[str, Any],
    submit: bool | None,
) -> Organization:
    """Save profile and survey answers; `values` may be partial (missing fields keep their
    value). Unknown codes are always errors. ``submit=True`` also requires a complete survey
    (the engine's `check_row`) and marks it submitted; ``False`` saves it as a draft;
    ``None`` keeps the survey status (a profile update).

    Raises ValidationError mapping each field to its messages; nothing is saved then."""
    unknown_fields = set(values) - {*PROFILE_FIELDS, *SURVEY_FIELDS}
    if unknown_fields:
        raise ValidationError(
            {name: [_("Unknown field.")] for name in sorted(unknown_fields)}, code="invalid"
        )
    merged = {**survey_values_for(organization=organization), **values}
    errors: dict[str, list[str]] = {}
    cleaned = _clean(organization=organization, merged=merged, errors=errors)
    if not cleaned["name"]:
        _add(errors, "name", _("This field is required."))
    elif (
        Organization.objects.filter(event_id=organization.event_id)
        .exclude(pk=organization.pk)
        .annotate(lower_name=Lower("name"))
        .filter(lower_name=cleaned["name"].lower())
        .exists()
    ):
        _add(errors, "name", _("Another organization of this event has this name."))
    if submit and not errors:
        cells: dict[str, object] = {
            "org_id": organization.org_id,
            "organization": cleaned["name"],
            **{field: cleaned[field] for field in cleaned if field != "name"},
        }
        _row, problems = check_row(cells)
        for problem in problems:
            field = _ROW_COLUMN_TO_FIELD.get(problem.column, problem.column)
            _add(errors, field, describe_problem(problem))
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = Organization.objects.select_for_update().get(pk=organization.pk)
        for field, value in cleaned.items():
            setattr(locked, field, value)
        if submit:
            locked.survey_status = Organization.SurveyStatus.SUBMITTED
            locked.survey_submitted_at = timezone.now()
        elif submit is not None:
            locked.survey_status = Organization.SurveyStatus.DRAFT
        locked.save()
    return locked
