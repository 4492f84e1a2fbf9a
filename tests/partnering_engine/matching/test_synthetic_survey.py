from __future__ import annotations

from pathlib import Path

import pytest

from partnering_engine.matching.survey import read_survey, write_survey
from partnering_engine.matching.synthetic import survey_for_participants

pytestmark = pytest.mark.unit


def test_synthetic_survey_is_deterministic_and_keeps_participant_ids() -> None:
    ids = [f"p{i}" for i in range(50)]
    first = survey_for_participants(ids, seed=4)
    assert first == survey_for_participants(ids, seed=4)
    assert first != survey_for_participants(ids, seed=5)
    assert [r.org_id for r in first] == ids


def test_synthetic_survey_passes_validation_after_a_round_trip(tmp_path: Path) -> None:
    rows = survey_for_participants([f"org{i}" for i in range(200)], seed=1)
    path = tmp_path / "synthetic.xlsx"
    write_survey(rows, path)
    result = read_survey(path)
    assert result.errors == ()
    assert list(result.rows) == rows


def test_synthetic_rows_look_like_their_organization_type() -> None:
    rows = survey_for_participants([f"p{i}" for i in range(400)], seed=3)
    cdmos = [r for r in rows if r.org_type == "cdmo"]
    investors = [r for r in rows if r.org_type == "investor"]
    assert cdmos
    assert investors
    assert all("manufacturing_capacity" in r.offers or r.offers for r in cdmos)
    assert all(r.offers == ("funding",) or "funding" in r.offers for r in investors)
    assert sum(r.country == "KR" for r in rows) > len(rows) / 3
    assert all(r.description_offer and r.description_seek for r in rows)
