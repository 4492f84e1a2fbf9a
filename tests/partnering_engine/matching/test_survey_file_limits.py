"""Survey files are read whole (whatever their <dimension> tag says) and within bounds;
hostile workbooks are refused with a clear message (issue 14)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from partnering_engine.cli.main import main
from partnering_engine.matching import survey
from partnering_engine.matching.survey import (
    SurveyFileError,
    SurveyRow,
    read_cells,
    read_survey,
    write_survey,
)

pytestmark = pytest.mark.unit

SHEET = "xl/worksheets/sheet1.xml"


def _rows(count: int) -> list[SurveyRow]:
    return [
        SurveyRow(
            org_id=f"org{i}",
            organization=f"Organization {i}",
            org_type="biotech",
            country="KR",
            offers=("licensing_out",),
            seeks=("funding",),
        )
        for i in range(count)
    ]


def _xlsx(rows: list[SurveyRow]) -> bytes:
    buffer = io.BytesIO()
    write_survey(rows, buffer, fmt="xlsx")
    return buffer.getvalue()


def _rewrite(data: bytes, member: str, change: callable) -> bytes:  # type: ignore[valid-type]
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == member:
                content = change(content)
            target.writestr(info.filename, content)
    return out.getvalue()


def test_xlsx_with_wrong_dimension_tag_reads_every_row() -> None:
    data = _rewrite(
        _xlsx(_rows(5)),
        SHEET,
        lambda xml: (
            xml.replace(b"<sheetPr>", b'<dimension ref="A1:O2"/><sheetPr>', 1)
            if b"<sheetPr>" in xml
            else xml.replace(b"<sheetData>", b'<dimension ref="A1:O2"/><sheetData>', 1)
        ),
    )
    assert b'<dimension ref="A1:O2"/>' in zipfile.ZipFile(io.BytesIO(data)).read(SHEET)
    result = read_survey(data, filename="survey.xlsx")
    assert result.errors == ()
    assert [row.org_id for row in result.rows] == [f"org{i}" for i in range(5)]
    assert len(read_cells(data, filename="survey.xlsx")) == 6


def _with_doctype(xml: bytes) -> bytes:
    body = xml.split(b"?>", 1)[1] if xml.startswith(b"<?xml") else xml
    return b'<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY x "y">]>' + body


def test_xlsx_with_dtd_is_refused_clearly() -> None:
    data = _rewrite(_xlsx(_rows(2)), SHEET, _with_doctype)
    with pytest.raises(SurveyFileError, match=r"sheet1.xml: the workbook contains a DTD"):
        read_survey(data, filename="survey.xlsx")


def test_cli_on_dtd_xlsx_prints_one_line_not_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "evil.xlsx"
    path.write_bytes(_rewrite(_xlsx(_rows(2)), SHEET, _with_doctype))
    assert main(["recommend", str(path), "--out", str(tmp_path / "r.json")]) == 2
    err = capsys.readouterr().err
    assert "contains a DTD" in err
    assert "Traceback" not in err
    assert "ParseError" not in err


def test_too_many_rows_are_refused_naming_the_row(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(survey, "MAX_SURVEY_ROWS", 3)
    for name, data in (("s.xlsx", _xlsx(_rows(5))), ("s.csv", _csv(_rows(5)))):
        with pytest.raises(SurveyFileError, match=r"row 4: the file has more than 3 rows"):
            read_survey(data, filename=name)
    assert read_survey(_csv(_rows(2)), filename="s.csv").errors == ()


def test_values_beyond_the_column_bound_are_refused() -> None:
    header = ",".join(survey.COLUMNS) + "," * 300 + "extra\n"
    with pytest.raises(SurveyFileError, match=r"row 1 has values beyond column 200"):
        read_survey(header.encode(), filename="s.csv")


def test_survey_file_above_size_bound_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(survey, "MAX_SURVEY_BYTES", 100)
    path = tmp_path / "s.csv"
    path.write_bytes(_csv(_rows(5)))
    with pytest.raises(SurveyFileError, match="larger than"):
        read_survey(path)


def _csv(rows: list[SurveyRow]) -> bytes:
    buffer = io.BytesIO()
    write_survey(rows, buffer, fmt="csv")
    return buffer.getvalue()


def test_watchlist_with_a_giant_field_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from partnering_engine.errors import InputError
    from partnering_engine.matching.screening import read_watchlist

    giant = b'name,reason\nAcme,"' + b"x" * 200_000 + b'"\n'
    with pytest.raises(InputError, match="malformed CSV"):
        read_watchlist(giant, filename="w.csv")
    survey_path = tmp_path / "s.csv"
    survey_path.write_bytes(_csv(_rows(2)))
    list_path = tmp_path / "w.csv"
    list_path.write_bytes(giant)
    argv = ["screen", str(survey_path), "--watchlist", str(list_path)]
    assert main(argv) == 2
    assert "Traceback" not in capsys.readouterr().err
