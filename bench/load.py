"""Load benchmark: a bio_europe-size event served by gunicorn + PostgreSQL under locust.

``python -m bench load [--minutes 10] [--participants 50] [--organizers 2] [--workers 0,4]
[--preset bio_europe] [--web-workers 3] [--write]``

Needs ``DATABASE_URL`` pointing at PostgreSQL (the production set-up) and the ``bench``
extra (``pip install -e '.[web,bench]'``: locust). Steps, each in its own process:

1. a fresh database ``bench_load`` beside ``DATABASE_URL``'s, migrated;
2. the event, built through the domain functions where they exist: the engine's ``bio_europe``
   preset (6,000 organizations and people, 3 days × 18 slots, 1,000 tables, 30,000 requests)
   with synthetic survey answers, the greedy schedule published with ``publish_run``, the
   recommendations computed with ``recompute_recommendations``; the summit starts in two weeks
   so requests are open; each of the ``--participants`` logins has 12 requests waiting for
   its answer; three smaller events (1,500 organizations each) give the task workers more
   recommendation work;
3. gunicorn (``--web-workers`` processes × 4 threads) on a free port on 127.0.0.1;
4. for each count in ``--workers``: that many ``db_worker`` processes, kept busy by a feeder
   that queues a recommendation recompute of each of the four events whenever none waits;
   then locust, headless, for ``--minutes``: the participants read their home page (inbox),
   recommendations, agenda and directory, send requests and accept the ones waiting for
   them; the organizers read the lounge grid (and its live fragment) and the dashboard.

Printed per page: requests, failures, median and 95th-percentile ms; and the machine's load.
Every request answered with a 4xx/5xx, or a page without its expected content, is a failure.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from bench.measure import conditions, markdown_table, write_section

PASSWORD = "Bench-Load-2026!"
DATABASE = "bench_load"
WAITING_PER_PARTICIPANT = 12
EXTRA_EVENTS = 3
EXTRA_ORGANIZATIONS = 1500
LOCUSTFILE = Path(__file__).with_name("locustfile.py")
KEEP_ALIVE_S = 20


def _database_url(base: str, name: str) -> str:
    parts = urlsplit(base)
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, parts.fragment))


def _recreate_database(base: str) -> str:
    import psycopg

    admin = _database_url(base, "postgres")
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{DATABASE}"')
    return _database_url(base, DATABASE)


def _drop_database(base: str) -> None:
    import psycopg

    with psycopg.connect(_database_url(base, "postgres"), autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _survey_fields(rows: Sequence[Any]) -> list[dict[str, Any]]:
    fields = (
        "org_type",
        "country",
        "therapeutic_areas",
        "modalities",
        "offers",
        "seeks",
        "regions_of_interest",
        "languages",
        "description_offer",
        "description_seek",
    )
    return [
        {
            name: list(value) if isinstance(value, tuple) else value
            for name in fields
            if (value := getattr(row, name))
        }
        for row in rows
    ]


def _fill_surveys(organizations: list[Any], *, seed: int) -> None:
    from django.utils import timezone

    from partnering_engine.matching.synthetic import survey_for_participants
    from summit.organizations.models import Organization

    rows = survey_for_participants([o.org_id for o in organizations], seed=seed)
    now = timezone.now()
    changed = set()
    for organization, answers in zip(organizations, _survey_fields(rows), strict=True):
        for name, value in answers.items():
            setattr(organization, name, value)
            changed.add(name)
        organization.survey_status = "submitted"
        organization.survey_submitted_at = now
    Organization.objects.bulk_update(
        organizations,
        sorted(changed | {"survey_status", "survey_submitted_at"}),
        batch_size=1000,
    )


def _extra_event(number: int) -> Any:
    from summit.events.models import Event
    from summit.organizations.models import Organization

    event = Event.objects.create(slug=f"bench-load-extra-{number}", name=f"Extra {number}")
    organizations = Organization.objects.bulk_create(
        [
            Organization(event=event, org_id=f"X{number}-{i:05d}", name=f"Extra {number}-{i}")
            for i in range(EXTRA_ORGANIZATIONS)
        ],
        batch_size=2000,
    )
    _fill_surveys(organizations, seed=100 + number)
    return event


def build(config_path: str, *, preset: str, seed: int, participants: int, organizers: int) -> None:
    """In a process whose DATABASE_URL is the migrated bench database: the event, the logins."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "summit.settings")
    django.setup()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password

    from bench.publish import _build_rows, _rows, solve_instance
    from summit.events.domain.setup import add_organizer
    from summit.matching.domain.recommendations import recompute_recommendations
    from summit.meetings.models import MeetingRequest
    from summit.organizations.models import Membership, Organization
    from summit.scheduling.domain.publish import publish_run
    from summit.scheduling.models import ScheduleRun

    began = time.perf_counter()
    data = solve_instance(preset, seed)
    start = date.today() + timedelta(days=14)
    data["days"] = [(start + timedelta(days=i)).isoformat() for i in range(len(data["days"]))]
    event, organizer, people, request_of = _build_rows(data)
    event.slug, event.name = "bench-load", "Bench Load Summit"
    event.save(update_fields=["slug", "name"])
    organizations = list(Organization.objects.filter(event=event).order_by("pk"))
    _fill_surveys(organizations, seed=seed)
    run = ScheduleRun.objects.create(
        event=event, status="done", assignments=_rows(data, event, people, request_of)
    )
    publish_run(run=run, user=organizer)
    stored = recompute_recommendations(event=event)

    user_model = get_user_model()
    hashed = make_password(PASSWORD)
    organizer_names = [organizer.username]
    for number in range(1, organizers):
        extra = user_model.objects.create_user(f"bench-organizer-{number}", is_staff=True)
        add_organizer(event=event, user=extra)
        organizer_names.append(extra.username)
    user_model.objects.filter(username__in=organizer_names).update(password=hashed)

    rng = random.Random(seed)
    busy = {pk for pk in people if pk}
    chosen = rng.sample(sorted(busy), participants)
    members = {m.pk: m for m in Membership.objects.filter(pk__in=chosen).select_related("user")}
    paired = set(
        MeetingRequest.objects.filter(event=event).values_list(
            "low_organization_id", "high_organization_id"
        )
    )
    all_members = list(Membership.objects.filter(event=event).only("pk", "organization_id"))
    logins = []
    waiting: list[MeetingRequest] = []
    for pk in chosen:
        member = members[pk]
        for sender in rng.sample(all_members, WAITING_PER_PARTICIPANT * 3):
            pair = tuple(sorted((sender.organization_id, member.organization_id)))
            if sender.organization_id == member.organization_id or pair in paired:
                continue
            paired.add(pair)
            waiting.append(
                MeetingRequest(
                    event=event,
                    sender=sender,
                    sender_organization_id=sender.organization_id,
                    receiver_organization_id=member.organization_id,
                    receiver_person=member,
                    low_organization_id=pair[0],
                    high_organization_id=pair[1],
                    status="pending",
                    message="Bench load: shall we meet?",
                )
            )
            if sum(1 for r in waiting if r.receiver_person is member) == WAITING_PER_PARTICIPANT:
                break
        logins.append(member.user.username)
    created = MeetingRequest.objects.bulk_create(waiting, batch_size=2000)
    waiting_of: dict[str, list[int]] = {name: [] for name in logins}
    by_member = {members[pk].pk: members[pk].user.username for pk in chosen}
    for row in created:
        waiting_of[by_member[row.receiver_person_id]].append(row.pk)
    user_model.objects.filter(username__in=logins).update(password=hashed)

    extra_events = [_extra_event(number).slug for number in range(1, EXTRA_EVENTS + 1)]
    org_ids = [o.org_id for o in rng.sample(organizations, min(500, len(organizations)))]
    Path(config_path).write_text(
        json.dumps(
            {
                "event": event.slug,
                "password": PASSWORD,
                "participants": [{"username": n, "waiting": waiting_of[n]} for n in logins],
                "organizers": organizer_names,
                "org_ids": org_ids,
                "events_to_recompute": [event.slug, *extra_events],
                "meetings": len(data["placed"]),
                "organizations": len(organizations),
                "recommendations": stored,
                "build_s": round(time.perf_counter() - began, 1),
            }
        )
    )


