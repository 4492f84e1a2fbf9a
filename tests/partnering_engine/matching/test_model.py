from __future__ import annotations

import json
from collections.abc import Callable
from importlib import resources

import pytest

from partnering_engine.errors import InputError
from partnering_engine.matching.model import PAIR_FEATURES, RULE, RankingModel, load_model
from partnering_engine.matching.recommend import recommend_all
from partnering_engine.matching.survey import SurveyRow

pytestmark = pytest.mark.unit


def _shipped_text() -> str:
    path = resources.files("partnering_engine.matching").joinpath("data", "ranking_model.json")
    return path.read_text(encoding="utf-8")


def test_shipped_model_loads_with_every_feature() -> None:
    model = load_model()
    assert set(model.weights) == set(PAIR_FEATURES)
    assert model.fitted["deals"] == 94
    assert RankingModel.from_json(model.to_json()) == model


@pytest.mark.slow
def test_shipped_model_is_what_its_script_fits() -> None:
    from bench.matching_fit import fit_shipped, load_dev, model_text

    assert model_text(fit_shipped([load_dev("en"), load_dev("ko")])) == _shipped_text()


def test_model_file_of_another_format_is_refused() -> None:
    data = json.loads(_shipped_text())
    data["format"] = 99
    with pytest.raises(InputError, match="format 99"):
        RankingModel.from_json(data)
    with pytest.raises(InputError, match="unknown features"):
        RankingModel(name="x", weights={"shoe_size": 1.0})


def test_text_only_survey_falls_back_to_the_rule_on_codes_read_from_text(
    make_row: Callable[..., SurveyRow],
) -> None:
    rows = [
        make_row("seeker", description_seek="항체 위탁생산 파트너를 찾습니다"),
        make_row("cdmo", description_offer="Contract manufacturing of antibodies (cGMP)"),
        make_row("fund", description_offer="Venture capital for biotech"),
    ]
    recs = recommend_all(rows, top=2)
    assert recs.features is not None
    assert recs.features.model == RULE
    assert recs.partner_ids("seeker")[0] == "cdmo"
    assert "Manufacturing capacity" in recs.for_org("seeker")[0].reasons[0]
