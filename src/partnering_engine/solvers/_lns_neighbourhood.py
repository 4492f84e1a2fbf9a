"""Exact re-optimisation of one neighbourhood with CP-SAT, for the large-scale solver.

A neighbourhood is a set F of meetings set free (scheduled or not); every other meeting stays
where it is. The sub-model, solved exactly (within its time limit) and hinted with the current
schedule:

- variables: ``x[m, s]`` for m in F and every slot s in its domain: the slots where the
  meeting is allowed (availability of everyone, allowed/fixed slots, an optional restriction
  such as one day), where none of its people sits in a fixed meeting, where a table of its
  kind and an interpreter remain after the fixed meetings, and which respect the precedence
  order with fixed meetings. Its current slot is always in the domain, so the hint is valid.
- constraints: the rules' rows over the freed meetings (`partnering_engine.rules.cpsat`):
  at most one slot per meeting (exactly one if required or pinned, or if a fixed scheduled
  meeting must follow it); per limit and slot (person, tables, table kinds, interpreters)
  the capacity the fixed meetings leave; per person the residual ``max_meetings``;
  precedences among freed meetings (an earlier meeting is held, in an earlier slot).
- objective (lexicographic through scaled integer weights, each level worth more than all
  lower levels together): (1) scheduled weight; (2) movable pins kept in their slot;
  (3) fairness: for every person whose meeting count can change, the k-th meeting earns
  ``1 + floor(100 * (1 - (k - 1) / requests))`` plus 200 for the first one, a concave reward
  that lifts the worst-served participants first (a leximin proxy for the minimum share);
  (4) idle gaps of every touched person on every day the freed meetings can reach,
  ``sum(run starts) - [day not empty]`` per person and day.

The caller accepts the result only when the global lexicographic key (weight, moved pins,
minimum share, gaps) improves; otherwise the previous schedule is restored.
"""

from __future__ import annotations

import math
import time
from collections import defaultdict
from collections.abc import Sequence

import numpy as np
from ortools.sat.python import cp_model

from partnering_engine.rules import BoolArray, State
from partnering_engine.rules.cpsat import add_rules

__all__ = ["solve_neighbourhood"]

_FIRST_MEETING_BONUS = 200
_SHARE_LEVELS = 100


def _weight_scale(weights: Sequence[float]) -> int:
    for scale in (1, 10, 100, 1000):
        if all(abs(w * scale - round(w * scale)) < 1e-9 for w in weights):
            return scale
    return 1000


