"""Log-in with rate limiting, and the per-user language."""

import pytest
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse

from summit.accounts.models import Profile

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

PASSWORD = "Partnering-Test-2026!"


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def _login(client, username, password, address="10.0.0.1"):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address
    )


def test_login_with_right_password_redirects_home(client, participant):
    response = _login(client, "participant", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("home")


@override_settings(LOGIN_FAILURE_LIMIT=3, LOGIN_FAILURE_WINDOW_S=600)
def test_login_is_refused_after_too_many_failures_even_with_right_password(client, participant):
    for _attempt in range(3):
        failed = _login(client, "participant", "wrong")
        assert failed.status_code == 200
        assert "rate_limited" not in str(failed.context["form"].errors.as_data())
    blocked = _login(client, "participant", PASSWORD)
    assert blocked.status_code == 200
    assert blocked.context["form"].non_field_errors() == [
        "Too many failed log-in attempts. Please wait 10 minutes and try again, "
        "or reset your password."
    ]
    assert "_auth_user_id" not in client.session


@override_settings(LOGIN_FAILURE_LIMIT=3)
def test_login_limit_counts_per_address(client, participant):
    for _attempt in range(3):
        _login(client, "participant", "wrong", address="10.0.0.1")
    response = _login(client, "participant", PASSWORD, address="10.0.0.2")
    assert response.status_code == 302


@override_settings(LOGIN_FAILURE_LIMIT=3)
def test_successful_login_resets_the_failure_count(client, participant):
    for _attempt in range(2):
        _login(client, "participant", "wrong")
    assert _login(client, "participant", PASSWORD).status_code == 302
    client.post(reverse("logout"))
    for _attempt in range(2):
        _login(client, "participant", "wrong")
    assert _login(client, "participant", PASSWORD).status_code == 302


def test_set_language_is_remembered_in_the_profile(client, participant, event):
    client.force_login(participant)
    home = reverse("events:home", args=[event.slug])
    response = client.post(reverse("set_language"), {"language": "ko", "next": home})
    assert response.status_code == 302
    assert Profile.objects.get(user=participant).language == "ko"
    page = client.get(home)
    assert page["Content-Language"] == "ko"
    assert "바이오 서밋" in page.content.decode()


def test_profile_language_wins_over_browser_language(client, make_user):
    user = make_user("kim", language="ko")
    client.force_login(user)
    page = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en")
    assert page["Content-Language"] == "ko"


def test_anonymous_visitor_gets_browser_language(client):
    page = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="ko-KR,ko;q=0.9")
    assert page["Content-Language"] == "ko"


def test_pages_carry_a_strict_content_security_policy(client):
    policy = client.get(reverse("login"))["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
