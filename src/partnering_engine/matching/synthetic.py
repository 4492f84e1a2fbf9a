"""Believable synthetic survey rows for generated problems and benchmarks.

Each synthetic organization draws a type (weighted like a Korean bio summit: many biotechs
and domestic pharma, fewer global pharma, CDMOs, investors, agencies), a country (about
half Korean), one to three therapeutic areas and modalities that fit together, and offers
and seeks typical of its type (a CDMO offers manufacturing capacity and seeks supply
contracts; a biotech offers licences and seeks funding). Descriptions are written from the
same choices, in English or Korean, so text similarity has something real to find. The
output is deterministic for a seed.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, replace

from partnering_engine.matching.survey import SurveyRow, write_survey
from partnering_engine.matching.taxonomy import VOCABULARIES, label

__all__ = ["survey_for_participants", "write_survey"]

_TYPE_WEIGHTS: dict[str, float] = {
    "biotech": 0.34,
    "domestic_pharma": 0.16,
    "global_pharma": 0.08,
    "cdmo": 0.09,
    "investor": 0.09,
    "academia": 0.1,
    "hospital": 0.05,
    "government": 0.05,
    "international_org": 0.04,
}

# org_type -> (offers with probability, seeks with probability)
_PROFILES: dict[str, tuple[dict[str, float], dict[str, float]]] = {
    "biotech": (
        {"licensing_out": 0.7, "co_development": 0.5, "platform_technology": 0.45},
        {
            "funding": 0.7,
            "co_development": 0.4,
            "clinical_capability": 0.3,
            "manufacturing_capacity": 0.3,
            "market_access": 0.2,
            "regulatory_support": 0.2,
        },
    ),
    "domestic_pharma": (
        {
            "distribution": 0.6,
            "manufacturing_capacity": 0.35,
            "co_development": 0.4,
            "licensing_out": 0.35,
            "market_access": 0.3,
        },
        {
            "licensing_in": 0.75,
            "tech_transfer_in": 0.3,
            "co_development": 0.35,
            "platform_technology": 0.3,
            "market_access": 0.2,
        },
    ),
    "global_pharma": (
        {
            "co_development": 0.5,
            "funding": 0.4,
            "market_access": 0.45,
            "distribution": 0.3,
            "licensing_out": 0.25,
        },
        {
            "licensing_in": 0.85,
            "platform_technology": 0.45,
            "manufacturing_capacity": 0.35,
            "clinical_capability": 0.25,
            "co_development": 0.3,
        },
    ),
    "cdmo": (
        {
            "manufacturing_capacity": 0.95,
            "tech_transfer_out": 0.3,
            "regulatory_support": 0.4,
        },
        {"procurement_supply": 0.7, "co_development": 0.2, "tech_transfer_in": 0.3},
    ),
    "investor": (
        {"funding": 1.0, "market_access": 0.15},
        {"co_development": 0.3, "platform_technology": 0.55, "licensing_in": 0.3},
    ),
    "academia": (
        {
            "licensing_out": 0.55,
            "tech_transfer_out": 0.45,
            "clinical_capability": 0.3,
            "platform_technology": 0.3,
        },
        {"funding": 0.75, "co_development": 0.5, "manufacturing_capacity": 0.15},
    ),
    "hospital": (
        {"clinical_capability": 0.9, "procurement": 0.35},
        {"co_development": 0.5, "funding": 0.4, "platform_technology": 0.3},
    ),
    "government": (
        {"funding": 0.7, "procurement": 0.5, "regulatory_support": 0.4, "market_access": 0.3},
        {"tech_transfer_in": 0.6, "manufacturing_capacity": 0.45, "co_development": 0.3},
    ),
    "international_org": (
        {"funding": 0.75, "procurement": 0.6, "market_access": 0.3},
        {"manufacturing_capacity": 0.6, "tech_transfer_in": 0.35, "co_development": 0.4},
    ),
}

# therapeutic area -> modalities that commonly go with it
_AREA_MODALITIES: dict[str, tuple[str, ...]] = {
    "oncology": ("mab", "adc", "bispecific", "cell_therapy", "small_molecule", "mrna"),
    "infectious_disease": ("vaccine", "mrna", "mab", "small_molecule", "diagnostics"),
    "vaccines": ("vaccine", "mrna", "recombinant_protein"),
    "rare_disease": ("gene_therapy", "recombinant_protein", "small_molecule", "peptide"),
    "cns": ("small_molecule", "mab", "gene_therapy", "digital_health"),
    "cardiometabolic": ("peptide", "small_molecule", "biosimilar", "drug_delivery_platform"),
    "immunology": ("mab", "biosimilar", "bispecific", "small_molecule", "cell_therapy"),
    "ophthalmology": ("biosimilar", "gene_therapy", "mab", "small_molecule"),
    "dermatology_aesthetics": ("botulinum_toxin", "peptide", "small_molecule"),
    "hematology": ("plasma_derived", "recombinant_protein", "gene_therapy", "mab"),
    "respiratory": ("small_molecule", "mab", "vaccine", "drug_delivery_platform"),
    "womens_health": ("small_molecule", "peptide", "diagnostics"),
}

_COUNTRY_WEIGHTS: dict[str, float] = {
    "KR": 0.46,
    "US": 0.12,
    "JP": 0.05,
    "CN": 0.04,
    "DE": 0.03,
    "GB": 0.03,
    "FR": 0.02,
    "CH": 0.03,
    "IN": 0.03,
    "SG": 0.02,
    "VN": 0.02,
    "ID": 0.015,
    "TH": 0.015,
    "AU": 0.015,
    "CA": 0.015,
    "BE": 0.01,
    "NL": 0.01,
    "IL": 0.01,
    "AE": 0.01,
    "SA": 0.01,
    "BR": 0.01,
    "ZA": 0.01,
    "TW": 0.01,
}

_NAME_STEMS = (
    "Hana", "Seoul", "Gyeong", "Hanbit", "Nova", "Genex", "Celltrio", "Bioneer", "Medi",
    "Aurora", "Kairos", "Helix", "Vita", "Orion", "Lumen", "Sejong", "Daehan", "Jeil",
    "Mirae", "Pyxis", "Corvus", "Axion", "Evergreen", "Sora", "Haneul", "Taeyang", "Baekdu",
    "Halla", "Namsan", "Cygnus", "Zenith", "Apex", "Kestrel", "Juniper", "Sequoia", "Pacific",
    "Atlas", "Boreal", "Cedar", "Delta", "Ember", "Fjord", "Granite", "Harbor", "Iris",
)  # fmt: skip
_NAME_SUFFIX: dict[str, tuple[str, ...]] = {
    "biotech": ("Therapeutics", "Bio", "Biosciences", "Genomics", "Immune"),
    "domestic_pharma": ("Pharm", "Pharmaceutical", "Healthcare"),
    "global_pharma": ("Pharma Group", "Life Sciences", "Pharmaceuticals International"),
    "cdmo": ("Biologics", "BioManufacturing", "CDMO"),
    "investor": ("Ventures", "Capital", "Investment Partners"),
    "academia": ("University Research Foundation", "Institute of Biomedicine"),
    "hospital": ("Medical Center", "University Hospital"),
    "government": ("Health Agency", "Biotechnology Promotion Agency"),
    "international_org": ("Global Health Alliance", "Vaccine Initiative"),
}

_OFFER_PHRASES: dict[str, tuple[str, str]] = {
    "licensing_out": (
        "out-licensing of {modality} candidates in {area} with preclinical and phase 1 data",
        "{area} {modality} 후보물질 라이선스 아웃 (전임상·임상 1상 데이터 보유)",
    ),
    "co_development": (
        "co-development of {modality} programs in {area}",
        "{area} 분야 {modality} 공동개발",
    ),
    "manufacturing_capacity": (
        "GMP manufacturing capacity for {modality} from cell line to fill-finish",
        "{modality} GMP 생산 역량 (세포주 개발부터 완제 충전까지)",
    ),
    "tech_transfer_out": (
        "technology transfer of {modality} production processes",
        "{modality} 생산 공정 기술이전",
    ),
    "distribution": (
        "distribution and sales network for {area} products in {region}",
        "{region} {area} 제품 유통·판매망",
    ),
    "funding": (
        "investment and grant funding for {area} {modality} projects",
        "{area} {modality} 프로젝트 투자 및 연구비 지원",
    ),
    "procurement": (
        "procurement of {modality} products for public programs",
        "공공 사업용 {modality} 제품 조달",
    ),
    "regulatory_support": (
        "regulatory support for approvals in {region}",
        "{region} 인허가 지원",
    ),
    "clinical_capability": (
        "clinical trial sites and investigators in {area}",
        "{area} 임상시험 기관 및 연구자 네트워크",
    ),
    "platform_technology": (
        "a proprietary {modality} platform technology",
        "독자적인 {modality} 플랫폼 기술",
    ),
    "market_access": (
        "market access and pricing expertise in {region}",
        "{region} 시장 진입 및 약가 전문성",
    ),
}
_SEEK_PHRASES: dict[str, tuple[str, str]] = {
    "licensing_in": (
        "in-licensing of late-stage {modality} assets in {area}",
        "{area} 후기 임상 {modality} 자산 라이선스 인",
    ),
    "co_development": (
        "a co-development partner for {area} {modality} programs",
        "{area} {modality} 공동개발 파트너",
    ),
    "manufacturing_capacity": (
        "a CDMO with {modality} GMP manufacturing capacity",
        "{modality} GMP 위탁생산 파트너",
    ),
    "tech_transfer_in": (
        "technology transfer of {modality} production for local manufacturing",
        "현지 생산을 위한 {modality} 생산 기술 도입",
    ),
    "distribution": (
        "a distribution partner for {area} products in {region}",
        "{region} {area} 제품 유통 파트너",
    ),
    "funding": (
        "investors for a series B round for our {modality} pipeline",
        "{modality} 파이프라인 시리즈 B 투자 유치",
    ),
    "procurement_supply": (
        "long-term supply and purchase contracts for {modality}",
        "{modality} 장기 공급 계약",
    ),
    "regulatory_support": (
        "regulatory consulting for filings in {region}",
        "{region} 허가 신청 컨설팅",
    ),
    "clinical_capability": (
        "clinical sites for {area} trials",
        "{area} 임상시험 수행 기관",
    ),
    "platform_technology": (
        "{modality} platform technologies to expand our pipeline",
        "파이프라인 확장을 위한 {modality} 플랫폼 기술",
    ),
    "market_access": (
        "market entry support in {region}",
        "{region} 시장 진출 지원",
    ),
}


def _pick_weighted(rng: random.Random, weights: dict[str, float]) -> str:
    keys = list(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys], k=1)[0]


def _draw(rng: random.Random, probabilities: dict[str, float]) -> list[str]:
    chosen = [code for code, p in probabilities.items() if rng.random() < p]
    if not chosen:
        chosen = [max(probabilities, key=lambda c: probabilities[c] + rng.random() * 0.2)]
    return chosen


def _ordered(field: str, codes: Sequence[str]) -> tuple[str, ...]:
    wanted = set(codes)
    return tuple(t.code for t in VOCABULARIES[field] if t.code in wanted)


@dataclass(frozen=True)
class _Context:
    areas: list[str]
    modalities: list[str]
    regions: list[str]
    rng: random.Random


def _sentence(
    phrases: dict[str, tuple[str, str]],
    codes: Sequence[str],
    *,
    lang: str,
    context: _Context,
) -> str:
    rng = context.rng
    parts = []
    for code in codes:
        template = phrases[code][1 if lang == "ko" else 0]
        parts.append(
            template.format(
                area=label("therapeutic_areas", rng.choice(context.areas), lang),
                modality=label("modalities", rng.choice(context.modalities), lang),
                region=label("regions_of_interest", rng.choice(context.regions), lang),
            )
        )
    joiner = ", " if lang == "ko" else "; "
    return joiner.join(parts)


def survey_for_participants(participant_ids: Sequence[str], *, seed: int) -> list[SurveyRow]:
    """One synthetic survey row per participant id (used as org_id), deterministic for
    `seed`. A few rows name others in their wishlist; none exclude anyone."""
    rng = random.Random(seed)
    rows: list[SurveyRow] = []
    used_names: set[str] = set()
    area_codes = list(_AREA_MODALITIES)
    for index, org_id in enumerate(participant_ids):
        org_type = _pick_weighted(rng, _TYPE_WEIGHTS)
        country = _pick_weighted(rng, _COUNTRY_WEIGHTS)
        broad = org_type in ("global_pharma", "government", "international_org", "investor")
        area_count = rng.randint(2, 4) if broad else rng.randint(1, 2)
        areas = rng.sample(area_codes, area_count)
        modality_pool = sorted({m for a in areas for m in _AREA_MODALITIES[a]})
        modalities = rng.sample(modality_pool, min(len(modality_pool), rng.randint(1, 3)))
        offers_p, seeks_p = _PROFILES[org_type]
        offers, seeks = _draw(rng, offers_p), _draw(rng, seeks_p)
        if country == "KR":
            regions = rng.sample(
                ["north_america", "europe", "southeast_asia", "east_asia", "middle_east"],
                rng.randint(1, 3),
            )
        else:
            regions = ["east_asia", *rng.sample(["southeast_asia", "global"], rng.randint(0, 1))]
        lang = "ko" if country == "KR" and rng.random() < 0.6 else "en"
        stem = rng.choice(_NAME_STEMS)
        name = f"{stem} {rng.choice(_NAME_SUFFIX[org_type])}"
        if name in used_names:
            name = f"{name} {index}"
        used_names.add(name)
        context = _Context(areas, modalities, regions, rng)
        rows.append(
            SurveyRow(
                org_id=org_id,
                organization=name,
                org_type=org_type,
                country=country,
                therapeutic_areas=_ordered("therapeutic_areas", areas),
                modalities=_ordered("modalities", modalities),
                offers=_ordered("offers", offers),
                seeks=_ordered("seeks", seeks),
                regions_of_interest=_ordered("regions_of_interest", regions),
                description_offer=_sentence(_OFFER_PHRASES, offers, lang=lang, context=context),
                description_seek=_sentence(_SEEK_PHRASES, seeks, lang=lang, context=context),
                languages=("ko", "en") if country == "KR" else ("en",),
            )
        )
    ids = [r.org_id for r in rows]
    if len(ids) > 3:
        for i, row in enumerate(rows):
            if rng.random() < 0.15:
                others = [x for x in rng.sample(ids, 3) if x != row.org_id]
                rows[i] = _with_wishlist(row, tuple(dict.fromkeys(others[:2])))
    return rows


def _with_wishlist(row: SurveyRow, wishlist: tuple[str, ...]) -> SurveyRow:
    return replace(row, wishlist=wishlist)