def solve_neighbourhood(
    state: State,
    freed: Sequence[int],
    *,
    restrict: BoolArray | None = None,
    gap_people: Sequence[int] | None = None,
    fairness: bool = True,
    time_limit_s: float,
    deadline: float | None = None,
    seed: int,
    workers: int = 1,
) -> bool:
    """Re-solve the meetings `freed` exactly; keep the result if the schedule got better.

    `restrict` (a slot mask) limits where freed meetings may move; a scheduled meeting may
    always stay in its slot. Gaps are counted for `gap_people` only when given (a smaller
    model), else for everyone a freed meeting touches; `fairness=False` drops level (3).
    The solve stops after `time_limit_s` or at `deadline` (a
    `time.monotonic()` instant, model building included). Returns whether the schedule changed
    for the better."""
    c = state.c
    fixed_pin = (c.pin_slot >= 0) & ~c.pin_movable
    free_list = sorted({int(m) for m in freed if not fixed_pin[m]})
    if not free_list or time_limit_s <= 0.01:
        return False
    key_before = state.key()
    old_slot = {m: int(state.slot_of[m]) for m in free_list}
    for m, slot in old_slot.items():
        if slot >= 0:
            state.remove(m)

    def restore() -> None:
        for m in free_list:
            if state.slot_of[m] >= 0:
                state.remove(m)
        for m, slot in old_slot.items():
            if slot >= 0:
                state.place(m, slot)

    in_free = set(free_list)
    model = cp_model.CpModel()
    x: dict[int, dict[int, cp_model.IntVar]] = {}
    must: set[int] = set()
    allowed = -1 if restrict is None else sum(1 << int(s) for s in np.flatnonzero(restrict))
    for m in free_list:
        bits, must_here = state.neighbourhood_bits(m, in_free)
        bits &= allowed
        if old_slot[m] >= 0:
            bits |= 1 << old_slot[m]
        slots = [s for s in range(c.n_slots) if (bits >> s) & 1]
        if must_here or c.must_schedule[m]:
            if not slots:
                restore()
                return False
            must.add(m)
        x[m] = {s: model.new_bool_var(f"x{m}_{s}") for s in slots}

    add_rules(model, c.rules, x, must=must, state=state)
    scheduled: dict[int, cp_model.LinearExprT] = {m: sum(x[m].values()) for m in free_list}
    by_person_slot: dict[tuple[int, int], list[cp_model.IntVar]] = defaultdict(list)
    by_person: dict[int, list[int]] = defaultdict(list)
    for m in free_list:
        for person in c.people[m]:
            by_person[person].append(m)
            for s, var in x[m].items():
                by_person_slot[(person, s)].append(var)

    # Objective levels, lowest first: gaps, fairness, pins kept, weight.
    gap_terms: list[cp_model.LinearExpr] = []
    gap_max = 0
    day_slots: dict[int, list[int]] = defaultdict(list)
    for slot in range(c.n_slots):
        day_slots[int(c.day_of_slot[slot])].append(slot)
    gap_set = set(by_person) if gap_people is None else set(gap_people) & set(by_person)
    for person, meetings in by_person.items():
        if person not in gap_set:
            continue
        days = {int(c.day_of_slot[slot]) for m in meetings for slot in x[m]}
        for day in days:
            gap_terms.append(_day_gaps(model, state, person, day_slots[day], by_person_slot))
            gap_max += (len(day_slots[day]) + 1) // 2
    fair_terms: list[cp_model.LinearExpr] = []
    fair_max = 0
    for person in by_person if fairness else ():
        requests = int(c.requests[person])
        if requests == 0 or not c.schedulable[person]:
            continue
        sides = [m for m in by_person[person] if person in (c.side_a[m], c.side_b[m]) and x[m]]
        if not sides:
            continue
        have = int(state.got[person])
        step_vars: list[cp_model.IntVar] = []
        step_values: list[int] = []
        for k in range(have + 1, have + len(sides) + 1):
            value = 1 + math.floor(_SHARE_LEVELS * (1 - (k - 1) / requests))
            if k == 1:
                value += _FIRST_MEETING_BONUS
            step_vars.append(model.new_bool_var(""))
            step_values.append(max(value, 1))
        model.add(
            cp_model.LinearExpr.sum(step_vars)
            == cp_model.LinearExpr.sum([scheduled[m] for m in sides])
        )
        fair_terms.append(cp_model.LinearExpr.weighted_sum(step_vars, step_values))
        fair_max += sum(step_values)
    kept_terms = [
        x[m][int(c.pin_slot[m])] for m in free_list if c.pin_slot[m] >= 0 and c.pin_slot[m] in x[m]
    ]
    scale = _weight_scale([float(c.weight[m]) for m in free_list])
    k_fair = gap_max + 1
    k_kept = k_fair * fair_max + gap_max + 1
    k_weight = k_kept * len(kept_terms) + k_fair * fair_max + gap_max + 1
    weighted = [m for m in free_list if x[m]]
    weight_expr = cp_model.LinearExpr.weighted_sum(
        [scheduled[m] for m in weighted], [round(float(c.weight[m]) * scale) for m in weighted]
    )
    model.maximize(
        k_weight * weight_expr
        + k_kept * cp_model.LinearExpr.sum(kept_terms)
        + k_fair * cp_model.LinearExpr.sum(fair_terms)
        - cp_model.LinearExpr.sum(gap_terms)
    )
    for m in free_list:
        for s, var in x[m].items():
            model.add_hint(var, s == old_slot[m])

    if deadline is not None:
        time_limit_s = min(time_limit_s, deadline - time.monotonic())
    if time_limit_s <= 0.01:
        restore()
        return False
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = float(time_limit_s)
    solver.parameters.num_workers = max(1, workers)
    solver.parameters.random_seed = seed
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        restore()
        return False
    for m in free_list:
        for s, var in x[m].items():
            if solver.boolean_value(var):
                state.place(m, s)
                break
    touched = list(by_person)
    state.refresh_gaps(touched)
    if state.key() > key_before:
        return True
    restore()
    state.refresh_gaps(touched)
    return False


def _day_gaps(
    model: cp_model.CpModel,
    state: State,
    person: int,
    slots: list[int],
    by_person_slot: dict[tuple[int, int], list[cp_model.IntVar]],
) -> cp_model.LinearExpr:
    """Gaps of `person` on the day made of `slots`: run starts minus [day not empty]."""
    occupied: list[cp_model.LinearExpr | int] = []
    for slot in slots:
        terms = by_person_slot.get((person, slot))
        if terms:
            occupied.append(cp_model.LinearExpr.sum(terms))
        else:
            occupied.append(1 if state.occupant[person, slot] >= 0 else 0)
    starts: list[cp_model.LinearExpr | int] = []
    previous: cp_model.LinearExpr | int = 0
    for now in occupied:
        if isinstance(now, int) and isinstance(previous, int):
            starts.append(max(0, now - previous))
        else:
            start = model.new_bool_var("")
            model.add(start >= now - previous)
            starts.append(start)
        previous = now
    if any(isinstance(v, int) and v == 1 for v in occupied):
        return cp_model.LinearExpr.sum(starts) - 1
    has = model.new_bool_var("")
    model.add(has <= cp_model.LinearExpr.sum(occupied))
    return cp_model.LinearExpr.sum(starts) - has
