"""Recommendations benchmark: background recompute of a 5,000-organization event and the
render time of the "Recommended for you" page.

``python -m bench recommendations [--orgs 5000] [--requests 20] [--backends sqlite,postgres]
[--write]``

Each backend runs in a fresh process with a throw-away database (an SQLite file, or a
``test_…`` database next to ``DATABASE_URL`` for PostgreSQL, skipped when ``DATABASE_URL``
is not PostgreSQL). The organizations come from the engine's synthetic survey generator
(`partnering_engine.matching.synthetic`), inserted with ``bulk_create``; the engine's
example watch list is loaded (screening everyone) with one organization excluded. Then one
recompute run is executed exactly as the background task does it (`execute_recompute_run`:
screening of changed organizations, engine scoring, reasons in English and Korean, the
replacement of every stored recommendation in one transaction), with the time of each
stage, and the CPU time of the benchmark process (all its threads; the PostgreSQL server's
work is not in it), which a busy shared machine inflates less than wall time. Finally a
participant and an organizer request the recommendations page through
Django's test client (median / 95th percentile, SQL queries per request).
Target (issue 4): recompute ≤ 30 s including the database writes.
"""

from __future__ import annotations

import argparse
import itertools
import time
from collections.abc import Sequence
from typing import Any

from bench.django_db import selected_backends, throwaway_database, time_requests
from bench.measure import conditions, markdown_table, run_isolated, write_section
from bench.summit_fixture import add_organizer_event, add_survey_organizations

TARGET_S = 30.0


def measure_backend(backend: str, orgs: int, requests: int) -> dict[str, Any]:
    """In a fresh process: build the database, recompute once, time the page."""
    with throwaway_database(backend, prefix="bench-recommendations-"):
        from django.conf import settings
        from django.contrib.auth import get_user_model
        from django.test import Client
        from django.urls import reverse

        from summit.matching.domain import recommendations
        from summit.matching.domain.screening import decide_hit, load_example_watchlist
        from summit.matching.models import Recommendation, RecomputeRun, WatchListHit
        from summit.organizations.models import Membership, Organization

        event, organizer = add_organizer_event(name="Bench Summit")
        users = get_user_model().objects
        began = time.perf_counter()
        add_survey_organizations(event, count=orgs, seed=4, with_wishlist=True)
        fill_s = time.perf_counter() - began
        # A WuXi Biologics look-alike to flag and exclude.
        flagged = Organization.objects.filter(event=event).order_by("pk").first()
        assert flagged is not None
        Organization.objects.filter(pk=flagged.pk).update(name="WuXi Biologics (Bench)")
        began = time.perf_counter()
        load_example_watchlist(event=event)
        screen_s = time.perf_counter() - began
        for hit in WatchListHit.objects.filter(event=event).select_related("event"):
            decide_hit(hit=hit, exclude=True, user=organizer)
        RecomputeRun.objects.filter(event=event).delete()

        stages: dict[str, float] = {}
        marks: list[tuple[str, float]] = []
        original = recommendations.recompute_recommendations

        def timed(**kwargs: Any) -> int:
            report = kwargs.pop("progress")

            def progress(percent: int, stage: str) -> None:
                if not marks or marks[-1][0] != stage:
                    marks.append((stage, time.perf_counter()))
                report(percent, stage)

            return original(progress=progress, **kwargs)

        recommendations.recompute_recommendations = timed  # type: ignore[assignment]
        run = RecomputeRun.objects.create(event=event)
        began = time.perf_counter()
        cpu_began = time.process_time()
        stored = recommendations.execute_recompute_run(run=run)
        total_s = time.perf_counter() - began
        cpu_s = time.process_time() - cpu_began
        recommendations.recompute_recommendations = original
        for (stage, at), (_next, until) in itertools.pairwise(marks):
            stages[stage] = until - at
        run.refresh_from_db()
        assert run.status == "done", run.error

        member_org = Organization.objects.filter(event=event).order_by("pk")[1]
        participant = users.create_user("bench-participant", password="x")
        Membership.objects.create(event=event, organization=member_org, user=participant)
        url = reverse(
            "matching:organization_recommendations",
            kwargs={"slug": event.slug, "org_id": member_org.org_id},
        )
        settings.DEBUG = True  # count queries
        pages = []
        for role, user in (("participant", participant), ("organizer", organizer)):
            client = Client()
            client.force_login(user)
            row = time_requests(client, url, {}, requests)
            items = Recommendation.objects.filter(organization=member_org).count()
            pages.append({"role": role, "items": items, **row})
        settings.DEBUG = False
        return {
            "backend": backend,
            "orgs": orgs,
            "stored": stored,
            "fill_s": fill_s,
            "screen_s": screen_s,
            "total_s": total_s,
            "cpu_s": cpu_s,
            "stages": stages,
            "pages": pages,
        }


def main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench recommendations", description=__doc__)
    parser.add_argument("--orgs", type=int, default=5000)
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--backends", default="sqlite,postgres")
    parser.add_argument("--write", action="store_true", help="update bench/RESULTS.md")
    args = parser.parse_args(list(argv))
    results: list[dict[str, Any]] = []
    for backend in selected_backends(args.backends, part="recommendations"):
        result, wall, peak = run_isolated(measure_backend, backend, args.orgs, args.requests)
        result["peak_mib"] = peak
        results.append(result)
        print(f"recommendations: {backend} done in {wall:.0f} s (peak {peak:.0f} MiB)", flush=True)
    recompute = markdown_table(
        [
            "backend",
            "orgs",
            "stored",
            "recompute s",
            "CPU s (this process)",
            "reading + screening s",
            "scoring s",
            "reasons en+ko s",
            "DB write s",
            f"≤ {TARGET_S:.0f} s",
            "example list screening s",
            "peak MiB",
        ],
        [
            [
                row["backend"],
                str(row["orgs"]),
                str(row["stored"]),
                f"{row['total_s']:.1f}",
                f"{row['cpu_s']:.1f}",
                f"{row['stages'].get('reading', 0.0):.1f}",
                f"{row['stages'].get('scoring', 0.0):.1f}",
                f"{row['stages'].get('reasons', 0.0):.1f}",
                f"{row['stages'].get('saving', 0.0):.1f}",
                "yes" if row["total_s"] <= TARGET_S else "NO",
                f"{row['screen_s']:.1f}",
                f"{row['peak_mib']:.0f}",
            ]
            for row in results
        ],
    )
    pages = markdown_table(
        ["backend", "viewer", "items", "median ms", "p95 ms", "queries"],
        [
            [
                row["backend"],
                page["role"],
                str(page["items"]),
                f"{page['median_ms']:.1f}",
                f"{page['p95_ms']:.1f}",
                str(page["queries"]),
            ]
            for row in results
            for page in row["pages"]
        ],
    )
    heading = (
        f"## Recommendations, {args.orgs} organizations\n\nConditions: {conditions()}\n\n"
        "Recompute (one background run, stages included):\n\n"
    )
    text = heading + recompute + "\n\n" + f"Page render ({args.requests} requests):\n\n" + pages
    print(text)
    if args.write:
        write_section("recommendations", text)
    slow = [row for row in results if row["total_s"] > TARGET_S]
    return 1 if slow else 0
