"""Directory benchmark: render time of the organisation directory page with 5,000 organisations.

``python -m bench directory [--orgs 5000] [--requests 30] [--backends sqlite,postgres]
[--write]``

Each backend runs in a fresh process: a throw-away test database (an SQLite file, or a
``test_…`` database next to ``DATABASE_URL`` for PostgreSQL, skipped when ``DATABASE_URL``
is not PostgreSQL) is migrated and filled with the demo organisations repeated up to
``--orgs`` (bulk inserts). An organizer then requests the directory through Django's test
client (full middleware, templates, sessions): the first page, a text search, two filters,
a deep page and the HTMX partial. Each scenario is requested ``--requests`` times after two
warm-up requests; the table gives the median and 95th percentile wall time and the number
of SQL queries per request, and the median CPU time of the Django process (on a shared,
loaded machine the wall time includes waiting for a core; the CPU time does not, but it
leaves out PostgreSQL's own work). Target (issue 3): ≤ 150 ms per page at 5,000
organisations.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import Any

from bench.django_db import selected_backends, throwaway_database, time_requests
from bench.measure import conditions, markdown_table, run_isolated, write_section
from bench.summit_fixture import add_organizer_event

TARGET_MS = 150.0
SCENARIOS: tuple[tuple[str, dict[str, str], bool], ...] = (
    ("first page", {}, False),
    ("text search 'bio'", {"q": "bio"}, False),
    ("type + area filter", {"org_type": "biotech", "area": "oncology"}, False),
    ("seeks filter + country", {"seeks": "funding", "country": "KR"}, False),
    ("page 100", {"page": "100"}, False),
    ("HTMX partial, search", {"q": "pharma"}, True),
)


def _fill(event: Any, count: int) -> None:
    from summit.demo.domain.organizations import build_demo_organizations
    from summit.organizations.models import Organization

    demo = build_demo_organizations()
    batch = []
    for index in range(count):
        base = demo[index % len(demo)]
        round_ = index // len(demo)
        suffix = f" {round_ + 1}" if round_ else ""
        batch.append(
            Organization(
                event=event,
                org_id=f"{base.org_id}-{round_}",
                name=f"{base.name}{suffix}",
                name_local=f"{base.name_local}{suffix}" if base.name_local else "",
                org_type=base.org_type,
                country=base.country,
                website=base.website,
                description=base.description,
                therapeutic_areas=list(base.therapeutic_areas),
                modalities=list(base.modalities),
                offers=list(base.offers),
                seeks=list(base.seeks),
                regions_of_interest=list(base.regions_of_interest),
                languages=list(base.languages),
                preferred_partner_types=list(base.preferred_partner_types),
                description_offer=base.description_offer,
                description_seek=base.description_seek,
            )
        )
    Organization.objects.bulk_create(batch, batch_size=500)


def measure_backend(backend: str, orgs: int, requests: int) -> list[dict[str, Any]]:
    """In a fresh process: build the database and time every scenario."""
    with throwaway_database(backend, prefix="bench-directory-"):
        from django.conf import settings
        from django.test import Client
        from django.urls import reverse

        from summit.organizations.domain.directory import search_organizations

        event, user = add_organizer_event(name="Bench Summit")
        _fill(event, orgs)
        client = Client()
        client.force_login(user)
        url = reverse("organizations:directory", kwargs={"slug": event.slug})
        settings.DEBUG = True  # count queries
        rows = []
        for name, params, htmx in SCENARIOS:
            headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
            row = time_requests(client, url, params, requests, **headers)
            criteria = {key: value for key, value in params.items() if key != "page"}
            found = search_organizations(event=event, **criteria).count()
            rows.append({"backend": backend, "scenario": name, "found": found, **row})
        return rows


def main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench directory", description=__doc__)
    parser.add_argument("--orgs", type=int, default=5000)
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--backends", default="sqlite,postgres")
    parser.add_argument("--write", action="store_true", help="update bench/RESULTS.md")
    args = parser.parse_args(list(argv))
    results: list[dict[str, Any]] = []
    for backend in selected_backends(args.backends, part="directory"):
        rows, wall, peak = run_isolated(measure_backend, backend, args.orgs, args.requests)
        results.extend(rows)
        print(f"directory: {backend} done in {wall:.0f} s (peak {peak:.0f} MiB)", flush=True)
    table = markdown_table(
        [
            "backend",
            "scenario",
            "orgs found",
            "median ms",
            "p95 ms",
            "median CPU ms (Django process)",
            "queries",
            "≤ 150 ms",
        ],
        [
            [
                row["backend"],
                row["scenario"],
                str(row["found"]),
                f"{row['median_ms']:.1f}",
                f"{row['p95_ms']:.1f}",
                f"{row['cpu_ms']:.1f}",
                str(row["queries"]),
                "yes" if row["p95_ms"] <= TARGET_MS else "NO",
            ]
            for row in results
        ],
    )
    facts = conditions()
    heading = (
        f"## Directory page, {args.orgs} organizations, {args.requests} requests per row\n\n"
        f"Conditions: {facts}\n\n"
    )
    print(heading + table)
    if args.write:
        write_section("directory", heading + table)
    slow = [row for row in results if row["median_ms"] > TARGET_MS]
    return 1 if slow else 0
