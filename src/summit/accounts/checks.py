"""System checks of the accounts app (``python -m summit check --deploy``)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import checks

_PER_PROCESS_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
}


@checks.register(checks.Tags.security, deploy=True)
def check_guard_cache(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """The authentication guard needs a cache every web process shares."""
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if backend not in _PER_PROCESS_CACHES:
        return []
    return [
        checks.Warning(
            "The authentication guard counts failed log-ins in a cache of each process "
            f"({backend}): with several web processes an attacker gets each limit once per "
            "process.",
            hint="Set SUMMIT_CACHE_URL=redis://... (or db:// after createcachetable).",
            id="summit.W001",
        )
    ]
