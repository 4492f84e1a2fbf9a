"""Request and response shapes of the API (OpenAPI schemas)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, ClassVar

from ninja import Field, Schema
from pydantic import ConfigDict, ValidationInfo, field_validator

__all__ = [
    "MAX_ID",
    "Count",
    "EventIn",
    "EventOut",
    "EventPatch",
    "Id",
    "OrganizationBrief",
    "OrganizationOut",
    "OrganizationPage",
    "OrganizationPatch",
    "PatchSchema",
    "ProblemOut",
    "SurveyIn",
    "SurveyOut",
]


#: The largest id or count the API accepts: every database's integer column holds it, so an
#: absurd number is a 422 naming the field, never an overflow inside the database driver.
MAX_ID = 2**31 - 1
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
Count = Annotated[int, Field(ge=0, le=MAX_ID)]


class ProblemOut(Schema):
    """Why a request was refused; `errors` maps fields to messages."""

    detail: str
    errors: dict[str, list[str]] = Field(default_factory=dict)


def _document_null_only_where_allowed(schema: dict[str, Any], model: type[Any]) -> None:
    """The OpenAPI document offers null only for the fields in `nullable`: the others are
    declared ``X | None`` to tell an omitted field from a given one, but refuse null."""
    nullable = getattr(model, "nullable", frozenset())
    for name, field in schema.get("properties", {}).items():
        if name in nullable:
            continue
        variants = field.get("anyOf")
        if variants and {"type": "null"} in variants:
            del field["anyOf"]
            kept = [variant for variant in variants if variant != {"type": "null"}]
            if len(kept) == 1:
                field.update(kept[0])
            else:
                field["anyOf"] = kept
        if "default" in field and field["default"] is None:
            del field["default"]


class PatchSchema(Schema):
    """Fields to change: an omitted field keeps its value, and only the fields named in
    `nullable` may be set to null (a null name or venue is refused with 422, not stored);
    the OpenAPI document says the same."""

    model_config = ConfigDict(json_schema_extra=_document_null_only_where_allowed)
    nullable: ClassVar[frozenset[str]] = frozenset()

    @field_validator("*", mode="before")
    @classmethod
    def _refuse_null(cls, value: Any, info: ValidationInfo) -> Any:
        if value is None and info.field_name not in cls.nullable:
            raise ValueError("may not be null; leave the field out to keep its value")
        return value


class EventOut(Schema):
    slug: str
    name: str
    name_ko: str
    venue: str
    time_zone: str
    request_deadline: datetime | None
    max_open_requests: int
    interpreters_per_slot: int
    virtual_meetings: bool
    description: str


class EventPatch(PatchSchema):
    """Fields to change; omitted fields keep their value; `request_deadline: null` clears
    the deadline."""

    nullable: ClassVar[frozenset[str]] = frozenset({"request_deadline"})

    name: str | None = None
    name_ko: str | None = None
    venue: str | None = None
    time_zone: str | None = None
    request_deadline: datetime | None = None
    max_open_requests: int | None = Field(default=None, ge=0, le=MAX_ID)
    interpreters_per_slot: int | None = Field(default=None, ge=0, le=MAX_ID)
    virtual_meetings: bool | None = None
    description: str | None = None


class EventIn(EventPatch):
    slug: str
    name: str  # type: ignore[assignment]  # required when creating


class OrganizationOut(Schema):
    org_id: str
    name: str
    name_local: str
    org_type: str
    country: str
    website: str
    description: str
    therapeutic_areas: list[str]
    modalities: list[str]
    offers: list[str]
    seeks: list[str]
    regions_of_interest: list[str]
    languages: list[str]
    preferred_partner_types: list[str]
    description_offer: str
    description_seek: str
    survey_status: str


class OrganizationBrief(Schema):
    """An organization as other resources name it."""

    org_id: str
    name: str
    name_local: str


class OrganizationPage(Schema):
    count: int
    items: list[OrganizationOut]


class OrganizationPatch(PatchSchema):
    """Profile fields to change; codes are checked like the survey file's."""

    name: str | None = None
    name_local: str | None = None
    org_type: str | None = None
    country: str | None = None
    website: str | None = None
    description: str | None = None


class SurveyOut(Schema):
    org_id: str
    survey_status: str
    survey_submitted_at: datetime | None
    therapeutic_areas: list[str]
    modalities: list[str]
    offers: list[str]
    seeks: list[str]
    regions_of_interest: list[str]
    languages: list[str]
    preferred_partner_types: list[str]
    description_offer: str
    description_seek: str
    excluded_partners: list[str]
    wishlist: list[str]


class SurveyIn(PatchSchema):
    """Survey answers to change (omitted ones keep their value). ``submit: true`` requires
    a complete survey and marks it submitted; ``false`` keeps it a draft."""

    submit: bool = False
    therapeutic_areas: list[str] | None = None
    modalities: list[str] | None = None
    offers: list[str] | None = None
    seeks: list[str] | None = None
    regions_of_interest: list[str] | None = None
    languages: list[str] | None = None
    preferred_partner_types: list[str] | None = None
    description_offer: str | None = None
    description_seek: str | None = None
    excluded_partners: list[str] | None = None
    wishlist: list[str] | None = None
