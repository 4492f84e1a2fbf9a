"""The PDF agenda and table plan: Korean names must come back out as text.

Text is extracted with poppler's ``pdftotext``. Without it the test skips on a laptop but
fails when ``SUMMIT_REQUIRE_PDFTOTEXT`` or ``SUMMIT_REQUIRE_BROWSER`` is 1 (CI sets the
latter and installs poppler-utils with chromium and the Korean fonts).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from django.urls import reverse

from summit.agenda.views import check_in_url

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def _required() -> bool:
    return any(
        os.environ.get(name, "").strip() in {"1", "true", "yes"}
        for name in ("SUMMIT_REQUIRE_PDFTOTEXT", "SUMMIT_REQUIRE_BROWSER")
    )


def pdf_text(body: bytes) -> str:
    """The text of a PDF as poppler reads it (layout kept, so a table row stays a line)."""
    tool = shutil.which("pdftotext")
    if tool is None:
        if _required():
            pytest.fail("pdftotext (poppler-utils) is missing", pytrace=False)
        pytest.skip("pdftotext: poppler-utils not installed")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "agenda.pdf"
        path.write_bytes(body)
        result = subprocess.run(
            [tool, "-layout", "-enc", "UTF-8", str(path), "-"],
            capture_output=True,
            check=True,
            timeout=60,
        )
    return result.stdout.decode("utf-8")


def test_agenda_pdf_contains_korean_organization_names_as_text(
    client, participant, event, me, partner, make_scheduled_meeting
):
    make_scheduled_meeting(event, first=me, second=partner, slot=1, table=2)
    make_scheduled_meeting(event, first=me, slot=3, status="cancelled")
    client.force_login(participant)
    response = client.get(reverse("agenda:pdf", kwargs={"slug": event.slug}))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="{event.slug}-agenda.pdf"'
    text = pdf_text(response.content)
    assert "Bio Summit" in text
    assert "바이오 서밋" in text
    assert "Pat Participant" in text
    assert "베타 테라퓨틱스" in text
    assert "Beta Therapeutics" in text
    assert "Min Kim, CEO" in text
    assert "09:30–10:00" in text
    assert "Table 2" in text
    assert "cancelled" in text


def test_agenda_pdf_in_korean_when_page_is_korean(
    client, participant, event, me, partner, make_scheduled_meeting
):
    from summit.accounts.models import Profile

    Profile.objects.filter(user=participant).update(language="ko")
    make_scheduled_meeting(event, first=me, second=partner)
    client.force_login(participant)
    text = pdf_text(client.get(reverse("agenda:pdf", kwargs={"slug": event.slug})).content)
    assert "베타 테라퓨틱스" in text
    assert "테이블 1" in text


def test_check_in_url_points_to_the_lounge_check_in(rf, event, make_scheduled_meeting):
    meeting = make_scheduled_meeting(event)
    url = check_in_url(rf.get("/"), event, meeting)
    assert url == f"http://testserver/e/{event.slug}/lounge/check-in/{meeting.uid}/"


def test_agenda_pdf_has_a_qr_code_per_live_meeting(
    client, participant, event, me, make_scheduled_meeting, monkeypatch
):
    from summit.agenda.interfaces import pdf

    encoded = []
    real = pdf._qr
    monkeypatch.setattr(pdf, "_qr", lambda url: encoded.append(url) or real(url))
    live = make_scheduled_meeting(event, first=me, slot=0)
    make_scheduled_meeting(event, first=me, slot=1, status="cancelled")
    client.force_login(participant)
    client.get(reverse("agenda:pdf", kwargs={"slug": event.slug}))
    assert encoded == [f"http://testserver/e/{event.slug}/lounge/check-in/{live.uid}/"]


def test_table_plan_pdf_has_one_page_per_slot_with_korean_names(
    client, organizer, event, me, partner, make_scheduled_meeting
):
    make_scheduled_meeting(event, first=me, second=partner, slot=2, table=4)
    client.force_login(organizer)
    day = event.days.get()
    response = client.get(
        reverse("agenda:table_plan_pdf", kwargs={"slug": event.slug}), {"day": day.pk}
    )
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    pages = text.split("\f")
    assert len([page for page in pages if page.strip()]) == 6  # 6 slots on the day
    assert "베타 테라퓨틱스" in pages[2]
    assert "애크미 바이오" in pages[2]
    assert "Table 4" in pages[2]
    assert "베타 테라퓨틱스" not in pages[1]


def test_qr_code_format_information_names_level_m_and_the_mask():
    """The 15 format bits around the top-left finder (ISO 18004 §7.9) say which error
    correction level and mask the code uses; readers rely on them to decode."""
    from summit.agenda.interfaces.pdf import QR_MASK, qr_modules

    modules = qr_modules("https://partnering.example.com/e/bio/lounge/check-in/0000/")
    assert len(modules) == len(modules[0])
    assert (len(modules) - 17) % 4 == 0  # versions: 21, 25, 29, ... modules
    # Bits 14..9 at row 8, columns 0-5, bit 8 at (8, 7), bit 7 at (8, 8), bit 6 at (7, 8),
    # bits 5..0 at column 8, rows 5..0.
    cells = (
        [(8, c) for c in range(6)] + [(8, 7), (8, 8), (7, 8)] + [(r, 8) for r in range(5, -1, -1)]
    )
    bits = "".join("1" if modules[r][c] else "0" for r, c in cells)
    unmasked = int(bits, 2) ^ 0b101010000010010
    level, mask = unmasked >> 13, (unmasked >> 10) & 0b111
    assert (level, mask) == (0b00, QR_MASK)  # 00 = level M


def test_table_plan_pdf_of_one_slot(client, organizer, event, me, partner, make_scheduled_meeting):
    meeting = make_scheduled_meeting(event, first=me, second=partner, slot=2, table=4)
    client.force_login(organizer)
    response = client.get(
        reverse("agenda:table_plan_pdf", kwargs={"slug": event.slug}), {"slot": meeting.slot_id}
    )
    assert response["Content-Disposition"] == (
        f'attachment; filename="{event.slug}-table-plan-2026-10-06-1000.pdf"'
    )
    pages = [page for page in pdf_text(response.content).split("\f") if page.strip()]
    assert len(pages) == 1
    assert "베타 테라퓨틱스" in pages[0]
    assert "10:00–10:30" in pages[0]


LONG_NAME = "International Consortium for Regenerative Medicine and Cell Therapy Manufacturing"
LONG_NAME_KO = "국제 재생의학 및 세포치료 제조 혁신 컨소시엄 바이오헬스케어 주식회사"


@pytest.fixture
def crowded_meetings(
    event, me, make_organization, make_membership, make_user, make_scheduled_meeting
):
    """Meetings with long names on both sides, a long video link and a cancelled one."""
    long = make_organization(event, "LONG", name=LONG_NAME, name_local=LONG_NAME_KO)
    people = [
        make_user("kang", first_name="지훈", last_name="강", language="ko"),
        make_user(
            "wolfe", first_name="Maximiliane Alexandra", last_name="Wolfeschlegelsteinhausen"
        ),
    ]
    other = make_organization(
        event, "LONGER", name="Universitätsklinikum Schleswig-Holstein Translational Oncology"
    )
    seated = [
        make_membership(org, person, job_title="Vice President, Global Business Development")
        for org, person in zip([long, other], people, strict=True)
    ]
    make_scheduled_meeting(event, first=me, second=seated[0], slot=0, table=1)
    make_scheduled_meeting(
        event,
        first=me,
        second=seated[1],
        slot=1,
        table=2,
        video_link="https://meet.example.com/partnering-summit-2026/room-" + "a1b2c3" * 8,
    )
    make_scheduled_meeting(event, first=seated[0], second=seated[1], slot=2, status="cancelled")


@pytest.mark.parametrize("language", ["en", "ko"])
def test_agenda_pdf_with_long_names_stays_inside_its_columns_and_the_page(
    client, participant, event, crowded_meetings, checked_pdf, language
):
    from summit.accounts.models import Profile

    Profile.objects.filter(user=participant).update(language=language)
    client.force_login(participant)
    response = client.get(reverse("agenda:pdf", kwargs={"slug": event.slug}))
    text = " ".join(checked_pdf(response.content))
    # Times never wrap: each is one word of the extracted text.
    for when in ("09:00–09:30", "09:30–10:00"):
        assert when in text.split()
    assert "강지훈," in text.split()
    assert "Consortium" in text
    assert "컨소시엄" in text


@pytest.mark.parametrize("language", ["en", "ko"])
def test_table_plan_pdf_with_long_names_stays_inside_its_columns_and_the_page(
    client, organizer, event, crowded_meetings, checked_pdf, language
):
    from summit.accounts.models import Profile

    Profile.objects.filter(user=organizer).update(language=language)
    client.force_login(organizer)
    day = event.days.get()
    response = client.get(
        reverse("agenda:table_plan_pdf", kwargs={"slug": event.slug}), {"day": day.pk}
    )
    pages = checked_pdf(response.content)
    assert len(pages) == 6
    assert "강지훈," in pages[0].split()
    assert "Wolfeschlegelsteinhausen," in pages[1].split()
