"""The authentication guard: one set of limits for every way in.

django-axes watches every password check (the site's log-in, the admin's log-in, anything
calling ``django.contrib.auth.authenticate`` with a request) through its authentication
backend and Django's ``user_login_failed`` / ``user_logged_in`` signals; the API's bearer
tokens report to it through `check_token_attempt` / `record_token_failure`. This module is
its handler (``AXES_HANDLER``), with one limit per counter where axes has one for all:

- per account (user name, case-insensitive): ``LOGIN_ACCOUNT_FAILURE_LIMIT`` failures lock
  the account from every address (a slow guess from many addresses is stopped);
- per address: ``LOGIN_ADDRESS_FAILURE_LIMIT`` failures, whatever the user names, lock the
  address (password spraying: many accounts, one password each). It is higher than the
  account limit because a venue's Wi-Fi puts hundreds of honest people behind one address.

A lock lasts ``LOGIN_FAILURE_WINDOW_S`` after the last failure. A successful log-in forgets
its account's failures (never the address's: one known password must not reset a spray);
a password reset forgets the account's failures as well (`clear_lockout`). Password-reset
e-mails are throttled per address and per e-mail address (`allow_password_reset_mail`).

Counters live in Django's cache: with several web processes it must be shared (Redis,
``SUMMIT_CACHE_URL``), or each process counts on its own.
"""

from __future__ import annotations

import hashlib
import logging
from typing import Any

from axes.backends import AxesStandaloneBackend
from axes.handlers.base import AbstractAxesHandler, AxesBaseHandler
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_client_ip_address, get_client_username
from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

__all__ = [
    "GuardBackend",
    "LoginGuardHandler",
    "allow_password_reset_mail",
    "check_token_attempt",
    "clear_lockout",
    "lockout_minutes",
    "lockout_response",
    "record_token_failure",
]

log = logging.getLogger(__name__)


def _key(kind: str, value: str) -> str:
    digest = hashlib.sha256(value.encode()).hexdigest()
    return f"summit:guard:{kind}:{digest}"


def _account_key(username: str) -> str:
    return _key("account", username.casefold())


def _address_key(ip_address: str) -> str:
    return _key("address", ip_address)


def _count(key: str, *, timeout: int) -> int:
    """Add one to a counter that expires `timeout` seconds after its last change."""
    if cache.add(key, 1, timeout=timeout):
        return 1
    try:
        value = int(cache.incr(key))
    except ValueError:
        # The entry expired between add() and incr(): this one starts a new window.
        cache.set(key, 1, timeout=timeout)
        return 1
    cache.touch(key, timeout=timeout)
    return value


