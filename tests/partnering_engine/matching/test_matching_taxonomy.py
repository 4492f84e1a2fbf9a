from __future__ import annotations

import pytest

from partnering_engine.errors import InputError
from partnering_engine.matching.countries import (
    COUNTRIES,
    CountryError,
    normalise_country,
    region_of,
)
from partnering_engine.matching.taxonomy import (
    OFFER_ANSWERS_SEEK,
    SEEK_SPECIFICITY,
    VOCABULARIES,
    VocabularyError,
    label,
    normalise_value,
    normalise_values,
)

pytestmark = pytest.mark.unit


def codes(field: str) -> list[str]:
    return [t.code for t in VOCABULARIES[field]]


def test_vocabularies_have_the_agreed_codes_in_order() -> None:
    assert codes("org_type") == [
        "government", "international_org", "global_pharma", "domestic_pharma", "biotech",
        "cdmo", "investor", "academia", "hospital",
    ]  # fmt: skip
    assert codes("offers") == [
        "licensing_out", "co_development", "manufacturing_capacity", "tech_transfer_out",
        "distribution", "funding", "procurement", "regulatory_support", "clinical_capability",
        "platform_technology", "market_access",
    ]  # fmt: skip
    assert codes("seeks") == [
        "licensing_in", "co_development", "manufacturing_capacity", "tech_transfer_in",
        "distribution", "funding", "procurement_supply", "regulatory_support",
        "clinical_capability", "platform_technology", "market_access",
    ]  # fmt: skip
    assert codes("regions_of_interest")[-1] == "global"
    assert len(codes("therapeutic_areas")) == 13
    assert len(codes("modalities")) == 17


@pytest.mark.parametrize("field", list(VOCABULARIES))
def test_every_term_has_distinct_english_and_korean_labels(field: str) -> None:
    terms = VOCABULARIES[field]
    assert all(t.en and t.ko for t in terms)
    assert len({t.en.casefold() for t in terms}) == len(terms)
    assert len({t.ko for t in terms}) == len(terms)


def test_every_offer_answers_a_seek_and_every_seek_has_a_specificity() -> None:
    assert sorted(OFFER_ANSWERS_SEEK) == sorted(codes("offers"))
    assert sorted(OFFER_ANSWERS_SEEK.values()) == sorted(codes("seeks"))
    assert OFFER_ANSWERS_SEEK["licensing_out"] == "licensing_in"
    assert OFFER_ANSWERS_SEEK["procurement"] == "procurement_supply"
    assert sorted(SEEK_SPECIFICITY) == sorted(codes("seeks"))


@pytest.mark.parametrize(
    ("field", "raw", "code"),
    [
        ("modalities", "mab", "mab"),
        ("modalities", "MONOCLONAL antibody", "mab"),
        ("modalities", "단일클론항체", "mab"),
        ("org_type", "바이오텍", "biotech"),
        ("offers", "Licensing Out", "licensing_out"),
        ("offers", "licensing-out", "licensing_out"),
        ("seeks", "기술도입", "tech_transfer_in"),
        ("regions_of_interest", "north america", "north_america"),
        ("preferred_partner_types", "CDMO", "cdmo"),
    ],
)
def test_normalise_value_accepts_codes_and_labels_in_any_case(
    field: str, raw: str, code: str
) -> None:
    assert normalise_value(field, raw) == code


def test_normalise_value_names_the_value_and_suggests_the_closest_code() -> None:
    with pytest.raises(VocabularyError) as caught:
        normalise_value("therapeutic_areas", "oncolgy")
    assert caught.value.suggestion == "oncology"
    assert caught.value.value == "oncolgy"
    assert isinstance(caught.value, InputError)
    assert "oncolgy" in str(caught.value)


def test_normalise_values_orders_and_deduplicates() -> None:
    assert normalise_values("modalities", "ADC; mab ;adc;단일클론항체") == ("mab", "adc")


def test_label_renders_english_and_korean() -> None:
    assert label("offers", "funding", "en") == "Funding"
    assert label("offers", "funding", "ko") == "투자·자금 지원"


@pytest.mark.parametrize(
    "raw", ["KR", "kr", "South Korea", "Korea, Republic of", "대한민국", "한국"]
)
def test_country_names_and_codes_normalise_to_alpha2(raw: str) -> None:
    assert normalise_country(raw) == "KR"


def test_every_country_maps_to_a_known_region() -> None:
    regions = set(codes("regions_of_interest"))
    assert all(region_of(code) in regions for code in COUNTRIES)
    assert region_of("US") == "north_america"
    assert region_of("VN") == "southeast_asia"


def test_country_table_covers_every_iso_alpha2_code_once() -> None:
    assert len(COUNTRIES) == 249
    assert all(len(code) == 2 and code.isupper() for code in COUNTRIES)
    assert normalise_country("Réunion") == "RE"
    assert normalise_country("맨섬") == "IM"
    assert normalise_country("Virgin Islands (U.S.)") == "VI"
    assert normalise_country("British Virgin Islands") == "VG"


def test_unknown_country_suggests_a_code() -> None:
    with pytest.raises(CountryError) as caught:
        normalise_country("Koria")
    assert caught.value.suggestion == "KR"
