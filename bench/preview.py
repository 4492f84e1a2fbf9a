"""Draft preview benchmark: the organizers' preview of a bio_europe-scale draft against the
published schedule, next to the live lounge grid of the same day as the baseline.

``python -m bench preview [--preset bio_europe] [--seed 1] [--move-share 0.01]
[--repeats 10] [--backends postgres,sqlite] [--write]``

The event, its requests and a greedy schedule come from the publish benchmark's builders
(`bench.publish`: 6,000 participants, 3 days × 18 slots, 1,000 tables); the schedule is
published, then a draft with ``--move-share`` of its meetings moved is stored, unpublished.
Each backend runs in a fresh process on a throw-away database. Measured through Django's test
client, each a median and 95th percentile of ``--repeats`` requests with the queries and the
size of the page:

- **lounge grid** (baseline): the live grid of the first day, first page of 50 tables;
- **draft preview**: the same day and page of the draft (`lounge:draft`), which reads the
  whole draft and the whole published schedule to count and mark the changes;
- **draft preview, only changes**: the tables with a change that day;
- **draft review**: the run's review page with its figures in words (`scheduling:run`).
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bench.django_db import selected_backends, throwaway_database, time_requests
from bench.measure import conditions, markdown_table, run_isolated, write_section
from bench.publish import _build_rows, _moved_rows, _rows, solve_instance

#: A page of the preview must stay well below this (the brief: "no 10 MB page").
PAGE_KIB_LIMIT = 1024
RESULTS_JSON = Path(__file__).with_name("results") / "preview.json"


def measure_backend(backend: str, data: dict[str, Any], share: float, repeats: int) -> dict:
    """In a fresh process: build and publish the event, store the draft, time the pages."""
    with throwaway_database(backend, prefix="bench-preview-"):
        from django.conf import settings
        from django.test import Client
        from django.urls import reverse

        from summit.events.models import EventDay
        from summit.scheduling.domain.preview import draft_changes
        from summit.scheduling.domain.publish import publish_run
        from summit.scheduling.models import ScheduleRun

        settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
        settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
        began = time.perf_counter()
        event, organizer, people, request_of = _build_rows(data)
        rows = _rows(data, event, people, request_of)
        publish_run(
            run=ScheduleRun.objects.create(event=event, status="done", assignments=rows),
            user=organizer,
        )
        moved_rows, moved = _moved_rows(rows, share, seed=1, event=event)
        draft = ScheduleRun.objects.create(
            event=event,
            name="Bench draft",
            status="done",
            assignments=moved_rows,
            options={"movable_published": True},
            summary={"requested": len(data["requests"]), "scheduled_requests": len(rows)},
        )
        setup_s = time.perf_counter() - began
        changes = draft_changes(run=draft)

        settings.DEBUG = True  # count queries
        client = Client()
        client.force_login(organizer)
        day = {"day": str(EventDay.objects.filter(event=event).order_by("date")[0].pk)}
        slug = {"slug": event.slug}
        preview = reverse("lounge:draft", kwargs={**slug, "run_id": draft.pk})
        scenarios = [
            ("lounge grid (baseline)", reverse("lounge:grid", kwargs=slug), day),
            ("draft preview", preview, day),
            ("draft preview, only changes", preview, {**day, "changes": "on"}),
            ("draft review", reverse("scheduling:run", kwargs={**slug, "run_id": draft.pk}), {}),
        ]
        measured = []
        for name, url, params in scenarios:
            row = time_requests(client, url, params, repeats)
            row.update({"backend": backend, "scenario": name})
            measured.append(row)
            print(f"preview: {backend} {name}: {row['median_ms']:.0f} ms", flush=True)
        return {
            "rows": measured,
            "setup_s": setup_s,
            "meetings": len(rows),
            "moved": moved,
            "changes": changes.total,
        }


def main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench preview", description=__doc__)
    parser.add_argument("--preset", default="bio_europe")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--move-share", type=float, default=0.01)
    parser.add_argument("--repeats", type=int, default=10)
    parser.add_argument("--backends", default="postgres,sqlite")
    parser.add_argument("--write", action="store_true", help="update bench/RESULTS.md")
    args = parser.parse_args(list(argv))
    data = solve_instance(args.preset, args.seed)
    results: list[dict[str, Any]] = []
    notes = []
    for backend in selected_backends(args.backends, part="preview"):
        found, wall, peak = run_isolated(
            measure_backend, backend, data, args.move_share, args.repeats
        )
        results.extend(found["rows"])
        notes.append(
            f"{backend}: {found['meetings']} published meetings, the draft moves "
            f"{found['moved']} ({found['changes']} changes); set-up {found['setup_s']:.0f} s, "
            f"whole run {wall:.0f} s, peak {peak:.0f} MiB"
        )
        print(f"preview: {notes[-1]}", flush=True)
    baseline = {
        row["backend"]: row["median_ms"] for row in results if "baseline" in row["scenario"]
    }
    table = markdown_table(
        ["backend", "page", "median ms", "p95 ms", "× lounge grid", "queries", "KiB"],
        [
            [
                row["backend"],
                row["scenario"],
                f"{row['median_ms']:.0f}",
                f"{row['p95_ms']:.0f}",
                f"{row['median_ms'] / baseline[row['backend']]:.2f}",
                str(row["queries"]),
                f"{row['kib']:.0f}",
            ]
            for row in results
        ],
    )
    facts = conditions()
    heading = (
        f"## Draft preview ({args.preset}, seed {args.seed}, {args.move_share:.0%} moved)\n\n"
        "Produced by `python -m bench preview` (see `bench/preview.py`): one day, first page "
        f"of 50 tables, {args.repeats} requests each through Django's test client.\n\n"
        f"Conditions: {facts}\n\n" + "".join(f"- {note}\n" for note in notes) + "\n"
    )
    print(heading + table)
    RESULTS_JSON.parent.mkdir(exist_ok=True)
    RESULTS_JSON.write_text(json.dumps({"conditions": facts, "results": results}, indent=2))
    if args.write:
        write_section("preview", heading + table)
    too_big = [row for row in results if row["kib"] > PAGE_KIB_LIMIT]
    return 1 if too_big else 0
