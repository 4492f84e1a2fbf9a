"""Reports benchmark: the organizer dashboard and the report downloads at bio_europe scale.

``python -m bench reports [--meetings 30000] [--orgs 6000] [--deals 2000] [--requests 5]
[--backends sqlite,postgres] [--write]``

Each backend runs in a fresh process with a throw-away database (an SQLite file, or a
``test_…`` PostgreSQL database next to ``DATABASE_URL``; PostgreSQL is skipped when
``DATABASE_URL`` is not PostgreSQL). The fixture is written with ``bulk_create``: ``--orgs``
organizations (the demo organizations repeated, so types, countries and survey answers are
realistic) with one participant each, 3 days × 18 half-hour slots × enough tables,
``--meetings`` published meetings (each behind its own accepted request; 60 % checked in,
8 % no-shows), a third as many declined and a tenth as many pending requests, feedback for
half of the meetings (both sides for a third of those, one side for the rest),
``--deals`` deals (two parties, one meeting each, 20 % confidential). Meeting seats are not
written: no report reads them.

An organizer then requests, through Django's test client (middleware, sessions,
templates): the dashboard without filters (with an empty cache every time, then warm: the
matched-areas counts are cached), filtered by a day, filtered by an organization type, and
the Excel, PDF and anonymised CSV downloads. The dashboard rows are requested
``--requests`` times after one warm-up, the downloads twice after one warm-up; the table
gives the median and 95th percentile wall time and the SQL queries per request. Baseline of
the same run: the directory-sized event home page (``events:home``). Target (issue 6):
dashboard ≤ 1 s.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Sequence
from datetime import date
from typing import Any

from bench.django_db import selected_backends, throwaway_database, time_requests
from bench.measure import conditions, markdown_table, run_isolated, write_section
from bench.summit_fixture import add_organizer_event, add_reported_activity, analyze_tables

TARGET_MS = 1000.0


def measure_backend(
    backend: str, meetings: int, orgs: int, deals: int, repeat: int
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """In a fresh process: build the database and time every page and download."""
    with throwaway_database(backend, prefix="bench-reports-"):
        from django.conf import settings
        from django.core.cache import cache
        from django.test import Client
        from django.urls import reverse

        from summit.events.models import EventDay

        event, user = add_organizer_event(name="Bench BIO-Europe")
        began = time.perf_counter()
        sizes = add_reported_activity(
            event, meetings=meetings, orgs=orgs, deals=deals, first_day=date(2026, 10, 6)
        )
        analyze_tables()
        sizes["fill_s"] = round(time.perf_counter() - began, 1)
        client = Client()
        client.force_login(user)
        settings.DEBUG = True  # count queries
        day = EventDay.objects.filter(event=event).order_by("date")[1]

        def url(name: str) -> str:
            return reverse(name, kwargs={"slug": event.slug})

        scenarios = (
            ("event home (baseline)", url("events:home"), {}, repeat),
            ("dashboard, cold cache", url("reports:dashboard"), {}, repeat),
            ("dashboard", url("reports:dashboard"), {}, repeat),
            ("dashboard, one day", url("reports:dashboard"), {"day": str(day.pk)}, repeat),
            ("dashboard, type biotech", url("reports:dashboard"), {"org_type": "biotech"}, repeat),
            ("Excel download", url("reports:export_xlsx"), {}, 2),
            ("PDF download", url("reports:export_pdf"), {}, 2),
            ("anonymised CSV download", url("reports:export_csv"), {}, 2),
        )
        rows = []
        for name, address, params, times in scenarios:
            row = time_requests(
                client,
                address,
                params,
                times,
                warmups=1,
                before_each=cache.clear if "cold" in name else None,
            )
            rows.append({"backend": backend, "scenario": name, **row})
        return sizes, rows


def main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench reports", description=__doc__)
    parser.add_argument("--meetings", type=int, default=30000)
    parser.add_argument("--orgs", type=int, default=6000)
    parser.add_argument("--deals", type=int, default=2000)
    parser.add_argument("--requests", type=int, default=5)
    parser.add_argument("--backends", default="sqlite,postgres")
    parser.add_argument("--write", action="store_true", help="update bench/RESULTS.md")
    args = parser.parse_args(list(argv))
    results: list[dict[str, Any]] = []
    sizes: dict[str, Any] = {}
    for backend in selected_backends(args.backends, part="reports"):
        (sizes, rows), wall, peak = run_isolated(
            measure_backend, backend, args.meetings, args.orgs, args.deals, args.requests
        )
        results.extend(rows)
        print(
            f"reports: {backend} done in {wall:.0f} s (fixture {sizes['fill_s']} s, "
            f"peak {peak:.0f} MiB)",
            flush=True,
        )
    baseline = {
        row["backend"]: row["median_ms"] for row in results if "baseline" in row["scenario"]
    }
    table = markdown_table(
        [
            "backend",
            "scenario",
            "median ms",
            "p95 ms",
            "median CPU ms (Django process)",
            "× event home",
            "queries",
            "KiB",
            "dashboard ≤ 1 s",
        ],
        [
            [
                row["backend"],
                row["scenario"],
                f"{row['median_ms']:.0f}",
                f"{row['p95_ms']:.0f}",
                f"{row['cpu_ms']:.0f}",
                f"{row['median_ms'] / baseline[row['backend']]:.1f}",
                str(row["queries"]),
                f"{row['kib']:.0f}",
                ("yes" if row["p95_ms"] <= TARGET_MS else "NO")
                if row["scenario"].startswith("dashboard")
                else "",
            ]
            for row in results
        ],
    )
    heading = (
        f"## Reports: dashboard and downloads, {sizes.get('meetings', args.meetings)} meetings, "
        f"{sizes.get('organizations', args.orgs)} organizations, "
        f"{sizes.get('deals', args.deals)} deals\n\n"
        f"Fixture: {sizes}. Dashboard rows: {args.requests} requests each after a warm-up; "
        f"downloads: 2 each. Conditions: {conditions()}\n\n"
    )
    print(heading + table)
    if args.write:
        write_section("reports", heading + table)
    slow = [
        row
        for row in results
        if row["scenario"].startswith("dashboard") and row["median_ms"] > TARGET_MS
    ]
    return 1 if slow else 0
