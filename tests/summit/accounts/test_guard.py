"""The authentication guard: every way in (site log-in, admin log-in, API tokens, password
reset) shares one set of per-account and per-address limits, kept in the cache."""

import os
import re
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse

from summit.api.domain.tokens import create_api_token

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

PASSWORD = "Partnering-Test-2026!"
SITE_LOGIN = "/accounts/login/"
ADMIN_LOGIN = "/admin/login/"


def _post_login(client, url, username, password, address="10.0.0.1"):
    return client.post(url, {"username": username, "password": password}, REMOTE_ADDR=address)


def _logged_in(client):
    return "_auth_user_id" in client.session


def test_admin_login_refuses_the_right_password_after_30_wrong_ones(client, organizer):
    for _attempt in range(30):
        _post_login(client, ADMIN_LOGIN, "organizer", "wrong")
    response = _post_login(client, ADMIN_LOGIN, "organizer", PASSWORD)
    assert response.status_code == 429
    assert not _logged_in(client)


def test_locked_account_is_refused_from_another_address_too(client, participant):
    for _attempt in range(5):
        _post_login(client, SITE_LOGIN, "participant", "wrong", address="10.0.0.1")
    response = _post_login(client, SITE_LOGIN, "participant", PASSWORD, address="10.9.9.9")
    assert response.status_code == 429
    assert not _logged_in(client)


def test_fewer_failures_than_the_limit_still_let_the_right_password_in(client, participant):
    for _attempt in range(4):
        assert _post_login(client, SITE_LOGIN, "participant", "wrong").status_code == 200
    assert _post_login(client, SITE_LOGIN, "participant", PASSWORD).status_code == 302


def test_successful_login_forgets_the_accounts_failures(client, participant):
    for _attempt in range(4):
        _post_login(client, SITE_LOGIN, "participant", "wrong")
    assert _post_login(client, SITE_LOGIN, "participant", PASSWORD).status_code == 302
    client.post(reverse("logout"))
    for _attempt in range(4):
        _post_login(client, SITE_LOGIN, "participant", "wrong")
    assert _post_login(client, SITE_LOGIN, "participant", PASSWORD).status_code == 302


@pytest.mark.parametrize(
    ("locked_on", "tried_on"), [(SITE_LOGIN, ADMIN_LOGIN), (ADMIN_LOGIN, SITE_LOGIN)]
)
def test_lockout_on_one_login_page_holds_on_the_other(client, organizer, locked_on, tried_on):
    for _attempt in range(5):
        _post_login(client, locked_on, "organizer", "wrong")
    response = _post_login(client, tried_on, "organizer", PASSWORD)
    assert response.status_code == 429
    assert not _logged_in(client)


def test_lockout_page_is_styled_translated_and_says_how_long(client, participant):
    for _attempt in range(5):
        _post_login(client, SITE_LOGIN, "participant", "wrong")
    response = client.post(
        SITE_LOGIN,
        {"username": "participant", "password": PASSWORD},
        REMOTE_ADDR="10.0.0.1",
        HTTP_ACCEPT_LANGUAGE="ko",
    )
    assert response.status_code == 429
    assert response["Retry-After"] == "900"
    assert response["Content-Language"] == "ko"
    page = response.content.decode()
    assert "summit.css" in page
    assert "15분 후에 다시 시도해 주세요" in page
    assert reverse("password_reset") in page


def test_password_spraying_from_one_address_is_throttled(client, make_user):
    users = [make_user(f"spray{number}") for number in range(30)]
    answers = [
        _post_login(client, SITE_LOGIN, user.username, "Summer2026!").status_code for user in users
    ]
    assert answers[:19] == [200] * 19
    assert answers[20:] == [429] * 10
    # The address stays locked even for a right password; other addresses are not affected.
    assert _post_login(client, SITE_LOGIN, "spray0", PASSWORD).status_code == 429
    elsewhere = _post_login(client, SITE_LOGIN, "spray0", PASSWORD, address="10.7.7.7")
    assert elsewhere.status_code == 302


def test_password_reset_mails_are_throttled(client, participant):
    for _attempt in range(10):
        response = client.post(reverse("password_reset"), {"email": "participant@example.org"})
        assert response.status_code == 302
    assert len(mail.outbox) == 3


