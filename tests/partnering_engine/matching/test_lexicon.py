from __future__ import annotations

import pytest

from partnering_engine.matching.lexicon import concept_label, concepts_in, vocabulary_codes

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("항체 위탁생산", {"mab", "manufacturing_capacity"}),
        ("antibody contract manufacturing", {"mab", "manufacturing_capacity"}),
        ("기술이전 또는 공동개발을 제안합니다", {"licensing", "co_development"}),
        ("technology transfer and know-how", {"tech_transfer"}),
        ("Seeks in-licensing of ADCs", {"licensing", "adc"}),
        ("벤처캐피탈 투자를 제공", {"funding"}),
        ("희귀질환 효소대체치료제", {"rare_disease", "recombinant_protein"}),
        ("mRNA 백신 플랫폼", {"mrna", "vaccine", "vaccines", "platform_technology"}),
    ],
)
def test_real_phrases_name_their_concepts(text: str, expected: set[str]) -> None:
    assert concepts_in(text) == expected


@pytest.mark.parametrize(
    ("english", "korean", "concept"),
    [
        (
            "biologics CDMO services",
            "바이오의약품 위탁개발생산(CDMO) 서비스",
            "manufacturing_capacity",
        ),
        ("contract manufacturing clients", "위탁생산 고객", "manufacturing_capacity"),
        ("vaccine fill-finish capacity", "백신 완제 충전 시설", "manufacturing_capacity"),
        ("long-term supply agreements", "장기 공급 계약", "procurement"),
        (
            "procures vaccines for the national programme",
            "국가 예방접종용 백신 조달",
            "procurement",
        ),
        ("purchases medicines through tenders", "입찰을 통한 의약품 구매", "procurement"),
        ("a domestic distribution network", "국내 유통망", "distribution"),
        ("out-licensing of its assets", "보유 에셋의 기술수출", "licensing"),
        ("products to in-license for Korea", "국내 도입 품목(라이선스인)", "licensing"),
        ("co-development partners", "공동개발 파트너", "co_development"),
        ("venture investment in biotech", "바이오텍 대상 벤처 투자", "funding"),
        ("multicentre clinical trials", "다기관 임상시험 수행", "clinical_capability"),
        ("regulatory consultation", "인허가 상담", "regulatory_support"),
        (
            "technology transfer packages for plasma production",
            "혈장 생산 기술이전 패키지",
            "tech_transfer",
        ),
        ("entry into overseas markets", "해외 시장 진출", "market_access"),
    ],
)
def test_deal_kinds_are_one_concept_in_both_languages(
    english: str, korean: str, concept: str
) -> None:
    assert concept in concepts_in(english)
    assert concept in concepts_in(korean)


@pytest.mark.parametrize(
    ("english", "korean"),
    [
        # Descriptions of three Korean organizations of the real-deals dev set, in its English
        # and its Korean version.
        (
            "Offers oncology antibody and CAR-T assets built on its epitope-focused antibody "
            "discovery platform, available for licensing or co-development.",
            "자체 에피토프 기반 항체 발굴 플랫폼을 바탕으로 한 항암 항체 및 CAR-T 파이프라인에 "
            "대해 기술이전 또는 공동개발 협력을 제안합니다.",
        ),
        (
            "One of the world's largest biologics CDMOs, offering end-to-end development and "
            "large-scale GMP manufacturing of antibodies, ADCs, bispecifics and mRNA, with "
            "proprietary cell line and bispecific development platforms and a strong inspection "
            "track record.",
            "세계 최대 규모의 바이오의약품 CDMO로서 항체, ADC, 이중항체, mRNA의 개발부터 대규모 "
            "GMP 생산까지 원스톱 서비스를 제공하며, 자체 세포주·이중항체 개발 플랫폼과 우수한 "
            "규제기관 실사 이력을 보유하고 있습니다.",
        ),
        (
            "Offers plasma fractionation know-how, immunoglobulin and albumin products, and "
            "technology transfer packages for countries building domestic plasma-derived "
            "medicine production.",
            "혈장분획 기술 노하우와 면역글로불린·알부민 제품을 보유하고 있으며, 자국 내 혈액제제 "
            "생산을 추진하는 국가에 기술이전 패키지를 제공할 수 있습니다.",
        ),
    ],
)
def test_korean_and_english_versions_name_the_same_concepts(english: str, korean: str) -> None:
    assert concepts_in(korean) == concepts_in(english)


def test_korean_compounds_match_with_or_without_spaces() -> None:
    assert concepts_in("세포 치료제 위탁 생산") == concepts_in("세포치료제 위탁생산")
    assert concepts_in("시장 진출") == concepts_in("시장진출") == {"market_access"}


def test_korean_technology_transfer_of_an_asset_is_a_licence_of_a_process_is_not() -> None:
    asset = concepts_in("임상 단계 파이프라인의 글로벌 기술이전을 제안합니다")
    process = concepts_in("고객사의 상업화 공정 기술이전 프로젝트를 찾고 있습니다")
    assert "licensing" in asset
    assert "tech_transfer" not in asset
    assert "tech_transfer" in process
    assert "licensing" not in process


def test_asset_stage_is_not_a_clinical_capability() -> None:
    assert "clinical_capability" not in concepts_in("Seeks clinical-stage assets in oncology")
    assert "clinical_capability" not in concepts_in("임상 단계 신규 에셋 도입")
    assert "clinical_capability" not in concepts_in("임상 또는 전임상 후기 단계 에셋")
    assert "clinical_capability" in concepts_in("early-phase clinical trial capacity")
    assert "clinical_capability" in concepts_in("초기 임상시험 수행 역량")


@pytest.mark.parametrize(
    ("text", "concept"),
    [
        ("new conjugate and recombinant vaccines", "adc"),
        ("신규 접합 백신", "adc"),
        ("nanoparticle vaccine for targeted protein degradation", "recombinant_protein"),
        ("면역항암제 후보물질", "immunology"),
        ("blood-brain barrier shuttle", "hematology"),
        ("핵심 에셋의 기술수출", "market_access"),
        ("clinical trial capacity", "manufacturing_capacity"),
        ("GMP inspection expertise", "manufacturing_capacity"),
        ("GMP 실사 전문성", "manufacturing_capacity"),
        ("미국에서 허가받은 톡신", "regulatory_support"),
        ("후기 임상 비용 조달을 위한 투자 유치", "procurement"),
        ("co-develop and commercialize its pipeline", "distribution"),
    ],
)
def test_phrases_that_contain_a_spelling_but_mean_something_else(text: str, concept: str) -> None:
    assert concept not in concepts_in(text)


def test_whole_word_stems_do_not_match_inside_other_words() -> None:
    assert "adc" not in concepts_in("Adcetris sales in Korea")
    assert "digital_health" not in concepts_in("maintained in Thailand")


def test_concepts_become_survey_codes_for_either_side() -> None:
    concepts = concepts_in("기술이전 및 라이선스, 항체 생산")
    assert vocabulary_codes(concepts, "offers") == (
        "licensing_out",
        "manufacturing_capacity",
        "tech_transfer_out",
    )
    assert vocabulary_codes(concepts, "seeks") == (
        "licensing_in",
        "manufacturing_capacity",
        "tech_transfer_in",
    )
    assert vocabulary_codes(concepts, "modalities") == ("mab",)


def test_concept_labels_follow_the_reader() -> None:
    assert concept_label("mab", "ko") == "단일클론항체"
    assert concept_label("tech_transfer", "en") == "Technology transfer"
    assert concept_label("tech_transfer", "ko") == "기술이전"
