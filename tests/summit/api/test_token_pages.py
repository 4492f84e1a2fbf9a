"""The API token pages: create (secret shown once, stored hashed), scope choice, list, revoke."""

import hashlib

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from summit.api.domain.tokens import create_api_token
from summit.api.models import ApiToken

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def _list_url(event):
    return reverse("api_tokens:list", kwargs={"slug": event.slug})


def _revoke_url(event, token):
    return reverse("api_tokens:revoke", kwargs={"slug": event.slug, "token_id": token.pk})


def _secret_of(response):
    return response.context["secret"]


def test_token_page_create_shows_secret_once_and_stores_only_its_hash(client, organizer, event):
    client.force_login(organizer)
    response = client.post(_list_url(event), {"name": "badge scanner", "scopes": ["read", "write"]})
    assert response.status_code == 200
    secret = _secret_of(response)
    assert secret.startswith("bp_")
    assert secret in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    token = ApiToken.objects.get(user=organizer)
    assert token.name == "badge scanner"
    assert token.scopes == "read write"
    assert token.token_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in {token.token_hash, token.prefix, token.name}
    again = client.get(_list_url(event))
    assert secret not in again.content.decode()
    assert token.prefix in again.content.decode()


def test_token_page_created_token_works_in_the_api(client, participant, event):
    client.force_login(participant)
    secret = _secret_of(client.post(_list_url(event), {"name": "CRM", "scopes": ["read"]}))
    client.logout()
    response = client.get(f"/api/events/{event.slug}", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert response.status_code == 200


def _offered_scopes(client, event):
    return set(dict(client.get(_list_url(event)).context["form"].fields["scopes"].choices))


def test_token_page_offers_organizer_scope_to_organizers_only(
    client, organizer, participant, event
):
    client.force_login(organizer)
    assert _offered_scopes(client, event) == {"read", "write", "organizer"}
    client.force_login(participant)
    assert _offered_scopes(client, event) == {"read", "write"}


def test_token_page_create_refuses_organizer_scope_for_participant(client, participant, event):
    client.force_login(participant)
    response = client.post(_list_url(event), {"name": "sneaky", "scopes": ["read", "organizer"]})
    assert response.status_code == 200
    assert response.context["secret"] is None
    assert "scopes" in response.context["form"].errors
    assert not ApiToken.objects.filter(user=participant).exists()


def test_token_page_create_without_name_or_scope_names_the_fields(client, organizer, event):
    client.force_login(organizer)
    response = client.post(_list_url(event), {"name": " "})
    errors = response.context["form"].errors
    assert set(errors) == {"name", "scopes"}
    assert "at least one scope" in str(errors["scopes"])
    assert not ApiToken.objects.exists()


def test_token_page_lists_only_own_tokens(client, organizer, participant, event):
    create_api_token(user=organizer, name="organizer's scanner")
    create_api_token(user=participant, name="participant's CRM", scopes=["read"])
    client.force_login(participant)
    page = client.get(_list_url(event)).content.decode()
    assert "participant&#x27;s CRM" in page
    assert "organizer&#x27;s scanner" not in page


def test_revoke_get_asks_for_confirmation_without_revoking(client, organizer, event):
    token, _secret = create_api_token(user=organizer, name="BI")
    client.force_login(organizer)
    response = client.get(_revoke_url(event, token))
    assert response.status_code == 200
    assert b'method="post"' in response.content
    assert ApiToken.objects.filter(pk=token.pk).exists()


def test_revoke_post_makes_the_api_answer_401(client, organizer, event):
    token, secret = create_api_token(user=organizer, name="BI")
    headers = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    assert client.get(f"/api/events/{event.slug}", **headers).status_code == 200
    client.force_login(organizer)
    response = client.post(_revoke_url(event, token))
    assert response.status_code == 302
    assert response["Location"] == _list_url(event)
    assert not ApiToken.objects.filter(pk=token.pk).exists()
    client.logout()
    refused = client.get(f"/api/events/{event.slug}", **headers)
    assert refused.status_code == 401
    assert refused["WWW-Authenticate"] == "Bearer"


def test_revoke_of_another_users_token_is_not_found(client, organizer, participant, event):
    token, _secret = create_api_token(user=organizer, name="scanner")
    client.force_login(participant)
    assert client.post(_revoke_url(event, token)).status_code == 404
    assert ApiToken.objects.filter(pk=token.pk).exists()


def test_organizer_menu_links_the_token_page(client, organizer, event):
    client.force_login(organizer)
    page = client.get(reverse("events:home", kwargs={"slug": event.slug})).content.decode()
    assert f'href="{_list_url(event)}"' in page


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_token_list_does_not_query_per_token(client, organizer, event):
    client.force_login(organizer)
    create_api_token(user=organizer, name="one")
    one = _queries(client, _list_url(event))
    for name in ("two", "three"):
        create_api_token(user=organizer, name=name, scopes=["read"])
    assert _queries(client, _list_url(event)) == one


def test_token_list_shows_when_a_token_was_last_used(client, participant, event):
    token, secret = create_api_token(user=participant, name="CRM", scopes=["read"])
    client.force_login(participant)
    assert "never" in client.get(_list_url(event)).content.decode()
    client.logout()
    client.get(f"/api/events/{event.slug}", HTTP_AUTHORIZATION=f"Bearer {secret}")
    token.refresh_from_db()
    assert token.last_used is not None
    client.force_login(participant)
    listed = client.get(_list_url(event)).context["tokens"]
    assert [entry.last_used for entry in listed] == [token.last_used]


def test_my_data_page_links_the_token_page(client, participant, event):
    client.force_login(participant)
    page = client.get(reverse("outcomes:my_data", kwargs={"slug": event.slug})).content.decode()
    assert f'href="{_list_url(event)}"' in page
