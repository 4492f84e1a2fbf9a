"""Spreadsheet-safe exports: the helper, and every CSV/XLSX export of the site through it."""

import csv
import io
from datetime import date

import openpyxl
import pytest

from summit.core.spreadsheets import FORMULA_TRIGGERS, csv_bytes, neutralise, xlsx_value

ATTACKS = ['=HYPERLINK("http://evil.example","x")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)"]


def _csv_rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def _xlsx_cells(data: bytes) -> list:
    book = openpyxl.load_workbook(io.BytesIO(data))
    return [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]


def _is_formula_text(value: object) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_TRIGGERS)


@pytest.mark.unit
@pytest.mark.parametrize("text", [*ATTACKS, "\tx", "\rx"])
def test_neutralise_puts_an_apostrophe_before_a_formula_start(text):
    assert neutralise(text) == "'" + text


@pytest.mark.unit
@pytest.mark.parametrize(
    "value", ["Acme", "", "a=b", "'=already", 5, -3, 2.5, None, date(2026, 1, 1)]
)
def test_neutralise_leaves_other_values_alone(value):
    assert neutralise(value) == value


@pytest.mark.unit
def test_csv_bytes_neutralises_every_cell_and_keeps_excel_encoding():
    data = csv_bytes([["name", "n"], ["=1+1", 3], ["ok", None]])
    assert data.startswith(b"\xef\xbb\xbf")
    assert b"\r\n" in data
    assert _csv_rows(data) == [["name", "n"], ["'=1+1", "3"], ["ok", ""]]


@pytest.mark.unit
def test_xlsx_value_keeps_numbers_typed_and_neutralises_texts():
    assert xlsx_value(-3) == -3
    assert xlsx_value("-3") == "'-3"


# --- every export ----------------------------------------------------------------------------


@pytest.fixture
def hostile_organization(event, make_organization, make_membership, make_user):
    organization = make_organization(event, "EVIL1", name=ATTACKS[0], description=ATTACKS[3])
    make_membership(
        organization, make_user("evil", first_name=ATTACKS[1]), role="lead", job_title=ATTACKS[2]
    )
    return organization


@pytest.mark.django_db
def test_survey_csv_export_neutralises_user_text_and_imports_back_unchanged(
    event, make_event, hostile_organization, django_capture_on_commit_callbacks
):
    from summit.organizations.domain.imports import import_survey
    from summit.organizations.interfaces.exporters import export_survey
    from summit.organizations.models import Organization

    data = export_survey(event=event, fmt="csv")
    cells = [cell for row in _csv_rows(data) for cell in row]
    assert "'" + ATTACKS[0] in cells
    assert not any(_is_formula_text(cell) for cell in cells)
    copy = make_event("copy", session=False, tables=0)
    with django_capture_on_commit_callbacks(execute=True):
        import_survey(event=copy, data=data, filename="survey.csv")
    assert Organization.objects.get(event=copy, org_id="EVIL1").name == ATTACKS[0]


@pytest.mark.django_db
def test_survey_xlsx_export_neutralises_user_text_as_strings(event, hostile_organization):
    from summit.organizations.interfaces.exporters import export_survey

    cells = _xlsx_cells(export_survey(event=event, fmt="xlsx"))
    values = [cell.value for cell in cells]
    assert "'" + ATTACKS[0] in values
    assert not any(_is_formula_text(value) for value in values)
    assert {cell.data_type for cell in cells if isinstance(cell.value, str)} == {"s"}


@pytest.mark.django_db
def test_report_workbook_neutralises_deal_titles_and_party_names(
    event, make_organization, make_scheduled_meeting
):
    from summit.outcomes.models import Deal, DealParty
    from summit.reports.domain.dashboard import build_dashboard
    from summit.reports.interfaces.excel import report_workbook

    first = make_organization(event, "EVIL2", name=ATTACKS[3])
    second = make_organization(event, "EVIL3", name=ATTACKS[2])
    deal = Deal.objects.create(
        event=event,
        title=ATTACKS[0],
        kind="license",
        stage="signed",
        date=date(2026, 10, 20),
        signed_on=date(2026, 10, 20),
        value=1000,
        currency="USD",
    )
    for organization in (first, second):
        DealParty.objects.create(deal=deal, organization=organization)
    cells = _xlsx_cells(report_workbook(build_dashboard(event=event)))
    values = [cell.value for cell in cells]
    assert "'" + ATTACKS[0] in values
    assert not any(_is_formula_text(value) for value in values)
    assert 1000 in values  # numbers stay numbers


@pytest.mark.django_db
def test_research_csv_neutralises_whatever_its_rows_hold(event, monkeypatch):
    # The anonymised rows hold only codes, pseudonyms and numbers today; the writer must stay
    # safe if a user-written column is ever added, so it is fed one directly.
    from summit.reports.interfaces import research

    def rows(**_kwargs):
        yield {"meeting": ATTACKS[0], "day": "2026-10-06", "public_deals": -1}

    monkeypatch.setattr(research, "research_rows", rows)
    table = _csv_rows(research.research_csv(event=event))
    assert table[0][:2] == ["meeting", "day"]
    assert table[1][:2] == ["'" + ATTACKS[0], "2026-10-06"]
    assert not any(_is_formula_text(cell) for row in table for cell in row if cell != "-1")


@pytest.mark.unit
def test_every_spreadsheet_writer_of_the_site_goes_through_the_helper():
    # A new export written with csv.writer or openpyxl directly would skip the neutralising.
    from pathlib import Path

    import summit

    root = Path(summit.__file__).parent
    helper = root / "core" / "spreadsheets.py"
    bypassing = []
    for path in sorted(root.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        writes = any(marker in text for marker in ("csv.writer(", "csv.DictWriter(", "Workbook("))
        if path != helper and writes and "summit.core.spreadsheets" not in text:
            bypassing.append(str(path.relative_to(root)))
        if path != helper and ("csv.writer(" in text or "csv.DictWriter(" in text):
            bypassing.append(f"{path.relative_to(root)} (csv module)")
    assert bypassing == []
