"""Publish benchmark: publish a bio_europe-scale schedule, then republish it with 1% moved.

``python -m bench publish [--preset bio_europe] [--seed 1] [--naive 1000] [--move-share 0.01]
[--backends postgres,sqlite] [--write]``

The engine's ``bio_europe`` preset (6,000 participants, 3 days × 18 slots, 1,000 tables,
30,000 requests) is generated once and solved with the greedy solver (a valid schedule in
seconds; the solver is not what is measured here). Each backend then runs in a fresh process
on a throw-away database (an SQLite file, or a ``test_…`` PostgreSQL database next to
``DATABASE_URL``): the event's rows are written in bulk — one organization and one person per
participant, the slots, the tables, one accepted request per engine meeting, the
participants' unavailable slots — and a finished `ScheduleRun` holds the greedy solution.

Measured, each with the wall time of the Django process (2 shared cores, so noisy):

- **naive baseline**: the first ``--naive`` meetings written one by one (`create()` for the
  meeting and each seat, in one transaction) — the obvious per-row path — then removed again;
  its per-meeting time × the schedule size is the baseline the bulk path is compared with;
- **publish**: `publish_run` on the empty schedule (re-validation against the database,
  diff, bulk inserts, the notification task enqueued on commit), target ≤ 60 s on PostgreSQL;
- **enqueue**: enqueueing the notification task alone (database task backend: one row with
  every person's changes as JSON), and rendering + sending the e-mails (locmem backend) for
  200 people, as a per-person cost of the background task;
- **republish 1% moved**: a run equal to the published schedule with ``--move-share`` of the
  meetings moved to free places (the diff path: unchanged meetings untouched).
"""

from __future__ import annotations

import argparse
import json
import random
import time
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from bench.django_db import selected_backends, throwaway_database
from bench.measure import conditions, markdown_table, run_isolated, write_section
from bench.summit_fixture import add_partnering_grid

TARGET_S = 60.0
RESULTS_JSON = Path(__file__).with_name("results") / "publish.json"


def solve_instance(preset: str, seed: int) -> dict[str, Any]:
    """The preset's problem solved with greedy, as plain data (indices, not engine ids)."""
    from partnering_engine.generate import generate_problem
    from partnering_engine.solvers import get_solver
    from partnering_engine.validate import validate_solution

    problem = generate_problem(preset, seed=seed)
    began = time.perf_counter()
    solution = get_solver("greedy").solve(problem, time_limit_s=300, seed=seed)
    solve_s = time.perf_counter() - began
    assert not validate_solution(problem, solution), "greedy returned an invalid schedule"
    person = problem.participant_index
    slot = problem.slot_index
    meetings = problem.meeting_index
    placed = []
    for assignment in solution.assignments:
        meeting = problem.meetings[meetings[assignment.meeting]]
        placed.append(
            (person[meeting.a], person[meeting.b], slot[assignment.slot], assignment.table)
        )
    requests = [(person[m.a], person[m.b]) for m in problem.meetings]
    unavailable = [
        (index, slot[slot_id])
        for index, participant in enumerate(problem.participants)
        for slot_id in participant.unavailable
    ]
    days = sorted({s.day for s in problem.slots})
    return {
        "preset": preset,
        "participants": len(problem.participants),
        "days": days,
        "slots_per_day": len(problem.slots) // len(days),
        "tables": len(problem.tables),
        "requests": requests,
        "placed": placed,
        "unavailable": unavailable,
        "solve_s": solve_s,
    }


def _build_rows(data: dict[str, Any]) -> tuple[Any, Any, list[int], dict[tuple[int, int], int]]:
    """Event, organizer, membership pks by participant index, request pk by (a, b) index."""
    from django.contrib.auth import get_user_model

    from summit.events.domain.setup import add_organizer
    from summit.events.models import Event
    from summit.meetings.models import MeetingRequest, Unavailability
    from summit.organizations.models import Membership, Organization

    user_model = get_user_model()
    organizer = user_model.objects.create_user("bench-organizer", is_staff=True, password="x")
    event = Event.objects.create(slug="bench-publish", name="Bench Publish")
    add_organizer(event=event, user=organizer)
    slot_rows, tables = add_partnering_grid(
        event,
        days=[date.fromisoformat(day) for day in data["days"]],
        slots_per_day=data["slots_per_day"],
        tables=data["tables"],
    )
    count = data["participants"]
    users = user_model.objects.bulk_create(
        [
            user_model(username=f"p{i:05d}", email=f"p{i:05d}@example.org", password="!")
            for i in range(count)
        ],
        batch_size=2000,
    )
    orgs = Organization.objects.bulk_create(
        [
            Organization(
                event=event,
                org_id=f"ORG{i:05d}",
                name=f"Organization {i:05d}",
                org_type="biotech",
                country="KR",
            )
            for i in range(count)
        ],
        batch_size=2000,
    )
    people = Membership.objects.bulk_create(
        [
            Membership(event=event, organization=o, user=u, role="lead")
            for o, u in zip(orgs, users, strict=True)
        ],
        batch_size=2000,
    )
    requests = MeetingRequest.objects.bulk_create(
        [
            MeetingRequest(
                event=event,
                sender=people[a],
                sender_organization=orgs[a],
                receiver_organization=orgs[b],
                receiver_person=people[b],
                low_organization=min(orgs[a], orgs[b], key=lambda o: o.pk),
                high_organization=max(orgs[a], orgs[b], key=lambda o: o.pk),
                status="accepted",
                answered_by=people[b],
                answered_by_organization=orgs[b],
            )
            for a, b in data["requests"]
        ],
        batch_size=2000,
    )
    Unavailability.objects.bulk_create(
        [
            Unavailability(membership=people[i], slot_id=slot_rows[s].pk)
            for i, s in data["unavailable"]
        ],
        batch_size=2000,
    )
    assert len(tables) == data["tables"]
    request_of = {(a, b): r.pk for (a, b), r in zip(data["requests"], requests, strict=True)}
    return event, organizer, [p.pk for p in people], request_of


