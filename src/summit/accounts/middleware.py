"""Per-user language: a logged-in person sees pages in the language of their profile."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import translation

from summit.accounts.models import Profile


class UserLanguageMiddleware:
    """Activate the logged-in user's profile language (after LocaleMiddleware's guess)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            try:
                language = user.profile.language
            except Profile.DoesNotExist:
                language = None
            if language:
                translation.activate(language)
                request.LANGUAGE_CODE = language
        response = self.get_response(request)
        if "Content-Language" not in response.headers:
            response.headers["Content-Language"] = translation.get_language()
        return response
