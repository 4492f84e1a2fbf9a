"""Survey imports are bounded and lossless (issue 14): every value is checked against the
model in the preview, a workbook's <dimension> tag loses no row, an unreadable upload does
not stay stuck in the session."""

import csv
import io
import zipfile

import openpyxl
import pytest
from django.urls import reverse

from summit.organizations.domain.imports import (
    SurveyImportError,
    import_survey,
    preview_survey_import,
)
from summit.organizations.models import Organization

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

HEADER = [
    "org_id",
    "organization",
    "org_type",
    "country",
    "therapeutic_areas",
    "modalities",
    "offers",
    "seeks",
    "regions_of_interest",
    "description_offer",
    "description_seek",
    "contact_name",
    "contact_email",
    "contact_title",
]


def _row(org_id, **cells):
    email = f"p@{org_id[:20].lower()}.example.org"
    values = [org_id, f"Org {org_id}", "biotech", "KR", "oncology", "mab", "licensing_out"]
    values += ["funding", "europe", "", "", f"Person {org_id}", email, "CEO"]
    row = dict(zip(HEADER, values, strict=True))
    row.update(cells)
    return row


def _csv(rows):
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    for row in rows:
        writer.writerow([row[column] for column in HEADER])
    return buffer.getvalue().encode()


def _xlsx(rows):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    for row in rows:
        sheet.append([row[column] for column in HEADER])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _rewrite_sheet(data, change):
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                content = change(content)
            target.writestr(info.filename, content)
    return out.getvalue()


def _problems(preview):
    return [(p.row, p.column, p.message) for p in preview.errors]


def test_hundred_character_org_id_is_refused_in_the_preview(event):
    long_id = "X" * 100
    preview = preview_survey_import(
        event=event, data=_csv([_row("OK1"), _row(long_id)]), filename="survey.csv"
    )
    assert not preview.ok
    assert _problems(preview) == [
        (3, "org_id", "is 100 characters long; at most 64 are accepted"),
    ]
    with pytest.raises(SurveyImportError, match="100 characters"):
        import_survey(event=event, data=_csv([_row(long_id)]), filename="survey.csv")
    assert not Organization.objects.filter(event=event).exists()


@pytest.mark.parametrize(
    ("column", "value", "limit"),
    [
        ("organization", "N" * 250, 200),
        ("contact_email", "a" * 140 + "@example.org", 150),
        ("contact_title", "T" * 201, 200),
        ("contact_name", "Kim " + "n" * 150, 150),
    ],
)
def test_values_longer_than_their_model_field_are_refused(event, column, value, limit):
    preview = preview_survey_import(
        event=event, data=_csv([_row("ROW1", **{column: value})]), filename="survey.csv"
    )
    assert (2, column) in [(row, col) for row, col, _message in _problems(preview)]
    assert any(f"at most {limit} are accepted" in m for _r, _c, m in _problems(preview))


def test_xlsx_with_a_short_dimension_tag_imports_every_row(
    event, django_capture_on_commit_callbacks
):
    rows = [_row(f"DIM{i}") for i in range(6)]
    data = _rewrite_sheet(
        _xlsx(rows),
        lambda xml: xml.replace(b'<dimension ref="A1:N7"', b'<dimension ref="A1:R2"', 1),
    )
    assert b'ref="A1:R2"' in zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml")
    preview = preview_survey_import(event=event, data=data, filename="survey.xlsx")
    assert preview.ok
    assert [row.org_id for row in preview.rows] == [f"DIM{i}" for i in range(6)]
    with django_capture_on_commit_callbacks(execute=True):
        result = import_survey(event=event, data=data, filename="survey.xlsx")
    assert result.created == 6


def _with_doctype(xml):
    body = xml.split(b"?>", 1)[1] if xml.startswith(b"<?xml") else xml
    return b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]>' + body


def test_dtd_upload_is_refused_clearly_and_does_not_stay_in_the_session(client, event, organizer):
    client.force_login(organizer)
    upload = io.BytesIO(_rewrite_sheet(_xlsx([_row("DTD1")]), _with_doctype))
    upload.name = "evil.xlsx"
    import_url = reverse("organizations:import", kwargs={"slug": event.slug})
    preview_url = reverse("organizations:import_preview", kwargs={"slug": event.slug})
    assert client.post(import_url, {"file": upload})["Location"] == preview_url
    page = client.get(preview_url)
    assert page.status_code == 200
    assert "contains a DTD" in page.content.decode()
    # The unreadable file is forgotten: the next visit asks for a new file.
    again = client.get(preview_url)
    assert again.status_code == 302
    assert again["Location"] == import_url
