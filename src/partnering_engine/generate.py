"""Realistic synthetic partnering problems, deterministic by seed.

Presets (``generate_problem(preset, seed=...)``):

- ``summit``: 400 participants, 2 days x 14 slots (Asia/Seoul, +09:00), 60 places (54
  tables, 4 rooms, 2 virtual), ~1,600 requests; a ``ko-en`` interpreter pool of 3 per slot
  (2 in the first slot of each day) for ~5% of meetings, a few delegations (extra attendees),
  meetings needing a room or a virtual table, some restricted to one day, a few fixed.
- ``bio_europe``: 6,000 participants, 3 days x 18 slots, 1,000 tables, ~30,000 requests.
- ``bio_intl``: 20,000 participants, 4 days x 18 slots, 1,500 tables, ~64,000 requests.
- ``tiny``: 12 participants, 1 day x 8 slots, 3 places (one a room), 20 requests, with a
  meeting needing the room, interpreted ones, a delegation and a fixed meeting (for tests).

How demand is drawn: each participant has an *activity* (how many requests they send,
lognormal with a small spread: a few each) and a *popularity* (how many they receive,
lognormal with a wide spread: a heavy tail, so a big pharma receives hundreds of requests at
BIO scale). Requests pair a requester drawn by activity with a receiver drawn by popularity;
self-pairs and repeated pairs (in either direction) are dropped, so each pair appears once,
in request order. Weights: 3 when both sides asked (20%), 2 when one asked and the other
accepted (65%), 1 for an organizer's suggestion (15%).

Availability: a quarter of participants are blocked for 2-4 contiguous slots on one day (a
talk or panel), 5% (on multi-day events) miss a whole day, and 10% accept at most 4-12
meetings. Restrictions never leave a meeting without an allowed slot where both are
available, except the rare pair whose blocked slots cover each other's whole event.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from types import MappingProxyType

import numpy as np
import numpy.typing as npt

from partnering_engine.types import (
    InterpreterPool,
    Meeting,
    Mode,
    Participant,
    Problem,
    Slot,
    Table,
)

__all__ = ["PRESETS", "generate_problem"]

IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True, slots=True)
class _Preset:
    participants: int
    days: int
    slots_per_day: int
    tables: int
    requests: int
    first_day: date
    utc_offset: str
    first_start: str
    popularity_sigma: float
    rooms: int = 0
    virtual: int = 0
    room_share: float = 0.0
    virtual_share: float = 0.0
    interpreter_share: float = 0.0
    interpreters_per_slot: int = 0
    delegation_share: float = 0.0
    one_day_share: float = 0.0
    fixed_meetings: int = 0


PRESETS: dict[str, _Preset] = {
    "tiny": _Preset(
        participants=12,
        days=1,
        slots_per_day=8,
        tables=3,
        requests=20,
        first_day=date(2026, 5, 12),
        utc_offset="+09:00",
        first_start="09:00",
        popularity_sigma=1.0,
        rooms=1,
        room_share=0.05,
        interpreter_share=0.1,
        interpreters_per_slot=1,
        delegation_share=0.05,
        one_day_share=0.0,
        fixed_meetings=1,
    ),
    "summit": _Preset(
        participants=400,
        days=2,
        slots_per_day=14,
        tables=60,
        requests=1_600,
        first_day=date(2026, 5, 12),
        utc_offset="+09:00",
        first_start="09:00",
        popularity_sigma=1.3,
        rooms=4,
        virtual=2,
        room_share=0.02,
        virtual_share=0.01,
        interpreter_share=0.05,
        interpreters_per_slot=3,
        delegation_share=0.02,
        one_day_share=0.02,
        fixed_meetings=5,
    ),
    "bio_europe": _Preset(
        participants=6_000,
        days=3,
        slots_per_day=18,
        tables=1_000,
        requests=30_000,
        first_day=date(2026, 11, 2),
        utc_offset="+01:00",
        first_start="08:30",
        popularity_sigma=1.4,
    ),
    "bio_intl": _Preset(
        participants=20_000,
        days=4,
        slots_per_day=18,
        tables=1_500,
        requests=64_000,
        first_day=date(2026, 6, 22),
        utc_offset="-07:00",
        first_start="08:30",
        popularity_sigma=1.5,
    ),
}

_PRESET_SALT = {name: i + 1 for i, name in enumerate(PRESETS)}
SLOT_MINUTES = 30


def generate_problem(preset: str, *, seed: int) -> Problem:
    """A weighted-mode problem of the named preset; the same seed gives the same problem."""
    try:
        spec = PRESETS[preset]
    except KeyError:
        known = ", ".join(sorted(PRESETS))
        raise ValueError(f"unknown preset {preset!r}; known presets: {known}") from None
    rng = np.random.default_rng([seed, _PRESET_SALT[preset]])
    slots = _slots(spec)
    n_slots = len(slots)
    tables = _tables(spec)

    requester, receiver = _pairs(spec, rng)
    n_meetings = len(requester)
    blocked = _blocked_slots(spec, rng)
    limits = _limits(spec, rng)

    weights = rng.choice(np.array([3, 2, 1]), size=n_meetings, p=[0.2, 0.65, 0.15])
    order = rng.permutation(n_meetings)
    n_room = _share(n_meetings, spec.room_share)
    n_virtual = _share(n_meetings, spec.virtual_share)
    kinds = [""] * n_meetings
    for k in order[:n_room].tolist():
        kinds[k] = "room"
    for k in order[n_room : n_room + n_virtual].tolist():
        kinds[k] = "virtual"
    needs_interpreter = _chosen(rng, n_meetings, spec.interpreter_share)
    delegation = _chosen(rng, n_meetings, spec.delegation_share)
    one_day = _chosen(rng, n_meetings, spec.one_day_share)
    attendee_draw = rng.integers(0, spec.participants, size=n_meetings)
    day_draw = rng.integers(0, spec.days, size=n_meetings)
    fixed_positions = set(
        rng.choice(n_meetings, size=min(spec.fixed_meetings, n_meetings), replace=False).tolist()
    )
    fixed_draw = rng.random(n_meetings)

    participant_ids = [f"p{i + 1:05d}" for i in range(spec.participants)]
    slot_ids = [s.id for s in slots]
    day_slots = [
        frozenset(slot_ids[d * spec.slots_per_day : (d + 1) * spec.slots_per_day])
        for d in range(spec.days)
    ]
    meetings: list[Meeting] = []
    busy_attendee: set[int] = set()
    for k in range(n_meetings):
        a, b = int(requester[k]), int(receiver[k])
        free = blocked[a] | blocked[b]
        attendees: tuple[str, ...] = ()
        if delegation[k] and len(busy_attendee) + 2 < spec.participants:
            # A delegation member joins one meeting only, so delegations stay rare and light.
            extra = int(attendee_draw[k])
            while extra in (a, b) or extra in busy_attendee:
                extra = (extra + 1) % spec.participants
            busy_attendee.add(extra)
            attendees = (participant_ids[extra],)
            free |= blocked[extra]
        allowed: frozenset[str] | None = None
        fixed: str | None = None
        if one_day[k] or k in fixed_positions:
            open_slots = [s for s in range(n_slots) if not (free >> s) & 1]
            day = int(day_draw[k])
            if one_day[k] and any(s // spec.slots_per_day == day for s in open_slots):
                allowed = day_slots[day]
            if k in fixed_positions and open_slots:
                fixed = slot_ids[open_slots[int(fixed_draw[k] * len(open_slots))]]
                allowed = None
        kind = kinds[k] or None
        meetings.append(
            Meeting(
                id=f"m{k + 1:06d}",
                a=participant_ids[a],
                b=participant_ids[b],
                weight=int(weights[k]),
                attendees=attendees,
                allowed_slots=allowed,
                fixed_slot=fixed,
                table_kind=kind,
                interpreter="ko-en" if needs_interpreter[k] else None,
            )
        )

    participants = tuple(
        Participant(
            id=participant_ids[i],
            unavailable=frozenset(slot_ids[s] for s in range(n_slots) if (blocked[i] >> s) & 1),
            max_meetings=limits[i],
        )
        for i in range(spec.participants)
    )
    interpreters: tuple[InterpreterPool, ...] = ()
    if spec.interpreters_per_slot:
        first_of_day = {slot_ids[d * spec.slots_per_day]: 2 for d in range(spec.days)}
        interpreters = (
            InterpreterPool(
                language="ko-en",
                per_slot=spec.interpreters_per_slot,
                by_slot=MappingProxyType(
                    {s: min(c, spec.interpreters_per_slot) for s, c in first_of_day.items()}
                ),
            ),
        )
    return Problem(
        name=f"{preset}-{seed}",
        slots=slots,
        tables=tables,
        participants=participants,
        meetings=tuple(meetings),
        interpreters=interpreters,
        mode=Mode.WEIGHTED,
        meta=MappingProxyType(
            {"generator": "partnering_engine.generate", "preset": preset, "seed": seed}
        ),
    )


def _share(count: int, share: float) -> int:
    """How many of `count` items get a feature present in `share` of them (at least one)."""
    return 0 if share <= 0 else max(1, round(count * share))


def _chosen(rng: np.random.Generator, count: int, share: float) -> npt.NDArray[np.bool_]:
    mask = np.zeros(count, dtype=bool)
    mask[rng.choice(count, size=_share(count, share), replace=False)] = True
    return mask


def _slots(spec: _Preset) -> tuple[Slot, ...]:
    hour, minute = (int(x) for x in spec.first_start.split(":"))
    out: list[Slot] = []
    for d in range(spec.days):
        day = spec.first_day + timedelta(days=d)
        first = datetime(day.year, day.month, day.day, hour, minute)
        for k in range(spec.slots_per_day):
            start = first + timedelta(minutes=SLOT_MINUTES * k)
            end = start + timedelta(minutes=SLOT_MINUTES)
            out.append(
                Slot(
                    id=f"d{d + 1}s{k + 1:02d}",
                    day=day.isoformat(),
                    start=start.isoformat() + spec.utc_offset,
                    end=end.isoformat() + spec.utc_offset,
                )
            )
    return tuple(out)


def _tables(spec: _Preset) -> tuple[Table, ...]:
    plain = spec.tables - spec.rooms - spec.virtual
    kinds = ["table"] * plain + ["room"] * spec.rooms + ["virtual"] * spec.virtual
    return tuple(Table(number=i + 1, kind=kind) for i, kind in enumerate(kinds))


def _pairs(spec: _Preset, rng: np.random.Generator) -> tuple[IntArray, IntArray]:
    """Requester and receiver positions of distinct unordered pairs, in request order."""
    n = spec.participants
    activity = rng.lognormal(0.0, 0.5, size=n)
    popularity = rng.lognormal(0.0, spec.popularity_sigma, size=n)
    activity /= activity.sum()
    popularity /= popularity.sum()
    requester = np.empty(0, dtype=np.int64)
    receiver = np.empty(0, dtype=np.int64)
    draw = int(spec.requests * 1.3) + 50
    for _ in range(20):
        more_req = rng.choice(n, size=draw, p=activity).astype(np.int64)
        more_rec = rng.choice(n, size=draw, p=popularity).astype(np.int64)
        requester = np.concatenate([requester, more_req])
        receiver = np.concatenate([receiver, more_rec])
        keep = np.flatnonzero(requester != receiver)
        low = np.minimum(requester[keep], receiver[keep])
        high = np.maximum(requester[keep], receiver[keep])
        _, first = np.unique(low * n + high, return_index=True)
        chosen = keep[np.sort(first)]
        if len(chosen) >= spec.requests:
            chosen = chosen[: spec.requests]
            return requester[chosen], receiver[chosen]
    raise ValueError(f"cannot draw {spec.requests} distinct pairs among {n} participants")


def _blocked_slots(spec: _Preset, rng: np.random.Generator) -> list[int]:
    """Per participant, a bitset of slots they are unavailable in."""
    n, per_day = spec.participants, spec.slots_per_day
    talk = rng.random(n) < 0.25
    talk_day = rng.integers(0, spec.days, size=n)
    talk_length = rng.integers(2, 5, size=n)
    talk_start = rng.integers(0, per_day, size=n)
    away = (rng.random(n) < 0.05) if spec.days > 1 else np.zeros(n, dtype=bool)
    away_day = rng.integers(0, spec.days, size=n)
    out = [0] * n
    for i in np.flatnonzero(talk).tolist():
        length = int(min(talk_length[i], per_day - 1))
        start = int(min(talk_start[i], per_day - length))
        first = int(talk_day[i]) * per_day + start
        out[i] |= ((1 << length) - 1) << first
    for i in np.flatnonzero(away).tolist():
        out[i] |= ((1 << per_day) - 1) << (int(away_day[i]) * per_day)
    return out


def _limits(spec: _Preset, rng: np.random.Generator) -> list[int | None]:
    limited = rng.random(spec.participants) < 0.10
    cap = rng.integers(4, 13, size=spec.participants)
    return [int(cap[i]) if limited[i] else None for i in range(spec.participants)]
