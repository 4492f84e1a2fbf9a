"""People's preferences: the profile with their language."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError

from summit.accounts.models import Profile


def profile_for(*, user: Any) -> Profile:
    """The user's profile, created with the default language on first use."""
    profile, _created = Profile.objects.get_or_create(user=user)
    return profile


def set_user_language(*, user: Any, language: str) -> Profile:
    """Remember the language the user reads pages and e-mails in."""
    if language not in dict(settings.LANGUAGES):
        raise ValidationError({"language": f"unsupported language {language!r}"})
    profile = profile_for(user=user)
    if profile.language != language:
        profile.language = language
        profile.save(update_fields=["language"])
    return profile
