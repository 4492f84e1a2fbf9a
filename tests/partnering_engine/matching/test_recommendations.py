from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import numpy as np
import pytest

from partnering_engine.matching.explain import reasons
from partnering_engine.matching.model import RULE, load_model
from partnering_engine.matching.recommend import recommend_all, recommend_features
from partnering_engine.matching.scoring import build_features, encode_pairs, feature_matrices
from partnering_engine.matching.survey import SurveyRow
from partnering_engine.matching.synthetic import survey_for_participants

pytestmark = pytest.mark.unit

RowFactory = Callable[..., SurveyRow]


def licensing_survey(make_row: RowFactory) -> list[SurveyRow]:
    """`seeker` wants an oncology ADC licence and offers funding. `mutual` offers that
    licence and wants funding; `one_sided` offers the same licence but wants nothing the
    seeker has. Everything else is identical."""
    common = {
        "therapeutic_areas": ["oncology"],
        "modalities": ["adc"],
        "regions_of_interest": ["global"],
    }
    return [
        make_row(
            "seeker",
            org_type="global_pharma",
            country="US",
            offers=["funding"],
            seeks=["licensing_in"],
            **common,
        ),
        make_row("mutual", offers=["licensing_out"], seeks=["funding"], **common),
        make_row("one_sided", offers=["licensing_out"], seeks=["manufacturing_capacity"], **common),
        make_row(
            "unrelated",
            org_type="cdmo",
            therapeutic_areas=["dermatology_aesthetics"],
            modalities=["botulinum_toxin"],
            offers=["manufacturing_capacity"],
            seeks=["procurement_supply"],
        ),
    ]


def test_mutual_match_ranks_above_one_sided_match(make_row: RowFactory) -> None:
    recs = recommend_all(licensing_survey(make_row), top=3)
    ranked = recs.partner_ids("seeker")
    assert ranked[:2] == ["mutual", "one_sided"]
    scores = [r.score for r in recs.for_org("seeker")]
    assert scores[0] > scores[1]


def test_offer_seek_features_count_matches_each_way(make_row: RowFactory) -> None:
    rows = licensing_survey(make_row)
    features = feature_matrices(encode_pairs(rows), np.zeros((9, 9)))
    assert features["need_forward"][0, 1] == 1.0  # mutual offers the licence seeker seeks
    assert features["need_backward"][0, 1] == 1.0  # and seeks the funding seeker offers
    assert features["need_backward"][0, 2] == 0.0
    assert features["need_forward"][0, 3] == 0.0
    assert features["areas_shared"][0, 1] == 1.0
    assert features["areas_shared"][0, 3] == 0.0


def test_areas_named_in_a_description_count_as_chosen(make_row: RowFactory) -> None:
    seeker = make_row("seeker", therapeutic_areas=["oncology"], modalities=["adc"])
    written = make_row(
        "written", description_offer="항체-약물 접합체(ADC) 기반 고형암 치료제를 개발합니다"
    )
    silent = make_row("silent", description_offer="We run clinical trials in Asia.")
    features = feature_matrices(encode_pairs([seeker, written, silent]), np.zeros((9, 9)))
    assert features["areas_cosine"][0, 1] == 0.0  # the list left oncology out
    assert features["areas_named"][0, 1] == pytest.approx(1.0)  # the text names it
    # 항체 (antibody) and 접합 (conjugate): the text names mab and adc, the seeker only adc.
    assert features["modalities_named"][0, 1] == pytest.approx(0.5**0.5)
    assert features["areas_named"][0, 2] == 0.0
    sentence = reasons(seeker, written, carried={"areas_named": 1.0})[0]
    assert sentence == "Org written: Both work on Oncology and Antibody-drug conjugate."
    korean = reasons(seeker, written, lang="ko", carried={"modalities_named": 1.0})[0]
    assert korean.startswith("Org written: 공통 분야: ")


