"""Same-day re-matching benchmark: a simulated summit day with no-shows, and how many freed
slots get a new meeting through the lounge's re-matching (issue 13, item 4).

``python -m bench rematch [--preset summit] [--seed 1] [--no-shows 0.15] [--attempts 3]
[--accept-recommended 0.5] [--accept-other 0.2] [--backend sqlite] [--write]``

The event is the engine's ``summit`` preset (400 participants, 1,600 requested meetings,
2 days × 14 half-hour slots, 60 tables, the preset's unavailable slots), solved by greedy
and published with `publish_run`, one organization per participant carrying a synthetic
survey answer (`partnering_engine.matching.synthetic`, not written for this benchmark), and
the recommendations computed by `recompute_recommendations` (top 10 per organization): the
meeting pairs and the recommender were not tuned to each other.

The day, slot after slot of both days, through the real domain functions
(`report_no_show`, `slot_options`, `propose_meeting`, `accept_proposal`,
`decline_proposal`), with "now" five minutes into the slot:

- No-shows: each published meeting of the slot is a no-show with probability ``--no-shows``
  (15%); the absent side is one of the two at random; the side that came reports it. Every
  no-show frees one participant (the one who came) for that slot.
- The freed participants of a slot act one after the other, in random order. Each opens
  "Meet someone now" and proposes to the partners listed for that slot, one at a time, up
  to ``--attempts`` (3), until one accepts. **Page order**: as "Meet someone now" lists
  them (in the running slot the people sitting alone at the lounge first, recommended ones
  first among them, then the recommender's partners). **Recommender first**: by the
  recommender's score alone (what the page did before it knew who sits alone).
  **Random**: a uniformly random free organization each time.
- A partner accepts with probability ``--accept-recommended`` (0.5) when the recommender
  lists the pair (either direction), ``--accept-other`` (0.2) otherwise: people say yes
  more readily to a relevant partner (an assumption, not a measurement).
- Who can answer: **all free** — every participant free at that slot is at the venue and
  reads the proposal in time; **freed only** (pessimistic) — only people whose own partner
  did not come (sitting at an empty table) answer; everyone else lets it expire.

A freed slot counts as re-filled when its participant has a new meeting in that same slot.
The baseline is no re-matching: 0% of freed slots re-filled (the organizers re-arrange by
hand today). Each scenario runs in a fresh process and database with the same seed, so the
no-shows are the same in every scenario.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from bench.django_db import throwaway_database
from bench.measure import conditions, markdown_table, run_isolated, write_section
from bench.publish import solve_instance
from bench.summit_fixture import add_partnering_grid, add_survey_organizations

SCENARIOS = (
    ("page order", "all free"),
    ("recommender first", "all free"),
    ("random", "all free"),
    ("page order", "freed only"),
    ("recommender first", "freed only"),
    ("random", "freed only"),
)


def _build(data: dict[str, Any], seed: int) -> tuple[Any, Any, list[Any]]:
    """The published event: (event, organizer, membership by participant index)."""
    from django.contrib.auth import get_user_model

    from summit.events.domain.setup import add_organizer
    from summit.events.models import Event
    from summit.matching.domain.recommendations import recompute_recommendations
    from summit.meetings.domain.parties import party_fields
    from summit.meetings.models import MeetingRequest, Unavailability
    from summit.organizations.models import Membership
    from summit.scheduling.domain.publish import publish_run
    from summit.scheduling.models import ScheduleRun

    users = get_user_model().objects
    organizer = users.create_user("bench-organizer", is_staff=True, password="x")
    event = Event.objects.create(slug="bench-rematch", name="Bench Re-match")
    add_organizer(event=event, user=organizer)
    slots, tables = add_partnering_grid(
        event,
        days=[date.fromisoformat(day) for day in data["days"]],
        slots_per_day=data["slots_per_day"],
        tables=data["tables"],
    )
    count = data["participants"]
    organizations = add_survey_organizations(event, count=count, seed=seed)
    people_users = users.bulk_create(
        [users.model(username=f"p{i:05d}", email=f"p{i:05d}@example.org") for i in range(count)]
    )
    people = Membership.objects.bulk_create(
        [
            Membership(event=event, organization=o, user=u, role="lead")
            for o, u in zip(organizations, people_users, strict=True)
        ]
    )
    requests = MeetingRequest.objects.bulk_create(
        [
            MeetingRequest(
                event=event,
                sender=people[a],
                receiver_person=people[b],
                status="accepted",
                answered_by=people[b],
                answered_by_organization=organizations[b],
                **party_fields(organizations[a].pk, organizations[b].pk),
            )
            for a, b in data["requests"]
        ],
        batch_size=2000,
    )
    request_of = {pair: r.pk for pair, r in zip(data["requests"], requests, strict=True)}
    Unavailability.objects.bulk_create(
        [Unavailability(membership=people[i], slot=slots[s]) for i, s in data["unavailable"]],
        batch_size=2000,
    )
    recompute_recommendations(event=event)
    rows = [
        {
            "request": request_of[(a, b)],
            "slot": slots[s].pk,
            "table": tables[t - 1].pk,
            "attendees": [people[a].pk, people[b].pk],
        }
        for a, b, s, t in data["placed"]
    ]
    run = ScheduleRun.objects.create(event=event, status="done", assignments=rows)
    publish_run(run=run, user=organizer)
    return event, organizer, people


def _answers(rng: random.Random, recommended: bool, p_recommended: float, p_other: float) -> bool:
    return rng.random() < (p_recommended if recommended else p_other)


def simulate(
    data: dict[str, Any],
    seed: int,
    policy: str,
    reach: str,
    no_shows: float,
    attempts: int,
    p_recommended: float,
    p_other: float,
) -> dict[str, Any]:
    """One scenario in a fresh database: the whole event's days, slot by slot."""
    with throwaway_database("sqlite", prefix="bench-rematch-"):
        from django.conf import settings

        from summit.events.models import Slot
        from summit.lounge.domain.attendance import report_no_show
        from summit.lounge.domain.errors import LoungeError
        from summit.lounge.domain.rematch import (
            accept_proposal,
            decline_proposal,
            propose_meeting,
            slot_options,
        )
        from summit.meetings.domain.parties import party_ids_of
        from summit.organizations.models import Membership
        from summit.scheduling.models import MeetingSeat, ScheduledMeeting

        settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
        event, _organizer, _people = _build(data, seed)
        members = {m.organization_id: m for m in Membership.objects.filter(event=event)}
        # One generator per kind of chance: every scenario sees the same no-shows.
        rng = random.Random(seed)
        answer_rng = random.Random(seed + 1)
        order_rng = random.Random(seed + 2)
        choice_rng = random.Random(seed + 3)
        freed = refilled = proposals = made = recommended_meetings = 0
        options_ms: list[float] = []
        accept_ms: list[float] = []
        for slot in Slot.objects.filter(event=event).order_by("start"):
            now = slot.start + timedelta(minutes=5)
            meetings = list(
                ScheduledMeeting.objects.filter(slot=slot, status="scheduled")
                .select_related("meeting_request", "event", "slot")
                .order_by("pk")
            )
            absent = [m for m in meetings if rng.random() < no_shows]
            freed_people = []
            for meeting in absent:
                parties = list(party_ids_of(meeting))
                rng.shuffle(parties)
                _away, present = parties
                person = members[present]
                report_no_show(meeting=meeting, user=person.user, now=now)
                freed_people.append(person)
            freed += len(freed_people)
            sitting = {p.pk for p in freed_people}
            order_rng.shuffle(freed_people)
            for person in freed_people:
                if MeetingSeat.objects.filter(
                    membership=person, slot=slot, active=True, meeting__attendance="expected"
                ).exists():
                    refilled += 1  # someone else's proposal already re-matched them
                    continue
                began = time.perf_counter()
                options = slot_options(
                    membership=person, now=now, limit=10_000 if policy == "random" else 8
                )
                options_ms.append((time.perf_counter() - began) * 1000)
                here = next((o for o in options if o.slot.pk == slot.pk), None)
                if here is None or here.table is None:
                    continue
                candidates = list(here.candidates)
                if policy == "random":
                    choice_rng.shuffle(candidates)
                elif policy == "recommender first":
                    candidates.sort(key=lambda c: -(c.score or -1.0))
                for candidate in candidates[:attempts]:
                    try:
                        proposal = propose_meeting(
                            sender=person,
                            partner=candidate.organization,
                            slot=slot,
                            user=person.user,
                            now=now,
                        )
                    except LoungeError:
                        continue
                    proposals += 1
                    partner = candidate.person
                    reachable = reach == "all free" or partner.pk in sitting
                    if reachable and _answers(
                        answer_rng, candidate.recommended, p_recommended, p_other
                    ):
                        began = time.perf_counter()
                        try:
                            accept_proposal(proposal=proposal, membership=partner, now=now)
                        except LoungeError:
                            continue
                        accept_ms.append((time.perf_counter() - began) * 1000)
                        refilled += 1
                        made += 1
                        recommended_meetings += candidate.recommended
                        break
                    decline_proposal(proposal=proposal, membership=partner, now=now)
        published = ScheduledMeeting.objects.filter(event=event, published_by_run__isnull=False)
        return {
            "policy": policy,
            "reach": reach,
            "meetings": published.count(),
            "freed": freed,
            "refilled": refilled,
            "proposals": proposals,
            "made": made,
            "recommended": recommended_meetings,
            "options_ms": statistics.median(options_ms) if options_ms else 0.0,
            "accept_ms": statistics.median(accept_ms) if accept_ms else 0.0,
        }