def _rows(data: dict[str, Any], event: Any, people: list[int], request_of: Any) -> list[dict]:
    from summit.events.models import Slot, Table

    slots = list(Slot.objects.filter(event=event).order_by("start").values_list("pk", flat=True))
    tables = dict(Table.objects.filter(event=event).values_list("number", "pk"))
    return [
        {
            "request": request_of[(a, b)],
            "slot": slots[s],
            "table": tables[t],
            "attendees": [people[a], people[b]],
        }
        for a, b, s, t in data["placed"]
    ]


def _naive(rows: list[dict], event: Any) -> float:
    """The per-row path: one `create()` per meeting and per seat, in one transaction."""
    from django.db import transaction

    from summit.scheduling.models import MeetingSeat, ScheduledMeeting

    began = time.perf_counter()
    with transaction.atomic():
        for row in rows:
            meeting = ScheduledMeeting.objects.create(
                event=event,
                meeting_request_id=row["request"],
                slot_id=row["slot"],
                table_id=row["table"],
            )
            for person in row["attendees"]:
                MeetingSeat.objects.create(
                    meeting=meeting, membership_id=person, slot_id=row["slot"]
                )
    elapsed = time.perf_counter() - began
    ScheduledMeeting.objects.filter(event=event).delete()
    return elapsed


def _moved_rows(rows: list[dict], share: float, seed: int, event: Any) -> tuple[list[dict], int]:
    """`rows` with `share` of the meetings moved to a free table in a slot both people are
    free (and available) in."""
    from summit.events.models import Slot, Table
    from summit.meetings.domain.availability import unavailability_by_person

    rng = random.Random(seed)
    slots = list(Slot.objects.filter(event=event).order_by("start").values_list("pk", flat=True))
    tables = list(Table.objects.filter(event=event).values_list("pk", flat=True))
    unavailable = unavailability_by_person(event_id=event.pk)
    busy = {(p, row["slot"]) for row in rows for p in row["attendees"]}
    used: dict[int, set[int]] = {s: set() for s in slots}
    for row in rows:
        used[row["slot"]].add(row["table"])
    result = [dict(row) for row in rows]
    moved = 0
    for index in rng.sample(range(len(result)), round(len(result) * share)):
        row = result[index]
        people = row["attendees"]
        for slot in rng.sample(slots, len(slots)):
            if slot == row["slot"] or any(
                (p, slot) in busy or slot in unavailable.get(p, ()) for p in people
            ):
                continue
            free = next((t for t in tables if t not in used[slot]), None)
            if free is None:
                continue
            for p in people:
                busy.discard((p, row["slot"]))
                busy.add((p, slot))
            used[row["slot"]].discard(row["table"])
            used[slot].add(free)
            row["slot"], row["table"] = slot, free
            moved += 1
            break
    return result, moved


