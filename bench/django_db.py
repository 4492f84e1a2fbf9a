"""A throw-away Django database for the web benchmarks, in the current (isolated) process.

`throwaway_database(backend, prefix=...)` points the settings at a fresh data folder, sets
Django up, creates a test database (an SQLite *file* as in production, or a ``test_…``
PostgreSQL database next to ``DATABASE_URL``) and drops it afterwards. Test-environment
instrumentation is deliberately not installed: it would be measured too.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

__all__ = ["percentile_95", "selected_backends", "throwaway_database", "time_requests"]


@contextmanager
def throwaway_database(backend: str, *, prefix: str) -> Iterator[str]:
    """Yield the data folder of a migrated, empty database for `backend` (sqlite|postgres)."""
    folder = tempfile.mkdtemp(prefix=prefix)
    os.environ["SUMMIT_DATA_DIR"] = folder
    os.environ["DJANGO_SETTINGS_MODULE"] = "summit.settings"
    if backend == "sqlite":
        os.environ.pop("DATABASE_URL", None)
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    if backend == "sqlite":
        # A file, as in production; Django's default test database would live in memory.
        connection.settings_dict["TEST"]["NAME"] = os.path.join(folder, "bench.sqlite3")
    settings.ALLOWED_HOSTS = ["testserver"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        yield folder
    finally:
        connection.creation.destroy_test_db(
            settings.DATABASES["default"]["NAME"], verbosity=0, keepdb=False
        )


def selected_backends(spec: str, *, part: str) -> list[str]:
    """The backends of a comma-separated `spec` that can run here; PostgreSQL only when
    ``DATABASE_URL`` points at one (said on stdout, so a table never silently lacks it)."""
    url = os.environ.get("DATABASE_URL", "")
    chosen = []
    for backend in spec.split(","):
        if backend == "postgres" and not url.startswith(("postgres://", "postgresql://")):
            print(f"{part}: PostgreSQL skipped (DATABASE_URL is not set to PostgreSQL)")
            continue
        chosen.append(backend)
    return chosen


def percentile_95(sorted_values: list[float]) -> float:
    """The 95th percentile (nearest rank) of an ascending list."""
    return sorted_values[max(0, round(0.95 * len(sorted_values)) - 1)]


def time_requests(
    client: Any,
    url: str,
    params: dict[str, str],
    repeats: int,
    *,
    warmups: int = 2,
    before_each: Callable[[], object] | None = None,
    **headers: str,
) -> dict[str, Any]:
    """`repeats` GETs of `url` through Django's test `client` after `warmups` unmeasured ones:
    median and 95th percentile wall ms, median CPU ms of this (Django) process, SQL queries
    and KiB of the last response. Needs ``settings.DEBUG`` on to count queries; each response
    must be a 200. `before_each` runs before every measured request, outside the timing."""
    from django.db import connection, reset_queries

    for _ in range(warmups):
        client.get(url, params, **headers)
    times, cpu = [], []
    queries = size = 0
    for _ in range(repeats):
        if before_each is not None:
            before_each()
        reset_queries()
        began, began_cpu = time.perf_counter(), time.process_time()
        response = client.get(url, params, **headers)
        times.append((time.perf_counter() - began) * 1000.0)
        cpu.append((time.process_time() - began_cpu) * 1000.0)
        assert response.status_code == 200, (url, response.status_code)
        queries = len(connection.queries)
        size = len(response.content)
    times.sort()
    return {
        "median_ms": statistics.median(times),
        "p95_ms": percentile_95(times),
        "cpu_ms": statistics.median(cpu),
        "queries": queries,
        "kib": size / 1024.0,
    }
