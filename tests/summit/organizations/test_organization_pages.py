"""Organisation pages: survey form, directory, detail, import upload/preview/confirm, export."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from summit.accounts.domain.profiles import set_user_language
from summit.organizations.models import Membership, Organization

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

SURVEY_POST = {
    "name": "Acme Biologics",
    "name_local": "애크미 바이오",
    "org_type": "biotech",
    "country": "KR",
    "website": "https://acme.example.org",
    "description": "Antibodies.",
    "therapeutic_areas": ["oncology", "immunology"],
    "modalities": ["adc"],
    "offers": ["licensing_out"],
    "seeks": ["funding", "manufacturing_capacity"],
    "regions_of_interest": ["europe"],
    "languages": ["en", "ko"],
    "description_offer": "An ADC platform",
    "description_seek": "A CDMO",
}


def _survey_url(event, org):
    return reverse("organizations:survey", kwargs={"slug": event.slug, "org_id": org.org_id})


def test_participant_submits_the_survey(client, event, organization, participant):
    client.force_login(participant)
    response = client.post(_survey_url(event, organization), {**SURVEY_POST, "action": "submit"})
    assert response.status_code == 302
    organization.refresh_from_db()
    assert organization.survey_status == Organization.SurveyStatus.SUBMITTED
    assert organization.survey_submitted_at is not None
    assert organization.seeks == ["manufacturing_capacity", "funding"]
    assert organization.languages == ["ko", "en"]


def test_participant_saves_an_incomplete_draft(client, event, organization, participant):
    client.force_login(participant)
    draft = {"name": "Acme Biologics", "offers": [], "seeks": [], "action": "draft"}
    response = client.post(_survey_url(event, organization), draft)
    assert response.status_code == 302
    organization.refresh_from_db()
    assert organization.survey_status == Organization.SurveyStatus.DRAFT
    assert (organization.offers, organization.seeks) == ([], [])


def test_submitting_an_incomplete_survey_shows_field_errors(
    client, event, organization, participant
):
    client.force_login(participant)
    post = {**SURVEY_POST, "offers": [], "seeks": [], "action": "submit"}
    response = client.post(_survey_url(event, organization), post)
    assert response.status_code == 200
    assert response.context["form"].errors["offers"] == [
        "An organization must offer or seek at least one thing."
    ]
    organization.refresh_from_db()
    assert organization.survey_status == Organization.SurveyStatus.DRAFT


def test_unknown_code_is_a_field_error_with_the_engine_suggestion(
    client, event, organization, participant
):
    client.force_login(participant)
    post = {**SURVEY_POST, "modalities": ["adc", "Monoclonal antibodyy"], "action": "draft"}
    response = client.post(_survey_url(event, organization), post)
    assert response.status_code == 200
    assert response.context["form"].errors["modalities"] == [
        "Unknown value “Monoclonal antibodyy”. Did you mean “mab”?"
    ]
    organization.refresh_from_db()
    assert organization.modalities == ["mab"]


def test_survey_labels_follow_the_language(client, event, organization, participant):
    client.force_login(participant)
    english = client.get(_survey_url(event, organization)).content.decode()
    assert "Monoclonal antibody" in english
    assert "단일클론항체" not in english
    set_user_language(user=participant, language="ko")
    korean = client.get(_survey_url(event, organization)).content.decode()
    assert "단일클론항체" in korean


def test_participant_cannot_edit_another_organization(
    client, event, participant, make_organization
):
    other = make_organization(event, "RIVAL", name="Rival Bio")
    client.force_login(participant)
    assert client.get(_survey_url(event, other)).status_code == 403
    assert (
        client.post(_survey_url(event, other), {**SURVEY_POST, "action": "submit"}).status_code
        == 403
    )


def test_organizer_edits_any_organization(client, event, organizer, make_organization):
    other = make_organization(event, "RIVAL", name="Rival Bio")
    client.force_login(organizer)
    response = client.post(
        _survey_url(event, other), {**SURVEY_POST, "name": "Rival Bio", "action": "submit"}
    )
    assert response.status_code == 302
    other.refresh_from_db()
    assert other.survey_status == Organization.SurveyStatus.SUBMITTED


def test_wishlist_must_name_organizations_of_the_event(
    client, event, organization, participant, make_organization
):
    make_organization(event, "FRIEND", name="Friend Bio")
    client.force_login(participant)
    post = {**SURVEY_POST, "wishlist": ["FRIEND", "GHOST"], "action": "draft"}
    response = client.post(_survey_url(event, organization), post)
    assert response.context["form"].errors["wishlist"] == ["Unknown organization “GHOST”."]


# ---- directory ----------------------------------------------------------------------------


def _directory(event, **params):
    return reverse("organizations:directory", kwargs={"slug": event.slug}), params


def test_directory_filters_and_searches(client, event, participant, make_organization):
    make_organization(
        event,
        "VAX",
        name="Vax Works",
        org_type="biotech",
        modalities=["vaccine"],
        description_seek="A partner for cold-chain logistics",
    )
    make_organization(
        event,
        "CDMO1",
        name="Make It",
        org_type="cdmo",
        country="SG",
        offers=["manufacturing_capacity"],
        seeks=["procurement_supply"],
    )
    client.force_login(participant)
    url, _ = _directory(event)

    def names(**params):
        response = client.get(url, params)
        return [org.name for org in response.context["page"].object_list]

    assert names(org_type="cdmo") == ["Make It"]
    assert names(country="SG") == ["Make It"]
    assert names(modality="vaccine") == ["Vax Works"]
    assert names(offers="manufacturing_capacity") == ["Make It"]
    assert names(q="cold-chain") == ["Vax Works"]
    assert names(q="애크미") == ["Acme Biologics"]
    assert names(seeks="funding") == ["Acme Biologics", "Vax Works"]
    assert names(area="oncology", org_type="biotech") == ["Acme Biologics", "Vax Works"]


def test_directory_htmx_request_gets_only_the_results(client, event, participant):
    client.force_login(participant)
    url, _ = _directory(event)
    full = client.get(url)
    partial = client.get(url, {"q": "acme"}, HTTP_HX_REQUEST="true")
    assert b"<html" in full.content
    assert b"<html" not in partial.content
    assert b"Acme Biologics" in partial.content


def _queries(client, url):
    client.get(url)  # warm up: session, language, content types
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_directory_query_count_is_constant(client, event, organizer, make_organization):
    client.force_login(organizer)
    url, _ = _directory(event)
    make_organization(event, "FIRST", name="First")
    at_one = _queries(client, url)
    make_organization(event, "SECOND", name="Second")
    make_organization(event, "THIRD", name="Third")
    at_three = _queries(client, url)
    assert client.get(url).context["page"].paginator.count == 3
    assert at_one == at_three


def test_organization_detail_query_count_is_constant(
    client, event, organization, organizer, make_membership
):
    client.force_login(organizer)
    url = reverse(
        "organizations:detail", kwargs={"slug": event.slug, "org_id": organization.org_id}
    )
    make_membership(organization, job_title="Scientist")
    at_one = _queries(client, url)
    make_membership(organization, job_title="Chemist")
    make_membership(organization, job_title="Lawyer")
    at_three = _queries(client, url)
    assert at_one == at_three


def test_directory_is_hidden_from_another_events_participant(client, event, other_participant):
    client.force_login(other_participant)
    url, _ = _directory(event)
    assert client.get(url).status_code == 403


# ---- import and export ----------------------------------------------------------------------


def _survey_csv(rows):
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    header = [
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
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode()


def _upload(client, event, data, name="survey.csv"):
    file = io.BytesIO(data)
    file.name = name
    return client.post(reverse("organizations:import", kwargs={"slug": event.slug}), {"file": file})


GOOD_ROW = [
    "NEW1",
    "New Bio",
    "biotech",
    "KR",
    "oncology",
    "mab",
    "licensing_out",
    "funding",
    "europe",
    "",
    "",
    "Dana Park",
    "dana@new1.example.org",
    "CEO",
]


def test_upload_preview_confirm_imports_the_stored_file(
    client, event, organizer, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(organizer)
    response = _upload(client, event, _survey_csv([GOOD_ROW]))
    preview_url = reverse("organizations:import_preview", kwargs={"slug": event.slug})
    assert response["Location"] == preview_url
    preview = client.get(preview_url)
    assert preview.context["preview"]["ok"]
    assert b"NEW1" in preview.content
    assert b"dana@new1.example.org" in preview.content
    assert not Organization.objects.filter(org_id="NEW1").exists()
    with django_capture_on_commit_callbacks(execute=True):
        confirmed = client.post(
            reverse("organizations:import_confirm", kwargs={"slug": event.slug})
        )
    assert confirmed.status_code == 302
    org = Organization.objects.get(event=event, org_id="NEW1")
    assert Membership.objects.get(organization=org).user.email == "dana@new1.example.org"
    assert [message.to for message in mailoutbox] == [["dana@new1.example.org"]]
    # The stored file is gone: confirming again imports nothing more.
    again = client.post(reverse("organizations:import_confirm", kwargs={"slug": event.slug}))
    assert again["Location"] == reverse("organizations:import", kwargs={"slug": event.slug})


def test_preview_shows_row_column_value_and_suggestion(client, event, organizer):
    client.force_login(organizer)
    bad = [*GOOD_ROW]
    bad[5] = "monoclonal antibodyy"
    bad[:2] = ["NEW2", "Other Bio"]
    _upload(client, event, _survey_csv([GOOD_ROW, bad]))
    preview = client.get(reverse("organizations:import_preview", kwargs={"slug": event.slug}))
    assert not preview.context["preview"]["ok"]
    rows = preview.context["rows"]
    assert [(row["number"], [p["column"] for p in row["problems"]]) for row in rows] == [
        (2, []),
        (3, ["modalities", "contact_email"]),
    ]
    html = preview.content.decode()
    assert "monoclonal antibodyy" in html
    assert "did you mean “mab”" in html
    assert 'id="confirm-import"' not in html
    confirm = client.post(reverse("organizations:import_confirm", kwargs={"slug": event.slug}))
    assert confirm.status_code == 302
    assert not Organization.objects.filter(org_id__startswith="NEW").exists()


def test_oversize_upload_is_refused_by_the_form(client, event, organizer, settings):
    settings.SUMMIT_SURVEY_MAX_BYTES = 100
    client.force_login(organizer)
    response = _upload(client, event, _survey_csv([GOOD_ROW]))
    assert response.status_code == 200
    assert "largest accepted survey file is 0.0 MB" in response.context["form"].errors["file"][0]


def test_confirm_imports_what_was_previewed_not_what_the_browser_sends(
    client, event, organizer, django_capture_on_commit_callbacks
):
    client.force_login(organizer)
    _upload(client, event, _survey_csv([GOOD_ROW]))
    file = io.BytesIO(_survey_csv([["EVIL", *GOOD_ROW[1:]]]))
    file.name = "evil.csv"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("organizations:import_confirm", kwargs={"slug": event.slug}),
            {"file": file, "token": "0" * 32},
        )
    imported = Organization.objects.filter(event=event).values_list("org_id", flat=True)
    assert list(imported) == ["NEW1"]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_downloads_the_survey(client, event, organization, participant, organizer, fmt):
    client.force_login(organizer)
    response = client.get(reverse(f"organizations:export_{fmt}", kwargs={"slug": event.slug}))
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="bio-summit-survey.{fmt}"'
    if fmt == "csv":
        lines = response.content.decode("utf-8-sig").splitlines()
        assert lines[0].endswith("contact_name,contact_email,contact_title")
        assert lines[1].startswith("ACME,Acme Biologics,biotech,KR,oncology,mab,")
        assert lines[1].endswith("Pat Participant,participant@example.org,BD Director")
