"""Shared factories for the engine's tests: small, hand-readable `Problem` builders.

Use the `make_problem` fixture (a function) and `make_slots`::

    def test_something(make_problem):
        problem = make_problem([("p1", "p2"), ("p1", "p3")], slots=3, tables=1)

Meetings given as pairs get ids ``m1``, ``m2``, ... in order; slots get ids ``s1``, ``s2``, ...
(30 minutes each from 09:00, split evenly over `days` consecutive days from 2026-05-12).
Participants are everyone named in the meetings unless given explicitly.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime, timedelta
from typing import Any

import pytest

from partnering_engine.types import (
    InterpreterPool,
    Meeting,
    Mode,
    Participant,
    Pin,
    Problem,
    Slot,
    Table,
)

FIRST_DAY = date(2026, 5, 12)


def make_slots_list(count: int, *, days: int = 1) -> tuple[Slot, ...]:
    """`count` slots split evenly over `days` days (the first days get any remainder)."""
    per_day, extra = divmod(count, days)
    slots: list[Slot] = []
    for day in range(days):
        on_day = per_day + (1 if day < extra else 0)
        day_start = datetime.combine(FIRST_DAY + timedelta(days=day), datetime.min.time())
        for k in range(on_day):
            start = day_start + timedelta(hours=9, minutes=30 * k)
            slots.append(
                Slot(
                    id=f"s{len(slots) + 1}",
                    day=(FIRST_DAY + timedelta(days=day)).isoformat(),
                    start=start.isoformat(),
                    end=(start + timedelta(minutes=30)).isoformat(),
                )
            )
    return tuple(slots)


def build_problem(
    meetings: Sequence[tuple[str, str] | Meeting],
    *,
    slots: int | Sequence[Slot] = 4,
    days: int = 1,
    tables: int | Sequence[Table] = 2,
    participants: Sequence[Participant] | None = None,
    unavailable: Mapping[str, Sequence[str]] | None = None,
    max_meetings: Mapping[str, int] | None = None,
    interpreters: Sequence[InterpreterPool] = (),
    pins: Sequence[Pin] = (),
    mode: Mode = Mode.WEIGHTED,
    fairness_d: int | None = None,
    name: str = "small",
    meta: Mapping[str, Any] | None = None,
) -> Problem:
    """A small problem; see the module docstring for the defaults."""
    built_meetings = tuple(
        m if isinstance(m, Meeting) else Meeting(id=f"m{i + 1}", a=m[0], b=m[1])
        for i, m in enumerate(meetings)
    )
    if participants is None:
        names: dict[str, None] = {}
        for m in built_meetings:
            for person in m.people:
                names.setdefault(person, None)
        for person in (*(unavailable or {}), *(max_meetings or {})):
            names.setdefault(person, None)
        participants = [
            Participant(
                id=person,
                unavailable=frozenset((unavailable or {}).get(person, ())),
                max_meetings=(max_meetings or {}).get(person),
            )
            for person in names
        ]
    built_slots = make_slots_list(slots, days=days) if isinstance(slots, int) else tuple(slots)
    built_tables = (
        tuple(Table(number=i + 1) for i in range(tables))
        if isinstance(tables, int)
        else tuple(tables)
    )
    return Problem(
        name=name,
        slots=built_slots,
        tables=built_tables,
        participants=tuple(participants),
        meetings=built_meetings,
        interpreters=tuple(interpreters),
        pins=tuple(pins),
        mode=mode,
        fairness_d=fairness_d,
        meta=dict(meta or {}),
    )


@pytest.fixture(scope="session")
def make_problem() -> Callable[..., Problem]:
    """The `build_problem` factory."""
    return build_problem


@pytest.fixture(scope="session")
def make_slots() -> Callable[..., tuple[Slot, ...]]:
    """The `make_slots_list` factory."""
    return make_slots_list
