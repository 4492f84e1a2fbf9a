from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

from partnering_engine.matching.survey import (
    COLUMNS,
    SurveyError,
    SurveyFileError,
    SurveyRow,
    check_row,
    read_cells,
    read_survey,
    write_survey,
)

pytestmark = pytest.mark.unit

HEADER = ",".join(COLUMNS[:11])

KOREAN_SURVEY = (
    HEADER
    + "\n"
    + "kr1,한빛바이오,바이오텍,대한민국,종양학;면역질환,단일클론항체;항체-약물 접합체,"
    + "라이선스 아웃,투자 유치;공동개발,북미;유럽,HER2 ADC 후보물질,시리즈 B 투자\n"
    + "us1,Atlas Pharma,Global pharma,United States,Oncology,ADC,Funding;Co-development,"
    + "Licensing in,Global,Capital for partners,Late-stage oncology assets\n"
)


def test_korean_labels_import_as_codes() -> None:
    result = read_survey(KOREAN_SURVEY.encode("utf-8"), filename="survey.csv")
    assert result.errors == ()
    first = result.rows[0]
    assert first.org_type == "biotech"
    assert first.country == "KR"
    assert first.therapeutic_areas == ("oncology", "immunology")
    assert first.modalities == ("mab", "adc")
    assert first.offers == ("licensing_out",)
    assert first.seeks == ("co_development", "funding")
    assert first.regions_of_interest == ("north_america", "europe")
    assert first.description_offer == "HER2 ADC 후보물질"


def test_cp949_file_from_korean_excel_imports(tmp_path: Path) -> None:
    path = tmp_path / "survey.csv"
    path.write_bytes(KOREAN_SURVEY.encode("cp949"))
    result = read_survey(path)
    assert result.errors == ()
    assert [r.organization for r in result.rows] == ["한빛바이오", "Atlas Pharma"]


def test_utf8_with_bom_and_semicolon_delimiter_import() -> None:
    # European Excel writes ";"-delimited files; a quoted cell still holds several values.
    text = (
        ";".join(COLUMNS[:11])
        + "\n"
        + 'kr1;한빛바이오;바이오텍;KR;종양학;mab;"라이선스 아웃;공동개발";funding;;a, b;c\n'
    )
    result = read_survey(b"\xef\xbb\xbf" + text.encode("utf-8"), filename="s.csv")
    assert result.errors == ()
    assert [r.org_id for r in result.rows] == ["kr1"]
    assert result.rows[0].offers == ("licensing_out", "co_development")
    assert result.rows[0].description_offer == "a, b"


def test_bad_rows_report_every_error_with_row_column_and_suggestion() -> None:
    text = (
        HEADER
        + "\n"
        + "a1,Alpha,biotek,KR,oncolgy,mab,licensing_out,funding,asia,,\n"
        + "a2,Beta,biotech,Koria,oncology,mab,,,global,,\n"
        + "a1,Gamma,cdmo,US,oncology,mab,manufacturing_capacity,procurement_supply,global,,\n"
    )
    result = read_survey(text.encode(), filename="bad.csv")
    found = [(e.row, e.column, e.value, e.suggestion) for e in result.errors]
    assert found == [
        (2, "org_type", "biotek", "biotech"),
        (2, "therapeutic_areas", "oncolgy", "oncology"),
        (2, "regions_of_interest", "asia", result.errors[2].suggestion),
        (3, "country", "Koria", "KR"),
        (3, "offers", "", None),
        (4, "org_id", "a1", None),
    ]
    assert "already used in row 2" in result.errors[-1].message
    assert result.rows == ()
    with pytest.raises(SurveyError) as caught:
        result.raise_for_errors()
    assert len(caught.value.errors) == 6
    assert "row 2, column 'org_type'" in str(caught.value)


def test_unknown_partner_reference_suggests_a_known_org_id(
    make_row: Callable[..., SurveyRow],
) -> None:
    text = (
        HEADER
        + ",wishlist,excluded_partners\n"
        + "org-1,A,biotech,KR,,,licensing_out,,,,,org-22,\n"
        + "org-2,B,biotech,KR,,,licensing_out,,,,,,org-1\n"
    )
    result = read_survey(text.encode(), filename="refs.csv")
    assert [(e.row, e.column, e.value, e.suggestion) for e in result.errors] == [
        (2, "wishlist", "org-22", "org-2")
    ]
    assert [r.org_id for r in result.rows] == ["org-2"]
    assert result.rows[0].excluded_partners == ("org-1",)


def test_missing_required_column_is_reported_at_the_header() -> None:
    result = read_survey(b"org_id,organization,org_type\nx,X,biotech\n", filename="s.csv")
    assert {e.column for e in result.errors} >= {"country", "offers", "seeks"}
    assert all(e.row == 1 for e in result.errors)