def main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench rematch", description=__doc__)
    parser.add_argument("--preset", default="summit")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-shows", type=float, default=0.15)
    parser.add_argument("--attempts", type=int, default=3)
    parser.add_argument("--accept-recommended", type=float, default=0.5)
    parser.add_argument("--accept-other", type=float, default=0.2)
    parser.add_argument("--write", action="store_true", help="update bench/RESULTS.md")
    args = parser.parse_args(list(argv))
    data = solve_instance(args.preset, args.seed)
    print(
        f"rematch: {args.preset}: {len(data['placed'])} of {len(data['requests'])} meetings "
        "placed by greedy",
        flush=True,
    )
    results = []
    for policy, reach in SCENARIOS:
        row, wall, _peak = run_isolated(
            simulate,
            data,
            args.seed,
            policy,
            reach,
            args.no_shows,
            args.attempts,
            args.accept_recommended,
            args.accept_other,
        )
        results.append(row)
        print(f"rematch: {policy} / {reach}: {row} ({wall:.0f} s)", flush=True)
    freed = results[0]["freed"]
    rows = [["none (baseline: no re-matching)", "–", str(freed), "0 (0%)", "–", "–", "–", "–"]]
    for r in results:
        rows.append(
            [
                r["policy"],
                r["reach"],
                str(r["freed"]),
                f"{r['refilled']} ({r['refilled'] / max(1, r['freed']):.0%})",
                f"{r['proposals'] / max(1, r['freed']):.2f}",
                f"{r['recommended'] / max(1, r['made']):.0%}",
                f"{r['options_ms']:.0f}",
                f"{r['accept_ms']:.0f}",
            ]
        )
    table = markdown_table(
        [
            "partner choice",
            "who can answer",
            "freed slots",
            "re-filled",
            "proposals per freed slot",
            "new meetings with a recommended pair",
            "free-partner list ms (median)",
            "accept ms (median)",
        ],
        rows,
    )
    facts = conditions()
    heading = (
        f"## Same-day re-matching ({args.preset}, seed {args.seed})\n\n"
        "Produced by `python -m bench rematch` (see `bench/rematch.py` for the whole model): "
        f"{results[0]['meetings']} published meetings over both days, each a no-show with "
        f"probability {args.no_shows:.0%} (absent side at random); each freed participant "
        f"proposes to up to {args.attempts} partners free in that slot, one at a time — "
        "**page order**: as the page lists them (in the running slot those sitting alone at "
        "the lounge first, then the recommender's partners), **recommender first**: by the "
        "recommender's score alone, **random**: uniformly among all free organizations; a "
        "partner accepts with probability "
        f"{args.accept_recommended} if the recommender lists the pair, {args.accept_other} "
        "otherwise; **all free**: everyone free in the slot can answer, **freed only**: only "
        "people whose own partner did not come answer. Re-filled: the freed participant has "
        "a new meeting in the same slot. SQLite, times through the domain functions (no "
        "HTTP).\n\n"
        f"Conditions: {facts}\n\n"
    )
    print(heading + table)
    if args.write:
        write_section("rematch", heading + table)
    return 0
