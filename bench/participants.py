"""Participant pages benchmark: the inbox (event home), the recommendations and the directory
as a participant sees them, with 5,000 organizations and a busy participant.

``python -m bench participants [--orgs 5000] [--requests 30] [--backends postgres,sqlite]
[--write]``

Each backend runs in a fresh process with a throw-away database (an SQLite file, or a
``test_…`` database next to ``DATABASE_URL`` for PostgreSQL, skipped when ``DATABASE_URL``
is not PostgreSQL). The organizations come from the engine's synthetic survey generator;
their recommendations from one real recompute (`recompute_recommendations`, 10 per
organization). Around them the event holds ``--orgs`` × 4 meeting requests between other
organizations (every status), and the participant's organization is busy: 15 requests
await its answer, 10 it sent wait, 25 meetings are scheduled (the first in two hours),
5 requests were declined, 3 partners dismissed and 5 saved.

Every page is requested ``--requests`` times through Django's test client (full
middleware, templates, sessions) after two warm-up requests; the table gives the median
and 95th percentile wall time, the SQL queries per request and the median CPU time of the
Django process. The baseline, measured in the same process right after, is the same page
without what the participants' side adds: the event home without the inbox panel, the
directory and the recommendations with the partner-state look-ups switched off (no
receivers answer `partner_relations_requested`). Target (issue 15): p95 ≤ 150 ms.
"""

from __future__ import annotations

import argparse
import random
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import timedelta
from typing import Any

from bench.django_db import selected_backends, throwaway_database, time_requests
from bench.measure import conditions, markdown_table, run_isolated, write_section
from bench.summit_fixture import add_survey_organizations

TARGET_MS = 150.0
INBOX_TEMPLATE = "participants/_event_home_participant.html"


def _request(event: Any, sender: Any, receiver: Any, status: str, person: Any = None) -> Any:
    from summit.meetings.models import MeetingRequest

    low, high = sorted((sender.pk, receiver.pk))
    answered = status in ("accepted", "declined")
    return MeetingRequest(
        event=event,
        sender=person,
        sender_organization=sender,
        receiver_organization=receiver,
        low_organization_id=low,
        high_organization_id=high,
        status=status,
        message="We would like to meet.",
        answered_by_organization=receiver if answered else None,
    )


def _fill_activity(event: Any, organizations: list[Any], mine: Any, me: Any) -> None:
    """Requests between other organizations, and the busy participant's own."""
    from django.contrib.auth import get_user_model

    from bench.summit_fixture import add_partnering_grid
    from summit.matching.models import Dismissal, SavedPartner
    from summit.meetings.models import MeetingRequest
    from summit.organizations.models import Membership
    from summit.scheduling.models import MeetingSeat, ScheduledMeeting

    rng = random.Random(15)
    others = [org for org in organizations if org.pk != mine.pk]
    senders = {}
    users = get_user_model().objects
    for index, org in enumerate(others[:60]):
        user = users.create_user(f"lead-{index}", password="x")
        senders[org.pk] = Membership.objects.create(
            event=event, organization=org, user=user, role="lead"
        )
    # Background: distinct pairs among the other organizations, every status.
    statuses = ["pending", "accepted", "declined", "withdrawn", "expired"]
    pairs: set[tuple[int, int]] = set()
    background = []
    while len(background) < 4 * len(organizations):
        first, second = rng.sample(others[60:], 2)
        key = (min(first.pk, second.pk), max(first.pk, second.pk))
        if key in pairs:
            continue
        pairs.add(key)
        # A participant's request needs a sender; the volume, not who sent it, matters here.
        row = _request(event, first, second, rng.choice(statuses), senders[others[0].pk])
        background.append(row)
    MeetingRequest.objects.bulk_create(background, batch_size=2000)
    # The participant's organization.
    partners = iter(others[:60])
    mine_rows = []
    for _ in range(15):
        partner = next(partners)
        mine_rows.append(_request(event, partner, mine, "pending", senders[partner.pk]))
    for _ in range(10):
        mine_rows.append(_request(event, mine, next(partners), "pending", me))
    for _ in range(5):
        mine_rows.append(_request(event, mine, next(partners), "declined", me))
    met = [next(partners) for _ in range(25)]
    for partner in met:
        mine_rows.append(_request(event, mine, partner, "accepted", me))
    MeetingRequest.objects.bulk_create(mine_rows)
    soon = (event_now() + timedelta(days=1)).date()
    slots, tables = add_partnering_grid(
        event, days=[soon, soon + timedelta(days=1)], slots_per_day=14, tables=60
    )
    # The first meeting two hours from now, so the inbox counts down to it.
    first_slot = slots[0]
    first_slot.start = event_now() + timedelta(hours=2)
    first_slot.end = first_slot.start + timedelta(minutes=30)
    first_slot.save()
    accepted = MeetingRequest.objects.filter(sender_organization=mine, status="accepted")
    for index, meeting_request in enumerate(accepted.order_by("pk")):
        meeting = ScheduledMeeting.objects.create(
            event=event, meeting_request=meeting_request, slot=slots[index], table=tables[index]
        )
        partner_person = senders[meeting_request.receiver_organization_id]
        for person in (me, partner_person):
            MeetingSeat.objects.create(
                meeting=meeting, membership=person, slot=slots[index], active=True
            )
    for partner in others[60:63]:
        Dismissal.objects.create(event=event, organization=mine, partner=partner)
    for partner in others[63:68]:
        SavedPartner.objects.create(event=event, organization=mine, partner=partner)


