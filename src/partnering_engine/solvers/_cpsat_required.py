"""All-required mode: every meeting held, fewest idle gaps, optional fairness bound d.

Model (CP-SAT, time-indexed, no table variables):

- ``y[m,t]`` (bool) meeting m is held in slot t, only for t in the rules' domain
  (`partnering_engine.rules`: fixed slot, allowed slots, everybody present available; a
  non-movable pin's slot; what pins and precedences imply); exactly one per meeting.
  ``slot[m] = sum_t t * y[m,t]`` (int) for precedences and the interval reasoning below.
- Capacity per slot, instead of per-table variables (tables of one kind are identical):
  the rules' pooled limits, i.e. at most ``len(tables)`` meetings, at most the tables of kind
  K for meetings needing K (plus non-movable pins sitting on a kind-K table), at most the
  interpreters of a pool. Hall's condition makes these sufficient; `assign_tables` then
  numbers the tables.
- ``x[p,t]`` (bool) p is in a meeting at t: ``x[p,t] = sum_{m of p} y[m,t]`` (so at most one
  meeting per person and slot) and ``sum_t x[p,t] = number of meetings of p``.
- Gaps, linear and exact: ``s[p,t] = x[p,t] and not x[p,t-1]`` (t-1 on the same day) starts a
  busy block; gaps of p = blocks - days with a meeting. No "idle before/after" auxiliaries.
- Fairness: ``lo <= gaps[p] <= lo + d`` for every participant (so max - min <= d).
- Precedences: ``slot[m] > slot[m']`` for each of the rules' order pairs (m', m).
- Objective: minimise total gaps (movable pins: then fewest moved, weighted below one gap).

Redundant constraints (they do not change the solutions, they make the proofs short):

- ``gaps[p] >= lb[p]``: each participant's own exact minimum (`gaps_bound`).
- per-participant ``all_different(slot[m] for m of p)``, ``first[p] = min slot``,
  ``last[p] = max slot``, ``last - first + 1 >= meetings + gaps`` (single-day participants).
- ``zero[p] <=> gaps[p] == 0``, and then ``last - first + 1 == meetings`` and p is busy in
  every slot common to all windows its meetings could fill without a gap, idle outside all
  of them (`gaps_bound.zero_gap_windows`); one boolean per such window (exactly one is true
  iff ``zero[p]``) fixes p's busy slots, which gives the search a literal per choice of window.
- ``sum_p x[p,t] <= (people per meeting) * capacity``: the per-slot capacity in person-slots,
  which ties the interval reasoning above to the tables.
- ``atlb[p] <=> gaps[p] == lb[p]``, and then p is busy in every slot busy in all of their
  arrangements with exactly lb[p] gaps (`gaps_bound.surely_busy`).
- Crowding cuts (optional, off in the default `Strategy`), per slot and per pair of adjacent
  slots: with crowd[t] = the people surely busy at t when at their own minimum,
  ``sum_t (sum_{p in crowd[t]} x[p,t] + meetings at t touching nobody of crowd[t])
  <= slots * capacity + nu``, nu = the most meetings that can be held inside the crowds (a tiny
  exact matching problem, or a counting bound).
- Symmetry breaking: repeated identical meetings of one pair, and the meetings of
  indistinguishable participants with a common host, are ordered in time.

These optional parts are built within a third of the time limit (sub-solves use
deterministic limits, so the model does not depend on the machine's load, only on how far the
build got).

The table capacity is what makes the benchmark hard: without it forum-13crafb's optimum is 5,
with it 6, and the extra break comes from slots around lunch being too crowded when every
participant keeps an unbroken day. Search (`Strategy`): core-based (CP-SAT's MaxSAT-like
bound search) with the LP off (the LP of break counting is useless: fractional x spread evenly
has no blocks). Core search finds the schedule itself right after its last core, so with two
workers and no SAT search (below) two independent one-worker core searches run in two
threads (the main one taking one core at a time, a "prover" with light core minimisation,
which proves bounds sooner); they share the best schedule and bound and all stop once the
schedule meets the bound. Core search
reports no schedule before it is done, so when there is none at 70 % of the time limit a
plain one-worker search for schedules takes the prover's place. More workers go to the main
search (core plus CP-SAT's LNS helpers); with one worker, the main core search alone.

With two or more workers and no movable pins, the incremental SAT search of `_sat_required`
(the same rules as clauses plus implied counts, CaDiCaL, bounds on the total by
assumptions) runs beside one core search with the prover's settings (`Strategy.sat`,
`Strategy.prover_with_sat`): it starts in a worker process once the core search has used
`Strategy.sat_after_cpu_s` CPU seconds without finishing, has a schedule within a second
where core search has none (crafted instances with forbidden slots and fixed meetings), and
asks for schedules at the proven bound and below its best one. The searches pass their
bounds and schedules to each other (`_required_portfolio`). See ``docs/scheduling-b2b.md``.

Status: OPTIMAL only when the gaps equal a proven lower bound (the largest of `gaps_bound`,
CP-SAT's own bound and the SAT search's); FEASIBLE for a valid schedule above it; INFEASIBLE
when CP-SAT, the SAT search or the per-participant check proves that not every meeting fits;
UNKNOWN on timeout without a schedule.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from types import MappingProxyType

from ortools.sat.python import cp_model_helper

from partnering_engine.gaps_bound import participant_gap_bounds
from partnering_engine.metrics import evaluate
from partnering_engine.rules import compile_rules
from partnering_engine.solvers._cpsat_required_model import (
    RequiredModel,
    interchangeable_meetings,
)
from partnering_engine.solvers._required_portfolio import Run, Shared
from partnering_engine.solvers._sat_required import SatModel, SatSearch
from partnering_engine.solvers.base import ProgressCallback
from partnering_engine.solvers.tables import assign_tables
from partnering_engine.types import Problem, Solution, Status

__all__ = ["Strategy", "solve_all_required"]

SOLVER_NAME = "cpsat"


@dataclass(frozen=True, slots=True)
class Strategy:
    """Search settings (the benchmark compares several; the default is the measured best)."""

    #: CP-SAT subsolvers of the main search when it has more than one worker (empty: CP-SAT's
    #: choice); with one worker, core-based search if "core" is listed.
    subsolvers: tuple[str, ...] = ("core", "default_lp")
    #: CP-SAT's linearization level for the default worker (0: no LP).
    linearization_level: int = 0
    #: Add the redundant interval / capacity constraints listed in the module docstring.
    redundant: bool = True
    #: With `redundant`: add the crowding cuts too. Off since the third session: with the
    #: two-search portfolio forum-13crafb was optimal on 20 of 20 seeds without them (mean
    #: 10.9 s, slowest 21.4 s) and on 19 of 20 with them (mean 12.4 s of the 19).
    crowding_cuts: bool = False
    #: Extra CP-SAT parameters of the main search by name. One core at a time
    #: (``find_multiple_cores`` off) found forum-13crafb's optimum in 13.5-19.6 CPU s instead
    #: of 21-23 (single worker, seeds 0-2; docs/scheduling-b2b.md, third session).
    extra: tuple[tuple[str, float | int | bool], ...] = field(
        default=(("find_multiple_cores", False),)
    )
    #: With two or more workers: CP-SAT parameters of a second, independent one-worker
    #: core-based search (the "prover") run in its own thread next to the main search, which
    #: then gets the other workers; the two share the best schedule and the best bound, and
    #: stop as soon as the schedule meets the bound. Light core minimisation proves
    #: forum-13crafb's bound 6 in 3-5 CPU s (11-13 with the default). None: one CP-SAT search
    #: with all the workers.
    prover: tuple[tuple[str, float | int | bool], ...] | None = field(
        default=(("core_minimization_level", 1),)
    )
    #: Run the SAT search (`_sat_required`) in a worker process next to the CP-SAT searches.
    sat: bool = True
    #: With the SAT search and two workers: keep the main core search and the prover
    #: (three searches on two workers). Off since the SAT model has the implied counts:
    #: then one core search with the prover's settings runs beside the SAT search, each on
    #: a whole core instead of two thirds. The SAT search alone now proves forum-13crafb in
    #: ~12 CPU s (it needed ~40, which the main search hedged) and the crafted instances in
    #: 2.6-15; the prover won 12 of the 14 easy instances in the three-search portfolio.
    #: Load 2-3, 40 s limit: forum-13crafb seeds 0-7 optimal in 7.0-18.0 s (three searches,
    #: seeds 0-1: 14.1 and 38.6 s; main + SAT: 13-60 s), ticf-13crafb 11.1-16.6 s,
    #: tic-13crafc 16.1 s (optimum 4, never proven before). See docs/scheduling-b2b.md.
    prover_with_sat: bool = False
    #: The SAT search starts once the CP-SAT searches have used this many CPU seconds.
    #: Easy instances (CP-SAT optimal in 0.5-2.5 CPU s: tic-*, forumt-*, forum-13) are
    #: then done before it, which on a crowded machine was the
    #: difference between optimal and not (forumt-14crafe: 8.8 s without the SAT search,
    #: 37 breaks at 25 s with it from the start, load 13-14); the crafted instances it is
    #: for lose about 1.5 s of a quiet machine.
    sat_after_cpu_s: float = 3.0


#: A second core-based worker, diversified (other seed, assumptions in reverse order), to
#: run next to CP-SAT's own "core" worker (the benchmark's ``twocores`` variant).
CORE_B = "core_b"


def solve_all_required(
    problem: Problem,
    *,
    time_limit_s: float,
    seed: int,
    workers: int = 2,
    progress: ProgressCallback | None = None,
    strategy: Strategy | None = None,
) -> Solution:
    """Schedule every meeting with the fewest gaps (see the module docstring)."""
    started = time.monotonic()
    strategy = strategy or Strategy()
    stats: dict[str, object] = {"solver": SOLVER_NAME, "workers": workers, "seed": seed}

    def finish(
        status: Status, slots: dict[str, str] | None, bound: float, **more: object
    ) -> Solution:
        stats.update(more)
        stats["wall_s"] = round(time.monotonic() - started, 3)
        if slots is None:
            return Solution(
                assignments=(),
                unscheduled=tuple(m.id for m in problem.meetings),
                status=status,
                bound=MappingProxyType({"gaps": bound}) if status is not Status.INFEASIBLE else {},
                stats=MappingProxyType(stats),
            )
        assignments = assign_tables(problem, slots)
        objective = evaluate(problem, assignments).objective()
        return Solution(
            assignments=assignments,
            unscheduled=(),
            status=status,
            objective=MappingProxyType(objective),
            bound=MappingProxyType({"gaps": bound}),
            stats=MappingProxyType(stats),
        )

    person_bounds = participant_gap_bounds(problem)
    # Every meeting is held, so a binding quota (max_meetings) cannot be kept.
    overbooked = compile_rules(problem).quotas
    if any(b is None for b in person_bounds.values()) or overbooked:
        return finish(Status.INFEASIBLE, None, 0.0, phase="per-participant check")
    lower = {pid: b or 0 for pid, b in person_bounds.items()}
    own_bound = sum(lower.values())
    stats["person_bound"] = own_bound

    # The optional parts of the model (small exact sub-problems) get at most a third of the
    # time; past that the model is built without them.
    built = RequiredModel(
        problem,
        lower,
        redundant=strategy.redundant,
        crowding=strategy.crowding_cuts,
        extras_until=started + time_limit_s / 3,
    )
    if built.infeasible:
        return finish(Status.INFEASIBLE, None, 0.0, phase="model")
    shared = Shared(built, problem, started, own_bound, progress)
    sat: SatSearch | None = None
    if strategy.sat and workers >= 2 and SatModel.applicable(problem):
        chains = interchangeable_meetings(problem) if strategy.redundant else []
        busy_at_bound = built.busy_at_bound
        sat = SatSearch(
            lambda: SatModel(problem, lower, chains, busy_at_bound),
            shared.on_sat_bound,
            shared.on_sat_schedule,
        )
    remaining = max(0.0, time_limit_s - (time.monotonic() - started))
    main_workers = max(1, workers)
    runs: list[Run] = []
    main = _params(strategy, main_workers, seed)
    if sat is not None and (strategy.prover is None or not strategy.prover_with_sat):
        main_workers = workers - 1
        main = _params(strategy, main_workers, seed)
        if main_workers == 1 and strategy.prover is not None:
            main = _prover_params(strategy, seed)  # the SAT search hedges its tail
    elif workers >= 2 and strategy.prover is not None:
        main_workers = workers - 1
        main = _params(strategy, main_workers, seed)
        runs.append(Run("prover", built.model.clone(), _prover_params(strategy, seed), shared))
    runs.insert(0, Run("main", built.model, main, shared))
    stats["search"] = "+".join([*(run.name for run in runs), *(["sat"] if sat else [])])
    outcome = shared.run(
        runs,
        remaining,
        fallback=_params(strategy, 1, seed),
        sat=sat,
        sat_after_cpu_s=strategy.sat_after_cpu_s,
    )
    # CP-SAT's objective bound is proven even when no schedule was found.
    gaps_bound = float(max(own_bound, built.gaps_bound_from(outcome.bound)))
    more: dict[str, object] = {
        "cp_status": ", ".join(
            [
                *(f"{run.name} {run.status_name}" for run in outcome.runs),
                *([f"sat {sat.status_name}"] if sat else []),
            ]
        ),
        "branches": sum(run.branches for run in outcome.runs),
        "conflicts": sum(run.conflicts for run in outcome.runs),
    }
    if outcome.infeasible:
        return finish(Status.INFEASIBLE, None, 0.0, **more)
    if outcome.slots is None or outcome.gaps is None:
        return finish(Status.UNKNOWN, None, gaps_bound, **more)
    more["schedule_from"] = outcome.found_by
    final = Status.OPTIMAL if outcome.gaps <= gaps_bound else Status.FEASIBLE
    if outcome.proven:
        gaps_bound = float(outcome.gaps)  # proved (with any movable-pin tie-break).
        final = Status.OPTIMAL
    return finish(final, outcome.slots, gaps_bound, **more)


def _params(strategy: Strategy, workers: int, seed: int) -> cp_model_helper.SatParameters:
    """CP-SAT parameters of a search with `workers` workers (time limit set by the caller)."""
    params = cp_model_helper.SatParameters()
    params.num_workers = workers
    params.random_seed = seed
    params.linearization_level = strategy.linearization_level
    if workers <= 1:
        params.optimize_with_core = "core" in strategy.subsolvers
    elif strategy.subsolvers:
        params.subsolvers.extend(strategy.subsolvers)
        if CORE_B in strategy.subsolvers:
            second = cp_model_helper.SatParameters()
            second.name = CORE_B
            second.optimize_with_core = True
            second.linearization_level = 0
            second.random_seed = seed + 7919
            second.max_sat_reverse_assumption_order = True
            params.subsolver_params.append(second)
    _set_all(params, strategy.extra)
    return params


def _prover_params(strategy: Strategy, seed: int) -> cp_model_helper.SatParameters:
    """The one-worker core search with `Strategy.prover`'s settings."""
    prover = _params(strategy, 1, seed)
    prover.optimize_with_core = True
    _set_all(prover, strategy.prover or ())
    return prover


def _set_all(
    params: cp_model_helper.SatParameters, values: Sequence[tuple[str, float | int | bool]]
) -> None:
    for name, value in values:
        setattr(params, name, value)
