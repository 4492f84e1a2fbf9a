"""Exact model of the default (weighted) mode, solved lexicographically in phases.

Model (time-indexed, after Bofill et al.'s B2B formulation, without individual tables):

- Variables: ``x[m, s]`` (boolean) for each meeting m and each slot s of its *domain*
  (`partnering_engine.bound.meeting_domains`: everyone present is available, the slot is
  allowed / fixed, no non-movable pin of a participant sits there, precedences can still be
  met). ``held[m] = sum_s x[m, s]``.
- Constraints: ``held[m] <= 1``, ``= 1`` for required and pinned meetings; a non-movable pin
  keeps only its pinned slot. Per participant (sides and attendees) and slot, at most one
  meeting; per participant, at most ``max_meetings``. Tables are not modelled one by one
  (they are interchangeable within a kind): per slot, meetings needing kind k fit in the
  free tables of kind k, and all meetings fit in all free tables (free = not held by a
  non-movable pin). Because a meeting needs either one kind or any table, these Hall
  conditions are exactly what `partnering_engine.solvers.tables.assign_tables` needs to seat
  everyone afterwards. Per interpreter pool and slot, at most its capacity. A meeting with
  ``after = [e]`` is held in slot s only if e is held in an earlier slot:
  ``x[m, s] <= sum_{s' < s} x[e, s']``.

Objective, lexicographic; each phase keeps the previous phases' values (the proven optimum,
or the best found when its time ran out) as constraints:

1. **Maximise total weight** ``sum w[m] held[m]``. The LP relaxation of exactly this model
   (`partnering_engine.bound.solve_grouped_lp`, HiGHS dual simplex through scipy) gives the
   proven bound (a Lagrangian bound from its duals, rounded down to the weights' grid). Its
   optimum is rounded to a schedule: columns by decreasing LP value, then every other
   meeting by decreasing weight, each placed where it still fits. If that misses the bound,
   ejection chains try to hold more: for an unscheduled meeting and a slot, the meetings of
   its people in that slot are moved away by Kempe-chain swaps (see phase 4) or, if they
   weigh less, dropped. On partnering instances this usually meets the bound, which proves
   the schedule optimal (summit: seconds). If not, HiGHS' MIP (`scipy.optimize.milp`, in a
   child process killed at its deadline, since HiGHS does not always keep its own time
   limit) runs on the same matrices after reduced-cost fixing against the incumbent (a
   column whose reduced cost caps any schedule holding it below the incumbent's weight is
   dropped) with ``weight >= incumbent`` added. If no schedule comes from either, CP-SAT
   solves the model above, hinted with `greedy_assign(problem, order="weight")`, with the
   bound as a cut and interchangeable slots ordered by meeting count (symmetry breaking
   valid for this phase only); weights are scaled to integers for it (exact when they are
   multiples of 10^-k, k <= 6).
2. **Minimise moved pins**: maximise the movable pinned meetings kept in their pinned slot
   (CP-SAT on the model above plus ``weight >= phase 1``, hinted with phase 1's schedule;
   skipped without movable pins).
3. **Fairness**: maximise ``t`` with ``S * got[p] >= requested[p] * t`` for every participant
   with a schedulable request (S = 10,000: t is `metrics.min_share` at a resolution of
   10^-4), and, in the same objective ``t * (P + 1) + served``, the number of those
   participants served at least once. The minimum share is often fixed by one participant
   nobody can help (e.g. whose only request goes to a saturated big pharma); the second term
   is the benchmark's "unserved" count, the most visible step of leximin fairness.
   Phases 2 and 3 run on models up to `_FULL_MODEL_LIMIT` (meeting, slot) pairs; above it
   CP-SAT on two cores does not get through presolve in its share of a minute. In every
   case weight-neutral swaps then lift the worst-served: a participant at the minimum share
   gets one more of their requests in a slot taken from a meeting of no more weight whose
   people stay served and strictly above the minimum (each swap lowers the number of
   participants at the minimum or raises it, so this ends).
4. **Minimise idle gaps** (`metrics` definition) while keeping the weight, the pins kept in
   place, every served participant served and the minimum share. Simulated annealing over
   two moves, aimed at a participant with gaps and a target slot in one of their holes or
   next to one of their blocks of meetings: a *Kempe-chain swap* moves one of their
   meetings to the target slot and swaps, between the two slots, every meeting linked to it
   through shared people (so nobody is double-booked; domains, tables, interpreters and
   precedences are checked), and a *weight-neutral replacement* holds one of their
   unscheduled requests in the hole instead of a held meeting of no more weight. Then
   CP-SAT polishes with large neighbourhoods: free every meeting of a few participants,
   fix the rest, re-time the freed meetings exactly. In a neighbourhood ``busy[p, s]`` is
   1, 0 or the sum of the freed ``x`` of p in s; a block of meetings starts at s when
   ``start[p, s] >= busy[p, s] - busy[p, s - 1]`` (``start >= 0``), ``any[p, d] <=
   sum_s busy[p, s]``, and a day's gaps are ``blocks - 1`` when busy, so the sub-model
   minimises ``sum start - sum any`` over the people touched. When every movable meeting
   fits in one neighbourhood (small problems) that is the exact, proven optimum of this
   phase for the held set.

If no phase-1 schedule is found, the weight-ordered greedy schedule (if valid) goes
through phase 4 and is reported as feasible. Tables come last from `assign_tables`. The
solution's ``bound["weight"]`` is the proven LP bound, tightened by the MIP's or CP-SAT's
bound when they ran; the status is optimal when the scheduled weight reaches it.
"""

from __future__ import annotations

import itertools
import math
import os
import random
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from ortools.sat.python import cp_model

from partnering_engine.bound import (
    TIME_INDEXED_LIMIT,
    Domains,
    LpResult,
    meeting_domains,
    milp_with_deadline,
    round_down_to_grid,
    solve_grouped_lp,
    star_bound,
    weight_grid,
)
from partnering_engine.metrics import evaluate, gaps_of_positions, requests_of
from partnering_engine.solvers.base import Progress, ProgressCallback
from partnering_engine.types import Assignment, Problem, Solution, Status
from partnering_engine.validate import validate_assignments

__all__ = ["FAIRNESS_RESOLUTION", "solve_weighted"]

#: Minimum shares are maximised in steps of 1 / FAIRNESS_RESOLUTION.
FAIRNESS_RESOLUTION = 10_000
#: Integer weights for CP-SAT when they are not on a decimal grid: about this many steps.
_FALLBACK_WEIGHT_STEPS = 1_000_000
#: Seconds kept back for seating meetings at tables and evaluating the schedule.
_FINISH_RESERVE_S = 2.0
#: Phases 2 and 3 build the full CP-SAT model only up to this many (meeting, slot) pairs;
#: beyond it CP-SAT on 2 cores rarely finishes presolve in its share of a minute, and the
#: LP schedule is kept as it is (phase 4 still guards its fairness).
_FULL_MODEL_LIMIT = 20_000
#: Freed meetings per gap neighbourhood at the start (adapted as the search goes).
_NEIGHBOURHOOD_START = 60
#: Longest Kempe chain the gap local search tries to swap.
_KEMPE_LIMIT = 40
#: Share of the remaining time for ejection chains when LP rounding misses the bound.
_EJECTION_SHARE = 0.4
#: Slots tried per meeting (and per blocker) by the ejection chains.
_EJECTION_SLOTS = 6
#: Share of the remaining time for fairness swaps before the gaps phase.
_LIFT_SHARE = 0.1
#: Share of phase 4's time for simulated annealing; CP-SAT neighbourhoods polish after it.
_ANNEALING_SHARE = 0.85
#: Share of local-search moves that aim next to a block rather than into a hole.
_EDGE_SHARE = 0.8
#: Share of local-search moves that swap a held meeting for an unscheduled one.
_REPLACE_SHARE = 0.3