def test_exclusion_by_either_side_removes_the_pair(make_row: RowFactory) -> None:
    rows = licensing_survey(make_row)
    rows[1] = make_row(
        "mutual",
        offers=["licensing_out"],
        seeks=["funding"],
        therapeutic_areas=["oncology"],
        modalities=["adc"],
        excluded_partners=["seeker"],
    )
    recs = recommend_all(rows, top=3)
    assert "mutual" not in recs.partner_ids("seeker")
    assert "seeker" not in recs.partner_ids("mutual")
    assert "one_sided" in recs.partner_ids("seeker")


def test_blocked_organization_is_never_recommended(make_row: RowFactory) -> None:
    recs = recommend_all(licensing_survey(make_row), top=3, blocked={"mutual"})
    assert all("mutual" not in recs.partner_ids(r.org_id) for r in recs.rows)
    assert recs.partner_ids("mutual") == []


def test_wishlist_lifts_an_otherwise_equal_partner(make_row: RowFactory) -> None:
    base = licensing_survey(make_row)
    twin = make_row(
        "twin",
        offers=["licensing_out"],
        seeks=["funding"],
        therapeutic_areas=["oncology"],
        modalities=["adc"],
        regions_of_interest=["global"],
    )
    seeker = make_row(
        "seeker",
        org_type="global_pharma",
        country="US",
        offers=["funding"],
        seeks=["licensing_in"],
        therapeutic_areas=["oncology"],
        modalities=["adc"],
        regions_of_interest=["global"],
        wishlist=["twin"],
    )
    recs = recommend_all([seeker, *base[1:], twin], top=3)
    assert recs.partner_ids("seeker")[0] == "twin"
    assert recs.for_org("seeker")[0].reasons[-1] == "On your wishlist."


def test_reasons_name_the_real_overlap_in_english_and_korean(make_row: RowFactory) -> None:
    rows = licensing_survey(make_row)
    english = reasons(rows[0], rows[1], lang="en")
    assert english == [
        "Org mutual: Mutual fit — they offer what you seek (Licensing out ↔ Licensing in) "
        "and you offer what they seek (Funding); both work on Oncology and "
        "Antibody-drug conjugate; based in South Korea, in your target region East Asia."
    ]
    korean = reasons(rows[0], rows[1], lang="ko")[0]
    assert "라이선스 아웃 ↔ 라이선스 인" in korean
    assert "종양학" in korean
    assert "Oncology" not in korean


def test_reasons_for_a_one_sided_match_say_who_gives_what(make_row: RowFactory) -> None:
    rows = licensing_survey(make_row)
    sentence = reasons(rows[0], rows[2])[0]
    assert sentence.startswith("Org one_sided: They offer what you seek (Licensing out ↔ Lic")
    assert "you offer" not in sentence


def test_reasons_quote_words_shared_by_the_descriptions(make_row: RowFactory) -> None:
    me = make_row("me", seeks=["funding"], description_seek="저희가 HER2 항체를 위한 투자 유치")
    partner = make_row("p", offers=["funding"], description_offer="HER2 항체 investment fund")
    sentence = reasons(me, partner, lang="ko")[0]
    assert "'her2'" in sentence
    assert "'항체'" in sentence
    assert "저희" not in sentence
    assert "'를'" not in sentence


def test_reasons_name_only_what_carried_the_score(make_row: RowFactory) -> None:
    rows = licensing_survey(make_row)
    carried = {"need_forward": 0.5, "need_backward": 0.4, "region_forward": 0.01}
    sentence = reasons(rows[0], rows[1], carried=carried)[0]
    assert sentence == (
        "Org mutual: Mutual fit — they offer what you seek (Licensing out ↔ Licensing in) "
        "and you offer what they seek (Funding)."
    )


def test_reasons_say_vaccines_once(make_row: RowFactory) -> None:
    me = make_row("me", therapeutic_areas=["vaccines"], modalities=["vaccine", "mrna"])
    partner = make_row("p", therapeutic_areas=["vaccines"], modalities=["vaccine", "mrna"])
    english = reasons(me, partner, carried={"areas_cosine": 1.0})[0]
    korean = reasons(me, partner, lang="ko", carried={"areas_cosine": 1.0})[0]
    assert english == "Org p: Both work on Vaccines and mRNA."
    assert "Vaccine" not in english.replace("Vaccines", "")
    assert korean.count("백신") == 1