def feed(slugs: Sequence[str], seconds: float) -> None:
    """Queue a recompute of each event whenever none waits, for `seconds`."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "summit.settings")
    django.setup()
    from summit.events.models import Event
    from summit.matching.domain.recommendations import schedule_recompute

    events = list(Event.objects.filter(slug__in=slugs))
    deadline = time.monotonic() + seconds
    queued = 0
    while time.monotonic() < deadline:
        for event in events:
            run = schedule_recompute(event=event)
            queued += run.status == "queued"
        time.sleep(5)
    print(f"feeder: {queued} recompute look-ups answered 'queued'", flush=True)


def _env(database_url: str, data_dir: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url,
        SUMMIT_DATA_DIR=data_dir,
        DJANGO_SETTINGS_MODULE="summit.settings",
        SECRET_KEY="bench-load-secret-key-not-for-production-0123456789",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DEBUG="0",
        SUMMIT_TASK_BACKEND="database",
        EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",
        PYTHONPATH=os.pathsep.join(filter(None, [str(Path.cwd()), env_path()])),
    )
    return env


def env_path() -> str:
    return os.environ.get("PYTHONPATH", "")


def _wait_for(port: int, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.5)
    raise RuntimeError(f"gunicorn did not listen on {port} within {seconds} s")


def _stop(process: subprocess.Popen[Any]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()


def _failures(prefix: str) -> list[dict[str, Any]]:
    with open(f"{prefix}_failures.csv", newline="") as handle:
        return [
            {
                "method": row["Method"],
                "page": row["Name"],
                "error": row["Error"],
                "count": int(row["Occurrences"]),
            }
            for row in csv.DictReader(handle)
        ]


def _stats(prefix: str) -> list[dict[str, Any]]:
    with open(f"{prefix}_stats.csv", newline="") as handle:
        return [
            {
                "page": row["Name"],
                "requests": int(row["Request Count"]),
                "failures": int(row["Failure Count"]),
                "median_ms": float(row["Median Response Time"] or 0),
                "p95_ms": float(row["95%"] or 0),
            }
            for row in csv.DictReader(handle)
        ]


def run_phase(
    *,
    env: dict[str, str],
    config: str,
    workers: int,
    minutes: float,
    web_workers: int,
    port: int,
) -> dict[str, Any]:
    data = json.loads(Path(config).read_text())
    python = sys.executable
    bindir = Path(python).parent
    web = subprocess.Popen(
        [
            str(bindir / "gunicorn"),
            "summit.wsgi",
            f"--workers={web_workers}",
            "--threads=4",
            "--worker-class=gthread",
            f"--bind=127.0.0.1:{port}",
            "--timeout=120",
            # Longer than a visitor's pause between two pages (at most 6 s): with gunicorn's
            # default of 2 s the server closes an idle connection while the visitor is
            # already sending its next request on it, and that request is reset
            # (ConnectionResetError), most often when the worker's threads hold the CPU.
            f"--keep-alive={KEEP_ALIVE_S}",
            "--log-level=warning",
        ],
        env=env,
    )
    helpers: list[subprocess.Popen[Any]] = []
    try:
        _wait_for(port)
        for _ in range(workers):
            helpers.append(
                subprocess.Popen([python, "-m", "summit", "db_worker", "--no-reload"], env=env)
            )
        if workers:
            helpers.append(
                subprocess.Popen(
                    [
                        python,
                        "-m",
                        "bench",
                        "load",
                        "--child-feed",
                        config,
                        "--seconds",
                        str(minutes * 60),
                    ],
                    env=env,
                )
            )
        prefix = tempfile.mkdtemp(prefix="bench-load-") + "/locust"
        users = len(data["participants"]) + len(data["organizers"])
        locust_env = dict(env, BENCH_LOAD_CONFIG=config)
        began = time.perf_counter()
        subprocess.run(
            [
                str(bindir / "locust"),
                "-f",
                str(LOCUSTFILE),
                "--headless",
                f"--users={users}",
                "--spawn-rate=1",
                f"--run-time={int(minutes * 60)}s",
                f"--host=http://127.0.0.1:{port}",
                f"--csv={prefix}",
                "--only-summary",
                "--loglevel=WARNING",
                "--stop-timeout=30",
            ],
            env=locust_env,
            check=False,
        )
        wall_s = time.perf_counter() - began
        return {
            "workers": workers,
            "pages": _stats(prefix),
            "failures": _failures(prefix),
            "wall_s": round(wall_s, 1),
            "load": os.getloadavg(),
        }
    finally:
        for helper in helpers:
            _stop(helper)
        _stop(web)


def main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench load", description=__doc__)
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--participants", type=int, default=50)
    parser.add_argument("--organizers", type=int, default=2)
    parser.add_argument("--workers", default="0,4", help="task worker counts, one run each")
    parser.add_argument("--preset", default="bio_europe")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--web-workers", type=int, default=3)
    parser.add_argument("--port", type=int, default=0, help="gunicorn's port (default: a free one)")
    parser.add_argument("--keep", action="store_true", help="keep the bench database")
    parser.add_argument("--write", action="store_true", help="update bench/RESULTS.md")
    parser.add_argument("--child-build", help=argparse.SUPPRESS)
    parser.add_argument("--child-feed", help=argparse.SUPPRESS)
    parser.add_argument("--seconds", type=float, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child_build:
        build(
            args.child_build,
            preset=args.preset,
            seed=args.seed,
            participants=args.participants,
            organizers=args.organizers,
        )
        return 0
    if args.child_feed:
        feed(json.loads(Path(args.child_feed).read_text())["events_to_recompute"], args.seconds)
        return 0
    base = os.environ.get("DATABASE_URL", "")
    if not base.startswith(("postgres://", "postgresql://")):
        print("bench load: skipped (DATABASE_URL is not set to PostgreSQL, the production set-up)")
        return 0
    if not (Path(sys.executable).parent / "locust").exists():
        print("bench load: locust is missing: pip install -e '.[web,bench]'")
        return 2
    database_url = _recreate_database(base)
    data_dir = tempfile.mkdtemp(prefix="bench-load-data-")
    env = _env(database_url, data_dir)
    config = str(Path(data_dir) / "load.json")
    try:
        subprocess.run(
            [sys.executable, "-m", "summit", "migrate", "--noinput", "-v0"], env=env, check=True
        )
        subprocess.run(
            [
                sys.executable,
                "-m",
                "bench",
                "load",
                "--child-build",
                config,
                f"--preset={args.preset}",
                f"--seed={args.seed}",
                f"--participants={args.participants}",
                f"--organizers={args.organizers}",
            ],
            env=env,
            check=True,
        )
        built = json.loads(Path(config).read_text())
        print(
            f"built {built['organizations']} organizations, {built['meetings']} meetings, "
            f"{built['recommendations']} recommendations in {built['build_s']} s",
            flush=True,
        )
        phases = [
            run_phase(
                env=env,
                config=config,
                workers=int(count),
                minutes=args.minutes,
                web_workers=args.web_workers,
                port=args.port or _free_port(),
            )
            for count in args.workers.split(",")
        ]
    finally:
        if not args.keep:
            _drop_database(base)
    text = _report(phases, built, args)
    print(text)
    if args.write:
        write_section("load", text)
    failures = sum(page["failures"] for phase in phases for page in phase["pages"])
    return 1 if failures else 0


def _report(phases: list[dict[str, Any]], built: dict[str, Any], args: Any) -> str:
    names = sorted({page["page"] for phase in phases for page in phase["pages"]})
    header = ["page"]
    for phase in phases:
        header += [f"requests ({phase['workers']} workers)", "failures", "median ms", "p95 ms"]
    rows = []
    for name in names:
        row = [name]
        for phase in phases:
            page = next((p for p in phase["pages"] if p["page"] == name), None)
            row += (
                [
                    str(page["requests"]),
                    str(page["failures"]),
                    f"{page['median_ms']:.0f}",
                    f"{page['p95_ms']:.0f}",
                ]
                if page
                else ["—"] * 4
            )
        rows.append(row)
    loads = "; ".join(
        f"{phase['workers']} task workers: load (1/5/15 min) "
        f"{[round(x, 2) for x in phase['load']]} at the end, {phase['wall_s']} s"
        for phase in phases
    )
    failed = [
        f"- {phase['workers']} task workers: {row['count']} × {row['method']} {row['page']}: "
        f"{row['error']}"
        for phase in phases
        for row in phase["failures"]
    ]
    failures = "\n\nFailures:\n\n" + "\n".join(failed) if failed else ""
    return (
        "## Load (gunicorn + PostgreSQL, locust)\n\n"
        "Produced by `python -m bench load` (see `bench/load.py`): "
        f"{len(built['participants'])} participants and {len(built['organizers'])} organizers "
        f"for {args.minutes:g} minutes against a {args.preset} event "
        f"({built['organizations']} organizations, {built['meetings']} published meetings, "
        f"{built['recommendations']} recommendations); gunicorn {args.web_workers} workers × 4 "
        f"threads, keep-alive {KEEP_ALIVE_S} s; each count of task workers recomputes "
        "recommendations of four events throughout. The web server, the workers, locust and "
        "PostgreSQL share the machine's 2 cores.\n\n"
        + markdown_table(header, rows)
        + f"\n\nConditions: {conditions()}; {loads}."
        + failures
        + "\n"
    )
