"""Array form of a problem and of a schedule under construction, for the large-scale solver.

Nothing here holds a Python object per (meeting, slot) pair: a schedule is a handful of numpy
arrays (slot of each meeting, occupant of each participant x slot, capacity used per slot),
so that the 20,000-participant, 64,000-request instances fit in a few hundred megabytes.

Capacity model (exact for the validator's rules): per slot, meetings that need a table kind
``k`` may use at most the number of tables of kind ``k``, and all meetings together at most
the number of tables; meetings that need no kind fill whatever is left, so these counts are
feasible exactly when a table assignment exists. A pinned meeting held in its pinned slot
keeps its pinned table, so there it counts as needing that table's kind.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from partnering_engine.types import TABLE_KINDS, Mode, Problem

__all__ = ["Compiled", "ScheduleKey", "State", "compile_problem"]

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]
FloatArray = npt.NDArray[np.float64]

#: (weight, -moved, min_share, -gaps): compared lexicographically, larger is better.
ScheduleKey = tuple[float, int, float, int]

_NO_LIMIT = 1 << 30


@dataclass(frozen=True)
class Compiled:
    """A problem as arrays indexed by meeting, participant and slot positions."""

    problem: Problem
    n_meetings: int
    n_people: int
    n_slots: int
    people: tuple[tuple[int, ...], ...]
    side_a: IntArray
    side_b: IntArray
    weight: FloatArray
    feasible: BoolArray
    kind: IntArray
    kind_capacity: IntArray
    total_tables: int
    interpreter: IntArray
    interpreter_capacity: IntArray
    max_count: IntArray
    requests: IntArray
    schedulable: BoolArray
    day_of_slot: IntArray
    day_starts: IntArray
    prev_same_day: BoolArray
    next_same_day: BoolArray
    before: tuple[tuple[int, ...], ...]
    after: tuple[tuple[int, ...], ...]
    pin_slot: IntArray
    pin_kind: IntArray
    pin_movable: BoolArray
    must_schedule: BoolArray
    meetings_of: tuple[tuple[int, ...], ...]

    def kind_at(self, meeting: int, slot: int) -> int:
        """The table kind the meeting consumes in `slot` (-1: any table)."""
        if self.pin_slot[meeting] == slot:
            return int(self.pin_kind[meeting])
        return int(self.kind[meeting])


def compile_problem(problem: Problem) -> Compiled:
    """The array form of `problem`."""
    n_m, n_p, n_s = len(problem.meetings), len(problem.participants), len(problem.slots)
    p_index = problem.participant_index
    s_index = problem.slot_index
    m_index = problem.meeting_index
    kind_index = {k: i for i, k in enumerate(TABLE_KINDS)}

    available = np.ones((n_p, n_s), dtype=np.bool_)
    for i, participant in enumerate(problem.participants):
        for slot_id in participant.unavailable:
            available[i, s_index[slot_id]] = False

    people = tuple(tuple(p_index[x] for x in m.people) for m in problem.meetings)
    side_a = np.fromiter((p[0] for p in people), dtype=np.int64, count=n_m)
    side_b = np.fromiter((p[1] for p in people), dtype=np.int64, count=n_m)
    weight = np.fromiter((m.weight for m in problem.meetings), dtype=np.float64, count=n_m)
    feasible = available[side_a] & available[side_b]
    kind = np.full(n_m, -1, dtype=np.int64)
    interpreter = np.full(n_m, -1, dtype=np.int64)
    pools = {pool.language: i for i, pool in enumerate(problem.interpreters)}
    before: list[tuple[int, ...]] = [()] * n_m
    after_lists: list[list[int]] = [[] for _ in range(n_m)]
    for i, m in enumerate(problem.meetings):
        if m.attendees or m.allowed_slots is not None or m.fixed_slot is not None:
            row = np.zeros(n_s, dtype=np.bool_)
            row[list(problem.feasible_slots(m))] = True
            feasible[i] = row
        if m.table_kind is not None:
            kind[i] = kind_index[m.table_kind]
        if m.interpreter is not None:
            interpreter[i] = pools[m.interpreter]
        if m.after:
            before[i] = tuple(m_index[e] for e in m.after)
            for e in before[i]:
                after_lists[e].append(i)

    kind_capacity = np.zeros(len(TABLE_KINDS), dtype=np.int64)
    for table in problem.tables:
        kind_capacity[kind_index[table.kind]] += 1
    interpreter_capacity = np.zeros((max(len(problem.interpreters), 1), n_s), dtype=np.int64)
    for i, pool in enumerate(problem.interpreters):
        for slot in problem.slots:
            interpreter_capacity[i, s_index[slot.id]] = pool.capacity(slot.id)

    max_count = np.fromiter(
        (_NO_LIMIT if p.max_meetings is None else p.max_meetings for p in problem.participants),
        dtype=np.int64,
        count=n_p,
    )
    requests = np.bincount(side_a, minlength=n_p) + np.bincount(side_b, minlength=n_p)
    has_slot = feasible.any(axis=1)
    schedulable = np.zeros(n_p, dtype=np.bool_)
    schedulable[side_a[has_slot]] = True
    schedulable[side_b[has_slot]] = True

    day_of_slot = np.asarray(problem.day_of_slot, dtype=np.int64)
    day_starts = np.flatnonzero(np.r_[True, day_of_slot[1:] != day_of_slot[:-1]])
    prev_same_day = np.r_[False, day_of_slot[1:] == day_of_slot[:-1]]
    next_same_day = np.r_[day_of_slot[1:] == day_of_slot[:-1], False]

    pin_slot = np.full(n_m, -1, dtype=np.int64)
    pin_kind = np.full(n_m, -1, dtype=np.int64)
    pin_movable = np.zeros(n_m, dtype=np.bool_)
    for pin in problem.pins:
        i = m_index[pin.meeting]
        pin_slot[i] = s_index[pin.slot]
        pin_kind[i] = kind_index[problem.tables[pin.table - 1].kind]
        pin_movable[i] = pin.movable
    must_schedule = np.fromiter((m.required for m in problem.meetings), np.bool_, count=n_m)
    must_schedule |= pin_slot >= 0
    if problem.mode is Mode.ALL_REQUIRED:
        must_schedule[:] = True

    meetings_of: list[list[int]] = [[] for _ in range(n_p)]
    for i, group in enumerate(people):
        for person in group:
            meetings_of[person].append(i)

    return Compiled(
        problem=problem,
        n_meetings=n_m,
        n_people=n_p,
        n_slots=n_s,
        people=people,
        side_a=side_a,
        side_b=side_b,
        weight=weight,
        feasible=feasible,
        kind=kind,
        kind_capacity=kind_capacity,
        total_tables=len(problem.tables),
        interpreter=interpreter,
        interpreter_capacity=interpreter_capacity,
        max_count=max_count,
        requests=requests,
        schedulable=schedulable,
        day_of_slot=day_of_slot,
        day_starts=day_starts,
        prev_same_day=prev_same_day,
        next_same_day=next_same_day,
        before=tuple(before),
        after=tuple(tuple(x) for x in after_lists),
        pin_slot=pin_slot,
        pin_kind=pin_kind,
        pin_movable=pin_movable,
        must_schedule=must_schedule,
        meetings_of=tuple(tuple(x) for x in meetings_of),
    )


def gaps_of_rows(busy: BoolArray, compiled: Compiled) -> IntArray:
    """Gaps of each row of a (people x slots) occupancy matrix (metrics.py's definition)."""
    starts = busy.copy()
    starts[:, 1:] &= ~(busy[:, :-1] & compiled.prev_same_day[1:])
    runs = np.add.reduceat(starts.astype(np.int64), compiled.day_starts, axis=1)
    has_day = np.add.reduceat(busy.astype(np.int64), compiled.day_starts, axis=1) > 0
    result: IntArray = (runs - has_day).sum(axis=1)
    return result


class State:
    """A schedule being improved: mutable arrays plus incremental bookkeeping."""

    def __init__(self, compiled: Compiled) -> None:
        c = compiled
        self.c = c
        self.slot_of = np.full(c.n_meetings, -1, dtype=np.int64)
        self.occupant = np.full((c.n_people, c.n_slots), -1, dtype=np.int64)
        self.count = np.zeros(c.n_people, dtype=np.int64)
        self.got = np.zeros(c.n_people, dtype=np.int64)
        self.used_total = np.zeros(c.n_slots, dtype=np.int64)
        self.used_kind = np.zeros((len(c.kind_capacity), c.n_slots), dtype=np.int64)
        self.used_interpreter = np.zeros_like(c.interpreter_capacity)
        self.gaps = np.zeros(c.n_people, dtype=np.int64)
        self.weight = 0.0

    # ---- changes ----------------------------------------------------------------------

    def place(self, meeting: int, slot: int) -> None:
        c = self.c
        self.slot_of[meeting] = slot
        for person in c.people[meeting]:
            self.occupant[person, slot] = meeting
            self.count[person] += 1
        self.got[c.side_a[meeting]] += 1
        self.got[c.side_b[meeting]] += 1
        self.used_total[slot] += 1
        kind = c.kind_at(meeting, slot)
        if kind >= 0:
            self.used_kind[kind, slot] += 1
        if c.interpreter[meeting] >= 0:
            self.used_interpreter[c.interpreter[meeting], slot] += 1
        self.weight += float(c.weight[meeting])

    def remove(self, meeting: int) -> int:
        c = self.c
        slot = int(self.slot_of[meeting])
        self.slot_of[meeting] = -1
        for person in c.people[meeting]:
            self.occupant[person, slot] = -1
            self.count[person] -= 1
        self.got[c.side_a[meeting]] -= 1
        self.got[c.side_b[meeting]] -= 1
        self.used_total[slot] -= 1
        kind = c.kind_at(meeting, slot)
        if kind >= 0:
            self.used_kind[kind, slot] -= 1
        if c.interpreter[meeting] >= 0:
            self.used_interpreter[c.interpreter[meeting], slot] -= 1
        self.weight -= float(c.weight[meeting])
        return slot

    def refresh_gaps(self, people: Iterable[int] | None = None) -> None:
        if people is None:
            self.gaps = gaps_of_rows(self.occupant >= 0, self.c)
            return
        rows = np.fromiter(set(people), dtype=np.int64)
        if rows.size:
            self.gaps[rows] = gaps_of_rows(self.occupant[rows] >= 0, self.c)

    # ---- queries ----------------------------------------------------------------------

    def capacity_free(self, meeting: int) -> BoolArray:
        """Slots with a table (of the meeting's kind) and an interpreter left."""
        c = self.c
        free = self.used_total < c.total_tables
        kind = int(c.kind[meeting])
        if kind >= 0:
            free = free & (self.used_kind[kind] < c.kind_capacity[kind])
        pin_slot = int(c.pin_slot[meeting])
        if pin_slot >= 0:
            pin_kind = int(c.pin_kind[meeting])
            free[pin_slot] = self.used_total[pin_slot] < c.total_tables and (
                pin_kind < 0 or self.used_kind[pin_kind, pin_slot] < c.kind_capacity[pin_kind]
            )
        pool = int(c.interpreter[meeting])
        if pool >= 0:
            free = free & (self.used_interpreter[pool] < c.interpreter_capacity[pool])
        return free

    def precedence_window(self, meeting: int) -> tuple[int, int] | None:
        """Open interval (lo, hi) of slots allowed by scheduled neighbours in the precedence
        order, or None when a required earlier meeting is unscheduled."""
        lo, hi = -1, self.c.n_slots
        for earlier in self.c.before[meeting]:
            slot = int(self.slot_of[earlier])
            if slot < 0:
                return None
            lo = max(lo, slot)
        for later in self.c.after[meeting]:
            slot = int(self.slot_of[later])
            if slot >= 0:
                hi = min(hi, slot)
        return lo, hi

    def open_slots(self, meeting: int) -> BoolArray:
        """Slots where the (unscheduled) meeting can be placed now without moving others."""
        c = self.c
        people = c.people[meeting]
        mask: BoolArray = c.feasible[meeting].copy()
        for person in people:
            if self.count[person] >= c.max_count[person]:
                mask[:] = False
                return mask
            mask &= self.occupant[person] < 0
        mask &= self.capacity_free(meeting)
        if c.before[meeting] or c.after[meeting]:
            window = self.precedence_window(meeting)
            if window is None:
                mask[:] = False
            else:
                mask[: window[0] + 1] = False
                mask[window[1] :] = False
        return mask

    def gap_delta(self, people: Sequence[int]) -> IntArray:
        """Per slot, how the summed gaps of `people` change if each gets one more meeting
        there (assuming the slot is free for them)."""
        c = self.c
        busy = self.occupant[list(people)] >= 0
        left = np.zeros_like(busy)
        left[:, 1:] = busy[:, :-1] & c.prev_same_day[1:]
        right = np.zeros_like(busy)
        right[:, :-1] = busy[:, 1:] & c.next_same_day[:-1]
        per_day = np.add.reduceat(busy.astype(np.int64), c.day_starts, axis=1)
        has_day = per_day[:, c.day_of_slot] > 0
        delta: IntArray = (has_day * (1 - left.astype(np.int64) - right)).sum(axis=0)
        return delta

    def moved(self) -> int:
        pinned = self.c.pin_slot >= 0
        return int(np.count_nonzero(self.slot_of[pinned] != self.c.pin_slot[pinned]))

    def min_share(self) -> float:
        c = self.c
        mask = c.schedulable
        if not mask.any():
            return 1.0
        return float((self.got[mask] / c.requests[mask]).min())

    def unserved(self) -> int:
        return int(np.count_nonzero(self.c.schedulable & (self.got == 0)))

    def key(self) -> ScheduleKey:
        weight = round(self.weight, 6)
        return (weight, -self.moved(), round(self.min_share(), 12), -int(self.gaps.sum()))

    def scheduled(self) -> int:
        return int(np.count_nonzero(self.slot_of >= 0))
