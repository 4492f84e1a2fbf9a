"""A bilingual concept lexicon: English and Korean phrases -> survey vocabulary codes.

Every concept is a code of the survey's own vocabulary (`taxonomy`): a therapeutic area, a
modality, or a kind of cooperation (an offer/seek code, direction-free: ``licensing``,
``tech_transfer`` and ``procurement`` stand for both sides). Each concept is found by its
taxonomy labels (English and Korean) plus the synonyms below, so a Korean seek
("항체 위탁생산") and an English offer ("antibody contract manufacturing") meet on the same
concepts (``mab``, ``manufacturing_capacity``).

Matching rules. English phrases match at a word start, case-insensitively, and are stems
(``antibod`` matches antibody/antibodies); a phrase ending in ``$`` must end the word
(``adc$`` does not match "adcetris"). Korean phrases match anywhere (Korean glues particles
and compounds to words: ``위탁생산을``), so they are at least two syllables except where a
one-syllable word is unambiguous only with its neighbour (``항암``, ``폐암``).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass

from partnering_engine.matching.taxonomy import VOCABULARIES

__all__ = ["CONCEPTS", "concept_label", "concepts_in", "vocabulary_codes"]

#: Concept -> (English stems, Korean phrases), besides the taxonomy's own labels.
_SYNONYMS: Mapping[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    # therapeutic areas
    "oncology": (
        ("oncolog", "cancer", "tumor", "tumour", "immuno-oncology", "carcinoma", "solid tumo"),
        ("항암", "종양", "고형암", "혈액암", "폐암", "유방암", "위암", "간암", "대장암", "췌장암"),
    ),
    "infectious_disease": (
        ("infectio", "antiviral", "antibiotic", "antimicrob", "pandemic", "epidemic", "outbreak"),
        ("감염", "항바이러스", "항생제", "팬데믹", "전염병", "결핵"),
    ),
    "vaccines": (("vaccin", "immunization", "immunisation"), ("백신", "예방접종")),
    "rare_disease": (("rare", "orphan"), ("희귀", "난치")),
    "cns": (
        ("neuro", "cns$", "brain", "alzheimer", "parkinson", "psychiatr", "mental", "dementia"),
        ("신경", "치매", "뇌질환", "퇴행성", "정신질환"),
    ),
    "cardiometabolic": (
        ("cardio", "metabolic", "diabet", "obes", "heart", "nash$", "mash$", "renal", "liver"),
        ("심혈관", "대사", "당뇨", "비만", "심장", "신장", "간질환"),
    ),
    "immunology": (
        ("immunolog", "autoimmun", "inflammat", "immune"),
        ("면역질환", "자가면역", "염증", "면역"),
    ),
    "ophthalmology": (("ophthalm", "eye", "retina", "retinal"), ("안과", "망막", "안질환")),
    "dermatology_aesthetics": (
        ("dermat", "skin", "aesthetic", "filler"),
        ("피부", "미용", "필러"),
    ),
    "hematology": (
        ("hematolog", "haematolog", "blood", "hemophilia", "haemophilia"),
        ("혈액", "혈우병"),
    ),
    "respiratory": (("respirat", "lung", "asthma", "copd$", "pulmonary"), ("호흡기", "천식")),
    "womens_health": (("women", "gyn", "obstetric", "fertility"), ("여성", "난임")),
    # modalities
    "vaccine": (("vaccin",), ("백신",)),
    "mrna": (("mrna$", "messenger rna", "lnp$", "lipid nanoparticle"), ("메신저", "지질나노")),
    "mab": (("antibod", "mab$", "mabs$", "monoclonal"), ("항체", "단일클론")),
    "adc": (("adc$", "adcs$", "antibody-drug conjugate", "conjugat", "payload"), ("접합",)),
    "bispecific": (("bispecific", "multispecific", "bi-specific"), ("이중항체", "다중항체")),
    "cell_therapy": (("cell therap", "car-t", "nk cell", "stem cell"), ("세포치료", "줄기세포")),
    "gene_therapy": (("gene therap", "gene editing", "aav$", "viral vector"), ("유전자",)),
    "biosimilar": (("biosimilar",), ("바이오시밀러", "동등생물")),
    "small_molecule": (
        ("small molecule", "small-molecule", "chemical", "synthetic drug", "inhibitor"),
        ("저분자", "합성신약", "화합물", "케미칼"),
    ),
    "peptide": (("peptide", "incretin", "glp-1"), ("펩타이드", "펩티드")),
    "plasma_derived": (("plasma",), ("혈장", "혈액제제")),
    "botulinum_toxin": (("botulinum", "toxin"), ("보툴리눔", "톡신")),
    "recombinant_protein": (("recombinant", "protein", "enzyme"), ("재조합", "단백질", "효소")),
    "drug_delivery_platform": (
        ("drug delivery", "formulation", "long-acting", "delivery technolog", "oral deliver"),
        ("약물전달", "제형", "장기지속"),
    ),
    "diagnostics": (("diagnos", "assay", "test kit"), ("진단",)),
    "digital_health": (
        ("digital", "ai$", "artificial intelligence", "data"),
        ("디지털", "인공지능"),
    ),
    # kinds of cooperation (offers and seeks)
    "licensing": (
        ("licens", "in-licens", "out-licens", "rights"),
        ("라이선스", "라이센스", "기술수출", "기술도입", "도입"),
    ),
    "co_development": (
        ("co-develop", "codevelop", "joint develop", "co-research", "joint research"),
        ("공동개발", "공동 개발", "공동연구", "공동 연구"),
    ),
    "manufacturing_capacity": (
        ("manufactur", "cdmo$", "cmo$", "production", "fill-finish", "gmp$", "cgmp$", "capacity"),
        ("생산", "제조", "위탁생산", "위탁개발", "cdmo"),
    ),
    "tech_transfer": (
        ("technology transfer", "tech transfer", "know-how", "localiz", "localis"),
        ("기술이전", "기술 이전", "현지화"),
    ),
    "distribution": (
        ("distribut", "commerciali", "sales", "marketing"),
        ("유통", "판매", "영업", "상업화"),
    ),
    "funding": (
        ("fund", "invest", "capital", "grant", "financ", "venture"),
        ("투자", "자금", "펀드", "지원금", "출자"),
    ),
    "procurement": (
        ("procure", "purchas", "tender", "stockpil", "supply"),
        ("조달", "구매", "공급", "비축"),
    ),
    "regulatory_support": (
        ("regulat", "approval", "registration", "marketing authori"),
        ("인허가", "허가", "규제"),
    ),
    "clinical_capability": (("clinical", "trial"), ("임상",)),
    "platform_technology": (("platform",), ("플랫폼",)),
    "market_access": (
        ("market access", "market entry", "export"),
        ("시장 진출", "시장진출", "수출"),
    ),
}

#: Direction-free concept -> (offer code, seek code) of the survey.
_COOPERATION = {
    "licensing": ("licensing_out", "licensing_in"),
    "tech_transfer": ("tech_transfer_out", "tech_transfer_in"),
    "procurement": ("procurement", "procurement_supply"),
}
_COOPERATION.update(
    {t.code: (t.code, t.code) for t in VOCABULARIES["offers"] if t.code not in _COOPERATION}
)
_COOPERATION.pop("licensing_out", None)
_COOPERATION.pop("tech_transfer_out", None)

#: All concepts, in a stable order (the columns of concept vectors).
CONCEPTS: tuple[str, ...] = tuple(
    dict.fromkeys(
        [t.code for t in VOCABULARIES["therapeutic_areas"] if t.code != "other"]
        + [t.code for t in VOCABULARIES["modalities"] if t.code != "other"]
        + list(_COOPERATION)
    )
)

_CONCEPT_LABELS = {
    "licensing": ("Licensing", "라이선스"),
    "tech_transfer": ("Technology transfer", "기술이전"),
    "procurement": ("Procurement / supply", "조달·공급"),
}


def concept_label(concept: str, lang: str = "en") -> str:
    """The display label of a concept in `lang`."""
    if concept in _CONCEPT_LABELS:
        en, ko = _CONCEPT_LABELS[concept]
        return ko if lang == "ko" else en
    for field in ("therapeutic_areas", "modalities", "offers"):
        for term in VOCABULARIES[field]:
            if term.code == concept:
                return term.label(lang)
    return concept


def _english_pattern(stem: str) -> str:
    whole = stem.endswith("$")
    body = re.escape(stem.rstrip("$")).replace(r"\ ", r"[\s-]+").replace(r"\-", r"[\s-]?")
    return rf"(?<![a-z0-9]){body}" + (r"(?![a-z0-9])" if whole else "")


_ANCHOR = re.compile(r"[a-z0-9\uac00-\ud7a3]+")


def _anchor(spelling: str) -> str:
    """The longest plain run of letters every match of `spelling` contains."""
    return max(_ANCHOR.findall(spelling.rstrip("$").casefold()), key=len, default="")


@dataclass(frozen=True)
class _Spellings:
    """How one concept is found: Korean phrases are plain substrings (they match anywhere);
    each English alternative is a pattern with the plain substring every match of it
    contains, checked first (a C substring search, so most patterns never run)."""

    korean: tuple[str, ...]
    english: tuple[tuple[str, re.Pattern[str]], ...]

    def found_in(self, folded: str) -> bool:
        return any(phrase in folded for phrase in self.korean) or any(
            anchor in folded and pattern.search(folded) for anchor, pattern in self.english
        )


def _patterns() -> dict[str, _Spellings]:
    """Concept -> its spellings (taxonomy labels and synonyms), case-folded."""
    patterns: dict[str, _Spellings] = {}
    labels: dict[str, list[str]] = {}
    for field in ("therapeutic_areas", "modalities", "offers", "seeks"):
        for term in VOCABULARIES[field]:
            concept = term.code
            for code, (offer, seek) in _COOPERATION.items():
                if term.code in (offer, seek):
                    concept = code
            if concept in CONCEPTS:
                labels.setdefault(concept, []).extend([term.en.casefold(), term.ko])
    for concept in CONCEPTS:
        english, korean = _SYNONYMS.get(concept, ((), ()))
        spellings = [s for s in labels.get(concept, []) if not s.startswith(("technology", "기타"))]
        ascii_labels = [s.casefold() for s in spellings if s.isascii() and len(s) > 3]
        hangul = [s for s in (*korean, *spellings) if not s.isascii()]
        patterns[concept] = _Spellings(
            korean=tuple(dict.fromkeys(s.casefold() for s in hangul)),
            english=tuple(
                (_anchor(s), re.compile(_english_pattern(s.casefold())))
                for s in dict.fromkeys((*english, *ascii_labels))
            ),
        )
    return patterns


_PATTERNS = _patterns()


@functools.lru_cache(maxsize=65536)
def concepts_in(text: str) -> frozenset[str]:
    """The concepts (`CONCEPTS`) a free text mentions, in English or Korean."""
    folded = text.casefold()
    return frozenset(concept for concept, found in _PATTERNS.items() if found.found_in(folded))


def vocabulary_codes(concepts: frozenset[str], field: str) -> tuple[str, ...]:
    """The survey codes of `field` (``therapeutic_areas``, ``modalities``, ``offers`` or
    ``seeks``) that `concepts` stand for, in vocabulary order: a text-only survey row is
    given the codes its descriptions mention (the rule-based fallback)."""
    wanted: set[str] = set()
    for concept in concepts:
        if field in ("offers", "seeks") and concept in _COOPERATION:
            offer, seek = _COOPERATION[concept]
            wanted.add(offer if field == "offers" else seek)
        elif field in ("therapeutic_areas", "modalities"):
            wanted.add(concept)
    return tuple(t.code for t in VOCABULARIES[field] if t.code in wanted)