def measure_backend(backend: str, data: dict[str, Any], naive: int, share: float) -> dict:
    """In a fresh process: build the event, time the naive path, publish, enqueue, republish."""
    with throwaway_database(backend, prefix="bench-publish-"):
        from django.conf import settings
        from django_tasks_db.models import DBTaskResult

        from summit.scheduling.domain.notifications import (
            ScheduleChanges,
            deliver_schedule_changes,
        )
        from summit.scheduling.domain.publish import publish_run
        from summit.scheduling.models import ScheduledMeeting, ScheduleRun
        from summit.scheduling.tasks import send_schedule_notifications

        settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
        settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
        began = time.perf_counter()
        event, organizer, people, request_of = _build_rows(data)
        rows = _rows(data, event, people, request_of)
        setup_s = time.perf_counter() - began

        naive_s = _naive(rows[:naive], event)

        run = ScheduleRun.objects.create(event=event, status="done", assignments=rows)
        began = time.perf_counter()
        result = publish_run(run=run, user=organizer)
        publish_s = time.perf_counter() - began
        assert ScheduledMeeting.objects.filter(status="scheduled").count() == len(rows)

        task = DBTaskResult.objects.order_by("-enqueued_at").first()
        assert task is not None
        args = task.args_kwargs["args"]
        began = time.perf_counter()
        send_schedule_notifications.enqueue(*args)
        enqueue_s = time.perf_counter() - began
        payload_kib = len(json.dumps(args)) / 1024
        sample = dict(list(args[1].items())[:200])
        began = time.perf_counter()
        sent = deliver_schedule_changes(
            event_id=event.pk, changes=ScheduleChanges.from_json(sample)
        )
        email_ms = (time.perf_counter() - began) * 1000 / max(1, sent)

        moved_rows, moved = _moved_rows(rows, share, seed=1, event=event)
        again = ScheduleRun.objects.create(
            event=event,
            status="done",
            assignments=moved_rows,
            options={"movable_published": True},
        )
        began = time.perf_counter()
        second = publish_run(run=again, user=organizer)
        republish_s = time.perf_counter() - began
        return {
            "backend": backend,
            "meetings": len(rows),
            "setup_s": setup_s,
            "naive_n": min(naive, len(rows)),
            "naive_s": naive_s,
            "publish_s": publish_s,
            "created": result.created,
            "notified": result.notified,
            "enqueue_s": enqueue_s,
            "payload_kib": payload_kib,
            "email_ms": email_ms,
            "moved": moved,
            "republish_s": republish_s,
            "republish_moved": second.moved,
            "republish_unchanged": second.unchanged,
            "republish_notified": second.notified,
        }


def main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench publish", description=__doc__)
    parser.add_argument("--preset", default="bio_europe")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--naive", type=int, default=1000)
    parser.add_argument("--move-share", type=float, default=0.01)
    parser.add_argument("--backends", default="postgres,sqlite")
    parser.add_argument("--write", action="store_true", help="update bench/RESULTS.md")
    args = parser.parse_args(list(argv))
    data = solve_instance(args.preset, args.seed)
    print(
        f"publish: {args.preset}: {len(data['placed'])} of {len(data['requests'])} meetings "
        f"placed by greedy in {data['solve_s']:.1f} s",
        flush=True,
    )
    results = []
    for backend in selected_backends(args.backends, part="publish"):
        row, wall, peak = run_isolated(measure_backend, backend, data, args.naive, args.move_share)
        row["peak_mib"] = peak
        results.append(row)
        print(f"publish: {backend} done in {wall:.0f} s (peak {peak:.0f} MiB)", flush=True)
    table = markdown_table(
        [
            "backend",
            "meetings",
            "publish s",
            "naive per-row (n) → extrapolated s",
            "bulk vs naive",
            "enqueue ms (payload KiB)",
            "e-mail ms/person (task)",
            "republish 1% moved s",
            "moved / unchanged / told",
            "peak MiB",
            f"≤ {TARGET_S:.0f} s",
        ],
        [
            [
                r["backend"],
                str(r["meetings"]),
                f"{r['publish_s']:.1f}",
                f"{r['naive_s']:.2f} ({r['naive_n']}) → "
                f"{r['naive_s'] / r['naive_n'] * r['meetings']:.0f}",
                f"{r['naive_s'] / r['naive_n'] * r['meetings'] / r['publish_s']:.1f}× faster",
                f"{r['enqueue_s'] * 1000:.0f} ({r['payload_kib']:.0f})",
                f"{r['email_ms']:.1f}",
                f"{r['republish_s']:.1f}",
                f"{r['republish_moved']} / {r['republish_unchanged']} / {r['republish_notified']}",
                f"{r['peak_mib']:.0f}",
                "yes" if r["publish_s"] <= TARGET_S else "NO",
            ]
            for r in results
        ],
    )
    facts = conditions()
    heading = (
        f"## Publish ({args.preset}, seed {args.seed})\n\n"
        "Produced by `python -m bench publish` (see `bench/publish.py`): `publish_run` of a "
        "greedy schedule onto an empty published schedule (bulk path, all checks, "
        "notification task enqueued on commit), against the naive per-row path measured on "
        f"the first {args.naive} meetings in the same process and extrapolated; then a "
        f"republish with {args.move_share:.0%} of the meetings moved (diff path). Event "
        "setup (bulk inserts of users, organizations, requests) is not timed.\n\n"
        f"Conditions: {facts}\n\n"
    )
    print(heading + table)
    RESULTS_JSON.parent.mkdir(exist_ok=True)
    RESULTS_JSON.write_text(json.dumps({"conditions": facts, "results": results}, indent=2))
    if args.write:
        write_section("publish", heading + table)
    slow = [r for r in results if r["backend"] == "postgres" and r["publish_s"] > TARGET_S]
    return 1 if slow else 0
