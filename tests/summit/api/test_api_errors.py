"""Every 4xx of the API has the documented shape ``{"detail": str, "errors": {field: [..]}}``,
and absurd input is refused, never a 500 (issue 14)."""

import json
from datetime import date

import pytest

from summit.api.domain.tokens import create_api_token

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


@pytest.fixture
def organizer_token(organizer):
    return create_api_token(user=organizer, name="t")[1]


@pytest.fixture
def participant_token(participant):
    return create_api_token(user=participant, name="t")[1]


def _send(client, method, url, token, body=None, raw=None):
    data = raw if raw is not None else (json.dumps(body) if body is not None else None)
    kwargs = {"content_type": "application/json"} if data is not None else {}
    call = getattr(client, method)
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    if data is None:
        return call(url, **headers)
    return call(url, data, **kwargs, **headers)


def _problem(response):
    body = response.json()
    assert set(body) == {"detail", "errors"}
    assert isinstance(body["detail"], str)
    assert isinstance(body["errors"], dict)
    return body


def test_offset_beyond_64_bits_is_a_422_naming_the_field(client, event, organizer_token):
    response = _send(
        client,
        "get",
        f"/api/events/{event.slug}/organizations?offset=9223372036854775808",
        organizer_token,
    )
    assert response.status_code == 422
    body = _problem(response)
    assert body["detail"] == "invalid input"
    assert list(body["errors"]) == ["offset"]


def test_limit_outside_its_range_is_refused(client, event, organizer_token):
    response = _send(
        client, "get", f"/api/events/{event.slug}/organizations?limit=0", organizer_token
    )
    assert response.status_code == 422
    assert list(_problem(response)["errors"]) == ["limit"]


@pytest.mark.parametrize("huge", ["1e20", "100000000000000000000", "9223372036854775808"])
def test_huge_slot_id_is_a_422_not_an_overflow(client, event, participant_token, huge):
    response = _send(
        client,
        "put",
        f"/api/events/{event.slug}/availability",
        participant_token,
        raw=f'{{"unavailable_slot_ids": [{huge}]}}',
    )
    assert response.status_code == 422
    assert list(_problem(response)["errors"]) == ["unavailable_slot_ids[0]"]


@pytest.mark.parametrize("raw", ["false", "-1", "null", '"text"', "[1, 2]"])
def test_patch_with_a_body_that_is_not_an_object_is_refused(client, event, organizer_token, raw):
    before = event.name
    response = _send(client, "patch", f"/api/events/{event.slug}", organizer_token, raw=raw)
    assert response.status_code == 400
    assert _problem(response) == {
        "detail": "the request body must be a JSON object",
        "errors": {"body": ["the request body must be a JSON object"]},
    }
    event.refresh_from_db()
    assert event.name == before


def test_malformed_json_is_a_400_in_the_documented_shape(client, event, organizer_token):
    response = _send(client, "patch", f"/api/events/{event.slug}", organizer_token, raw='{"name": ')
    assert response.status_code == 400
    assert _problem(response)["detail"] == "the request body is not valid JSON"


def test_deeply_nested_json_is_a_400_not_a_recursion_error(client, event, organizer_token):
    raw = '{"name": ' + "[" * 100_000 + "]" * 100_000 + "}"
    response = _send(client, "patch", f"/api/events/{event.slug}", organizer_token, raw=raw)
    assert response.status_code == 400
    _problem(response)


def test_wrong_type_in_body_names_the_field(client, event, organizer_token):
    response = _send(
        client,
        "patch",
        f"/api/events/{event.slug}",
        organizer_token,
        body={"max_open_requests": "many"},
    )
    assert response.status_code == 422
    assert list(_problem(response)["errors"]) == ["max_open_requests"]


def test_taken_slug_is_a_409_conflict(client, event, organizer, organizer_token):
    organizer.is_staff = True
    organizer.save()
    response = _send(
        client, "post", "/api/events/", organizer_token, body={"slug": event.slug, "name": "X"}
    )
    assert response.status_code == 409
    assert "slug" in _problem(response)["errors"]