@override_settings(PASSWORD_RESET_ADDRESS_LIMIT=4)
def test_password_reset_mails_are_throttled_per_address_across_e_mail_addresses(client, make_user):
    for number in range(6):
        user = make_user(f"reset{number}")
        client.post(reverse("password_reset"), {"email": user.email}, REMOTE_ADDR="10.0.0.5")
    assert len(mail.outbox) == 4


def test_password_reset_lifts_the_lockout(client, participant):
    for _attempt in range(5):
        _post_login(client, SITE_LOGIN, "participant", "wrong")
    assert _post_login(client, SITE_LOGIN, "participant", PASSWORD).status_code == 429
    client.post(reverse("password_reset"), {"email": "participant@example.org"})
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "Another-Pass-2026", "new_password2": "Another-Pass-2026"},
    )
    response = _post_login(client, SITE_LOGIN, "participant", "Another-Pass-2026")
    assert response.status_code == 302
    assert _logged_in(client)


def test_wrong_api_tokens_lock_the_address_out_of_the_api(client, participant):
    _token, secret = create_api_token(user=participant, name="script")
    answers = [
        client.get(
            "/api/events/", HTTP_AUTHORIZATION="Bearer bp_guess", REMOTE_ADDR="10.0.0.3"
        ).status_code
        for _attempt in range(21)
    ]
    assert answers[:19] == [401] * 19
    assert answers[20] == 429
    locked = client.get(
        "/api/events/", HTTP_AUTHORIZATION=f"Bearer {secret}", REMOTE_ADDR="10.0.0.3"
    )
    assert locked.status_code == 429
    assert "Try again in 15 minutes" in locked.json()["detail"]
    elsewhere = client.get(
        "/api/events/", HTTP_AUTHORIZATION=f"Bearer {secret}", REMOTE_ADDR="10.0.0.4"
    )
    assert elsewhere.status_code == 200


def test_authenticate_without_a_request_still_checks_the_password(participant):
    from django.contrib.auth import authenticate

    assert authenticate(username="participant", password=PASSWORD) == participant
    assert authenticate(username="participant", password="wrong") is None


_RECORD_FAILURES = """
import sys
import django
django.setup()
from django.test import RequestFactory
from django.contrib.auth.signals import user_login_failed
username, count = sys.argv[1], int(sys.argv[2])
for _ in range(count):
    request = RequestFactory().post("/accounts/login/", REMOTE_ADDR="10.20.30.40")
    user_login_failed.send(sender="test", credentials={"username": username}, request=request)
"""


@pytest.mark.redis
def test_failures_counted_in_two_processes_add_up_through_redis(settings):
    from django.core.cache import cache
    from django.test import RequestFactory

    from summit.accounts.domain.guard import LoginGuardHandler

    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": settings.REDIS_URL,
        }
    }
    username = f"shared-{uuid.uuid4().hex}"
    environment = {
        **os.environ,
        "SUMMIT_CACHE_URL": settings.REDIS_URL,
        "DJANGO_SETTINGS_MODULE": "summit.settings",
        "PYTHONPATH": str(Path(__file__).resolve().parents[3] / "src"),
    }
    for count in (3, 2):
        subprocess.run(
            [sys.executable, "-c", _RECORD_FAILURES, username, str(count)],
            env=environment,
            check=True,
            timeout=120,
        )
    request = RequestFactory().post(SITE_LOGIN, REMOTE_ADDR="10.99.99.99")
    request.axes_ip_address = "10.99.99.99"
    handler = LoginGuardHandler()
    try:
        assert handler.get_failures(request, {"username": username}) == 5
        assert handler.is_locked(request, {"username": username})
    finally:
        handler.reset_attempts(username=username, ip_address="10.20.30.40")
        cache.close()


@pytest.mark.unit
def test_deploy_check_warns_when_the_guard_counts_per_process(settings):
    from summit.accounts.checks import check_guard_cache

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    assert [message.id for message in check_guard_cache()] == ["summit.W001"]
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/3",
        }
    }
    assert check_guard_cache() == []
