from __future__ import annotations

import numpy as np
import pytest

from partnering_engine.matching.text import analyse, keywords, text_vectors

pytestmark = pytest.mark.unit


def test_korean_keywords_drop_particles_and_endings() -> None:
    # A real seek of the dev set, as a Korean business-development manager typed it.
    text = (
        "글로벌 바이오텍 및 제약사와의 장기 위탁생산 계약을 희망하며, 접합(conjugation) 기술 도입"
    )
    words = keywords(text)
    assert "제약사" in words
    assert "계약" in words
    assert "conjugation" in words
    assert not {"와", "의", "을", "및", "며", "계약을", "희망"} & set(words)


def test_korean_pronoun_with_particle_is_never_a_keyword() -> None:
    assert keywords("저희가 항체를 찾고 있습니다") == ["항체"]


def test_latin_words_inside_korean_text_are_kept_whole() -> None:
    assert keywords("HER2항체 및 CAR-T 세포치료제") == ["항체", "her2", "car-t", "세포", "치료제"]


def test_english_keywords_drop_stop_words_and_plurals() -> None:
    words = keywords("Seeks partners with antibodies for the clinical trials of its ADCs")
    assert words == ["antibody", "clinical", "trial", "adc"]


def test_documents_carry_concept_tokens_in_both_languages() -> None:
    korean = analyse("항체 위탁생산 역량을 찾고 있습니다")
    english = analyse("Offers antibody contract manufacturing")
    assert {"@mab", "@manufacturing_capacity"} <= set(korean) & set(english)


def test_korean_seek_is_closest_to_the_english_offer_of_the_same_thing() -> None:
    seek = ["항체 위탁생산 파트너를 찾습니다", "", ""]
    offer = ["", "Contract manufacturing of monoclonal antibodies", "Dermal fillers for aesthetics"]
    vectors = text_vectors(seek, offer)
    similarity = (vectors.seek @ vectors.offer.T).toarray()
    assert similarity[0, 1] > 0
    assert similarity[0, 2] == 0


def test_projected_text_keeps_the_nearest_neighbour() -> None:
    seek = ["mRNA vaccine manufacturing", "botulinum toxin distribution", "ADC licensing"] * 4
    offer = ["ADC payload licensing", "mRNA vaccine production", "toxin distributors"] * 4
    exact = text_vectors(seek, offer, exact=True)
    projected = text_vectors(seek, offer, exact=False)
    best_exact = np.asarray((exact.seek @ exact.offer.T).toarray()).argmax(axis=1)
    best_projected = np.asarray(projected.seek @ projected.offer.T).argmax(axis=1)
    np.testing.assert_array_equal(best_exact % 3, best_projected % 3)


def test_korean_compounds_give_the_same_keywords_with_or_without_spaces() -> None:
    assert keywords("위탁생산 및 세포치료제") == keywords("위탁 생산 및 세포 치료제")
    assert keywords("위탁개발생산(CDMO)") == ["위탁", "개발", "생산", "cdmo"]


def test_korean_field_nouns_are_not_cut_into_syllables() -> None:
    # From real descriptions of the dev set: 신약 (new drug) is not 신 + 약, 상업화
    # (commercialization) is not 상업 (commerce), 접합체 keeps no stray 체.
    assert keywords("혁신 신약 후보물질") == ["혁신", "신약", "후보", "물질"]
    assert keywords("상업화 파트너를 찾고 있습니다") == ["상업화"]
    assert keywords("항체 접합체(DAC)") == ["항체", "접합체", "dac"]
    assert keywords("완제의약품 충전") == ["완제", "의약품", "충전"]


def test_korean_survey_boilerplate_is_not_a_keyword() -> None:
    words = keywords("저희는 국내 영업망을 바탕으로 공동개발이 가능하며 귀사와의 협력을 제안합니다")
    assert words == ["국내", "영업", "공동", "개발"]


def test_korean_and_english_versions_of_a_seek_share_their_concept_terms() -> None:
    # A real organization's seek in the dev set's English and Korean versions.
    english = analyse(
        "Seeks long-term manufacturing contracts with biotech and pharma clients, and "
        "complementary technologies such as conjugation and high-titer processes to broaden "
        "its services."
    )
    korean = analyse(
        "글로벌 바이오텍 및 제약사와의 장기 위탁생산 계약을 희망하며, 서비스 확대를 위해 "
        "접합(conjugation) 및 고생산성 공정 등 보완 기술 도입에도 관심이 있습니다."
    )
    shared = {"@manufacturing_capacity", "@adc", "@platform_technology"}
    assert shared <= set(english) & set(korean)
    assert {"contract", "manufacturing", "conjugation", "long-term"} <= set(korean)
