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
2. **Minimise moved pins**: maximise the movable pinned meetings kept in their pinned slot.
   Phase 1 ignores the pinned slots, so its schedule is first rebuilt pins first (pins in
   their slots, then phase 1's meetings, then the rest by weight, ejection chains up to
   phase 1's weight) and moved pins are returned by Kempe-chain swaps; then CP-SAT on the
   model above plus ``weight >= phase 1``, hinted with that schedule, where the full model
   fits (skipped without movable pins).
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

import time
from collections.abc import Sequence
from typing import Any

import numpy as np
from ortools.sat.python import cp_model

from partnering_engine.bound import (
    TIME_INDEXED_LIMIT,
    LpResult,
    meeting_domains,
    milp_with_deadline,
    round_down_to_grid,
    solve_grouped_lp,
    star_bound,
    weight_grid,
)
from partnering_engine.metrics import evaluate, requests_of
from partnering_engine.solvers._weighted_model import (
    Context,
    WeightModel,
    build_model,
    configure,
    greedy_slots,
    hint,
    read_slots,
    relabel_for_symmetry,
    scaled_weights,
    set_switch,
    weight_of,
)
from partnering_engine.solvers._weighted_search import Timetable
from partnering_engine.solvers.base import ProgressCallback
from partnering_engine.types import Assignment, Problem, Solution, Status

__all__ = ["FAIRNESS_RESOLUTION", "solve_weighted"]

#: Minimum shares are maximised in steps of 1 / FAIRNESS_RESOLUTION.
FAIRNESS_RESOLUTION = 10_000
#: Seconds kept back for seating meetings at tables and evaluating the schedule.
_FINISH_RESERVE_S = 2.0
#: Phases 2 and 3 build the full CP-SAT model only up to this many (meeting, slot) pairs;
#: beyond it CP-SAT on 2 cores rarely finishes presolve in its share of a minute, and the
#: LP schedule is kept as it is (phase 4 still guards its fairness).
_FULL_MODEL_LIMIT = 20_000
#: Share of the remaining time for ejection chains when LP rounding misses the bound.
_EJECTION_SHARE = 0.4
#: Share of the remaining time for fairness swaps before the gaps phase.
_LIFT_SHARE = 0.1
#: Share of phase 4's time for simulated annealing; CP-SAT neighbourhoods polish after it.
_ANNEALING_SHARE = 0.85


# ---- phase 1: weight -------------------------------------------------------------------


def _slots_from_columns(lp_result: LpResult, x: np.ndarray[Any, Any]) -> dict[int, int]:
    lp = lp_result.lp
    return {lp.col_meeting[j]: lp.groups[lp.col_group[j]][0] for j in np.flatnonzero(x > 0.5)}


def _maximise_weight(ctx: Context) -> tuple[dict[int, int] | None, float, dict[str, Any]]:
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
        ctx.record("weight", "lp", "OPTIMAL", weight_of(problem, slot_of), since)
        return slot_of, bound, facts

    rounded: dict[int, int] | None = None
    if time_indexed and x is not None:
        rounded = _round_lp(ctx, lp_result, x)
        if rounded is not None:
            reached = bound - 1e-9 * max(1.0, abs(bound))
            weight = facts["rounded_weight"] = weight_of(problem, rounded)
            if weight < reached:
                table = Timetable(ctx, rounded)
                ctx.report("weight", "inserting meetings by ejection chains", bound=bound)
                table.insert_by_ejection(
                    time.monotonic() + _EJECTION_SHARE * ctx.remaining(), target=bound
                )
                rounded = dict(table.slot_of)
                weight = facts["ejection_weight"] = weight_of(problem, rounded)
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


def _round_lp(ctx: Context, lp_result: LpResult, x: np.ndarray[Any, Any]) -> dict[int, int] | None:
    """A schedule from the LP optimum: columns by decreasing LP value, then every other
    meeting by decreasing weight, each placed where it still fits. None if a required or
    pinned meeting finds no place."""
    problem = ctx.problem
    lp = lp_result.lp
    table = Timetable(ctx, {})
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
    ctx: Context,
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
        floor_weight = weight_of(problem, incumbent)
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
    ctx.record("weight", "mip", status, weight_of(problem, slot_of), since)
    if incumbent is not None and weight_of(problem, incumbent) > weight_of(problem, slot_of):
        return incumbent, bound
    return slot_of, bound


def _cpsat_weight(ctx: Context, bound: float) -> tuple[dict[int, int] | None, float | None]:
    """Phase 1 by CP-SAT (fallback): hinted with the greedy schedule, cut at the bound."""
    since = time.monotonic()
    scaled, factor, exact = scaled_weights(ctx.problem)
    built = build_model(ctx.problem, ctx.domains, scaled)
    weight = built.weight_expr()
    if exact:
        built.model.add(weight <= round(bound * factor + 1e-6))
    greedy = greedy_slots(ctx.problem)
    if greedy is not None:
        hint(built, relabel_for_symmetry(built, greedy))
    set_switch(built, on=True)
    built.model.maximize(weight)
    solver = cp_model.CpSolver()
    configure(solver, time_s=ctx.remaining() * 0.6, workers=ctx.workers, seed=ctx.seed)
    status = solver.solve(built.model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        ctx.record("weight", "cpsat", solver.status_name(status), float("nan"), since)
        return None, None
    slot_of = read_slots(built, solver)
    ctx.record(
        "weight", "cpsat", solver.status_name(status), weight_of(ctx.problem, slot_of), since
    )
    cp_bound = None
    if exact:
        cp_bound = round_down_to_grid(solver.best_objective_bound / factor, round(factor))
    return slot_of, cp_bound


# ---- phases 2 and 3: moved pins and fairness on the full model -------------------------


def _kept(table: Timetable) -> int:
    return sum(1 for i, slot in table.pin_slot.items() if table.slot_of.get(i) == slot)


def _keep_pins(ctx: Context, slot_of: dict[int, int]) -> dict[int, int]:
    """Phase 2 by construction and local search (the full model's hint where it fits, the
    whole phase where it does not). Phase 1 never looks at the pinned slots, so its schedule
    may move most pins. Rebuilt with pins first (non-movable pins, movable pins in their
    pinned slot, phase 1's meetings in their slots, then anywhere, then the rest by weight)
    and filled up by ejection chains, a schedule of phase 1's weight usually keeps nearly
    every pin; the better of the two then returns moved pins by Kempe-chain swaps."""
    problem = ctx.problem
    if not any(pin.movable for pin in problem.pins):
        return slot_of
    since = time.monotonic()
    weight = weight_of(problem, slot_of)
    reached = weight - 1e-9 * max(1.0, abs(weight))
    phase_one = Timetable(ctx, slot_of)
    ctx.report("moved", "keeping published meetings in place")
    rebuilt = Timetable(ctx, {})
    wanted = [
        *ctx.domains.fixed.items(),
        *rebuilt.pin_slot.items(),
        *sorted(slot_of.items()),
    ]
    for i, slot in wanted:
        if i not in rebuilt.slot_of and rebuilt.can_place(i, slot):
            rebuilt.place(i, slot)
    rest = sorted(
        (i for i in range(len(problem.meetings)) if i not in rebuilt.slot_of),
        key=lambda i: (i not in ctx.domains.must, i not in slot_of, -problem.meetings[i].weight),
    )
    for i in rest:
        for slot in ctx.domains.slots[i]:
            if rebuilt.can_place(i, slot):
                rebuilt.place(i, slot)
                break
    if weight_of(problem, rebuilt.slot_of) < reached:
        rebuilt.insert_by_ejection(since + 0.1 * ctx.remaining(), target=weight)
    table = phase_one
    valid = all(i in rebuilt.slot_of for i in ctx.domains.must)
    if valid and weight_of(problem, rebuilt.slot_of) >= reached and _kept(rebuilt) > _kept(table):
        table = rebuilt
    table.return_pins(time.monotonic() + 0.05 * ctx.remaining())
    ctx.record("moved", "pins-first+kempe", "FEASIBLE", len(table.pin_slot) - _kept(table), since)
    return dict(table.slot_of)


def _refine(ctx: Context, slot_of: dict[int, int]) -> dict[int, int]:
    """Phases 2 (moved pins) and 3 (fairness) on the full CP-SAT model, weight kept."""
    problem = ctx.problem
    slot_of = _keep_pins(ctx, slot_of)
    if sum(len(d) for d in ctx.domains.slots) > _FULL_MODEL_LIMIT:
        return slot_of
    scaled, _, _ = scaled_weights(problem)
    built = build_model(problem, ctx.domains, scaled)
    set_switch(built, on=False)
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
        hint(built, slot_of)
        ctx.report("moved", "keeping published meetings in place")
        solver = cp_model.CpSolver()
        configure(solver, time_s=0.15 * ctx.remaining(), workers=ctx.workers, seed=ctx.seed)
        status = solver.solve(model)
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            slot_of = read_slots(built, solver)
        kept = sum(1 for i, slot in movable if slot_of.get(i) == slot)
        ctx.record("moved", "cpsat", solver.status_name(status), len(movable) - kept, since)
        model.add(stay >= kept)

    return _fairness(ctx, built, slot_of)


def _fairness(ctx: Context, built: WeightModel, slot_of: dict[int, int]) -> dict[int, int]:
    problem = ctx.problem
    model = built.model
    requested, schedulable = requests_of(problem)
    if not schedulable:
        return slot_of
    since = time.monotonic()
    share = model.new_int_var(0, FAIRNESS_RESOLUTION, "min_share")
    served: list[tuple[str, cp_model.IntVar]] = []
    hints: dict[int, int] = {}
    shares: list[int] = []
    for person in sorted(schedulable):
        got = cp_model.LinearExpr.sum([built.held(i) for i in requested[person]])
        model.add(FAIRNESS_RESOLUTION * got >= len(requested[person]) * share)
        var = model.new_bool_var(f"served[{person}]")
        model.add(var <= got)
        served.append((person, var))
        count = sum(1 for i in requested[person] if i in slot_of)
        hints[var.index] = int(count > 0)
        shares.append(FAIRNESS_RESOLUTION * count // len(requested[person]))
    hints[share.index] = min(shares)
    served_total = cp_model.LinearExpr.sum([v for _, v in served])
    model.maximize(share * (len(served) + 1) + served_total)
    hint(built, slot_of, hints)
    ctx.report("fairness", "lifting the worst-served participants")
    solver = cp_model.CpSolver()
    configure(solver, time_s=0.2 * ctx.remaining(), workers=ctx.workers, seed=ctx.seed)
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        ctx.record("fairness", "cpsat", solver.status_name(status), float("nan"), since)
        return slot_of
    ctx.record("fairness", "cpsat", solver.status_name(status), solver.objective_value, since)
    return read_slots(built, solver)


# ---- phase 4: gaps ---------------------------------------------------------------------


def _minimise_gaps(ctx: Context, slot_of: dict[int, int]) -> dict[int, int]:
    since = time.monotonic()
    search = Timetable(ctx, slot_of)
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
    ctx = Context(
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
        slot_of = greedy_slots(problem)
        stats["fallback"] = "greedy"
        if slot_of is None:
            return finish(None, Status.UNKNOWN, bound)
    else:
        slot_of = _refine(ctx, slot_of)
    ctx.report("weight", "weight phase done", weight=weight_of(problem, slot_of), bound=bound)
    slot_of = _minimise_gaps(ctx, slot_of)
    return finish(slot_of, Status.FEASIBLE, bound)
