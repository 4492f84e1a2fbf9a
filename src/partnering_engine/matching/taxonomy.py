"""The standard vocabulary of the demand survey: codes with English and Korean labels.

Every categorical survey column draws its values from one vocabulary here. A value may be
written as the code (``mab``), its English label (``Monoclonal antibody``) or its Korean label
(``단일클론항체``), in any letter case; `normalise_value` turns any of them into the code, and
raises `VocabularyError` (naming the value and the closest valid code) for anything else.

`OFFER_ANSWERS_SEEK` says which offer answers which seek: an offer answers the seek of the
same name, and ``licensing_out``→``licensing_in``, ``tech_transfer_out``→``tech_transfer_in``,
``procurement``→``procurement_supply``. `SEEK_SPECIFICITY` weighs how much a matched pair says
about a partnership (a licence deal is more specific than "market access").
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from partnering_engine.errors import InputError

__all__ = [
    "FIELDS",
    "OFFER_ANSWERS_SEEK",
    "SEEK_SPECIFICITY",
    "VOCABULARIES",
    "Term",
    "VocabularyError",
    "label",
    "normalise_value",
    "normalise_values",
    "split_multi",
    "suggest",
]


@dataclass(frozen=True, slots=True)
class Term:
    """One vocabulary entry: a stable code and its display labels."""

    code: str
    en: str
    ko: str

    def label(self, lang: str = "en") -> str:
        return self.ko if lang == "ko" else self.en


def _terms(*rows: tuple[str, str, str]) -> tuple[Term, ...]:
    return tuple(Term(code, en, ko) for code, en, ko in rows)


_ORG_TYPES = _terms(
    ("government", "Government agency", "정부기관"),
    ("international_org", "International organization", "국제기구"),
    ("global_pharma", "Global pharma", "글로벌 제약사"),
    ("domestic_pharma", "Domestic pharma", "국내 제약사"),
    ("biotech", "Biotech", "바이오텍"),
    ("cdmo", "CDMO", "위탁개발생산기업"),
    ("investor", "Investor", "투자사"),
    ("academia", "Academia / research institute", "학계·연구기관"),
    ("hospital", "Hospital", "병원"),
)

_THERAPEUTIC_AREAS = _terms(
    ("oncology", "Oncology", "종양학"),
    ("infectious_disease", "Infectious disease", "감염병"),
    ("vaccines", "Vaccines", "백신"),
    ("rare_disease", "Rare disease", "희귀질환"),
    ("cns", "Central nervous system", "중추신경계"),
    ("cardiometabolic", "Cardiometabolic", "심혈관·대사질환"),
    ("immunology", "Immunology", "면역질환"),
    ("ophthalmology", "Ophthalmology", "안과"),
    ("dermatology_aesthetics", "Dermatology & aesthetics", "피부·미용"),
    ("hematology", "Hematology", "혈액질환"),
    ("respiratory", "Respiratory", "호흡기"),
    ("womens_health", "Women's health", "여성건강"),
    ("other", "Other", "기타"),
)

_MODALITIES = _terms(
    ("vaccine", "Vaccine", "백신"),
    ("mrna", "mRNA", "mRNA"),
    ("mab", "Monoclonal antibody", "단일클론항체"),
    ("adc", "Antibody-drug conjugate", "항체-약물 접합체"),
    ("bispecific", "Bispecific antibody", "이중항체"),
    ("cell_therapy", "Cell therapy", "세포치료제"),
    ("gene_therapy", "Gene therapy", "유전자치료제"),
    ("biosimilar", "Biosimilar", "바이오시밀러"),
    ("small_molecule", "Small molecule", "저분자 화합물"),
    ("peptide", "Peptide", "펩타이드"),
    ("plasma_derived", "Plasma-derived product", "혈장분획제제"),
    ("botulinum_toxin", "Botulinum toxin", "보툴리눔 톡신"),
    ("recombinant_protein", "Recombinant protein", "재조합 단백질"),
    ("drug_delivery_platform", "Drug delivery platform", "약물전달 플랫폼"),
    ("diagnostics", "Diagnostics", "진단"),
    ("digital_health", "Digital health", "디지털 헬스"),
    ("other", "Other", "기타"),
)

_OFFERS = _terms(
    ("licensing_out", "Licensing out", "라이선스 아웃"),
    ("co_development", "Co-development", "공동개발"),
    ("manufacturing_capacity", "Manufacturing capacity", "생산 역량"),
    ("tech_transfer_out", "Technology transfer (out)", "기술이전"),
    ("distribution", "Distribution", "유통·판매"),
    ("funding", "Funding", "투자·자금 지원"),
    ("procurement", "Procurement (we buy)", "조달(구매)"),
    ("regulatory_support", "Regulatory support", "인허가 지원"),
    ("clinical_capability", "Clinical capability", "임상 역량"),
    ("platform_technology", "Platform technology", "플랫폼 기술"),
    ("market_access", "Market access", "시장 진출 지원"),
)

_SEEKS = _terms(
    ("licensing_in", "Licensing in", "라이선스 인"),
    ("co_development", "Co-development", "공동개발"),
    ("manufacturing_capacity", "Manufacturing capacity", "생산 역량"),
    ("tech_transfer_in", "Technology transfer (in)", "기술도입"),
    ("distribution", "Distribution", "유통·판매"),
    ("funding", "Funding", "투자 유치"),
    ("procurement_supply", "Purchase / supply contracts", "조달 공급 계약"),
    ("regulatory_support", "Regulatory support", "인허가 지원"),
    ("clinical_capability", "Clinical capability", "임상 역량"),
    ("platform_technology", "Platform technology", "플랫폼 기술"),
    ("market_access", "Market access", "시장 진출"),
)

_REGIONS = _terms(
    ("north_america", "North America", "북미"),
    ("europe", "Europe", "유럽"),
    ("east_asia", "East Asia", "동아시아"),
    ("southeast_asia", "Southeast Asia", "동남아시아"),
    ("south_asia", "South Asia", "남아시아"),
    ("middle_east", "Middle East", "중동"),
    ("africa", "Africa", "아프리카"),
    ("latin_america", "Latin America", "중남미"),
    ("oceania", "Oceania", "오세아니아"),
    ("global", "Global", "전 세계"),
)

_LANGUAGES = _terms(
    ("ko", "Korean", "한국어"),
    ("en", "English", "영어"),
    ("zh", "Chinese", "중국어"),
    ("ja", "Japanese", "일본어"),
    ("de", "German", "독일어"),
    ("fr", "French", "프랑스어"),
    ("es", "Spanish", "스페인어"),
    ("pt", "Portuguese", "포르투갈어"),
    ("it", "Italian", "이탈리아어"),
    ("ru", "Russian", "러시아어"),
    ("ar", "Arabic", "아랍어"),
    ("hi", "Hindi", "힌디어"),
    ("vi", "Vietnamese", "베트남어"),
    ("id", "Indonesian", "인도네시아어"),
    ("th", "Thai", "태국어"),
    ("tr", "Turkish", "터키어"),
    ("nl", "Dutch", "네덜란드어"),
    ("sv", "Swedish", "스웨덴어"),
    ("pl", "Polish", "폴란드어"),
    ("he", "Hebrew", "히브리어"),
)

#: Survey column -> its vocabulary, in display order. ``preferred_partner_types`` uses the
#: ``org_type`` vocabulary. Countries are not listed here (see `partnering_engine.matching.
#: countries`).
VOCABULARIES: Mapping[str, tuple[Term, ...]] = MappingProxyType(
    {
        "org_type": _ORG_TYPES,
        "therapeutic_areas": _THERAPEUTIC_AREAS,
        "modalities": _MODALITIES,
        "offers": _OFFERS,
        "seeks": _SEEKS,
        "regions_of_interest": _REGIONS,
        "languages": _LANGUAGES,
        "preferred_partner_types": _ORG_TYPES,
    }
)

#: The vocabulary-backed survey columns.
FIELDS: tuple[str, ...] = tuple(VOCABULARIES)

#: Offer code -> the seek code it answers.
OFFER_ANSWERS_SEEK: Mapping[str, str] = MappingProxyType(
    {
        "licensing_out": "licensing_in",
        "co_development": "co_development",
        "manufacturing_capacity": "manufacturing_capacity",
        "tech_transfer_out": "tech_transfer_in",
        "distribution": "distribution",
        "funding": "funding",
        "procurement": "procurement_supply",
        "regulatory_support": "regulatory_support",
        "clinical_capability": "clinical_capability",
        "platform_technology": "platform_technology",
        "market_access": "market_access",
    }
)

#: How much one matched offer↔seek pair says about a partnership (1 = a concrete deal type).
#: Generic services that almost everyone offers or seeks weigh less, so that a licence or a
#: technology transfer match outranks a shared interest in "market access".
SEEK_SPECIFICITY: Mapping[str, float] = MappingProxyType(
    {
        "licensing_in": 1.0,
        "co_development": 0.9,
        "manufacturing_capacity": 1.0,
        "tech_transfer_in": 1.0,
        "distribution": 0.7,
        "funding": 0.8,
        "procurement_supply": 0.9,
        "regulatory_support": 0.5,
        "clinical_capability": 0.7,
        "platform_technology": 0.9,
        "market_access": 0.5,
    }
)

_SPACES = re.compile(r"[\s_\-·/&()]+")


def _key(text: str) -> str:
    """Comparison key: case-folded, spaces/underscores/hyphens/punctuation collapsed."""
    return _SPACES.sub(" ", text.casefold()).strip()


def _build_lookup() -> dict[str, dict[str, str]]:
    lookup: dict[str, dict[str, str]] = {}
    for field_name, terms in VOCABULARIES.items():
        table: dict[str, str] = {}
        for term in terms:
            for spelling in (term.code, term.en, term.ko):
                table.setdefault(_key(spelling), term.code)
        lookup[field_name] = table
    return lookup


_LOOKUP = _build_lookup()


class VocabularyError(InputError):
    """A value is not in a column's vocabulary. `suggestion` is the closest code, if any."""

    def __init__(self, field: str, value: str, suggestion: str | None) -> None:
        hint = f"; did you mean {suggestion!r}?" if suggestion else ""
        codes = ", ".join(t.code for t in VOCABULARIES[field]) if field in VOCABULARIES else ""
        super().__init__(
            f"column {field!r}", f"unknown value {value!r}{hint} (valid codes: {codes})"
        )
        self.field = field
        self.value = value
        self.suggestion = suggestion