def test_description_reason_names_a_concept_once(make_row: RowFactory) -> None:
    me = make_row("me", description_seek="저희는 백신 파트너를 찾습니다")
    partner = make_row("p", description_offer="Vaccines made at scale")
    sentence = reasons(me, partner, carried={"concepts_forward": 1.0})[0]
    # The area "Vaccines" and the modality "Vaccine" are one topic to a reader.
    assert sentence == "Org p: Their description matches what you look for (Vaccine)."


def test_description_reason_names_a_concept_by_its_label_not_a_lowercase_word(
    make_row: RowFactory,
) -> None:
    me = make_row("me", description_seek="We look for an mRNA manufacturing partner")
    partner = make_row("p", description_offer="mRNA production at scale")
    english = reasons(me, partner, carried={"concepts_forward": 1.0})[0]
    korean = reasons(me, partner, lang="ko", carried={"concepts_forward": 1.0})[0]
    assert "'mrna'" not in english
    assert "'mrna'" not in korean
    assert "mRNA" in english
    assert "mRNA" in korean


def test_korean_reasons_use_the_korean_name(make_row: RowFactory) -> None:
    rows = licensing_survey(make_row)
    partner = replace(rows[1], organization="Celltrion", organization_ko="셀트리온")
    assert reasons(rows[0], partner, lang="ko")[0].startswith("셀트리온: ")
    assert reasons(rows[0], partner, lang="en")[0].startswith("Celltrion: ")


def test_type_pair_reason_names_both_types(make_row: RowFactory) -> None:
    rows = licensing_survey(make_row)
    sentence = reasons(rows[0], rows[1], carried={"type_pair": 1.0})[0]
    assert sentence == (
        "Org mutual: Biotech and Global pharma organizations often sign deals together."
    )
    korean = reasons(rows[0], rows[1], lang="ko", carried={"type_pair": 1.0})[0]
    assert "바이오텍–글로벌 제약사" in korean


def test_korean_seek_matches_english_offer_through_concepts(make_row: RowFactory) -> None:
    seeker = make_row("seeker", description_seek="저희는 항체 위탁생산 파트너를 찾고 있습니다")
    cdmo = make_row(
        "cdmo", org_type="cdmo", description_offer="Contract manufacturing of antibodies"
    )
    toxin = make_row("toxin", description_offer="Botulinum toxin for aesthetics")
    features = feature_matrices(encode_pairs([seeker, cdmo, toxin]), np.zeros((9, 9)))
    assert features["concepts_forward"][0, 1] > 0
    assert features["concepts_forward"][0, 2] == 0
    assert features["text_forward"][0, 1] > features["text_forward"][0, 2]


def test_text_similarity_ranks_when_structured_fields_tie(make_row: RowFactory) -> None:
    seeker = make_row(
        "seeker", seeks=["manufacturing_capacity"], description_seek="mRNA 원료의약품 위탁생산"
    )
    lipid = make_row(
        "lipid",
        org_type="cdmo",
        offers=["manufacturing_capacity"],
        description_offer="mRNA 원료의약품 생산, 지질나노입자 제형",
    )
    toxin = make_row(
        "toxin",
        org_type="cdmo",
        offers=["manufacturing_capacity"],
        description_offer="보툴리눔 톡신 완제 충전",
    )
    assert recommend_all([seeker, toxin, lipid], top=2).partner_ids("seeker") == [
        "lipid",
        "toxin",
    ]


def test_diversity_breaks_up_a_list_of_one_organization_type(make_row: RowFactory) -> None:
    fields = {"therapeutic_areas": ["oncology"], "modalities": ["mab"]}
    seeker = make_row("seeker", seeks=["manufacturing_capacity", "licensing_in"], **fields)
    cdmos = [
        make_row(f"cdmo{i}", org_type="cdmo", offers=["manufacturing_capacity"], **fields)
        for i in range(6)
    ]
    # As good a match as each CDMO, listed last so that ties put it behind them.
    licensor = make_row("licensor", offers=["licensing_out"], **fields)
    rows = [seeker, *cdmos, licensor]
    plain = recommend_all(rows, top=4, model=RULE).partner_ids("seeker")
    diverse = recommend_all(rows, top=4, model=RULE, diversity=True).partner_ids("seeker")
    assert plain == ["cdmo0", "cdmo1", "cdmo2", "cdmo3"]
    assert diverse == ["cdmo0", "cdmo1", "cdmo2", "licensor"]


