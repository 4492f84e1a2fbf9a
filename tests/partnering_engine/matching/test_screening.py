from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from partnering_engine.errors import InputError
from partnering_engine.matching.screening import (
    WatchEntry,
    example_watchlist,
    name_similarity,
    read_watchlist,
    screen,
)
from partnering_engine.matching.survey import SurveyRow

pytestmark = pytest.mark.unit


def test_example_list_names_the_five_biosecure_companies_with_its_source() -> None:
    entries = example_watchlist()
    assert [e.name for e in entries] == [
        "BGI",
        "MGI",
        "Complete Genomics",
        "WuXi AppTec",
        "WuXi Biologics",
    ]
    assert all("H.R. 8333" in e.source for e in entries)
    assert all("not legal advice" in e.reason for e in entries)


@pytest.mark.parametrize(
    "organization",
    [
        "WuXi Biologics (Cayman) Inc.",
        "Wuxi-Biologics",
        "우시바이오로직스",
        "药明生物",
        "BGI Genomics Co., Ltd.",
        "Complete Genomics",
    ],
)
def test_screening_hits_names_and_aliases(
    organization: str, make_row: Callable[..., SurveyRow]
) -> None:
    hits = screen([make_row("x", organization=organization)], example_watchlist())
    assert [h.org_id for h in hits] == ["x"]
    assert hits[0].score >= 0.85


@pytest.mark.parametrize(
    "organization", ["Samsung Biologics", "Lonza", "Celltrion", "SK bioscience", "Complete Bio"]
)
def test_screening_leaves_other_organizations_alone(
    organization: str, make_row: Callable[..., SurveyRow]
) -> None:
    assert screen([make_row("x", organization=organization)], example_watchlist()) == []


def test_hit_reports_the_matched_alias_and_country(make_row: Callable[..., SurveyRow]) -> None:
    hits = screen([make_row("w", organization="药明康德", country="CN")], example_watchlist())
    assert hits[0].entry.name == "WuXi AppTec"
    assert hits[0].matched_name == "药明康德"
    assert hits[0].country_match is True


def test_name_similarity_drops_legal_forms() -> None:
    assert name_similarity("주식회사 한빛바이오", "한빛바이오") == 1.0
    assert name_similarity("Hanbit Bio Co., Ltd.", "HANBIT BIO") == 1.0
    assert name_similarity("Acme", "Zenith") < 0.3


def test_read_watchlist_reads_aliases_and_rejects_bad_country(tmp_path: Path) -> None:
    path = tmp_path / "list.csv"
    path.write_text("name,aliases,country,reason,source\nAcme,Acme Bio;ACM,US,r,s\n", "utf-8")
    assert read_watchlist(path) == (WatchEntry("Acme", ("Acme Bio", "ACM"), "US", "r", "s"),)
    path.write_text("name,country\nAcme,Atlantis\n", "utf-8")
    with pytest.raises(InputError, match="row 2, column 'country'"):
        read_watchlist(path)
