"""Browser walks of the survey (Playwright + Debian's chromium on a live server).

The organizer imports a survey file, sees the preview and confirms it; a participant logs
in, switches to Korean, completes the survey and finds an organization in the directory.
Screenshots go to test-artifacts/screenshots/.
"""

import pytest
from playwright.sync_api import expect

from summit.organizations.models import Membership, Organization

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def patient_expectations():
    # The machine running the suite may be busy (2 shared cores); wait as long as the
    # page fixture's own 15 s action timeout instead of Playwright's default 5 s.
    expect.set_options(timeout=15_000)
    yield
    expect.set_options(timeout=5_000)


PASSWORD = "Partnering-Test-2026!"
SURVEY_CSV = (
    "org_id,organization,org_type,country,therapeutic_areas,modalities,offers,seeks,"
    "regions_of_interest,description_offer,description_seek,contact_name,contact_email,"
    "contact_title\r\n"
    "HANBIT,Hanbit Vaccines,biotech,KR,vaccines,mRNA,licensing_out,funding;tech_transfer_in,"
    "europe,mRNA 백신 플랫폼,시리즈 B 투자,김지우,jiwoo@hanbit.example.org,CEO\r\n"
    "STELL,Stellbrook Biomanufacturing,cdmo,SG,vaccines,vaccine;mrna,manufacturing_capacity,"
    "procurement_supply,east_asia,Fill-finish capacity,Supply contracts,Ada Reid,"
    "ada@stell.example.org,VP Sales\r\n"
).encode()


def _log_in(page, username):
    page.goto("/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("form.form button[type=submit]")


def test_organizer_imports_a_survey_file_with_preview(
    event_nav, page, organizer, event, screenshot
):
    _log_in(page, "organizer")
    page.goto(f"/e/{event.slug}/")
    event_nav(page, "Survey import")
    page.set_input_files(
        "input[name=file]",
        files=[{"name": "survey.csv", "mimeType": "text/csv", "buffer": SURVEY_CSV}],
    )
    screenshot(page, "1-upload")
    page.click("text=Upload and preview")
    expect(page.locator("table.import-preview tbody tr")).to_have_count(2)
    expect(page.locator("table.import-preview")).to_contain_text("jiwoo@hanbit.example.org")
    screenshot(page, "2-preview")
    assert not Organization.objects.filter(event=event).exists()
    # Tasks run inline here: the confirm answers after the recompute of recommendations, whose
    # first run in a process loads the Korean analyser and scikit-learn (seconds on a busy
    # machine); a worker process pays that once.
    page.click("#confirm-import", timeout=120_000)
    expect(page.locator(".message-success")).to_contain_text("2 new organizations", timeout=120_000)
    expect(page.locator("table.directory tbody tr")).to_have_count(2)
    screenshot(page, "3-directory")
    hanbit = Organization.objects.get(event=event, org_id="HANBIT")
    assert hanbit.modalities == ["mrna"]
    assert Membership.objects.get(organization=hanbit).user.email == "jiwoo@hanbit.example.org"


def test_organizer_sees_every_problem_of_a_broken_file(page, organizer, event, screenshot):
    broken = SURVEY_CSV.replace(b"mRNA,licensing_out", b"mRNA;nanobots,licensing_out")
    _log_in(page, "organizer")
    page.goto(f"/e/{event.slug}/organizations/import/")
    page.set_input_files(
        "input[name=file]",
        files=[{"name": "survey.csv", "mimeType": "text/csv", "buffer": broken}],
    )
    page.click("text=Upload and preview")
    expect(page.locator("[role=alert]")).to_contain_text("1 problem")
    expect(page.locator("tr.row-error")).to_contain_text("nanobots")
    expect(page.locator("#confirm-import")).to_have_count(0)
    screenshot(page, "1-problems")
    assert not Organization.objects.filter(event=event).exists()


def test_participant_completes_the_survey_in_korean_and_finds_a_partner(
    page, participant, organization, event, make_organization, screenshot
):
    make_organization(
        event,
        "STELL",
        name="Stellbrook Biomanufacturing",
        org_type="cdmo",
        country="SG",
        offers=["manufacturing_capacity"],
        seeks=["procurement_supply"],
    )
    _log_in(page, "participant")
    page.select_option("#language-select", "ko")
    page.click(".language-form button")
    expect(page.locator("html")).to_have_attribute("lang", "ko")
    page.goto(f"/e/{event.slug}/survey/")
    expect(page.locator("#field-modalities")).to_contain_text("단일클론항체")
    page.check("input[name=modalities][value=adc]")
    page.check("input[name=seeks][value=manufacturing_capacity]")
    page.check("input[name=regions_of_interest][value=europe]")
    page.fill("textarea[name=description_seek]", "ADC 임상 물질 생산 파트너")
    screenshot(page, "1-survey-korean")
    page.click("button[value=submit]")
    expect(page.locator(".message-success")).to_be_visible()
    organization.refresh_from_db()
    assert organization.survey_status == Organization.SurveyStatus.SUBMITTED
    assert organization.modalities == ["mab", "adc"]
    assert organization.seeks == ["manufacturing_capacity", "funding"]

    page.goto(f"/e/{event.slug}/organizations/")
    page.fill("#id_q", "Stellbrook")
    expect(page.locator("table.directory tbody tr")).to_have_count(1)
    expect(page.locator("table.directory")).to_contain_text("위탁개발생산기업")
    screenshot(page, "2-directory-search")
    page.click("table.directory >> text=Stellbrook Biomanufacturing")
    expect(page.locator("h1")).to_have_text("Stellbrook Biomanufacturing")
    screenshot(page, "3-detail")