def _configure(solver: cp_model.CpSolver, *, time_s: float, workers: int, seed: int) -> None:
    parameters = solver.parameters
    parameters.max_time_in_seconds = max(0.05, time_s)
    parameters.num_workers = max(1, workers)
    parameters.random_seed = seed
    # For developers: PARTNERING_CPSAT_LOG=1 prints CP-SAT's search log.
    parameters.log_search_progress = bool(os.environ.get("PARTNERING_CPSAT_LOG"))


@dataclass
class _Phase:
    name: str
    method: str
    status: str
    value: float
    wall_s: float

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "method": self.method,
            "status": self.status,
            "value": self.value,
            "wall_s": round(self.wall_s, 3),
        }


@dataclass
class _Context:
    """What every phase needs: the problem, the clock, the solver settings, the record."""

    problem: Problem
    domains: Domains
    started: float
    deadline: float
    seed: int
    workers: int
    progress: ProgressCallback | None
    phases: list[_Phase] = field(default_factory=list)

    def remaining(self) -> float:
        return self.deadline - time.monotonic()

    def report(self, phase: str, message: str, **numbers: float | None) -> None:
        if self.progress is not None:
            self.progress(
                Progress(
                    elapsed_s=time.monotonic() - self.started,
                    phase=phase,
                    message=message,
                    weight=numbers.get("weight"),
                    bound=numbers.get("bound"),
                    gap=numbers.get("gap"),
                )
            )

    def record(self, name: str, method: str, status: str, value: float, since: float) -> None:
        self.phases.append(_Phase(name, method, status, value, time.monotonic() - since))


# ---- phase 1: weight -------------------------------------------------------------------


def _weight_of(problem: Problem, slot_of: dict[int, int]) -> float:
    return sum(problem.meetings[i].weight for i in slot_of)


def _slots_from_columns(lp_result: LpResult, x: np.ndarray[Any, Any]) -> dict[int, int]:
    lp = lp_result.lp
    return {lp.col_meeting[j]: lp.groups[lp.col_group[j]][0] for j in np.flatnonzero(x > 0.5)}


def _maximise_weight(ctx: _Context) -> tuple[dict[int, int] | None, float, dict[str, Any]]:
    """Phase 1: an optimal (or best found) schedule, the proven weight bound, facts."""
    problem, domains = ctx.problem, ctx.domains
    since = time.monotonic()
    facts: dict[str, Any] = {}
    grid = weight_grid([m.weight for m in problem.meetings])
    pairs = sum(len(d) for d in domains.slots)
    time_indexed = pairs <= TIME_INDEXED_LIMIT
    groups: list[tuple[int, ...]] | None = (
        [(s,) for s in range(len(problem.slots))] if time_indexed else None
    )
    ctx.report("weight", "solving the LP relaxation")
    lp_result = solve_grouped_lp(
        problem, domains, time_limit_s=0.4 * ctx.remaining(), groups=groups
    )
    bounds = [
        star_bound(problem, domains),
        sum(m.weight for m, d in zip(problem.meetings, domains.slots, strict=True) if d),
    ]
    if lp_result.bound is not None:
        bounds.append(lp_result.bound)
    bound = round_down_to_grid(min(bounds), grid)
    facts["lp_bound"] = None if lp_result.bound is None else round(lp_result.bound, 6)
    facts["lp_s"] = round(time.monotonic() - since, 3)

    x = lp_result.x
    slot_of: dict[int, int] | None = None
    if time_indexed and x is not None and bool(np.all(np.minimum(x, 1.0 - x) < 1e-6)):
        slot_of = _slots_from_columns(lp_result, x)
        ctx.record("weight", "lp", "OPTIMAL", _weight_of(problem, slot_of), since)
        return slot_of, bound, facts

    rounded: dict[int, int] | None = None
    if time_indexed and x is not None:
        rounded = _round_lp(ctx, lp_result, x)
        if rounded is not None:
            reached = bound - 1e-9 * max(1.0, abs(bound))
            weight = facts["rounded_weight"] = _weight_of(problem, rounded)
            if weight < reached:
                table = _Timetable(ctx, rounded)
                ctx.report("weight", "inserting meetings by ejection chains", bound=bound)
                table.insert_by_ejection(
                    time.monotonic() + _EJECTION_SHARE * ctx.remaining(), target=bound
                )
                rounded = dict(table.slot_of)
                weight = facts["ejection_weight"] = _weight_of(problem, rounded)
            if weight >= reached:
                ctx.record("weight", "lp+rounding", "OPTIMAL", weight, since)
                return rounded, bound, facts

    if time_indexed and ctx.remaining() > 1.0:
        slot_of, bound = _branch_and_bound(ctx, lp_result, rounded, bound, grid)
        if slot_of is not None:
            return slot_of, bound, facts
    if rounded is not None:
        return rounded, bound, facts

    if time_indexed:
        slot_of, cp_bound = _cpsat_weight(ctx, bound)
        if cp_bound is not None:
            bound = min(bound, cp_bound)
    return slot_of, bound, facts


def _round_lp(ctx: _Context, lp_result: LpResult, x: np.ndarray[Any, Any]) -> dict[int, int] | None:
    """A schedule from the LP optimum: columns by decreasing LP value, then every other
    meeting by decreasing weight, each placed where it still fits. None if a required or
    pinned meeting finds no place."""
    problem = ctx.problem
    lp = lp_result.lp
    table = _Timetable(ctx, {})
    for j in sorted(range(len(x)), key=lambda j: (-x[j], -lp.weights[j])):
        if x[j] < 1e-6:
            break
        i = lp.col_meeting[j]
        slot = lp.groups[lp.col_group[j]][0]
        if i not in table.slot_of and table.can_place(i, slot):
            table.place(i, slot)
    rest = sorted(
        (i for i in range(len(problem.meetings)) if i not in table.slot_of),
        key=lambda i: (i not in ctx.domains.must, -problem.meetings[i].weight),
    )
    for i in rest:
        for slot in ctx.domains.slots[i]:
            if table.can_place(i, slot):
                table.place(i, slot)
                break
    if any(i not in table.slot_of for i in ctx.domains.must):
        return None
    return dict(table.slot_of)


