"""One schedule under construction, kept valid incrementally against the compiled rules.

Nothing here holds a Python object per (meeting, slot) pair: a schedule is a handful of numpy
arrays (slot of each meeting, occupant of each participant x slot, units used per limit and
slot), so that the 20,000-participant, 64,000-request instances fit in a few hundred
megabytes. Greedy construction, the exact solver's local search and the large-scale solver
all change schedules through `State.place` and `State.remove` and ask it what still fits.
"""

from __future__ import annotations

from collections.abc import Container, Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from partnering_engine.rules._compile import Rules, compile_rules
from partnering_engine.types import Problem

__all__ = ["BoolArray", "Compiled", "FloatArray", "IntArray", "ScheduleKey", "State"]

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]
FloatArray = npt.NDArray[np.float64]

#: (weight, -moved, min_share, -gaps): compared lexicographically, larger is better.
ScheduleKey = tuple[float, int, float, int]


@dataclass(frozen=True)
class Compiled:
    """The rules plus the arrays the objectives need (weights, requests, days, pins)."""

    rules: Rules
    n_meetings: int
    n_people: int
    n_slots: int
    people: tuple[tuple[int, ...], ...]
    side_a: IntArray
    side_b: IntArray
    weight: FloatArray
    #: Meeting x slot: the rules' domains.
    feasible: BoolArray
    max_count: IntArray
    requests: IntArray
    schedulable: BoolArray
    day_of_slot: IntArray
    day_starts: IntArray
    prev_same_day: BoolArray
    next_same_day: BoolArray
    before: tuple[tuple[int, ...], ...]
    after: tuple[tuple[int, ...], ...]
    #: Pinned slot per meeting (-1: not pinned), and whether the pin may move.
    pin_slot: IntArray
    pin_movable: BoolArray
    must_schedule: BoolArray
    meetings_of: tuple[tuple[int, ...], ...]
    #: Meetings per slot at most (all tables).
    total_tables: int

    @property
    def problem(self) -> Problem:
        return self.rules.problem

    @classmethod
    def of(cls, problem: Problem) -> Compiled:
        rules = compile_rules(problem)
        n_m, n_p, n_s = rules.n_meetings, rules.n_people, rules.n_slots
        side_a = np.fromiter((p[0] for p in rules.people), dtype=np.int64, count=n_m)
        side_b = np.fromiter((p[1] for p in rules.people), dtype=np.int64, count=n_m)
        feasible = rules.domain_mask
        has_slot = feasible.any(axis=1)
        schedulable = np.zeros(n_p, dtype=np.bool_)
        schedulable[side_a[has_slot]] = True
        schedulable[side_b[has_slot]] = True
        day_of_slot = np.asarray(problem.day_of_slot, dtype=np.int64)
        pin_slot = np.full(n_m, -1, dtype=np.int64)
        pin_movable = np.zeros(n_m, dtype=np.bool_)
        for i, slot in rules.fixed.items():
            pin_slot[i] = slot
        for i, slot in rules.preferred.items():
            pin_slot[i] = slot
            pin_movable[i] = True
        must_schedule = np.zeros(n_m, dtype=np.bool_)
        must_schedule[list(rules.must)] = True
        return cls(
            rules=rules,
            n_meetings=n_m,
            n_people=n_p,
            n_slots=n_s,
            people=rules.people,
            side_a=side_a,
            side_b=side_b,
            weight=np.fromiter((m.weight for m in problem.meetings), np.float64, count=n_m),
            feasible=feasible,
            max_count=rules.max_count,
            requests=np.bincount(side_a, minlength=n_p) + np.bincount(side_b, minlength=n_p),
            schedulable=schedulable,
            day_of_slot=day_of_slot,
            day_starts=np.flatnonzero(np.r_[True, day_of_slot[1:] != day_of_slot[:-1]]),
            prev_same_day=np.r_[False, day_of_slot[1:] == day_of_slot[:-1]],
            next_same_day=np.r_[day_of_slot[1:] == day_of_slot[:-1], False],
            before=rules.before,
            after=rules.after,
            pin_slot=pin_slot,
            pin_movable=pin_movable,
            must_schedule=must_schedule,
            meetings_of=rules.meetings_of,
            total_tables=len(problem.tables),
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
    """A schedule being built or improved: mutable arrays plus incremental bookkeeping.

    `place` and `remove` change it without checks; `first_open`, `can_place`,
    `open_slots` and `overfull` say what the rules allow. Usage per limit and slot is
    ``used[limit][slot]`` against ``capacity[limit][slot]``, and ``full[limit]`` is the
    bitset of slots where that limit has no unit left: Python lists and ints, since the
    searches change and read single entries far more often than whole rows (a list entry
    costs a third of a numpy element there, and a meeting's open slots are a few bitwise
    operations)."""

    def __init__(self, compiled: Compiled) -> None:
        c = compiled
        self.c = c
        self.rules = c.rules
        self.capacity: list[list[int]] = c.rules.capacity.tolist()
        self.limits_of = c.rules.limits_of
        self._weight = c.weight.tolist()
        self._side_a = c.side_a.tolist()
        self._side_b = c.side_b.tolist()
        self.tables_row = c.n_people  # the first pooled limit is all tables
        self.slot_of = np.full(c.n_meetings, -1, dtype=np.int64)
        self.occupant = np.full((c.n_people, c.n_slots), -1, dtype=np.int64)
        #: Per participant: meetings held (sides and attendees), and requests held (sides).
        self.count: list[int] = [0] * c.n_people
        self.got: list[int] = [0] * c.n_people
        self._max_count: list[int] = c.max_count.tolist()
        self.used: list[list[int]] = [[0] * c.n_slots for _ in self.capacity]
        self.full: list[int] = [
            sum(1 << s for s, k in enumerate(row) if k <= 0) for row in self.capacity
        ]
        self.gaps = np.zeros(c.n_people, dtype=np.int64)
        self.weight = 0.0

    # ---- changes ----------------------------------------------------------------------

    def place(self, meeting: int, slot: int) -> None:
        c = self.c
        self.slot_of[meeting] = slot
        for person in c.people[meeting]:
            self.occupant[person, slot] = meeting
            self.count[person] += 1
        self.got[self._side_a[meeting]] += 1
        self.got[self._side_b[meeting]] += 1
        used, capacity, full, bit = self.used, self.capacity, self.full, 1 << slot
        for limit in self.limits_of[meeting]:
            now = used[limit][slot] + 1
            used[limit][slot] = now
            if now >= capacity[limit][slot]:
                full[limit] |= bit
        self.weight += self._weight[meeting]

    def remove(self, meeting: int) -> int:
        c = self.c
        slot = int(self.slot_of[meeting])
        self.slot_of[meeting] = -1
        for person in c.people[meeting]:
            self.occupant[person, slot] = -1
            self.count[person] -= 1
        self.got[self._side_a[meeting]] -= 1
        self.got[self._side_b[meeting]] -= 1
        used, capacity, full, bit = self.used, self.capacity, self.full, 1 << slot
        for limit in self.limits_of[meeting]:
            now = used[limit][slot] - 1
            used[limit][slot] = now
            if now < capacity[limit][slot]:
                full[limit] &= ~bit
        self.weight -= self._weight[meeting]
        return slot

    def refresh_gaps(self, people: Iterable[int] | None = None) -> None:
        if people is None:
            self.gaps = gaps_of_rows(self.occupant >= 0, self.c)
            return
        rows = np.fromiter(set(people), dtype=np.int64)
        if rows.size:
            self.gaps[rows] = gaps_of_rows(self.occupant[rows] >= 0, self.c)

    # ---- queries ----------------------------------------------------------------------

    def held_per_slot(self) -> IntArray:
        """Meetings held in each slot."""
        return np.asarray(self.used[self.tables_row], dtype=np.int64)

    def room(self, limit: int, slot: int) -> int:
        """Units of `limit` still free in `slot`."""
        return self.capacity[limit][slot] - self.used[limit][slot]

    def capacity_free(self, meeting: int) -> BoolArray:
        """Slots where every limit the meeting draws from has a unit left."""
        taken = 0
        for limit in self.limits_of[meeting]:
            taken |= self.full[limit]
        return self._mask(~taken)

    def overfull(self, slot: int, meetings: Iterable[int] | None = None) -> bool:
        """Whether some limit (of `meetings`, or any) is over its capacity in `slot`, after
        unchecked changes."""
        used, capacity = self.used, self.capacity
        if meetings is None:
            return any(row[slot] > cap[slot] for row, cap in zip(used, capacity, strict=True))
        return any(
            used[limit][slot] > capacity[limit][slot]
            for i in meetings
            for limit in self.limits_of[i]
        )

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

    def open_bits(self, meeting: int) -> int:
        """Bitset of the slots where the (unscheduled) meeting fits now without moving
        others: its domain, its precedence window, its people under their quota and a unit
        left of every limit it draws from (its people's included)."""
        c = self.c
        for person in c.people[meeting]:
            if self.count[person] >= self._max_count[person]:
                return 0
        mask = self.rules.domain_bits[meeting]
        full = self.full
        for limit in self.limits_of[meeting]:
            mask &= ~full[limit]
        if mask and (c.before[meeting] or c.after[meeting]):
            window = self.precedence_window(meeting)
            if window is None:
                return 0
            lo, hi = window
            mask &= ((1 << hi) - 1) & ~((1 << (lo + 1)) - 1)
        return mask

    def neighbourhood_bits(self, meeting: int, freed: Container[int]) -> tuple[int, bool]:
        """For a meeting of a neighbourhood (the meetings of `freed` are out of the state
        while a model re-times them): bitset of the slots it may take next to what stays
        held (its domain, a unit left of each of its limits, the precedence window of held
        meetings outside `freed`), and whether it must be held because a held meeting
        outside `freed` follows it. Quotas and the rules among freed meetings are left to
        the model (`partnering_engine.rules.cpsat.add_rules`)."""
        c = self.c
        mask = self.rules.domain_bits[meeting]
        for limit in self.limits_of[meeting]:
            mask &= ~self.full[limit]
        must = False
        for earlier in c.before[meeting]:
            if earlier not in freed:
                slot = int(self.slot_of[earlier])
                mask &= 0 if slot < 0 else ~((1 << (slot + 1)) - 1)
        for later in c.after[meeting]:
            if later not in freed and (slot := int(self.slot_of[later])) >= 0:
                must = True
                mask &= (1 << slot) - 1
        return mask, must

    def open_slots(self, meeting: int) -> BoolArray:
        """`open_bits` as a mask over slots."""
        return self._mask(self.open_bits(meeting))

    def can_place(self, meeting: int, slot: int) -> bool:
        """Whether the (unscheduled) meeting fits in `slot` next to the current schedule."""
        return (self.open_bits(meeting) >> slot) & 1 == 1

    def first_open(self, meeting: int) -> int:
        """The earliest slot where the (unscheduled) meeting fits now, -1 if none."""
        mask = self.open_bits(meeting)
        return (mask & -mask).bit_length() - 1

    def _mask(self, bits: int) -> BoolArray:
        n = self.c.n_slots
        return np.fromiter(((bits >> s) & 1 for s in range(n)), dtype=np.bool_, count=n)

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
        return float((np.asarray(self.got)[mask] / c.requests[mask]).min())

    def unserved(self) -> int:
        return int(np.count_nonzero(self.c.schedulable & (np.asarray(self.got) == 0)))

    def key(self) -> ScheduleKey:
        weight = round(self.weight, 6)
        return (weight, -self.moved(), round(self.min_share(), 12), -int(self.gaps.sum()))

    def scheduled(self) -> int:
        return int(np.count_nonzero(self.slot_of >= 0))
