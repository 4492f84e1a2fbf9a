"""Fast construction for the large-scale solver: greedy, gap-aware slot choice.

Meetings are placed one at a time: pinned ones first (in their pinned slot when possible),
then required ones, then a target set (a heaviest b-matching, `_lns_select`) with the
meetings of the tightest participants first, then the rest by decreasing weight. Among equal
weights the meeting whose less demanded side asked for fewer meetings goes first, so that
participants with few requests are served (fairness). Each meeting takes the open slot that
adds the fewest idle gaps for its participants (an adjacent slot extends a block, a slot
between two meetings closes a gap); on ties the slot with the most tables left (so that no
slot runs out of tables while others are half empty), then the earliest. A second pass
retries meetings skipped because an earlier meeting in a precedence chain was not placed yet.
"""

from __future__ import annotations

import time

import numpy as np

from partnering_engine.rules import BoolArray, IntArray, State

__all__ = ["construct", "construction_order", "insert_open"]


def construction_order(
    state: State, selected: BoolArray | None = None, capacity: IntArray | None = None
) -> IntArray:
    """Meeting positions in the order the greedy construction considers them.

    With a target set `selected` (see `_lns_select`), its meetings go first, those of the
    tightest participants (selected meetings / capacity) first, since a participant whose
    every slot is needed leaves no choice; the other meetings follow by weight."""
    c = state.c
    pinned_fixed = (c.pin_slot >= 0) & ~c.pin_movable
    tier = np.where(pinned_fixed, 0, np.where(c.pin_slot >= 0, 1, np.where(c.must_schedule, 2, 4)))
    tightness = np.zeros(c.n_meetings)
    if selected is not None and capacity is not None:
        tier = np.where((tier == 4) & selected, 3, tier)
        chosen = np.flatnonzero(selected)
        degree = np.zeros(c.n_people, dtype=np.int64)
        for m in chosen:
            for person in c.people[m]:
                degree[person] += 1
        tight = degree / np.maximum(capacity, 1)
        tightness = np.where(selected, np.maximum(tight[c.side_a], tight[c.side_b]), 0.0)
    demand = np.minimum(c.requests[c.side_a], c.requests[c.side_b])
    order: IntArray = np.lexsort((np.arange(c.n_meetings), demand, -c.weight, -tightness, tier))
    return order


def best_slot(state: State, meeting: int) -> int:
    """The open slot with the fewest added gaps (then the least used, then the earliest), -1 if
    none is open."""
    c = state.c
    open_slots = state.open_slots(meeting)
    if not open_slots.any():
        return -1
    pin = int(c.pin_slot[meeting])
    if pin >= 0 and open_slots[pin]:
        return pin
    load = state.held_per_slot() * (c.n_slots + 1) + np.arange(c.n_slots)
    score = state.gap_delta(c.people[meeting]) * (c.total_tables + 2) * (c.n_slots + 1) + load
    score = np.where(open_slots, score, np.iinfo(np.int64).max)
    return int(score.argmin())


def insert_open(state: State, meetings: IntArray | list[int], *, deadline: float) -> int:
    """Place every listed unscheduled meeting that fits without moving others; the count."""
    placed = 0
    for index, m in enumerate(meetings):
        if index % 512 == 0 and time.monotonic() > deadline:
            break
        meeting = int(m)
        if state.slot_of[meeting] >= 0:
            continue
        slot = best_slot(state, meeting)
        if slot >= 0:
            state.place(meeting, slot)
            placed += 1
    return placed


def construct(
    state: State,
    *,
    deadline: float,
    selected: BoolArray | None = None,
    capacity: IntArray | None = None,
) -> None:
    """Fill an empty `state` greedily (see the module docstring)."""
    order = construction_order(state, selected, capacity)
    insert_open(state, order, deadline=deadline)
    has_precedence = [m for m in order if state.c.before[m] or state.c.after[m]]
    if has_precedence:
        insert_open(state, has_precedence, deadline=deadline)
    state.refresh_gaps()