def _branch_and_bound(
    ctx: _Context,
    lp_result: LpResult,
    incumbent: dict[int, int] | None,
    bound: float,
    grid: int | None,
) -> tuple[dict[int, int] | None, float]:
    """HiGHS' MIP on the time-indexed model. With an incumbent of weight W, columns whose
    reduced cost proves that holding them caps the weight below W are dropped first
    (reduced-cost fixing), and ``weight >= W`` is added; any better schedule lies in the
    remaining space, so the bound is the larger of the MIP's bound and W."""
    problem = ctx.problem
    since = time.monotonic()
    lp = lp_result.lp
    keep = np.ones(len(lp.weights), dtype=bool)
    floor_weight: float | None = None
    if incumbent is not None and lp_result.reduced is not None and lp_result.bound is not None:
        floor_weight = _weight_of(problem, incumbent)
        slack = floor_weight - lp_result.bound - 1e-6 * max(1.0, abs(lp_result.bound))
        keep = (lp_result.reduced >= slack) | (lp.lower > 0)
    columns = np.flatnonzero(keep)
    ctx.report(
        "weight",
        f"LP optimum is fractional: branch and bound (HiGHS) on {len(columns)} of "
        f"{len(keep)} columns",
        bound=bound,
    )
    weights = lp.weights[columns]
    constraints: list[tuple[Any, Any, Any]] = []
    if lp.a_ub is not None:
        constraints.append((lp.a_ub[:, columns], -np.inf, lp.b_ub))
    if lp.a_eq is not None:
        constraints.append((lp.a_eq[:, columns], lp.b_eq, lp.b_eq))
    if floor_weight is not None:
        constraints.append((weights.reshape(1, -1), floor_weight, np.inf))
    result = milp_with_deadline(
        -weights,
        constraints,
        lp.lower[columns],
        lp.upper[columns],
        time_limit_s=max(1.0, 0.4 * ctx.remaining()),
    )
    dual = result.dual_bound
    if result.status in (0, 1) and dual is not None and np.isfinite(dual):
        # milp minimises -weight: its dual bound is minus an upper bound (on this space).
        proven = -dual + 1e-7 * max(1.0, abs(dual))
        if floor_weight is not None:
            proven = max(proven, floor_weight)
        bound = min(bound, round_down_to_grid(proven, grid))
    if result.x is None:
        ctx.record("weight", "mip", "UNKNOWN", float("nan"), since)
        return None, bound
    full = np.zeros(len(lp.weights))
    full[columns] = result.x
    slot_of = _slots_from_columns(lp_result, full)
    status = "OPTIMAL" if result.status == 0 else "FEASIBLE"
    ctx.record("weight", "mip", status, _weight_of(problem, slot_of), since)
    if incumbent is not None and _weight_of(problem, incumbent) > _weight_of(problem, slot_of):
        return incumbent, bound
    return slot_of, bound