def suggest(field: str, raw: str) -> str | None:
    """The code whose code or label is closest to `raw`, or None if nothing is close."""
    table = _LOOKUP[field]
    key = _key(raw)
    if not key:
        return None
    matches = difflib.get_close_matches(key, list(table), n=1, cutoff=0.55)
    if matches:
        return table[matches[0]]
    # A value that contains a label or code ("mAb platform") points at that label.
    contained = [spelling for spelling in table if len(spelling) >= 3 and spelling in key]
    if contained:
        return table[max(contained, key=len)]
    return None


def normalise_value(field: str, raw: str) -> str:
    """The code for `raw` (a code, an English label or a Korean label, any case).

    Raises `VocabularyError` with the closest code as suggestion; KeyError for a `field`
    that has no vocabulary."""
    table = _LOOKUP[field]
    code = table.get(_key(raw))
    if code is None:
        raise VocabularyError(field, raw, suggest(field, raw))
    return code


def split_multi(raw: str) -> list[str]:
    """Split a multi-valued cell on ``;`` (also the full-width ``；``), dropping blanks."""
    return [part.strip() for part in raw.replace("；", ";").split(";") if part.strip()]


def normalise_values(field: str, raw: str) -> tuple[str, ...]:
    """Codes for a ``;``-separated cell, in the vocabulary's order, without duplicates.

    Raises `VocabularyError` for the first unknown value (see `survey` for collecting all)."""
    codes = {normalise_value(field, part) for part in split_multi(raw)}
    return tuple(t.code for t in VOCABULARIES[field] if t.code in codes)


_LABELS: dict[tuple[str, str], Term] = {
    (field_name, term.code): term for field_name, terms in VOCABULARIES.items() for term in terms
}


def label(field: str, code: str, lang: str = "en") -> str:
    """The display label of `code` in `lang` ("en" or "ko"); the code itself if unknown."""
    term = _LABELS.get((field, code))
    return term.label(lang) if term is not None else code
