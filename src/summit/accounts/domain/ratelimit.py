"""Login rate limiting: after N failures per user name and IP address, refuse for a while.

Counts live in Django's cache (settings.CACHES); with several web processes configure a
shared cache (Redis or the database) so they count together.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache


def _failure_key(*, username: str, ip_address: str) -> str:
    digest = hashlib.sha256(f"{username.casefold()}|{ip_address}".encode()).hexdigest()
    return f"summit:login-failures:{digest}"


def is_login_blocked(*, username: str, ip_address: str) -> bool:
    """True when this user name from this address failed too often within the window."""
    failures = cache.get(_failure_key(username=username, ip_address=ip_address), 0)
    return int(failures) >= settings.LOGIN_FAILURE_LIMIT


def record_login_failure(*, username: str, ip_address: str) -> int:
    """Count one failed log-in; returns the failures so far in the current window."""
    key = _failure_key(username=username, ip_address=ip_address)
    if cache.add(key, 1, timeout=settings.LOGIN_FAILURE_WINDOW_S):
        return 1
    try:
        return int(cache.incr(key))
    except ValueError:
        # The entry expired between add() and incr(): this failure starts a new window.
        cache.set(key, 1, timeout=settings.LOGIN_FAILURE_WINDOW_S)
        return 1


def clear_login_failures(*, username: str, ip_address: str) -> None:
    """Forget the failures after a successful log-in."""
    cache.delete(_failure_key(username=username, ip_address=ip_address))
