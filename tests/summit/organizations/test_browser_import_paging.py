"""The organizer's survey preview of a long file with problems: paged, filtered to the rows
with problems, at phone and desktop width, in English and Korean (issue 14)."""

import csv
import io

import pytest
from playwright.sync_api import expect

PASSWORD = "Partnering-Test-2026!"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def patient_expectations():
    # A busy 2-core machine: wait like the page fixture's own 15 s action timeout.
    expect.set_options(timeout=15_000)
    yield
    expect.set_options(timeout=5_000)


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


def _long_csv():
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    for i in range(130):
        modality = "nanobots" if i % 9 == 0 else "mab"
        answers = ["oncology", modality, "licensing_out", "funding", "europe", "", ""]
        writer.writerow([f"ORG{i}", f"Organization {i}", "biotech", "KR", *answers])
    return buffer.getvalue().encode()


@pytest.mark.parametrize(("width", "language"), [(390, "ko"), (1366, "en")])
def test_long_preview_is_paged_and_filtered(page, organizer, event, screenshot, width, language):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/accounts/login/")
    page.fill("input[name=username]", "organizer")
    page.fill("input[name=password]", PASSWORD)
    page.click("form.form button[type=submit]")
    if language == "ko":
        page.select_option("#language-select", "ko")
        page.click(".language-form button")
        expect(page.locator("html")).to_have_attribute("lang", "ko")
    page.goto(f"/e/{event.slug}/organizations/import/")
    page.set_input_files(
        "input[name=file]",
        files=[{"name": "long.csv", "mimeType": "text/csv", "buffer": _long_csv()}],
    )
    page.locator("form:has(input[name=file]) button[type=submit]").click()
    expect(page.locator("table.import-preview tbody tr")).to_have_count(50)
    expect(page.locator("nav.pagination")).to_contain_text(
        "1" if language == "ko" else "Page 1 of 3"
    )
    screenshot(page, f"1-preview-{width}-{language}")
    page.click("a[href='?problems=1']")
    expect(page.locator("table.import-preview tbody tr")).to_have_count(15)
    expect(page.locator("tr.row-error").first).to_contain_text("nanobots")
    expect(page.locator("a[href='?']")).to_be_visible()  # back to all rows
    screenshot(page, f"2-problems-{width}-{language}")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