def test_lists_are_best_first_without_self_or_duplicates() -> None:
    rows = survey_for_participants([f"p{i}" for i in range(120)], seed=5)
    recs = recommend_all(rows, top=8, diversity=False)
    for i, row in enumerate(rows):
        partners = recs.partner_ids(row.org_id)
        assert row.org_id not in partners
        assert len(set(partners)) == len(partners)
        scores = recs.scores[i][: len(partners)]
        assert np.all(np.diff(scores) <= 1e-6)


def test_low_rank_text_agrees_with_exact_text_on_the_top_partner() -> None:
    rows = survey_for_participants([f"p{i}" for i in range(300)], seed=9)
    exact = recommend_all(rows, top=10, exact_text=True)
    approx = recommend_all(rows, top=10, exact_text=False)
    overlap = [
        len(set(exact.partner_ids(r.org_id)) & set(approx.partner_ids(r.org_id))) / 10 for r in rows
    ]
    assert float(np.mean(overlap)) > 0.7


def test_to_dict_has_the_documented_shape(make_row: RowFactory) -> None:
    payload = recommend_all(licensing_survey(make_row), top=2).to_dict(lang="ko")
    first = payload["seeker"][0]
    assert sorted(first) == ["partner", "reasons", "score", "strength"]
    assert first["partner"] == "mutual"
    assert isinstance(first["score"], float)
    assert first["strength"] == 100.0  # better than both other candidates


def test_strength_is_the_percentile_among_the_candidates() -> None:
    rows = survey_for_participants([f"p{i}" for i in range(60)], seed=3)
    recs = recommend_all(rows, top=59)
    features = recs.features
    assert features is not None
    from partnering_engine.matching.scoring import score_block

    score = score_block(features, slice(0, len(rows)))[0]
    finite = score[np.isfinite(score)]
    for partner, value, strength in zip(
        recs.partners[0], recs.scores[0], recs.strengths[0], strict=True
    ):
        if partner < 0:
            continue
        below = (finite < value).sum() + 0.5 * ((finite == value).sum() - 1)
        assert strength == pytest.approx(100 * below / (finite.size - 1), abs=1e-3)
    assert list(recs.strengths[0]) == sorted(recs.strengths[0], reverse=True)


def test_survey_of_one_gets_an_empty_list(make_row: RowFactory) -> None:
    recs = recommend_all([make_row("alone", offers=["funding"])], top=5)
    assert recs.for_org("alone") == []


def test_preferred_partner_type_ranks_first(make_row: RowFactory) -> None:
    seeker = make_row("seeker", seeks=["manufacturing_capacity"], preferred_partner_types=["cdmo"])
    biotech = make_row("biotech", offers=["manufacturing_capacity"])
    cdmo = make_row("cdmo", org_type="cdmo", offers=["manufacturing_capacity"])
    recs = recommend_all([seeker, biotech, cdmo], top=2, model=RULE)
    assert recs.partner_ids("seeker") == ["cdmo", "biotech"]
    plain = recommend_all(
        [replace(seeker, preferred_partner_types=()), biotech, cdmo], top=2, model=RULE
    )
    assert plain.scores[0][0] == pytest.approx(plain.scores[0][1])
    fitted = recommend_all([seeker, biotech, cdmo], top=2)
    unfitted = recommend_all([replace(seeker, preferred_partner_types=()), biotech, cdmo], top=2)
    lift = dict(zip(fitted.partner_ids("seeker"), fitted.scores[0], strict=True))
    base = dict(zip(unfitted.partner_ids("seeker"), unfitted.scores[0], strict=True))
    assert lift["cdmo"] - base["cdmo"] == pytest.approx(load_model().preferred_type, rel=1e-4)
    assert lift["biotech"] == pytest.approx(base["biotech"])


