from __future__ import annotations

import pytest

from partnering_engine.matching.lexicon import concept_label, concepts_in, vocabulary_codes

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("항체 위탁생산", {"mab", "manufacturing_capacity"}),
        ("antibody contract manufacturing", {"mab", "manufacturing_capacity"}),
        ("기술이전 또는 공동개발을 제안합니다", {"tech_transfer", "co_development"}),
        ("technology transfer and know-how", {"tech_transfer"}),
        ("Seeks in-licensing of ADCs", {"licensing", "adc"}),
        ("벤처캐피탈 투자를 제공", {"funding"}),
        ("희귀질환 효소대체치료제", {"rare_disease", "recombinant_protein"}),
        ("mRNA 백신 플랫폼", {"mrna", "vaccine", "vaccines", "platform_technology"}),
    ],
)
def test_real_phrases_name_their_concepts(text: str, expected: set[str]) -> None:
    assert concepts_in(text) == expected


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
