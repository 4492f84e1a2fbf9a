"""Log-in and the per-user language (the lock-outs: test_guard.py)."""

import pytest
from django.core.cache import cache
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
