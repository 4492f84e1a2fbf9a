"""A large survey file is previewed by a background task with progress, and the preview is
paged (issue 14: a 20,000-row file was one 39 MB page, re-read on every reload)."""

import csv
import io

import pytest
from django.urls import reverse

from summit.organizations.domain import imports, uploads
from summit.organizations.tasks import preview_import

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
]


def _csv(count, bad_every=0):
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    for i in range(count):
        modality = "monoclonal antibodyy" if bad_every and i % bad_every == 0 else "mab"
        answers = ["oncology", modality, "licensing_out", "funding", "europe", "", ""]
        writer.writerow([f"ORG{i}", f"Org {i}", "biotech", "KR", *answers])
    return buffer.getvalue().encode()


def _upload(client, event, data):
    file = io.BytesIO(data)
    file.name = "survey.csv"
    client.post(reverse("organizations:import", kwargs={"slug": event.slug}), {"file": file})
    return reverse("organizations:import_preview", kwargs={"slug": event.slug})


def _token(client, event):
    return client.session[f"survey-import-{event.pk}"]["token"]


def test_large_file_is_checked_in_the_background_with_progress(
    client, event, organizer, settings, monkeypatch
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    monkeypatch.setattr(imports, "_LARGE_BYTES", 1000)
    client.force_login(organizer)
    data = _csv(60)
    assert imports.is_large_upload(data=data, filename="survey.csv")
    url = _upload(client, event, data)

    waiting = client.get(url)
    assert waiting.status_code == 200
    assert "organizations/import_progress.html" in [t.name for t in waiting.templates]
    assert 'hx-trigger="every 2s"' in waiting.content.decode()
    token = _token(client, event)
    assert uploads.load_note(token=token, kind="progress") == {"state": "queued"}
    # Reloading does not queue the file twice.
    client.get(url)
    from django_tasks_db.models import DBTaskResult

    assert DBTaskResult.objects.filter(task_path__endswith="preview_import").count() == 1

    # The worker runs the task; progress is reported while it reads.
    monkeypatch.setattr("partnering_engine.matching.survey.PROGRESS_ROWS", 20)
    assert preview_import.call(event.pk, token, "survey.csv", "en") == 60
    assert uploads.load_note(token=token, kind="progress") == {"state": "done"}

    polled = client.get(url, HTTP_HX_REQUEST="true")
    assert polled.status_code == 204
    assert polled["HX-Refresh"] == "true"
    page = client.get(url)
    assert page.context["preview"]["ok"]
    assert len(page.context["rows"]) == 50


def test_progress_is_reported_while_reading(event, monkeypatch):
    monkeypatch.setattr("partnering_engine.matching.survey.PROGRESS_ROWS", 10)
    seen = []
    imports.preview_survey_import(
        event=event, data=_csv(35), filename="survey.csv", progress=seen.append
    )
    assert seen == [10, 20, 30]


def test_preview_is_paged_and_filtered_and_not_read_again(client, event, organizer, monkeypatch):
    client.force_login(organizer)
    url = _upload(client, event, _csv(120, bad_every=7))
    first = client.get(url)
    assert [row["number"] for row in first.context["rows"]] == list(range(2, 52))
    assert "Page 1 of 3" in first.content.decode()

    def no_second_read(**kwargs):
        raise AssertionError("the preview must come from the stored digest")

    monkeypatch.setattr(imports, "preview_survey_import", no_second_read)
    last = client.get(url, {"page": 3})
    assert [row["number"] for row in last.context["rows"]] == list(range(102, 122))
    problems = client.get(url, {"problems": "1"})
    numbers = [row["number"] for row in problems.context["rows"]]
    assert numbers == [2 + i for i in range(0, 120, 7)]
    assert client.get(url, {"page": "junk"}).status_code == 200


def test_small_xlsx_holding_a_lot_of_xml_counts_as_large():
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    for i in range(2000):
        sheet.append([f"ORG{i}", f"Org {i}", "biotech", "KR", "oncology", "mab"] + [""] * 5)
    buffer = io.BytesIO()
    workbook.save(buffer)
    data = buffer.getvalue()
    assert len(data) < 200_000
    assert imports.is_large_upload(data=data, filename="survey.xlsx")
    assert not imports.is_large_upload(data=_csv(10), filename="survey.csv")
    assert not imports.is_large_upload(data=b"PK\x03\x04junk", filename="survey.xlsx")
