from __future__ import annotations

import json
from pathlib import Path

import pytest

from partnering_engine.cli.main import main
from partnering_engine.matching.survey import COLUMNS, SurveyRow, write_survey

pytestmark = pytest.mark.unit


def write_rows(path: Path) -> None:
    oncology, adc = ("oncology",), ("adc",)
    write_survey(
        [
            SurveyRow(
                "pharma", "Atlas Pharma", "global_pharma", "US", oncology, adc,
                offers=("funding",), seeks=("licensing_in",),
            ),
            SurveyRow(
                "bio", "Hanbit Bio", "biotech", "KR", oncology, adc,
                offers=("licensing_out",), seeks=("funding",),
            ),
            SurveyRow(
                "wuxi", "WuXi Biologics", "cdmo", "CN",
                offers=("manufacturing_capacity",), seeks=("procurement_supply",),
            ),
        ],
        path,
    )  # fmt: skip


def test_recommend_writes_ranked_json_with_reasons(tmp_path: Path) -> None:
    survey, out = tmp_path / "survey.xlsx", tmp_path / "recs.json"
    write_rows(survey)
    assert main(["recommend", str(survey), "--top", "2", "--lang", "ko", "--out", str(out)]) == 0
    payload = json.loads(out.read_text("utf-8"))
    assert sorted(payload) == ["bio", "pharma", "wuxi"]
    assert payload["pharma"][0]["partner"] == "bio"
    assert "라이선스 아웃 ↔ 라이선스 인" in payload["pharma"][0]["reasons"][0]


def test_recommend_with_watchlist_drops_flagged_organizations(tmp_path: Path) -> None:
    survey, out = tmp_path / "survey.csv", tmp_path / "recs.json"
    write_rows(survey)
    code = main(["recommend", str(survey), "--watchlist", "example", "--out", str(out)])
    assert code == 0
    payload = json.loads(out.read_text("utf-8"))
    assert all(r["partner"] != "wuxi" for recs in payload.values() for r in recs)


def test_recommend_bad_survey_exits_2_naming_row_and_column(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    survey = tmp_path / "bad.csv"
    survey.write_text(
        ",".join(COLUMNS[:11]) + "\nx,X,biotec,KR,,,licensing_out,,,,\n", encoding="utf-8"
    )
    assert main(["recommend", str(survey), "--out", str(tmp_path / "o.json")]) == 2
    err = capsys.readouterr().err
    assert "row 2, column 'org_type'" in err
    assert "'biotech'" in err
    assert not (tmp_path / "o.json").exists()


def test_screen_prints_hits_with_reason(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    survey, out = tmp_path / "survey.csv", tmp_path / "hits.json"
    write_rows(survey)
    assert main(["screen", str(survey), "--watchlist", "example", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert printed.startswith("wuxi\tWuXi Biologics\t~ WuXi Biologics")
    assert json.loads(out.read_text("utf-8"))[0]["listed_name"] == "WuXi Biologics"
