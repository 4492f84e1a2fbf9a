"""Forms of the accounts pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm, SetPasswordForm
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from summit.accounts.domain.ratelimit import (
    clear_login_failures,
    is_login_blocked,
    record_login_failure,
)


def client_ip(request: HttpRequest | None) -> str:
    """The client's address as the web server saw it (a proxy must set REMOTE_ADDR right)."""
    if request is None:
        return ""
    return str(request.META.get("REMOTE_ADDR", ""))


class RateLimitedAuthenticationForm(AuthenticationForm):
    """Django's login form, refusing a user name + address after too many failures."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "rate_limited": _(
            "Too many failed log-in attempts. Please wait %(minutes)s minutes and try again, "
            "or reset your password."
        ),
    }

    def clean(self) -> dict[str, Any]:
        from django.conf import settings

        username = self.cleaned_data.get("username") or ""
        ip_address = client_ip(self.request)
        if username and is_login_blocked(username=username, ip_address=ip_address):
            raise forms.ValidationError(
                self.error_messages["rate_limited"],
                code="rate_limited",
                params={"minutes": max(1, settings.LOGIN_FAILURE_WINDOW_S // 60)},
            )
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            if username:
                record_login_failure(username=username, ip_address=ip_address)
            raise
        clear_login_failures(username=username, ip_address=ip_address)
        return cleaned


class InvitationPasswordForm(SetPasswordForm):
    """Choose a password when accepting an invitation."""