def event_now() -> Any:
    from django.utils import timezone

    return timezone.now()


@contextmanager
def _without_inbox() -> Iterator[None]:
    """The event home as it was before the inbox: its panel template is not found."""
    from django.template import TemplateDoesNotExist

    from summit.core.templatetags import summit as tags

    original = tags.get_template

    def hidden(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == INBOX_TEMPLATE:
            raise TemplateDoesNotExist(name)
        return original(name, *args, **kwargs)

    tags.get_template = hidden
    try:
        yield
    finally:
        tags.get_template = original


@contextmanager
def _without_states() -> Iterator[None]:
    """Pages as they were before partner states: nobody answers the state signal."""
    from summit.organizations.domain.relations import partner_relations_requested

    receivers = partner_relations_requested.receivers
    partner_relations_requested.receivers = []
    partner_relations_requested.sender_receivers_cache.clear()
    try:
        yield
    finally:
        partner_relations_requested.receivers = receivers
        partner_relations_requested.sender_receivers_cache.clear()


def measure_backend(backend: str, orgs: int, requests: int) -> list[dict[str, Any]]:
    """In a fresh process: build the event, then time every page and its baseline."""
    with throwaway_database(backend, prefix="bench-participants-"):
        from django.conf import settings
        from django.contrib.auth import get_user_model
        from django.test import Client
        from django.urls import reverse

        from bench.summit_fixture import analyze_tables
        from summit.events.models import Event
        from summit.matching.domain.recommendations import recompute_recommendations
        from summit.organizations.models import Membership

        event = Event.objects.create(slug="bench", name="Bench Summit", time_zone="Asia/Seoul")
        organizations = add_survey_organizations(event, count=orgs, seed=15)
        mine = organizations[1]
        user = get_user_model().objects.create_user("bench-participant", password="x")
        me = Membership.objects.create(event=event, organization=mine, user=user, role="lead")
        stored = recompute_recommendations(event=event)
        _fill_activity(event, organizations, mine, me)
        analyze_tables()
        client = Client()
        client.force_login(user)
        slug = event.slug
        home = reverse("events:home", kwargs={"slug": slug})
        recommendations = reverse(
            "matching:organization_recommendations", kwargs={"slug": slug, "org_id": mine.org_id}
        )
        directory = reverse("organizations:directory", kwargs={"slug": slug})
        scenarios: list[tuple[str, str, dict[str, str], dict[str, str], Callable[[], Any]]] = [
            ("inbox (event home)", home, {}, {}, _without_inbox),
            ("recommendations", recommendations, {}, {}, _without_states),
            ("directory, first page", directory, {}, {}, _without_states),
            (
                "directory, wants what we offer",
                directory,
                {"wants_my_offers": "on"},
                {},
                _without_states,
            ),
            (
                "directory, HTMX search 'bio' + area",
                directory,
                {"q": "bio", "area": "oncology"},
                {"HTTP_HX_REQUEST": "true"},
                _without_states,
            ),
        ]
        settings.DEBUG = True  # count queries
        rows = []
        for name, url, params, headers, baseline in scenarios:
            measured = time_requests(client, url, params, requests, **headers)
            with baseline():
                base = time_requests(client, url, params, requests, **headers)
            rows.append(
                {
                    "backend": backend,
                    "scenario": name,
                    "stored": stored,
                    "new": measured,
                    "base": base,
                }
            )
        settings.DEBUG = False
        return rows


def main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench participants", description=__doc__)
    parser.add_argument("--orgs", type=int, default=5000)
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--backends", default="postgres,sqlite")
    parser.add_argument("--write", action="store_true", help="update bench/RESULTS.md")
    args = parser.parse_args(list(argv))
    results: list[dict[str, Any]] = []
    before = conditions()
    for backend in selected_backends(args.backends, part="participants"):
        rows, wall, peak = run_isolated(measure_backend, backend, args.orgs, args.requests)
        results.extend(rows)
        print(f"participants: {backend} done in {wall:.0f} s (peak {peak:.0f} MiB)", flush=True)
    table = markdown_table(
        [
            "backend",
            "page (participant)",
            "median ms",
            "p95 ms",
            "queries",
            "CPU ms",
            "baseline median ms",
            "baseline p95 ms",
            "baseline queries",
            "p95 ratio",
            f"p95 ≤ {TARGET_MS:.0f} ms",
        ],
        [
            [
                row["backend"],
                row["scenario"],
                f"{row['new']['median_ms']:.1f}",
                f"{row['new']['p95_ms']:.1f}",
                str(row["new"]["queries"]),
                f"{row['new']['cpu_ms']:.1f}",
                f"{row['base']['median_ms']:.1f}",
                f"{row['base']['p95_ms']:.1f}",
                str(row["base"]["queries"]),
                f"{row['new']['p95_ms'] / row['base']['p95_ms']:.2f}",
                "yes" if row["new"]["p95_ms"] <= TARGET_MS else "NO",
            ]
            for row in results
        ],
    )
    heading = (
        f"## Participant pages, {args.orgs} organizations, {args.requests} requests per row\n\n"
        f"Conditions before: {before}\n\nConditions after: {conditions()}\n\n"
        "Baseline (same process, right after): the event home without the inbox panel; the "
        "recommendations and the directory without partner-state look-ups.\n\n"
    )
    print(heading + table)
    if args.write:
        write_section("participants", heading + table)
    slow = [row for row in results if row["new"]["p95_ms"] > TARGET_MS]
    return 1 if slow else 0
