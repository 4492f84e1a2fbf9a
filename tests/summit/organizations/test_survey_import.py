"""Survey file import: preview lists every problem; confirm writes all or nothing."""

import csv
import io
import os

import openpyxl
import pytest
from django.contrib.auth import get_user_model

from summit.accounts.models import Invitation
from summit.organizations.domain.imports import (
    SurveyImportError,
    import_survey,
    preview_survey_import,
)
from summit.organizations.interfaces.exporters import export_survey
from summit.organizations.models import Membership, Organization

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
    "wishlist",
    "contact_name",
    "contact_email",
    "contact_title",
]


def _row(org_id, name, **cells):
    row = {
        "org_id": org_id,
        "organization": name,
        "org_type": "biotech",
        "country": "KR",
        "therapeutic_areas": "oncology",
        "modalities": "mab;adc",
        "offers": "licensing_out",
        "seeks": "funding",
        "regions_of_interest": "north_america",
        "description_offer": "ADC platform",
        "description_seek": "Series B",
        "wishlist": "",
        "contact_name": f"{name} Lead",
        "contact_email": f"lead@{org_id.lower()}.example.org",
        "contact_title": "CEO",
    }
    row.update(cells)
    return row


def _csv(rows, header=HEADER, encoding="utf-8"):
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(header)
    for row in rows:
        writer.writerow([row.get(column, "") for column in header])
    return buffer.getvalue().encode(encoding)


def _xlsx(rows, header=HEADER, formula_at=None):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append([row.get(column, "") for column in header])
    if formula_at:
        sheet[formula_at] = "=1+1"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


GOOD = [
    _row("HANBIT", "Hanbit Bio", wishlist="SEOUL"),
    _row(
        "SEOUL",
        "Seoul Pharma",
        org_type="domestic_pharma",
        offers="distribution",
        seeks="licensing_in",
        contact_name="김지우;Alex Kim",
        contact_email="jiwoo@seoul.example.org;alex@seoul.example.org",
        contact_title="BD Director;Licensing Manager",
    ),
]


def _nothing_written(event):
    assert Organization.objects.filter(event=event).count() == 0
    assert Membership.objects.filter(event=event).count() == 0
    assert get_user_model().objects.filter(email__endswith=".example.org").count() == 0


def test_preview_of_a_valid_file_lists_every_row(event):
    preview = preview_survey_import(event=event, data=_csv(GOOD), filename="survey.csv")
    assert preview.ok
    assert [(row.number, row.org_id, row.exists) for row in preview.rows] == [
        (2, "HANBIT", False),
        (3, "SEOUL", False),
    ]
    assert [person.email for person in preview.rows[1].contacts] == [
        "jiwoo@seoul.example.org",
        "alex@seoul.example.org",
    ]
    assert Organization.objects.filter(event=event).count() == 0


