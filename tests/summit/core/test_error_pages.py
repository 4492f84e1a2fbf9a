"""Error pages: styled like the site, in the visitor's language, the 500 page without a
database; expected refusals logged in one line without a traceback."""

import io
import logging

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation
from django.views import defaults
from django.views.csrf import csrf_failure

from summit.core.logs import ExpectedRefusalFilter


def _styled(html: str) -> bool:
    return "summit/summit.css" in html and 'class="topbar"' in html and 'class="panel' in html


@pytest.mark.unit
@pytest.mark.parametrize(
    ("language", "heading"), [("en", "Something went wrong"), ("ko", "문제가 발생했습니다")]
)
def test_server_error_page_renders_styled_and_translated_without_the_database(language, heading):
    # Not marked django_db: any database access here would fail the test.
    with translation.override(language):
        response = defaults.server_error(RequestFactory().get("/anything/"))
    html = response.content.decode()
    assert response.status_code == 500
    assert _styled(html)
    assert f'<html lang="{language}">' in html
    assert heading in html


@pytest.mark.unit
def test_bad_request_page_is_styled_and_translated():
    with translation.override("ko"):
        response = defaults.bad_request(RequestFactory().get("/"), Exception("bad"))
    html = response.content.decode()
    assert response.status_code == 400
    assert _styled(html)
    assert "잘못된 요청" in html


@pytest.mark.unit
def test_csrf_failure_page_is_styled_and_explains_what_to_do():
    response = csrf_failure(RequestFactory().post("/"), reason="CSRF token missing.")
    html = response.content.decode()
    assert response.status_code == 403
    assert _styled(html)
    assert "reload the page" in html


@pytest.mark.integration
@pytest.mark.django_db
def test_not_found_page_is_styled_in_the_visitors_language(client):
    response = client.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE="ko")
    html = response.content.decode()
    assert response.status_code == 404
    assert _styled(html)
    assert "페이지 없음" in html


@pytest.fixture
def console_log():
    """What the project's console handler (settings.LOGGING) writes while the test runs."""
    handler = next(
        handler
        for handler in logging.getLogger().handlers
        if type(handler) is logging.StreamHandler
    )
    stream = io.StringIO()
    previous = handler.setStream(stream)
    yield stream
    handler.setStream(previous)


@pytest.mark.integration
@pytest.mark.django_db
def test_forbidden_page_is_styled_and_logged_in_one_line_without_traceback(
    client, participant, event, console_log
):
    participant.profile.language = "ko"
    participant.profile.save()
    client.force_login(participant)
    response = client.get(reverse("events:edit", args=[event.slug]))
    html = response.content.decode()
    assert response.status_code == 403
    assert _styled(html)
    assert "접근 권한 없음" in html
    logged = console_log.getvalue()
    assert "Forbidden (Permission denied)" in logged
    assert "Traceback" not in logged


@pytest.mark.unit
def test_server_errors_keep_their_traceback():
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        record = logging.getLogger("django.request").makeRecord(
            "django.request", logging.ERROR, __file__, 1, "Internal Server Error", (), None
        )
        import sys

        record.exc_info = sys.exc_info()
    assert ExpectedRefusalFilter().filter(record)
    assert record.exc_info is not None
