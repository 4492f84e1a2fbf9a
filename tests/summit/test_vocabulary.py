"""`summit.organizations.vocabulary`: the engine's survey vocabulary on the web side.

(Lives here rather than under tests/summit/organizations/, which another engineer owns.)
"""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from summit.organizations.vocabulary import (
    choices_for,
    clean_survey_fields,
    country_choices,
    validate_codes,
    validate_country,
    validate_org_ids,
)

pytestmark = [pytest.mark.unit]


def test_validate_codes_returns_vocabulary_order_without_duplicates():
    assert validate_codes(field="modalities", codes=["adc", "mab", "adc"]) == ["mab", "adc"]


def test_unknown_code_names_field_value_and_suggestion():
    with pytest.raises(ValidationError) as caught:
        validate_codes(field="modalities", codes=["mab", "mabb"])
    assert caught.value.message_dict == {
        "modalities": ["Unknown value “mabb” in modalities. Did you mean “mab”?"]
    }


def test_a_single_string_is_not_a_list_of_codes():
    with pytest.raises(ValidationError) as caught:
        validate_codes(field="offers", codes="funding")
    assert caught.value.message_dict == {"offers": ["offers must be a list of codes."]}


def test_clean_survey_fields_reports_every_bad_field_at_once():
    with pytest.raises(ValidationError) as caught:
        clean_survey_fields(
            values={"seeks": ["funding", "nope"], "country": "XX", "org_type": "biotech"}
        )
    assert sorted(caught.value.message_dict) == ["country", "seeks"]


def test_clean_survey_fields_normalises_country_case():
    cleaned = clean_survey_fields(values={"country": "kr", "org_type": "cdmo"})
    assert cleaned == {"country": "KR", "org_type": "cdmo"}


def test_validate_country_rejects_unknown_codes():
    with pytest.raises(ValidationError):
        validate_country(code="ZZ")


def test_org_id_lists_must_name_known_organizations():
    assert validate_org_ids(field="wishlist", org_ids=["A", "B", "A"], known={"A", "B"}) == [
        "A",
        "B",
    ]
    with pytest.raises(ValidationError) as caught:
        validate_org_ids(field="wishlist", org_ids=["C"], known={"A"})
    assert caught.value.message_dict == {"wishlist": ["Unknown organization “C” in wishlist."]}


def test_choices_follow_the_active_language():
    with translation.override("ko"):
        korean = dict(choices_for(field="modalities"))
    assert korean["mab"] == "단일클론항체"
    assert dict(choices_for(field="modalities", language="en"))["mab"] == "Monoclonal antibody"


def test_country_choices_are_sorted_by_name():
    names = [name for _code, name in country_choices(language="en")]
    assert names == sorted(names)
    assert dict(country_choices(language="en"))["KR"] == "South Korea"
    assert dict(country_choices(language="ko"))["KR"] == "대한민국"


@pytest.mark.django_db
def test_organization_full_clean_checks_vocabulary(organization):
    organization.modalities = ["mab", "antibody-ish"]
    with pytest.raises(ValidationError) as caught:
        organization.full_clean()
    assert list(caught.value.message_dict) == ["modalities"]
