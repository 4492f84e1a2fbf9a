"""The dashboard page and the three downloads, read back (openpyxl, pdftotext)."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
from typing import Any

import pytest
from django.urls import reverse
from django.utils import translation

from .conftest import PUBLIC_TITLE, SECRET_PARTY, SECRET_TITLE

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

SECRETS = (SECRET_TITLE, SECRET_PARTY, "5,000,000", "5000000")


def _client(client: Any, world: Any) -> Any:
    client.force_login(world.organizer)
    return client


def _url(world: Any, name: str) -> str:
    return reverse(f"reports:{name}", kwargs={"slug": world.event.slug})


def pdf_text(data: bytes, tmp_path: Any) -> str:
    """The text of a PDF (poppler's pdftotext, or pypdf when installed)."""
    if shutil.which("pdftotext"):
        path = tmp_path / "report.pdf"
        path.write_bytes(data)
        return subprocess.run(
            ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
        ).stdout
    pypdf = pytest.importorskip("pypdf")
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)


def test_dashboard_shows_numbers_charts_and_tables(client: Any, world: Any) -> None:
    response = _client(client, world).get(_url(world, "dashboard"))

    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="number-deals_signed"' in html
    assert html.count('<svg xmlns="http://www.w3.org/2000/svg" class="chart') >= 8
    assert html.count('role="img"') >= 8
    assert html.count('<table class="table report-table">') == len(
        response.context["report"].sections
    )
    assert PUBLIC_TITLE in html
    for secret in SECRETS:
        assert secret not in html
    assert "style=" not in html
    assert "1 confidential signed deal(s)" in html


def test_dashboard_refuses_an_unknown_filter_with_the_field_named(client: Any, world: Any) -> None:
    response = _client(client, world).get(_url(world, "dashboard"), {"org_type": "spaceship"})

    assert response.status_code == 400
    assert "spaceship" in response.content.decode()


def test_export_with_an_unknown_day_is_a_clear_error(client: Any, world: Any) -> None:
    response = _client(client, world).get(_url(world, "export_xlsx"), {"day": "999999"})

    assert response.status_code == 400
    assert response.content.decode().startswith("Invalid filter — day:")


def test_dashboard_query_count_is_the_same_for_a_bigger_event(
    client: Any, world: Any, django_assert_num_queries: Any, make_scheduled_meeting: Any
) -> None:
    client = _client(client, world)
    url = _url(world, "dashboard")
    client.get(url)  # warm caches of the session and the user
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    cache.clear()  # the matched areas are cached: measure both sizes cold
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    for slot in range(2, 6):
        for table in (2, 3, 4):
            make_scheduled_meeting(world.event, slot=slot, table=table)
    cache.clear()
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(url)
    assert response.context["report"].number("meetings_scheduled") == 16


def test_excel_has_a_summary_and_one_sheet_per_table(client: Any, world: Any) -> None:
    import openpyxl

    response = _client(client, world).get(_url(world, "export_xlsx"))

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="report-summit-report')
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    sections = response.wsgi_request and len(_sections(world))
    assert len(book.sheetnames) == 1 + sections
    summary = {row[0]: row[1] for row in book["Summary"].iter_rows(values_only=True) if row}
    assert summary["Deals signed"] == 2
    assert summary["Meetings held"] == 2
    assert summary["Countries"] == 3
    signed = list(book["Signed deals"].iter_rows(values_only=True))
    assert signed[0][:2] == ("Title", "Kind")
    assert signed[1][0] == PUBLIC_TITLE
    assert signed[1][5] == 1_000_000
    cells = [
        str(value)
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
        for value in row
        if value is not None
    ]
    assert not any(value.startswith("=") for value in cells)
    for secret in SECRETS:
        assert not any(secret in value for value in cells)


def _sections(world: Any) -> Any:
    from summit.reports.domain.dashboard import build_dashboard

    return build_dashboard(event=world.event).sections


def test_excel_is_in_korean_for_a_korean_organizer(client: Any, world: Any) -> None:
    import openpyxl

    client = _client(client, world)
    client.cookies["django_language"] = "ko"
    world.organizer.profile.language = "ko"
    world.organizer.profile.save()

    response = client.get(_url(world, "export_xlsx"))

    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames[0] == "요약"
    assert "서명된 거래" in book.sheetnames
    assert book.worksheets[0]["A1"].value == "리포트 서밋"
    rows = [tuple(row[:2]) for row in book.worksheets[0].iter_rows(values_only=True)]
    # The headline numbers are counts and rates, so their column is a value (값), not an
    # amount of money (금액, which the deals sheet's value column rightly says).
    assert ("주요 수치", "값") in rows
    translation.deactivate()