def lockout_minutes() -> int:
    """How long a lock lasts, in whole minutes (for messages)."""
    return max(1, settings.LOGIN_FAILURE_WINDOW_S // 60)


class LoginGuardHandler(AbstractAxesHandler, AxesBaseHandler):
    """Axes handler counting failures in the cache, per account and per address."""

    def _counters(self, request: HttpRequest, credentials: dict[str, Any] | None) -> list:
        counters = [
            (
                _address_key(get_client_ip_address(request) or ""),
                settings.LOGIN_ADDRESS_FAILURE_LIMIT,
            )
        ]
        username = get_client_username(request, credentials)
        if username:
            counters.append((_account_key(str(username)), settings.LOGIN_ACCOUNT_FAILURE_LIMIT))
        return counters

    def get_failures(self, request: HttpRequest, credentials: dict[str, Any] | None = None) -> int:
        return max(int(cache.get(key, 0)) for key, _limit in self._counters(request, credentials))

    def is_locked(self, request: HttpRequest, credentials: dict[str, Any] | None = None) -> bool:
        return any(
            int(cache.get(key, 0)) >= limit for key, limit in self._counters(request, credentials)
        )

    def user_login_failed(
        self, sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **_: Any
    ) -> None:
        if request is None:
            # A check without a request (a script, a shell) has no address to count against.
            return
        if self.is_whitelisted(request, credentials):
            return
        for key, _limit in self._counters(request, credentials):
            _count(key, timeout=settings.LOGIN_FAILURE_WINDOW_S)
        if self.is_locked(request, credentials):
            username = get_client_username(request, credentials)
            log.warning(
                "Log-in locked for account %r / address %s after repeated failures.",
                username,
                request.axes_ip_address,  # type: ignore[attr-defined]
            )
            request.axes_locked_out = True  # type: ignore[attr-defined]
            request.axes_credentials = credentials  # type: ignore[attr-defined]
            user_locked_out.send(
                "axes",
                request=request,
                username=username,
                ip_address=request.axes_ip_address,  # type: ignore[attr-defined]
            )

    def user_logged_in(self, sender: Any, request: HttpRequest, user: Any, **_: Any) -> None:
        cache.delete(_account_key(user.get_username()))

    def user_logged_out(self, sender: Any, request: HttpRequest, user: Any, **_: Any) -> None:
        return None

    def reset_attempts(
        self,
        *,
        ip_address: str | None = None,
        username: str | None = None,
        ip_or_username: bool = False,
    ) -> int:
        """Forget the failures of an account and/or an address (axes' reset commands)."""
        keys = []
        if username:
            keys.append(_account_key(username))
        if ip_address:
            keys.append(_address_key(ip_address))
        return sum(1 for key in keys if cache.delete(key))


class GuardBackend(AxesStandaloneBackend):
    """Axes' backend, letting through checks made without a request.

    Every way in from the web passes its request; `authenticate()` without one comes from
    server-side code (a script, the test client's ``login``) and has no address to count.
    """

    def authenticate(  # type: ignore[override]
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> None:
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def clear_lockout(*, username: str) -> None:
    """Forget an account's failures (after its owner proved control with a reset link)."""
    AxesProxyHandler.reset_attempts(username=username)


#: A token names no account: it is counted against the client's address only.
_NO_ACCOUNT: dict[str, Any] = {"username": None}


def check_token_attempt(*, request: HttpRequest) -> bool:
    """False when the request's address is locked: it may not try a token now."""
    allowed = AxesProxyHandler.is_allowed(request, _NO_ACCOUNT)
    if not allowed:
        request.axes_locked_out = True  # type: ignore[attr-defined]
    return allowed


def record_token_failure(*, request: HttpRequest) -> None:
    """Count a wrong API token against the request's address."""
    user_login_failed.send(sender=__name__, credentials=dict(_NO_ACCOUNT), request=request)


def allow_password_reset_mail(*, request: HttpRequest, email: str) -> bool:
    """Count one reset request; False when its address or its e-mail address asked too often.

    Counted before the account is looked up, so the answer tells nothing about accounts.
    """
    window = settings.PASSWORD_RESET_WINDOW_S
    by_address = _count(_key("reset-address", get_client_ip_address(request) or ""), timeout=window)
    by_email = _count(_key("reset-email", email.strip().casefold()), timeout=window)
    return (
        by_address <= settings.PASSWORD_RESET_ADDRESS_LIMIT
        and by_email <= settings.PASSWORD_RESET_EMAIL_LIMIT
    )


def lockout_response(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict[str, Any] | None = None,
) -> HttpResponse:
    """429 for a locked account or address: JSON for the API, a page for people."""
    minutes = lockout_minutes()
    if request.path.startswith("/api/"):
        response: HttpResponse = JsonResponse(
            {
                "detail": _(
                    "Too many failed attempts from this address. Try again in %(minutes)s minutes."
                )
                % {"minutes": minutes}
            },
            status=429,
        )
    else:
        response = render(request, "accounts/locked_out.html", {"minutes": minutes}, status=429)
    response["Retry-After"] = str(settings.LOGIN_FAILURE_WINDOW_S)
    return response