def test_threaded_small_blocks_agree_with_one_block() -> None:
    rows = survey_for_participants([f"p{i}" for i in range(150)], seed=8)
    features = build_features(rows)
    threaded = recommend_features(features, top=7, workers=2, block_rows=32)
    single = recommend_features(features, top=7, workers=1)
    np.testing.assert_array_equal(threaded[0], single[0])
    np.testing.assert_allclose(threaded[1], single[1], rtol=1e-5)
    np.testing.assert_allclose(threaded[2], single[2], rtol=1e-5)


@pytest.mark.parametrize("exact_text", [True, False])
def test_survey_without_descriptions_still_ranks(exact_text: bool, make_row: RowFactory) -> None:
    rows = [make_row("seeker", seeks=["funding"])] + [
        make_row(f"fund{i}", org_type="investor", offers=["funding"]) for i in range(4)
    ]
    recs = recommend_all(rows, top=3, exact_text=exact_text)
    assert len(recs.partner_ids("seeker")) == 3
    assert all(p.startswith("fund") for p in recs.partner_ids("seeker"))


def _varied_survey(make_row: RowFactory) -> list[SurveyRow]:
    rows = survey_for_participants([f"p{i}" for i in range(40)], seed=7)
    texts = [
        ("Seeks antibody contract manufacturing in Asia", "Offers oncology ADC assets"),
        ("항체 위탁생산 파트너를 찾습니다", "세포치료제 공동개발을 제안합니다"),
        ("Seeks vaccine supply and technology transfer", "Offers mRNA vaccine platform"),
    ]
    return [
        replace(
            r,
            description_seek=texts[i % 3][0],
            description_offer=texts[i % 3][1],
            wishlist=(),  # wishes and preferences are not fitted terms
            preferred_partner_types=(),
        )
        for i, r in enumerate(rows)
    ]


@pytest.mark.parametrize("exact_text", [True, False])
def test_scores_are_row_scaled_features_plus_the_partner_reach(
    make_row: RowFactory, exact_text: bool
) -> None:
    """The served score is the fit script's: each feature divided by its spread over the
    organization's other candidates, weighted, plus `hub` x the candidate's mean score."""
    rows = _varied_survey(make_row)
    # The shipped weights with both terms on, whatever the fit chose for the reach.
    model = replace(load_model(), row_scaled=True, hub=0.5)
    features = build_features(rows, model=model, exact_text=exact_text)
    served = recommend_features(features, top=len(rows) - 1)
    n = len(rows)
    others = ~np.eye(n, dtype=bool)
    plain = np.zeros((n, n))
    for name, matrix in feature_matrices(features.encoding, np.asarray(model.type_pair)).items():
        if name in ("text_forward", "text_backward", "text_profile") and not exact_text:
            left, right = {
                "text_forward": (features.encoding.text.seek, features.encoding.text.offer),
                "text_backward": (features.encoding.text.offer, features.encoding.text.seek),
                "text_profile": (features.encoding.text.profile, features.encoding.text.profile),
            }[name]
            matrix = np.asarray(left @ right.T)  # the latent product is served unclipped
        values = matrix[others].reshape(n, n - 1)
        spread = np.maximum(values.std(axis=1), 0.1 * values.std())
        plain += model.weights[name] * matrix / spread[:, None]
    column = np.where(others, plain, 0.0).sum(axis=0) / (n - 1)
    expected = plain + model.hub * column[None, :]
    partners, scores, _ = served
    for i in range(n):
        assert np.allclose(scores[i], expected[i, partners[i]], rtol=1e-3, atol=1e-3)
    assert np.allclose(features.reach, model.hub * column, rtol=1e-3, atol=1e-4)


def test_reasons_name_the_partner_reach_when_it_carried_the_score(make_row: RowFactory) -> None:
    rows = licensing_survey(make_row)
    carried = {"reach": 1.0, "need_forward": 0.2}
    english = reasons(rows[0], rows[1], carried=carried)[0]
    korean = reasons(rows[0], rows[1], lang="ko", carried=carried)[0]
    assert "partner whose profile fits many participants" in english
    assert "여러 참가 기관의 수요와 두루 맞는 파트너" in korean
    quiet = reasons(rows[0], rows[1], carried={"reach": 0.01, "need_forward": 1.0})[0]
    assert "many participants" not in quiet