def test_pdf_has_title_page_numbers_and_public_deal_only(
    client: Any, world: Any, tmp_path: Any
) -> None:
    response = _client(client, world).get(_url(world, "export_pdf"))

    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    text = pdf_text(response.content, tmp_path)
    assert "Report Summit" in text
    assert "COEX, Seoul" in text
    assert "Tue, 6 Oct 2026 – Wed, 7 Oct 2026" in text
    assert "Deals by kind and stage" in text
    assert PUBLIC_TITLE in text
    for secret in SECRETS:
        assert secret not in text
    assert "1 confidential signed deal(s)" in text


def test_pdf_in_korean_uses_a_korean_font(client: Any, world: Any, tmp_path: Any) -> None:
    world.organizer.profile.language = "ko"
    world.organizer.profile.save()

    response = _client(client, world).get(_url(world, "export_pdf"))

    text = pdf_text(response.content, tmp_path)
    assert "리포트 서밋" in text
    translation.deactivate()


def test_research_csv_has_no_names_and_stable_pseudonyms(client: Any, world: Any) -> None:
    response = _client(client, world).get(_url(world, "export_csv"))

    assert response.status_code == 200
    body = response.content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(body)))
    assert len(rows) == 4
    for name in ("Alpha Bio", "Beta Pharma", SECRET_PARTY, "Delta Capital", SECRET_TITLE):
        assert name not in body
    first = rows[0]
    assert (first["day"], first["slot_index"], first["start_time"]) == ("2026-10-06", "1", "09:00")
    assert (first["a_country"], first["b_country"]) == ("KR", "US")
    assert (first["outcome"], first["a_interest"], first["b_interest"]) == (
        "held",
        "strong",
        "some",
    )
    assert (first["public_deal_kinds"], first["public_deals_signed"]) == ("license", "1")
    no_show = rows[1]
    assert no_show["outcome"] == "no_show"
    # The confidential CDMO deal started in this meeting, but is never linked in the file.
    assert (no_show["public_deals"], no_show["public_deal_kinds"]) == ("0", "")
    alpha = {rows[0]["a_organization"], rows[1]["a_organization"], rows[3]["a_organization"]}
    assert len(alpha) == 1  # Alpha asked for m1, m2 and m5: one pseudonym
    again = list(
        csv.DictReader(
            io.StringIO(client.get(_url(world, "export_csv")).content.decode("utf-8-sig"))
        )
    )
    assert again[0]["a_organization"] != first["a_organization"]  # a new key per export


def test_dashboard_in_korean(client: Any, world: Any) -> None:
    world.organizer.profile.language = "ko"
    world.organizer.profile.save()

    html = _client(client, world).get(_url(world, "dashboard")).content.decode()

    assert "<h1>대시보드 · 리포트 서밋</h1>" in html
    assert "비공개 체결 거래 1건" in html
    translation.deactivate()


def test_event_menu_links_the_dashboard_for_organizers_only(client: Any, world: Any) -> None:
    home = reverse("events:home", kwargs={"slug": world.event.slug})
    link = f'href="{_url(world, "dashboard")}"'
    assert link in _client(client, world).get(home).content.decode()
    client.logout()
    client.force_login(world.leads["ALPHA"].user)

    assert link not in client.get(home).content.decode()


@pytest.mark.parametrize("language", ["en", "ko"])
def test_pdf_with_long_names_keeps_every_table_inside_the_page(
    client: Any, world: Any, checked_pdf: Any, language: str
) -> None:
    from summit.accounts.models import Profile
    from summit.organizations.models import Organization

    Organization.objects.filter(org_id="ALPHA").update(
        name="Alpha Bio International Consortium for Regenerative Medicine Manufacturing",
        name_local="알파 바이오 국제 재생의학 및 세포치료 제조 혁신 컨소시엄 주식회사",
    )
    Profile.objects.filter(user=world.organizer).update(language=language)
    pages = checked_pdf(_client(client, world).get(_url(world, "export_pdf")).content)
    text = " ".join(pages)
    assert "Report Summit" in text or "리포트 서밋" in text
    assert "Consortium" in text or "컨소시엄" in text