def _cpsat_weight(ctx: _Context, bound: float) -> tuple[dict[int, int] | None, float | None]:
    """Phase 1 by CP-SAT (fallback): hinted with the greedy schedule, cut at the bound."""
    since = time.monotonic()
    scaled, factor, exact = _scaled_weights(ctx.problem)
    built = _build(ctx.problem, ctx.domains, scaled)
    weight = built.weight_expr()
    if exact:
        built.model.add(weight <= round(bound * factor + 1e-6))
    greedy = _greedy_slots(ctx.problem)
    if greedy is not None:
        _hint(built, _relabel_for_symmetry(built, greedy))
    _set_switch(built, on=True)
    built.model.maximize(weight)
    solver = cp_model.CpSolver()
    _configure(solver, time_s=ctx.remaining() * 0.6, workers=ctx.workers, seed=ctx.seed)
    status = solver.solve(built.model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        ctx.record("weight", "cpsat", solver.status_name(status), float("nan"), since)
        return None, None
    slot_of = _read_slots(built, solver)
    ctx.record(
        "weight", "cpsat", solver.status_name(status), _weight_of(ctx.problem, slot_of), since
    )
    cp_bound = None
    if exact:
        cp_bound = round_down_to_grid(solver.best_objective_bound / factor, round(factor))
    return slot_of, cp_bound


# ---- the full CP-SAT model (phases 1 fallback, 2, 3) -----------------------------------


@dataclass
class _Model:
    """The CP-SAT model and the handles the phases need."""

    problem: Problem
    domains: Domains
    scaled_weights: list[int]
    model: cp_model.CpModel = field(default_factory=cp_model.CpModel)
    #: Per meeting: (slot position, variable) for each slot of its domain.
    x: list[list[tuple[int, cp_model.IntVar]]] = field(default_factory=list)
    symmetry_switch: cp_model.IntVar | None = None
    #: Classes of interchangeable slots, ordered by meeting count in phase 1.
    slot_classes: list[list[int]] = field(default_factory=list)

    def held(self, i: int) -> cp_model.LinearExprT:
        return cp_model.LinearExpr.sum([v for _, v in self.x[i]])

    def weight_expr(self) -> cp_model.LinearExprT:
        variables = [v for row in self.x for _, v in row]
        coefs = [self.scaled_weights[i] for i, row in enumerate(self.x) for _ in row]
        return cp_model.LinearExpr.weighted_sum(variables, coefs)


def _scaled_weights(problem: Problem) -> tuple[list[int], float, bool]:
    """Integer weights for CP-SAT, the factor used, and whether the scaling is exact."""
    weights = [m.weight for m in problem.meetings]
    grid = weight_grid(weights)
    if grid is not None:
        return [round(w * grid) for w in weights], float(grid), True
    factor = _FALLBACK_WEIGHT_STEPS / max(weights)
    return [max(1, round(w * factor)) for w in weights], factor, False


def _free_tables(problem: Problem, domains: Domains) -> tuple[list[int], dict[str, list[int]]]:
    """Per slot: tables not held by non-movable pins, in total and per kind."""
    n_slots = len(problem.slots)
    free_total = [len(problem.tables)] * n_slots
    free_kind: dict[str, list[int]] = {}
    for table in problem.tables:
        free_kind.setdefault(table.kind, [0] * n_slots)
        for s in range(n_slots):
            free_kind[table.kind][s] += 1
    for i, slot in domains.fixed.items():
        pin = problem.pin_by_meeting[problem.meetings[i].id]
        free_total[slot] -= 1
        free_kind[problem.tables[pin.table - 1].kind][slot] -= 1
    return free_total, free_kind


def _build(problem: Problem, domains: Domains, scaled: list[int]) -> _Model:
    built = _Model(problem=problem, domains=domains, scaled_weights=scaled)
    model = built.model
    meetings = problem.meetings
    busy: dict[tuple[str, int], list[cp_model.IntVar]] = defaultdict(list)
    fixed = domains.fixed
    free_total, free_kind = _free_tables(problem, domains)
    n_slots = len(problem.slots)
    slot_all: list[list[cp_model.IntVar]] = [[] for _ in range(n_slots)]
    slot_kind: dict[tuple[str, int], list[cp_model.IntVar]] = defaultdict(list)
    slot_pool: dict[tuple[str, int], list[cp_model.IntVar]] = defaultdict(list)
    mine: dict[str, list[cp_model.IntVar]] = defaultdict(list)
    for i, meeting in enumerate(meetings):
        row: list[tuple[int, cp_model.IntVar]] = []
        for s in domains.slots[i]:
            var = model.new_bool_var(f"x[{i},{s}]")
            row.append((s, var))
            for person in meeting.people:
                busy[(person, s)].append(var)
                mine[person].append(var)
            if i not in fixed:
                slot_all[s].append(var)
                if meeting.table_kind is not None:
                    slot_kind[(meeting.table_kind, s)].append(var)
            if meeting.interpreter is not None:
                slot_pool[(meeting.interpreter, s)].append(var)
        built.x.append(row)
        variables = [v for _, v in row]
        if i in domains.must:
            model.add_exactly_one(variables)
        elif len(variables) > 1:
            model.add_at_most_one(variables)

    for variables in busy.values():
        if len(variables) > 1:
            model.add_at_most_one(variables)
    for participant in problem.participants:
        cap = participant.max_meetings
        if cap is not None and len(mine[participant.id]) > cap:
            model.add(cp_model.LinearExpr.sum(mine[participant.id]) <= cap)
    for s, variables in enumerate(slot_all):
        if len(variables) > free_total[s]:
            model.add(cp_model.LinearExpr.sum(variables) <= free_total[s])
    for (kind, s), variables in slot_kind.items():
        if len(variables) > free_kind[kind][s]:
            model.add(cp_model.LinearExpr.sum(variables) <= free_kind[kind][s])
    pools = {p.language: p for p in problem.interpreters}
    for (language, s), variables in slot_pool.items():
        cap = pools[language].capacity(problem.slots[s].id)
        if len(variables) > cap:
            model.add(cp_model.LinearExpr.sum(variables) <= cap)
    index = problem.meeting_index
    for later, meeting in enumerate(meetings):
        for name in meeting.after:
            earlier = built.x[index[name]]
            for s, var in built.x[later]:
                model.add(var <= cp_model.LinearExpr.sum([v for s2, v in earlier if s2 < s]))
    _add_slot_symmetry_breaking(built, free_total, free_kind)
    return built


def _add_slot_symmetry_breaking(
    built: _Model, free_total: list[int], free_kind: dict[str, list[int]]
) -> None:
    """Order interchangeable slots by meeting count, behind a switch that is on in phase 1.

    Two slots are interchangeable for the weight when the same meetings may use them and
    their capacities agree (precedences and pins make slots differ, so then nothing is
    done). Any schedule can be relabelled to put the busier of two such slots first.
    """
    problem = built.problem
    if problem.pins or any(m.after for m in problem.meetings):
        return
    open_meetings: list[list[int]] = [[] for _ in problem.slots]
    for i, row in enumerate(built.x):
        for s, _ in row:
            open_meetings[s].append(i)
    classes: dict[tuple[Any, ...], list[int]] = defaultdict(list)
    for s, slot in enumerate(problem.slots):
        key = (
            tuple(open_meetings[s]),
            free_total[s],
            tuple(sorted((k, v[s]) for k, v in free_kind.items())),
            tuple(p.capacity(slot.id) for p in problem.interpreters),
        )
        classes[key].append(s)
    built.slot_classes = [members for members in classes.values() if len(members) > 1]
    pairs = [(a, b) for members in built.slot_classes for a, b in itertools.pairwise(members)]
    if not pairs:
        return
    switch = built.model.new_bool_var("slot_symmetry_breaking")
    built.symmetry_switch = switch
    per_slot: list[list[cp_model.IntVar]] = [[] for _ in problem.slots]
    for row in built.x:
        for s, var in row:
            per_slot[s].append(var)
    for a, b in pairs:
        built.model.add(
            cp_model.LinearExpr.sum(per_slot[a]) >= cp_model.LinearExpr.sum(per_slot[b])
        ).only_enforce_if(switch)


def _set_switch(built: _Model, *, on: bool) -> None:
    if built.symmetry_switch is None:
        return
    domain = built.model.proto.variables[built.symmetry_switch.index].domain
    domain[0] = int(on)
    domain[1] = int(on)


def _relabel_for_symmetry(built: _Model, slot_of: dict[int, int]) -> dict[int, int]:
    """`slot_of` with interchangeable slots swapped so it obeys the symmetry breaking."""
    count: dict[int, int] = defaultdict(int)
    for s in slot_of.values():
        count[s] += 1
    relabel: dict[int, int] = {}
    for members in built.slot_classes:
        by_count = sorted(members, key=lambda s: -count[s])
        relabel.update(zip(by_count, members, strict=True))
    return {i: relabel.get(s, s) for i, s in slot_of.items()}


def _hint(built: _Model, slot_of: dict[int, int], extra: dict[int, int] | None = None) -> None:
    """Hint every variable: x from `slot_of`, the switch from its domain, then `extra`."""
    values = [0] * len(built.model.proto.variables)
    for i, row in enumerate(built.x):
        chosen = slot_of.get(i)
        for s, var in row:
            if s == chosen:
                values[var.index] = 1
    if built.symmetry_switch is not None:
        index = built.symmetry_switch.index
        values[index] = built.model.proto.variables[index].domain[0]
    for index, value in (extra or {}).items():
        values[index] = value
    built.model.clear_hints()  # type: ignore[no-untyped-call]  # ortools' stub lacks it
    hint = built.model.proto.solution_hint
    hint.vars.extend(range(len(values)))
    hint.values.extend(values)


def _read_slots(built: _Model, solver: cp_model.CpSolver) -> dict[int, int]:
    solution = solver.response_proto.solution
    return {i: s for i, row in enumerate(built.x) for s, var in row if solution[var.index]}


def _greedy_slots(problem: Problem) -> dict[int, int] | None:
    """H1's weight-ordered greedy schedule as meeting -> slot positions, if it is valid."""
    from partnering_engine.solvers.greedy import greedy_assign

    try:
        greedy = greedy_assign(problem, order="weight")
    except ValueError:
        return None
    if validate_assignments(problem, greedy):
        return None
    return {problem.meeting_index[a.meeting]: problem.slot_index[a.slot] for a in greedy}


def _refine(ctx: _Context, slot_of: dict[int, int]) -> dict[int, int]:
    """Phases 2 (moved pins) and 3 (fairness) on the full CP-SAT model, weight kept."""
    problem = ctx.problem
    if sum(len(d) for d in ctx.domains.slots) > _FULL_MODEL_LIMIT:
        return slot_of
    scaled, _, _ = _scaled_weights(problem)
    built = _build(problem, ctx.domains, scaled)
    _set_switch(built, on=False)
    model = built.model
    model.add(built.weight_expr() >= sum(scaled[i] for i in slot_of))

    movable = [
        (problem.meeting_index[pin.meeting], problem.slot_index[pin.slot])
        for pin in problem.pins
        if pin.movable
    ]
    if movable:
        since = time.monotonic()
        stay = cp_model.LinearExpr.sum(
            [var for i, slot in movable for s, var in built.x[i] if s == slot]
        )
        model.maximize(stay)
        _hint(built, slot_of)
        ctx.report("moved", "keeping published meetings in place")
        solver = cp_model.CpSolver()
        _configure(solver, time_s=0.15 * ctx.remaining(), workers=ctx.workers, seed=ctx.seed)
        status = solver.solve(model)
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            slot_of = _read_slots(built, solver)
        kept = sum(1 for i, slot in movable if slot_of.get(i) == slot)
        ctx.record("moved", "cpsat", solver.status_name(status), len(movable) - kept, since)
        model.add(stay >= kept)

    return _fairness(ctx, built, slot_of)


def _fairness(ctx: _Context, built: _Model, slot_of: dict[int, int]) -> dict[int, int]:
    problem = ctx.problem
    model = built.model
    requested, schedulable = requests_of(problem)
    if not schedulable:
        return slot_of
    since = time.monotonic()
    share = model.new_int_var(0, FAIRNESS_RESOLUTION, "min_share")
    served: list[tuple[str, cp_model.IntVar]] = []
    hint: dict[int, int] = {}
    shares: list[int] = []
    for person in sorted(schedulable):
        got = cp_model.LinearExpr.sum([built.held(i) for i in requested[person]])
        model.add(FAIRNESS_RESOLUTION * got >= len(requested[person]) * share)
        var = model.new_bool_var(f"served[{person}]")
        model.add(var <= got)
        served.append((person, var))
        count = sum(1 for i in requested[person] if i in slot_of)
        hint[var.index] = int(count > 0)
        shares.append(FAIRNESS_RESOLUTION * count // len(requested[person]))
    hint[share.index] = min(shares)
    served_total = cp_model.LinearExpr.sum([v for _, v in served])
    model.maximize(share * (len(served) + 1) + served_total)
    _hint(built, slot_of, hint)
    ctx.report("fairness", "lifting the worst-served participants")
    solver = cp_model.CpSolver()
    _configure(solver, time_s=0.2 * ctx.remaining(), workers=ctx.workers, seed=ctx.seed)
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        ctx.record("fairness", "cpsat", solver.status_name(status), float("nan"), since)
        return slot_of
    ctx.record("fairness", "cpsat", solver.status_name(status), solver.objective_value, since)
    return _read_slots(built, solver)


# ---- phase 4: gaps by large-neighbourhood search ---------------------------------------


class _Timetable:
    """A schedule with fast feasibility checks: greedy insertion (phase 1's LP rounding) and
    re-timing the held meetings to minimise idle gaps (phase 4, module doc)."""

    def __init__(self, ctx: _Context, slot_of: dict[int, int]) -> None:
        self.ctx = ctx
        problem = ctx.problem
        self.problem = problem
        self.slot_of = dict(slot_of)
        self.rng = random.Random(ctx.seed)
        self.day_of_slot = problem.day_of_slot
        self.free_total, self.free_kind = _free_tables(problem, ctx.domains)
        self.pool_capacity = {
            p.language: [p.capacity(slot.id) for slot in problem.slots]
            for p in problem.interpreters
        }
        index = problem.meeting_index
        self.predecessors = [[index[e] for e in m.after] for m in problem.meetings]
        self.successors: list[list[int]] = [[] for _ in problem.meetings]
        for later, earlier_list in enumerate(self.predecessors):
            for earlier in earlier_list:
                self.successors[earlier].append(later)
        self.pin_slot = {
            index[pin.meeting]: problem.slot_index[pin.slot] for pin in problem.pins if pin.movable
        }
        self.held_of: dict[str, set[int]] = defaultdict(set)
        self.got: dict[str, int] = defaultdict(int)
        requested, self.schedulable = requests_of(problem)
        self.requested = {person: len(meetings) for person, meetings in requested.items()}
        self.unheld_of: dict[str, set[int]] = defaultdict(set)
        for i, meeting in enumerate(problem.meetings):
            if i in self.slot_of:
                self.got[meeting.a] += 1
                self.got[meeting.b] += 1
                for person in meeting.people:
                    self.held_of[person].add(i)
            elif ctx.domains.slots[i]:
                for person in meeting.people:
                    self.unheld_of[person].add(i)
        self.gaps = {person: self._gaps_of(person) for person in self.held_of}
        self.min_share = 0.0
        self.was_served = {p: self.got[p] > 0 for p in self.schedulable}
        self.size = _NEIGHBOURHOOD_START
        self.proven = False
        self.domain_sets = [frozenset(d) for d in ctx.domains.slots]
        self.max_meetings = {
            p.id: p.max_meetings for p in problem.participants if p.max_meetings is not None
        }
        self.at: dict[tuple[str, int], int] = {}
        self.used_total: dict[int, int] = defaultdict(int)
        self.used_kind: dict[tuple[str, int], int] = defaultdict(int)
        self.used_pool: dict[tuple[str, int], int] = defaultdict(int)
        for i, slot in self.slot_of.items():
            self._occupy(i, slot, 1)

    def can_place(self, i: int, slot: int) -> bool:
        """Whether unscheduled meeting i fits in `slot` next to the current schedule."""
        meeting = self.problem.meetings[i]
        if slot not in self.domain_sets[i]:
            return False
        for person in meeting.people:
            if (person, slot) in self.at:
                return False
            limit = self.max_meetings.get(person)
            if limit is not None and len(self.held_of[person]) >= limit:
                return False
        for e in self.predecessors[i]:
            if self.slot_of.get(e, len(self.problem.slots)) >= slot:
                return False
        for later in self.successors[i]:
            if later in self.slot_of and self.slot_of[later] <= slot:
                return False
        self._occupy(i, slot, 1)
        fits = self._fits(slot)
        self._occupy(i, slot, -1)
        return fits

    def place(self, i: int, slot: int) -> None:
        self.slot_of[i] = slot
        self._occupy(i, slot, 1)
        meeting = self.problem.meetings[i]
        for person in meeting.people:
            self.held_of[person].add(i)
            self.gaps[person] = self._gaps_of(person)
        self.got[meeting.a] += 1
        self.got[meeting.b] += 1

    def remove(self, i: int) -> None:
        self._occupy(i, self.slot_of.pop(i), -1)
        meeting = self.problem.meetings[i]
        for person in meeting.people:
            self.held_of[person].discard(i)
            self.gaps[person] = self._gaps_of(person)
        self.got[meeting.a] -= 1
        self.got[meeting.b] -= 1

    def restore(self, slot_of: dict[int, int]) -> None:
        """Return to the schedule `slot_of` (a copy taken earlier)."""
        for i in [i for i, s in self.slot_of.items() if slot_of.get(i) != s]:
            self.remove(i)
        for i, s in slot_of.items():
            if i not in self.slot_of:
                self.place(i, s)

    def share_floor(self) -> None:
        """Freeze phase 3's result for the search: nobody served may become unserved and no
        share may drop below today's minimum share."""
        shares = [self.got[p] / self.requested[p] for p in self.schedulable]
        self.min_share = min(shares, default=0.0)

    def insert_by_ejection(self, until: float, *, target: float) -> None:
        """Phase 1 repair: hold more weight. For an unscheduled meeting and a slot of its
        domain, move each meeting of its people in that slot elsewhere by a Kempe-chain swap
        (any gaps), then hold it, if need be instead of a lighter meeting of one of its
        people (for `max_meetings` or table capacity); undo when that fails. Stops at
        `target` weight or `until`."""
        problem = self.problem
        weight = _weight_of(problem, self.slot_of)
        candidates = [
            i for i in range(len(problem.meetings)) if i not in self.slot_of and self.domain_sets[i]
        ]
        self.rng.shuffle(candidates)
        candidates.sort(key=lambda i: -problem.meetings[i].weight)
        improved = True
        while improved and time.monotonic() < until:
            improved = False
            for i in candidates:
                if time.monotonic() >= until or weight >= target - 1e-9:
                    return
                if i in self.slot_of:
                    continue
                gain = self._eject_into(i)
                if gain > 1e-9:
                    weight += gain
                    improved = True

    def _eject_into(self, i: int) -> float:
        """Try to hold meeting i (see `insert_by_ejection`); the weight gained, or 0."""
        problem = self.problem
        meeting = problem.meetings[i]
        slots = list(self.ctx.domains.slots[i])
        self.rng.shuffle(slots)
        for slot in slots[:_EJECTION_SLOTS]:
            snapshot = dict(self.slot_of)
            blockers = {self.at[(p, slot)] for p in meeting.people if (p, slot) in self.at}
            cleared = True
            dropped = 0.0
            for k in blockers:
                if k not in self.slot_of or self.slot_of[k] != slot:
                    continue
                targets = [t for t in self.ctx.domains.slots[k] if t != slot]
                self.rng.shuffle(targets)
                if any(
                    self.kempe(k, t, temperature=math.inf) is not None
                    for t in targets[:_EJECTION_SLOTS]
                ):
                    continue
                # A blocker that cannot move may give way if it weighs less.
                if (
                    k not in self.ctx.domains.must
                    and dropped + problem.meetings[k].weight < meeting.weight - 1e-9
                    and not any(s in self.slot_of for s in self.successors[k])
                ):
                    dropped += problem.meetings[k].weight
                    self.remove(k)
                    continue
                cleared = False
                break
            free = cleared and all((p, slot) not in self.at for p in meeting.people)
            if free and self.can_place(i, slot):
                self.place(i, slot)
                return meeting.weight - dropped
            if free and dropped == 0.0:
                lighter = [
                    j
                    for p in meeting.people
                    for j in self.held_of[p]
                    if j not in self.ctx.domains.must
                    and problem.meetings[j].weight < meeting.weight - 1e-9
                    and not any(s in self.slot_of for s in self.successors[j])
                ]
                for j in lighter:
                    old_slot = self.slot_of[j]
                    self.remove(j)
                    if self.can_place(i, slot):
                        self.place(i, slot)
                        return meeting.weight - problem.meetings[j].weight
                    self.place(j, old_slot)
            self.restore(snapshot)
        return 0.0

    def lift_worst(self, until: float) -> int:
        """Fairness repair by weight-neutral swaps (phase 3 where CP-SAT does not fit): give
        each participant at the minimum share one more of their requests, taking its slot
        from a meeting of no more weight whose people stay served and strictly above the
        minimum share. Each swap lowers the number of participants at the minimum or raises
        the minimum, so this ends. Returns the swaps made."""
        made = 0
        improved = True
        while improved and time.monotonic() < until:
            improved = False
            self.share_floor()
            self.was_served = {p: self.got[p] > 0 for p in self.schedulable}
            worst = [
                p
                for p in sorted(self.schedulable)
                if self.got[p] / self.requested[p] <= self.min_share + 1e-12
            ]
            for person in worst:
                if time.monotonic() >= until or self.min_share >= 1.0:
                    break
                if self._lift(person):
                    made += 1
                    improved = True
        self.share_floor()
        self.was_served = {p: self.got[p] > 0 for p in self.schedulable}
        return made

    def _lift(self, person: str) -> bool:
        problem = self.problem
        options = [
            i
            for i in self.unheld_of[person]
            if person in (problem.meetings[i].a, problem.meetings[i].b)
        ]
        self.rng.shuffle(options)
        for new in options:
            meeting = problem.meetings[new]
            for slot in self.ctx.domains.slots[new]:
                blockers = {self.at[(p, slot)] for p in meeting.people if (p, slot) in self.at}
                if len(blockers) > 1:
                    continue
                old = next(iter(blockers), None)
                if old is not None and (
                    old in self.ctx.domains.must
                    or problem.meetings[old].weight > meeting.weight + 1e-9
                    or any(j in self.slot_of for j in self.successors[old])
                ):
                    continue
                if old is not None:
                    self.remove(old)
                if self.can_place(new, slot):
                    self.place(new, slot)
                    losers = set(problem.meetings[old].people) if old is not None else set()
                    losers -= set(meeting.people)
                    if all(
                        p not in self.schedulable
                        or (
                            self.got[p] > 0
                            and self.got[p] / self.requested[p] > self.min_share + 1e-12
                        )
                        for p in losers
                    ):
                        if old is not None:
                            self.unheld_of_update(old, new)
                        else:
                            for p in meeting.people:
                                self.unheld_of[p].discard(new)
                        return True
                    self.remove(new)
                if old is not None:
                    self.place(old, slot)  # the blocker sat in this very slot
        return False

    def _fair(self, people: set[str]) -> bool:
        for person in people:
            if person not in self.schedulable:
                continue
            if self.got[person] == 0 and self.was_served[person]:
                return False
            if self.got[person] / self.requested[person] < self.min_share - 1e-12:
                return False
        return True

    def replace(self, person: str, hole: int, temperature: float) -> int | None:
        """Hold an unscheduled request of `person` in their `hole` instead of one of their
        held meetings of no more weight (weight, pins and fairness kept); SA acceptance."""
        problem = self.problem
        options = [i for i in self.unheld_of[person] if hole in self.domain_sets[i]]
        if not options:
            return None
        new = self.rng.choice(options)
        if new in self.slot_of:
            return None
        weight = problem.meetings[new].weight
        olds = [
            i
            for i in self.held_of[person]
            if i not in self.ctx.domains.must and problem.meetings[i].weight <= weight + 1e-9
        ]
        if not olds:
            return None
        old = self.rng.choice(olds)
        old_slot = self.slot_of[old]
        if any(self.slot_of.get(j) is not None for j in self.successors[old]):
            return None
        people = set(problem.meetings[old].people) | set(problem.meetings[new].people)
        before = sum(self.gaps.get(p, 0) for p in people)
        self.remove(old)
        if not self.can_place(new, hole):
            self.place(old, old_slot)
            return None
        self.place(new, hole)
        delta = sum(self.gaps[p] for p in people) - before
        rejected = not self._fair(people) or (
            delta > 0 and (temperature <= 0 or self.rng.random() >= math.exp(-delta / temperature))
        )
        if rejected:
            self.remove(new)
            self.place(old, old_slot)
            return None
        self.unheld_of_update(old, new)
        return delta

    def unheld_of_update(self, old: int, new: int) -> None:
        for person in self.problem.meetings[new].people:
            self.unheld_of[person].discard(new)
        for person in self.problem.meetings[old].people:
            self.unheld_of[person].add(old)

    def _occupy(self, i: int, slot: int, sign: int) -> None:
        """Add (sign 1) or remove (sign -1) meeting i in `slot` from the usage counts."""
        meeting = self.problem.meetings[i]
        for person in meeting.people:
            if sign > 0:
                self.at[(person, slot)] = i
            else:
                del self.at[(person, slot)]
        if i not in self.ctx.domains.fixed:
            self.used_total[slot] += sign
            if meeting.table_kind is not None:
                self.used_kind[(meeting.table_kind, slot)] += sign
        if meeting.interpreter is not None:
            self.used_pool[(meeting.interpreter, slot)] += sign

    def _fits(self, slot: int) -> bool:
        if self.used_total[slot] > self.free_total[slot]:
            return False
        for kind, free in self.free_kind.items():
            if self.used_kind.get((kind, slot), 0) > free[slot]:
                return False
        return all(
            self.used_pool.get((language, slot), 0) <= capacity[slot]
            for language, capacity in self.pool_capacity.items()
        )

    def _set_slots(self, moves: dict[int, int]) -> None:
        for i in moves:
            self._occupy(i, self.slot_of[i], -1)
        for i, slot in moves.items():
            self.slot_of[i] = slot
            self._occupy(i, slot, 1)

    def kempe(self, i: int, target: int, temperature: float = 0.0) -> int | None:
        """Swap slots of i and target along a Kempe chain (meetings sharing people in the
        two slots) if valid and accepted (never worse at temperature 0, else simulated
        annealing's rule); the change in gaps, or None if rejected."""
        problem = self.problem
        first = self.slot_of[i]
        if first == target:
            return None
        chain = {i: target}
        stack = [i]
        while stack:
            j = stack.pop()
            other = chain[j]
            for person in problem.meetings[j].people:
                k = self.at.get((person, other))
                if k is not None and k not in chain:
                    if len(chain) >= _KEMPE_LIMIT or k in self.ctx.domains.fixed:
                        return None
                    chain[k] = first if other == target else target
                    stack.append(k)
        for j, new in chain.items():
            if new not in self.domain_sets[j]:
                return None
            for e in self.predecessors[j]:
                if chain.get(e, self.slot_of.get(e, -1)) >= new:
                    return None
            for later in self.successors[j]:
                if later in self.slot_of and chain.get(later, self.slot_of[later]) <= new:
                    return None
        kept_before = sum(1 for j in chain if self.pin_slot.get(j) == self.slot_of[j])
        kept_after = sum(1 for j, new in chain.items() if self.pin_slot.get(j) == new)
        if kept_after < kept_before:
            return None
        undo = {j: self.slot_of[j] for j in chain}
        self._set_slots(chain)
        if not (self._fits(first) and self._fits(target)):
            self._set_slots(undo)
            return None
        people = {p for j in chain for p in problem.meetings[j].people}
        before = sum(self.gaps[p] for p in people)
        after = {p: self._gaps_of(p) for p in people}
        delta = sum(after.values()) - before
        if delta > 0 and (temperature <= 0 or self.rng.random() >= math.exp(-delta / temperature)):
            self._set_slots(undo)
            return None
        self.gaps.update(after)
        return delta

    def local_search(self, until: float, *, hot: float = 0.5, cold: float = 0.05) -> int:
        """Simulated annealing over Kempe-chain moves that fill a hole in a participant's
        day; the temperature falls linearly from `hot` to `cold` until `until`, and the
        best schedule seen is kept. Returns the moves tried."""
        day_of_slot = self.day_of_slot
        tried = 0
        begin = time.monotonic()
        span = max(1e-6, until - begin)
        temperature = hot
        current = best = self.total()
        best_slots = dict(self.slot_of)
        with_gaps: list[str] = []
        last_report = begin
        while current > 0:
            if tried % 64 == 0:
                now = time.monotonic()
                if now > until:
                    break
                temperature = hot + (cold - hot) * min(1.0, (now - begin) / span)
                if now - last_report > 5.0:
                    self.ctx.report("gaps", f"annealing: {best} idle gaps, {tried} moves")
                    last_report = now
            tried += 1
            with_gaps = (
                [p for p, g in self.gaps.items() if g > 0] if tried % 256 == 1 else with_gaps
            )
            if not with_gaps:
                break
            person = self.rng.choice(with_gaps)
            if self.gaps[person] == 0:
                continue
            positions = sorted(self.slot_of[i] for i in self.held_of[person])
            holes = [
                s
                for a, b in itertools.pairwise(positions)
                if day_of_slot[a] == day_of_slot[b]
                for s in range(a + 1, b)
            ]
            if not holes:
                continue
            if self.rng.random() < _EDGE_SHARE:
                # Or next to one of their blocks, for a meeting now stranded elsewhere.
                edges = [
                    s
                    for a, b in itertools.pairwise([-2, *positions, len(day_of_slot) + 1])
                    if b - a > 1
                    for s in (a + 1, b - 1)
                    if 0 <= s < len(day_of_slot)
                ]
                holes = edges or holes
            target = self.rng.choice(holes)
            if self.rng.random() < _REPLACE_SHARE:
                delta = self.replace(person, target, temperature)
                if delta is not None:
                    current += delta
                    if current < best:
                        best = current
                        best_slots = dict(self.slot_of)
                continue
            candidates = [i for i in self.held_of[person] if i not in self.ctx.domains.fixed]
            if not candidates:
                continue
            delta = self.kempe(self.rng.choice(candidates), target, temperature)
            if delta is not None:
                current += delta
                if current < best:
                    best = current
                    best_slots = dict(self.slot_of)
        if current > best:
            self.restore(best_slots)
        return tried

    def _gaps_of(self, person: str) -> int:
        return gaps_of_positions((self.slot_of[i] for i in self.held_of[person]), self.day_of_slot)

    def total(self) -> int:
        return sum(self.gaps.values())

    def _neighbourhood(self) -> list[int]:
        """Movable held meetings of a participant with gaps and of some of their partners."""
        fixed = self.ctx.domains.fixed
        movable_held = [i for i in self.slot_of if i not in fixed]
        if len(movable_held) <= self.size:
            return movable_held
        with_gaps = [p for p, g in self.gaps.items() if g > 0]
        seed_person = self.rng.choices(with_gaps, weights=[self.gaps[p] for p in with_gaps])[0]
        chosen: set[str] = set()
        freed: set[int] = set()
        frontier = [seed_person]
        while frontier and len(freed) < self.size:
            person = frontier.pop(0)
            if person in chosen:
                continue
            chosen.add(person)
            freed.update(i for i in self.held_of[person] if i not in fixed)
            partners = list(
                {q for i in self.held_of[person] for q in self.problem.meetings[i].people} - chosen
            )
            self.rng.shuffle(partners)
            partners.sort(key=lambda q: -self.gaps.get(q, 0))
            frontier.extend(partners[:3])
            if not frontier:
                frontier.append(self.rng.choice(with_gaps))
        return sorted(freed)

    def step(self, time_limit_s: float) -> None:
        """One neighbourhood: free, re-solve exactly, keep the result if no worse."""
        problem = self.problem
        freed = self._neighbourhood()
        whole = len(freed) == sum(1 for i in self.slot_of if i not in self.ctx.domains.fixed)
        freed_set = set(freed)
        people = sorted({p for i in freed for p in problem.meetings[i].people})
        occupied = {
            person: {self.slot_of[i] for i in self.held_of[person] if i not in freed_set}
            for person in people
        }
        used_total: dict[int, int] = defaultdict(int)
        used_kind: dict[tuple[str, int], int] = defaultdict(int)
        used_pool: dict[tuple[str, int], int] = defaultdict(int)
        for i, s in self.slot_of.items():
            if i in freed_set:
                continue
            meeting = problem.meetings[i]
            if i not in self.ctx.domains.fixed:
                used_total[s] += 1
                if meeting.table_kind is not None:
                    used_kind[(meeting.table_kind, s)] += 1
            if meeting.interpreter is not None:
                used_pool[(meeting.interpreter, s)] += 1

        model = cp_model.CpModel()
        x: dict[int, dict[int, cp_model.IntVar]] = {}
        busy: dict[tuple[str, int], list[cp_model.IntVar]] = defaultdict(list)
        slot_all: dict[int, list[cp_model.IntVar]] = defaultdict(list)
        slot_kind: dict[tuple[str, int], list[cp_model.IntVar]] = defaultdict(list)
        slot_pool: dict[tuple[str, int], list[cp_model.IntVar]] = defaultdict(list)
        for i in freed:
            meeting = problem.meetings[i]
            lowest = max(
                (self.slot_of[e] for e in self.predecessors[i] if e not in freed_set),
                default=-1,
            )
            highest = min(
                (
                    self.slot_of[j]
                    for j in self.successors[i]
                    if j in self.slot_of and j not in freed_set
                ),
                default=len(problem.slots),
            )
            row: dict[int, cp_model.IntVar] = {}
            for s in self.ctx.domains.slots[i]:
                if not lowest < s < highest:
                    continue
                if any(s in occupied[p] for p in meeting.people):
                    continue
                var = model.new_bool_var("")
                row[s] = var
                for person in meeting.people:
                    busy[(person, s)].append(var)
                slot_all[s].append(var)
                if meeting.table_kind is not None:
                    slot_kind[(meeting.table_kind, s)].append(var)
                if meeting.interpreter is not None:
                    slot_pool[(meeting.interpreter, s)].append(var)
            x[i] = row
            model.add_exactly_one(row.values())
            model.add_hint(row[self.slot_of[i]], 1)
        for variables in busy.values():
            if len(variables) > 1:
                model.add_at_most_one(variables)
        for s, variables in slot_all.items():
            cap = self.free_total[s] - used_total[s]
            if len(variables) > cap:
                model.add(cp_model.LinearExpr.sum(variables) <= cap)
        for (kind, s), variables in slot_kind.items():
            cap = self.free_kind[kind][s] - used_kind[(kind, s)]
            if len(variables) > cap:
                model.add(cp_model.LinearExpr.sum(variables) <= cap)
        for (language, s), variables in slot_pool.items():
            cap = self.pool_capacity[language][s] - used_pool[(language, s)]
            if len(variables) > cap:
                model.add(cp_model.LinearExpr.sum(variables) <= cap)
        for i in freed:
            for e in self.predecessors[i]:
                if e in freed_set:
                    for s, var in x[i].items():
                        model.add(
                            var <= cp_model.LinearExpr.sum([v for s2, v in x[e].items() if s2 < s])
                        )
        stays = [x[i][slot] for i, slot in self.pin_slot.items() if i in freed_set and slot in x[i]]
        kept = sum(
            1 for i, slot in self.pin_slot.items() if i in freed_set and self.slot_of[i] == slot
        )
        if kept:
            model.add(cp_model.LinearExpr.sum(stays) >= kept)

        objective, before = self._gap_objective(model, people, occupied, busy, x)
        model.minimize(objective)
        solver = cp_model.CpSolver()
        _configure(
            solver, time_s=time_limit_s, workers=self.ctx.workers, seed=self.rng.randrange(1 << 30)
        )
        status = solver.solve(model)
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            self.size = max(10, int(self.size * 0.8))
            return
        if status == cp_model.OPTIMAL:
            self.size = min(400, int(self.size * 1.1) + 1)
            self.proven = whole
        else:
            self.size = max(10, int(self.size * 0.9))
        if round(solver.objective_value) > before:
            return
        moves = {
            i: s for i, row in x.items() for s, var in row.items() if solver.boolean_value(var)
        }
        self._set_slots(moves)
        for person in people:
            self.gaps[person] = self._gaps_of(person)

    def _gap_objective(
        self,
        model: cp_model.CpModel,
        people: Sequence[str],
        occupied: dict[str, set[int]],
        busy: dict[tuple[str, int], list[cp_model.IntVar]],
        x: dict[int, dict[int, cp_model.IntVar]],
    ) -> tuple[cp_model.LinearExprT, int]:
        """Gaps of `people` as a linear expression, and their current total."""
        day_of_slot = self.day_of_slot
        terms: list[cp_model.LinearExprT] = []
        constant = 0
        hint_slot = {
            var.index: s == self.slot_of[i] for i, row in x.items() for s, var in row.items()
        }
        by_day: dict[int, list[int]] = defaultdict(list)
        for s in range(len(day_of_slot)):
            by_day[day_of_slot[s]].append(s)
        for person in people:
            for slots in by_day.values():
                fixed_busy = any(s in occupied[person] for s in slots)
                open_vars = [v for s in slots for v in busy.get((person, s), ())]
                if not fixed_busy and not open_vars:
                    continue
                previous: cp_model.LinearExpr | int = 0
                for s in slots:
                    current: cp_model.LinearExpr | int
                    if s in occupied[person]:
                        current = 1
                    elif busy.get((person, s)):
                        current = cp_model.LinearExpr.sum(busy[(person, s)])
                    else:
                        current = 0
                    if isinstance(current, int) and isinstance(previous, int):
                        constant += max(0, current - previous)
                    elif isinstance(current, int):
                        if current == 1:
                            terms.append(1 - previous)
                    elif isinstance(previous, int):
                        if previous == 0:
                            terms.append(current)
                    else:
                        start = model.new_bool_var("")
                        model.add(start >= current - previous)
                        now = sum(hint_slot[v.index] for v in busy[(person, s)])
                        earlier = sum(hint_slot[v.index] for v in busy[(person, s - 1)])
                        model.add_hint(start, int(now > earlier))
                        terms.append(start)
                    previous = current
                if fixed_busy:
                    constant -= 1
                else:
                    any_var = model.new_bool_var("")
                    model.add(any_var <= cp_model.LinearExpr.sum(open_vars))
                    model.add_hint(any_var, 1 if any(hint_slot[v.index] for v in open_vars) else 0)
                    terms.append(-any_var)
        before = sum(self.gaps[p] for p in people)
        return cp_model.LinearExpr.sum(terms) + constant, before


def _minimise_gaps(ctx: _Context, slot_of: dict[int, int]) -> dict[int, int]:
    since = time.monotonic()
    search = _Timetable(ctx, slot_of)
    lift_since = time.monotonic()
    lifted = search.lift_worst(time.monotonic() + _LIFT_SHARE * ctx.remaining())
    if lifted:
        ctx.record("fairness", f"swaps({lifted})", "FEASIBLE", search.min_share, lift_since)
    start_total = search.total()
    ctx.report("gaps", f"minimising idle gaps from {start_total}")
    movable_held = sum(1 for i in search.slot_of if i not in ctx.domains.fixed)
    whole = movable_held <= search.size
    moves = 0
    if not whole:
        moves = search.local_search(time.monotonic() + _ANNEALING_SHARE * ctx.remaining())
        ctx.report("gaps", f"{search.total()} idle gaps after {moves} local moves")
    rounds = 0
    last_report = time.monotonic()
    while ctx.remaining() > 0.5 and search.total() > 0 and not search.proven:
        search.step(ctx.remaining() if whole else min(2.0, ctx.remaining()))
        rounds += 1
        if time.monotonic() - last_report > 5.0:
            ctx.report("gaps", f"{search.total()} idle gaps after {rounds} neighbourhoods")
            last_report = time.monotonic()
    status = "OPTIMAL" if search.proven or search.total() == 0 else "FEASIBLE"
    method = f"annealing({moves} moves)+lns({rounds} neighbourhoods)"
    ctx.record("gaps", method, status, search.total(), since)
    return search.slot_of


# ---- assembling the solution -----------------------------------------------------------


def _solution(
    problem: Problem,
    assignments: Sequence[Assignment],
    status: Status,
    bound: float | None,
    stats: dict[str, Any],
) -> Solution:
    assigned = {a.meeting for a in assignments}
    objective = evaluate(problem, assignments).objective() if assignments else {}
    reaches_bound = (
        bound is not None
        and bool(objective)
        and objective["weight"] >= bound - 1e-9 * max(1.0, abs(bound))
    )
    if status is Status.FEASIBLE and reaches_bound:
        status = Status.OPTIMAL
    return Solution(
        assignments=tuple(assignments),
        unscheduled=tuple(m.id for m in problem.meetings if m.id not in assigned),
        status=status,
        objective=objective,
        bound={} if bound is None else {"weight": bound},
        stats=stats,
    )


def solve_weighted(
    problem: Problem,
    *,
    time_limit_s: float,
    seed: int,
    workers: int = 2,
    progress: ProgressCallback | None = None,
) -> Solution:
    """Schedule `problem` (weighted mode) with the phased model of the module doc."""
    from partnering_engine.solvers.tables import assign_tables

    started = time.monotonic()
    stats: dict[str, Any] = {"solver": "cpsat", "workers": workers, "seed": seed}
    domains = meeting_domains(problem)
    ctx = _Context(
        problem=problem,
        domains=domains,
        started=started,
        deadline=started + time_limit_s - min(_FINISH_RESERVE_S, 0.1 * time_limit_s),
        seed=seed,
        workers=workers,
        progress=progress,
    )

    def finish(slot_of: dict[int, int] | None, status: Status, bound: float | None) -> Solution:
        stats["phases"] = [p.as_dict() for p in ctx.phases]
        assignments: tuple[Assignment, ...] = ()
        if slot_of is not None:
            assignments = assign_tables(
                problem,
                {problem.meetings[i].id: problem.slots[s].id for i, s in slot_of.items()},
            )
        stats["wall_s"] = round(time.monotonic() - started, 3)
        solution = _solution(problem, assignments, status, bound, stats)
        ctx.report(
            "done", solution.status.value, weight=solution.objective.get("weight"), bound=bound
        )
        return solution

    if domains.impossible_must:
        stats["reason"] = "required or pinned meetings without a possible slot: " + ", ".join(
            problem.meetings[i].id for i in domains.impossible_must[:10]
        )
        return finish(None, Status.INFEASIBLE, None)

    slot_of, bound, facts = _maximise_weight(ctx)
    stats.update(facts)
    if slot_of is None:
        if ctx.phases and ctx.phases[-1].status == "INFEASIBLE":
            return finish(None, Status.INFEASIBLE, None)
        slot_of = _greedy_slots(problem)
        stats["fallback"] = "greedy"
        if slot_of is None:
            return finish(None, Status.UNKNOWN, bound)
    else:
        slot_of = _refine(ctx, slot_of)
    ctx.report("weight", "weight phase done", weight=_weight_of(problem, slot_of), bound=bound)
    slot_of = _minimise_gaps(ctx, slot_of)
    return finish(slot_of, Status.FEASIBLE, bound)