def test_import_creates_organizations_people_and_sends_invitations(
    event, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        result = import_survey(event=event, data=_csv(GOOD), filename="survey.csv")
    assert (result.created, result.updated, result.people_added) == (2, 0, 3)
    seoul = Organization.objects.get(event=event, org_id="SEOUL")
    assert seoul.org_type == "domestic_pharma"
    assert seoul.survey_status == Organization.SurveyStatus.SUBMITTED
    hanbit = Organization.objects.get(event=event, org_id="HANBIT")
    assert hanbit.modalities == ["mab", "adc"]
    assert hanbit.wishlist == ["SEOUL"]
    members = Membership.objects.filter(organization=seoul).order_by("pk")
    assert [(m.user.email, m.role, m.job_title) for m in members] == [
        ("jiwoo@seoul.example.org", "lead", "BD Director"),
        ("alex@seoul.example.org", "member", "Licensing Manager"),
    ]
    assert sorted(message.to[0] for message in mailoutbox) == [
        "alex@seoul.example.org",
        "jiwoo@seoul.example.org",
        "lead@hanbit.example.org",
    ]
    assert Invitation.objects.filter(event=event).count() == 3


def test_import_twice_updates_without_duplicates(event, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        import_survey(event=event, data=_csv(GOOD), filename="survey.csv")
    changed = [_row("HANBIT", "Hanbit Bio Renamed", seeks="funding;co_development"), GOOD[1]]
    with django_capture_on_commit_callbacks(execute=True):
        result = import_survey(event=event, data=_csv(changed), filename="survey.csv")
    assert (result.created, result.updated, result.people_added) == (0, 2, 0)
    hanbit = Organization.objects.get(event=event, org_id="HANBIT")
    assert (hanbit.name, hanbit.seeks) == ("Hanbit Bio Renamed", ["co_development", "funding"])
    assert Membership.objects.filter(event=event).count() == 3


def test_import_two_organizations_swapping_names(event, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        import_survey(event=event, data=_csv(GOOD), filename="survey.csv")
    swapped = [_row("HANBIT", "Seoul Pharma"), {**GOOD[1], "organization": "Hanbit Bio"}]
    import_survey(event=event, data=_csv(swapped), filename="survey.csv")
    names = dict(Organization.objects.filter(event=event).values_list("org_id", "name"))
    assert names == {"HANBIT": "Seoul Pharma", "SEOUL": "Hanbit Bio"}


def test_unknown_codes_are_reported_with_row_column_and_suggestion(event):
    rows = [
        _row("HANBIT", "Hanbit Bio", modalities="mab;monoclonal antibodyy", country="Korea Rep")
    ]
    preview = preview_survey_import(event=event, data=_csv(rows), filename="survey.csv")
    assert not preview.ok
    problems = {(e.row, e.column, e.value) for e in preview.errors}
    assert (2, "modalities", "monoclonal antibodyy") in problems
    modality = next(e for e in preview.errors if e.column == "modalities")
    assert modality.suggestion == "mab"
    with pytest.raises(SurveyImportError):
        import_survey(event=event, data=_csv(rows), filename="survey.csv")
    _nothing_written(event)


def test_one_bad_row_among_good_ones_writes_nothing(event):
    rows = [*GOOD, _row("BAD", "Bad Bio", offers="teleportation", seeks="")]
    preview = preview_survey_import(event=event, data=_csv(rows), filename="survey.csv")
    assert [row.number for row in preview.rows if row.errors] == [4]
    with pytest.raises(SurveyImportError) as raised:
        import_survey(event=event, data=_csv(rows), filename="survey.csv")
    assert [(e.row, e.column) for e in raised.value.preview.errors] == [(4, "offers")]
    _nothing_written(event)


def test_wrong_columns_name_the_missing_and_misspelled_columns(event):
    header = [c if c != "modalities" else "modality" for c in HEADER if c != "seeks"]
    rows = [{**GOOD[0], "modality": "mab"}]
    preview = preview_survey_import(event=event, data=_csv(rows, header), filename="s.csv")
    assert not preview.ok
    found = {(e.row, e.column, e.message) for e in preview.errors}
    assert (1, "seeks", "required column is missing") in found
    assert (1, "modality", "unknown column") in found
    _nothing_written(event)


def test_ten_megabytes_of_junk_is_refused_clearly(event):
    junk = os.urandom(10 * 1000 * 1000)
    preview = preview_survey_import(event=event, data=junk, filename="survey.csv")
    assert not preview.ok
    assert preview.rows == ()
    assert "decode" in preview.errors[0].message
    with pytest.raises(SurveyImportError):
        import_survey(event=event, data=junk, filename="survey.csv")
    _nothing_written(event)


def test_over_size_file_is_refused_with_the_limit(event, settings):
    settings.SUMMIT_SURVEY_MAX_BYTES = 1000
    data = _csv(GOOD * 1) + b"#" * 2000
    preview = preview_survey_import(event=event, data=data, filename="survey.csv")
    assert not preview.ok
    assert "largest accepted survey file is 0.0 MB" in preview.errors[0].message
    _nothing_written(event)


def test_text_file_named_xlsx_is_refused(event):
    preview = preview_survey_import(event=event, data=_csv(GOOD), filename="survey.xlsx")
    assert not preview.ok
    assert "not an Excel workbook" in preview.errors[0].message
    _nothing_written(event)


def test_xlsx_formula_is_refused_at_its_row_and_column(event):
    data = _xlsx(GOOD, formula_at="F3")
    preview = preview_survey_import(event=event, data=data, filename="survey.xlsx")
    assert not preview.ok
    assert [(e.row, e.column, e.value) for e in preview.errors] == [(3, "modalities", "=1+1")]
    _nothing_written(event)


def test_cp949_csv_from_korean_excel_imports_korean_text(event, django_capture_on_commit_callbacks):
    rows = [
        _row(
            "HANBIT",
            "한빛바이오",
            modalities="단일클론항체",
            description_offer="항체 플랫폼",
            contact_name="김지우",
        )
    ]
    data = _csv(rows, encoding="cp949")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    with django_capture_on_commit_callbacks(execute=True):
        import_survey(event=event, data=data, filename="survey.csv")
    org = Organization.objects.get(event=event, org_id="HANBIT")
    assert (org.name, org.modalities, org.description_offer) == (
        "한빛바이오",
        ["mab"],
        "항체 플랫폼",
    )
    user = Membership.objects.get(organization=org).user
    assert (user.last_name, user.first_name) == ("김", "지우")


def test_contact_problems_name_row_and_column(event, make_organization, make_membership, make_user):
    other = make_organization(event, "OTHER", name="Other Org")
    make_membership(other, make_user("taken", email="taken@example.org"))
    rows = [
        _row("A1", "A One", contact_name="One;Two", contact_email="one@example.org"),
        _row("B2", "B Two", contact_email="not-an-email"),
        _row("C3", "C Three", contact_email="taken@example.org"),
        _row(
            "D4", "D Four", contact_email="lead@a1.example.org;one@example.org", contact_name="X;Y"
        ),
    ]
    preview = preview_survey_import(event=event, data=_csv(rows), filename="survey.csv")
    found = [(e.row, e.column) for e in preview.errors]
    assert found == [(2, "contact_email"), (3, "contact_email"), (4, "contact_email")]
    assert "already belongs to organization OTHER" in preview.errors[2].message


def test_duplicate_name_against_existing_organization(event, make_organization):
    make_organization(event, "KEEP", name="Hanbit Bio")
    preview = preview_survey_import(event=event, data=_csv(GOOD), filename="survey.csv")
    assert [(e.row, e.column) for e in preview.errors] == [(2, "organization")]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_round_trip_import_export_import_is_lossless(
    event, make_event, fmt, django_capture_on_commit_callbacks
):
    from summit.demo.domain.organizations import create_demo_organizations

    create_demo_organizations(event=event)
    first = export_survey(event=event, fmt=fmt)
    copy = make_event("copy", session=False, tables=0)
    with django_capture_on_commit_callbacks(execute=True):
        import_survey(event=copy, data=first, filename=f"survey.{fmt}")
    second = export_survey(event=copy, fmt=fmt)
    assert preview_survey_import(event=copy, data=second, filename=f"s.{fmt}").ok

    def rows(data):
        if fmt == "csv":
            return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
        sheet = openpyxl.load_workbook(io.BytesIO(data)).active
        return [[cell or "" for cell in row] for row in sheet.iter_rows(values_only=True)]

    assert rows(second) == rows(first)
    fields = ["org_id", "name", "org_type", "country", "offers", "seeks", "wishlist"]
    assert list(Organization.objects.filter(event=copy).order_by("org_id").values(*fields)) == list(
        Organization.objects.filter(event=event).order_by("org_id").values(*fields)
    )


def test_invitations_are_sent_by_the_task_worker(
    event, settings, mailoutbox, django_capture_on_commit_callbacks
):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        import_survey(event=event, data=_csv(GOOD), filename="survey.csv")
    assert mailoutbox == []
    # Other apps may queue their own work after an import (e.g. recommendations).
    queued = DBTaskResult.objects.get(task_path="summit.organizations.tasks.send_invitations")
    assert len(queued.args_kwargs["args"][0]) == 3


def test_wishlist_may_name_organizations_already_in_the_event(
    event, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        import_survey(event=event, data=_csv(GOOD), filename="survey.csv")
    later = [
        _row("NEW", "New Bio", wishlist="SEOUL;HANBIT"),
        _row("GHOSTLY", "Ghostly Bio", wishlist="GHOST"),
    ]
    preview = preview_survey_import(event=event, data=_csv(later), filename="later.csv")
    assert [(e.row, e.column, e.value) for e in preview.errors] == [(3, "wishlist", "GHOST")]
    with django_capture_on_commit_callbacks(execute=True):
        import_survey(event=event, data=_csv(later[:1]), filename="later.csv")
    assert Organization.objects.get(event=event, org_id="NEW").wishlist == ["SEOUL", "HANBIT"]