def test_misspelled_column_gets_a_suggestion() -> None:
    text = KOREAN_SURVEY.replace("therapeutic_areas", "therapeutic_area")
    result = read_survey(text.encode(), filename="s.csv")
    assert ("therapeutic_area", "therapeutic_areas") in {
        (e.column, e.suggestion) for e in result.errors
    }


def sample_rows(make_row: Callable[..., SurveyRow]) -> list[SurveyRow]:
    return [
        make_row(
            "a",
            organization='=Alpha; "quoted", Ltd',
            therapeutic_areas=["oncology", "immunology"],
            modalities=["adc"],
            offers=["licensing_out"],
            seeks=["co_development", "funding"],
            regions_of_interest=["global"],
            description_offer="=SUM(A1) is text, 항체 플랫폼\nsecond line",
            languages=["ko", "en"],
            wishlist=["b"],
        ),
        make_row(
            "b",
            org_type="investor",
            country="US",
            offers=["funding"],
            preferred_partner_types=["biotech"],
            excluded_partners=["a"],
        ),
    ]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_write_then_read_gives_the_same_rows(
    fmt: str, make_row: Callable[..., SurveyRow], tmp_path: Path
) -> None:
    rows = sample_rows(make_row)
    path = tmp_path / f"survey.{fmt}"
    write_survey(rows, path)
    result = read_survey(path)
    assert result.errors == ()
    assert list(result.rows) == rows


def test_write_to_a_stream_needs_the_format(make_row: Callable[..., SurveyRow]) -> None:
    rows = sample_rows(make_row)
    buffer = io.BytesIO()
    write_survey(rows, buffer, fmt="xlsx")
    assert buffer.getvalue()[:4] == b"PK\x03\x04"
    assert list(read_survey(buffer.getvalue(), filename="x.xlsx").rows) == rows


def test_xlsx_formula_is_rejected_at_its_row_and_column(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(list(COLUMNS[:11]))
    sheet.append(["a", "A", "biotech", "KR", "oncology", "mab", "licensing_out", "", "", "", ""])
    sheet.append(["b", "B", "biotech", "KR", "oncology", "mab", "=G2", "", "", "", ""])
    path = tmp_path / "formula.xlsx"
    workbook.save(path)
    result = read_survey(path)
    assert [(e.row, e.column, e.value) for e in result.errors] == [(3, "offers", "=G2")]
    assert "formula" in result.errors[0].message
    assert [r.org_id for r in result.rows] == ["a"]


def test_text_file_named_xlsx_is_a_clear_error() -> None:
    with pytest.raises(SurveyFileError, match="not an Excel workbook"):
        read_survey(KOREAN_SURVEY.encode(), filename="survey.xlsx")


def test_undecodable_bytes_are_a_clear_error() -> None:
    with pytest.raises(SurveyFileError, match="cannot decode"):
        read_survey(b"org_id\n\xff\xfe\xfa\x80\x81", filename="s.csv")


def test_check_row_accepts_form_values_as_lists() -> None:
    row, errors = check_row(
        {
            "org_id": "web-1",
            "organization": "Web Org",
            "org_type": "academia",
            "country": "일본",
            "offers": ["tech_transfer_out", "임상 역량"],
            "seeks": ["funding"],
        }
    )
    assert errors == []
    assert row is not None
    assert row.country == "JP"
    assert row.offers == ("tech_transfer_out", "clinical_capability")


def test_check_row_lists_all_errors_of_one_row() -> None:
    row, errors = check_row(
        {"org_id": "bad id", "organization": "", "org_type": "pharma", "country": ""}, row=7
    )
    assert row is None
    assert [e.column for e in errors] == ["org_id", "organization", "org_type", "country", "offers"]
    assert all(e.row == 7 for e in errors)


def test_read_cells_gives_raw_text_including_extra_columns(tmp_path: Path) -> None:
    path = tmp_path / "with_contacts.csv"
    path.write_bytes(
        (HEADER + ",contact_email\n" + "a,한빛,biotech,KR,,,funding,,,,,x@y.kr\n").encode("cp949")
    )
    cells = read_cells(path)
    assert cells[0][-1] == "contact_email"
    assert cells[1][1] == "한빛"
    assert cells[1][-1] == "x@y.kr"


def test_utf16_tab_separated_text_from_excel_imports() -> None:
    # Excel's "Unicode text" export: UTF-16 with BOM, tab-separated.
    text = KOREAN_SURVEY.replace(",", "\t")
    result = read_survey(text.encode("utf-16"), filename="survey.txt")
    assert result.errors == ()
    assert [r.org_id for r in result.rows] == ["kr1", "us1"]


def test_old_xls_workbook_is_a_clear_error() -> None:
    with pytest.raises(SurveyFileError, match="97-2003"):
        read_survey(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, filename="old.xls")