def test_unauthenticated_forbidden_and_missing_share_the_shape(client, event, participant_token):
    unauthenticated = _send(client, "get", f"/api/events/{event.slug}", None)
    assert unauthenticated.status_code == 401
    assert _problem(unauthenticated)["detail"] == "authentication required"
    forbidden = _send(
        client, "patch", f"/api/events/{event.slug}", participant_token, body={"name": "x"}
    )
    assert forbidden.status_code == 403
    _problem(forbidden)
    missing = _send(client, "get", "/api/events/no-such-event", participant_token)
    assert missing.status_code == 404
    _problem(missing)


def test_openapi_document_lists_the_error_answers_of_every_operation(client):
    schema = client.get("/api/openapi.json", HTTP_HOST="localhost").json()
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            for status in ("400", "401", "403", "404", "422"):
                assert status in operation["responses"], (method, path, status)


@pytest.mark.parametrize("field", ["venue", "name", "time_zone", "max_open_requests"])
def test_null_for_a_required_setting_is_a_422_not_a_500(client, event, organizer_token, field):
    response = _send(
        client, "patch", f"/api/events/{event.slug}", organizer_token, body={field: None}
    )
    assert response.status_code == 422
    assert list(_problem(response)["errors"]) == [field]


def test_null_deadline_clears_the_deadline(client, event, organizer_token):
    response = _send(
        client,
        "patch",
        f"/api/events/{event.slug}",
        organizer_token,
        body={"request_deadline": None},
    )
    assert response.status_code == 200
    assert response.json()["request_deadline"] is None


def test_nul_character_in_body_text_is_400_naming_the_field(client, participant_token, event):
    response = client.patch(
        "/api/events/bio-summit/organizations/ACME",
        {"name": "Acme\x00", "description": "fine"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {participant_token}",
    )
    assert response.status_code == 400
    assert response.json()["errors"]["body"] == ["name: text may not contain NUL characters"]


def _allows_null(field):
    variants = field.get("anyOf", [field])
    return any(variant.get("type") == "null" for variant in variants)


def _deal(event, organizer, organization, make_organization):
    from summit.outcomes.domain.deals import DealData, record_deal

    return record_deal(
        event=event,
        user=organizer,
        data=DealData(
            title="Licence",
            kind="mou",
            stage="discussing",
            date=date(2026, 11, 1),
            organizations=[organization, make_organization(event, "PARTNER")],
        ),
    )


def test_openapi_document_offers_null_exactly_where_a_patch_accepts_it(
    client, event, organization, organizer, organizer_token, make_organization
):
    schema = client.get("/api/openapi.json", HTTP_HOST="localhost").json()
    components = schema["components"]["schemas"]
    deal = _deal(event, organizer, organization, make_organization)
    known = {"slug": event.slug, "org_id": organization.org_id, "deal_id": deal.pk}
    checked = []
    for path, operations in schema["paths"].items():
        if "patch" not in operations:
            continue
        body = operations["patch"]["requestBody"]["content"]["application/json"]["schema"]
        fields = components[body["$ref"].rsplit("/", 1)[1]]["properties"]
        url = path.format(**known)  # a PATCH with a path value not known here: add it above
        for name, field in fields.items():
            response = _send(client, "patch", url, organizer_token, body={name: None})
            documented = _allows_null(field)
            assert (response.status_code == 200) == documented, (path, name, response.json())
            if not documented:
                assert response.status_code == 422
                assert list(_problem(response)["errors"]) == [name]
            checked.append((path, name, documented))
    assert ("/api/events/{slug}", "request_deadline", True) in checked
    assert ("/api/events/{slug}", "venue", False) in checked


@pytest.mark.parametrize(
    ("url", "field"),
    [
        ("/api/events/{slug}/organizations?q=Ac%00me", "q"),
        ("/api/events/{slug}/all-meeting-requests?org_id=%00", "org_id"),
    ],
)
def test_nul_character_in_a_query_parameter_is_a_422_naming_it(
    client, event, organizer_token, url, field
):
    response = _send(client, "get", url.format(slug=event.slug), organizer_token)
    assert response.status_code == 422
    assert _problem(response)["errors"] == {field: ["text may not contain NUL characters"]}


def test_nul_character_in_the_path_is_404(client, organizer_token, event):
    response = _send(client, "get", "/api/events/bio%00summit", organizer_token)
    assert response.status_code == 404
