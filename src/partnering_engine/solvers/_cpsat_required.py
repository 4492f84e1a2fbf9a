"""All-required mode: every meeting held, fewest idle gaps, optional fairness bound d.

Model (CP-SAT, time-indexed, no table variables):

- ``y[m,t]`` (bool) meeting m is held in slot t, only for t in ``feasible_slots(m)``
  (fixed slot, allowed slots, everybody present available; a non-movable pin's slot);
  exactly one per meeting. ``slot[m] = sum_t t * y[m,t]`` (int) for precedences and the
  interval reasoning below.
- Capacity per slot, instead of per-table variables (tables of one kind are identical):
  at most ``len(tables)`` meetings, at most the tables of kind K for meetings needing K (plus
  non-movable pins sitting on a kind-K table), at most the interpreters of a pool. Hall's
  condition makes these sufficient; `assign_tables` then numbers the tables.
- ``x[p,t]`` (bool) p is in a meeting at t: ``x[p,t] = sum_{m of p} y[m,t]`` (so at most one
  meeting per person and slot) and ``sum_t x[p,t] = number of meetings of p``.
- Gaps, linear and exact: ``s[p,t] = x[p,t] and not x[p,t-1]`` (t-1 on the same day) starts a
  busy block; gaps of p = blocks - days with a meeting. No "idle before/after" auxiliaries.
- Fairness: ``lo <= gaps[p] <= lo + d`` for every participant (so max - min <= d).
- Precedences: ``slot[m] > slot[m']`` for m' in ``m.after``.
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
workers two independent one-worker core searches run in two threads (the main one taking one
core at a time, a "prover" with light core minimisation, which proves bounds sooner); they
share the best schedule and bound and all stop once the schedule meets the bound. Core search
reports no schedule before it is done, so when there is none at 70 % of the time limit a
plain one-worker search for schedules takes the prover's place. More workers go to the main
search (core plus CP-SAT's LNS helpers); with one worker, the main core search alone. See
``docs/scheduling-b2b.md``.

Status: OPTIMAL only when the gaps equal a proven lower bound (the larger of `gaps_bound`
and CP-SAT's own bound); FEASIBLE for a valid schedule above it; INFEASIBLE when CP-SAT (or
the per-participant check) proves that not every meeting fits; UNKNOWN on timeout without
a schedule.
"""

from __future__ import annotations

import itertools
import math
import threading
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from types import MappingProxyType

from ortools.sat.python import cp_model, cp_model_helper

from partnering_engine.gaps_bound import (
    participant_gap_bounds,
    single_day,
    surely_busy,
    zero_gap_windows,
)
from partnering_engine.metrics import evaluate
from partnering_engine.solvers.base import Progress, ProgressCallback
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


#: A second core-based worker, diversified (other seed, assumptions in reverse order), to
#: run next to CP-SAT's own "core" worker (the benchmark's ``twocores`` variant).
CORE_B = "core_b"

#: Share of the time limit after which a plain search for schedules takes the prover's place
#: if the core searches have none yet. Late, because the prover may still find the optimum:
#: forum-13crafb is optimal at 6-16 s of a 25 s limit on 9 of 10 seeds.
PRIMAL_AT = 0.7


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
    overbooked = [
        p.id
        for p in problem.participants
        if p.max_meetings is not None and len(problem.meetings_of[p.id]) > p.max_meetings
    ]
    if any(b is None for b in person_bounds.values()) or overbooked:
        return finish(Status.INFEASIBLE, None, 0.0, phase="per-participant check")
    lower = {pid: b or 0 for pid, b in person_bounds.items()}
    own_bound = sum(lower.values())
    stats["person_bound"] = own_bound

    # The optional parts of the model (small exact sub-problems) get at most a third of the
    # time; past that the model is built without them.
    built = _Model(
        problem,
        lower,
        redundant=strategy.redundant,
        crowding=strategy.crowding_cuts,
        extras_until=started + time_limit_s / 3,
    )
    if built.infeasible:
        return finish(Status.INFEASIBLE, None, 0.0, phase="model")
    remaining = max(0.0, time_limit_s - (time.monotonic() - started))
    shared = _Shared(built, problem, started, own_bound, progress)
    main_workers = max(1, workers)
    runs: list[_Run] = []
    if workers >= 2 and strategy.prover is not None:
        main_workers = workers - 1
        prover = _params(strategy, 1, seed)
        prover.optimize_with_core = True
        _set_all(prover, strategy.prover)
        runs.append(_Run("prover", built.model.clone(), prover, shared))
    runs.insert(0, _Run("main", built.model, _params(strategy, main_workers, seed), shared))
    stats["search"] = "+".join(run.name for run in runs)
    outcome = shared.run(runs, remaining, fallback=_params(strategy, 1, seed))
    # CP-SAT's objective bound is proven even when no schedule was found.
    gaps_bound = float(max(own_bound, built.gaps_bound_from(outcome.bound)))
    more: dict[str, object] = {
        "cp_status": ", ".join(f"{run.name} {run.status_name}" for run in outcome.runs),
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


def _set_all(
    params: cp_model_helper.SatParameters, values: Sequence[tuple[str, float | int | bool]]
) -> None:
    for name, value in values:
        setattr(params, name, value)


class _Model:
    """The CP-SAT model of the module docstring, built once per solve."""

    def __init__(
        self,
        problem: Problem,
        lower: dict[str, int],
        *,
        redundant: bool,
        crowding: bool = True,
        extras_until: float = math.inf,
    ) -> None:
        self.problem = problem
        self.model = cp_model.CpModel()
        self.infeasible = False
        self._extras_until = extras_until
        n_slots = len(problem.slots)
        model = self.model
        pins = problem.pin_by_meeting

        self.domains: list[tuple[int, ...]] = []
        self.y: list[dict[int, cp_model.IntVar]] = []
        self.slot: list[cp_model.IntVar] = []
        for i, meeting in enumerate(problem.meetings):
            domain = problem.feasible_slots(meeting)
            pin = pins.get(meeting.id)
            if pin is not None and not pin.movable:
                domain = tuple(t for t in domain if t == problem.slot_index[pin.slot])
            if not domain:
                self.infeasible = True
                return
            self.domains.append(domain)
            lits = {t: model.new_bool_var(f"y{i}_{t}") for t in domain}
            model.add_exactly_one(lits.values())
            self.y.append(lits)
            var = model.new_int_var_from_domain(cp_model.Domain.from_values(domain), f"slot{i}")
            model.add(var == sum(t * lit for t, lit in lits.items()))
            self.slot.append(var)

        self._add_capacity(redundant=False)
        for i, meeting in enumerate(problem.meetings):
            for earlier in meeting.after:
                model.add(self.slot[i] > self.slot[problem.meeting_index[earlier]])
        if redundant:
            for chain in _interchangeable_meetings(problem):
                for before, after in itertools.pairwise(chain):
                    model.add(self.slot[before] < self.slot[after])

        self.x: dict[str, dict[int, cp_model.IntVar]] = {}
        #: Slots a participant is surely busy in when their gaps equal their own minimum.
        self.busy_at_bound: dict[str, frozenset[int]] = {}
        self.gaps: dict[str, cp_model.IntVar] = {}
        for participant in problem.participants:
            pid = participant.id
            self._add_person(pid, lower[pid], redundant=redundant)
        if redundant:
            self._add_capacity(redundant=True)
            two_people = all(len(m.people) == 2 for m in problem.meetings)
            if crowding and two_people and self._extras_allowed():
                for length in (1, 2):
                    for t in range(n_slots - length + 1):
                        if self._extras_allowed():
                            self._add_crowding(range(t, t + length))

        lo = model.new_int_var(0, n_slots, "fair_lo")
        if problem.fairness_d is not None:
            if len(self.gaps) < len(problem.participants):
                model.add(lo == 0)  # someone with at most one meeting has no gap
            for expr in self.gaps.values():
                model.add(expr >= lo)
                model.add(expr <= lo + problem.fairness_d)

        total_gaps = cp_model.LinearExpr.sum(list(self.gaps.values()))
        movable = [p for p in problem.pins if p.movable]
        self.gap_weight = len(movable) + 1
        moved = [
            ~self.y[problem.meeting_index[p.meeting]][problem.slot_index[p.slot]]
            for p in movable
            if problem.slot_index[p.slot] in self.y[problem.meeting_index[p.meeting]]
        ]
        for p in movable:
            lits = self.y[problem.meeting_index[p.meeting]]
            if problem.slot_index[p.slot] in lits:
                model.add_hint(lits[problem.slot_index[p.slot]], 1)
        unmovable = len(movable) - len(moved)
        self.total_gaps = total_gaps
        model.minimize(self.gap_weight * total_gaps + cp_model.LinearExpr.sum(moved) + unmovable)

    def _add_capacity(self, *, redundant: bool) -> None:
        problem, model = self.problem, self.model
        kinds: dict[str, int] = {}
        for table in problem.tables:
            kinds[table.kind] = kinds.get(table.kind, 0) + 1
        pools = {pool.language: pool for pool in problem.interpreters}
        pins = problem.pin_by_meeting
        people = max((len(m.people) for m in problem.meetings), default=2)
        for t, slot in enumerate(problem.slots):
            if redundant:
                busy = [v[t] for v in self.x.values() if t in v]
                if busy:
                    model.add(sum(busy) <= people * len(problem.tables))
                continue
            here = [(i, self.y[i][t]) for i in range(len(self.y)) if t in self.y[i]]
            model.add(sum(lit for _, lit in here) <= len(problem.tables))
            if len(kinds) > 1:
                for kind, count in kinds.items():
                    needing = []
                    for i, lit in here:
                        meeting = problem.meetings[i]
                        pin = pins.get(meeting.id)
                        if pin is not None and not pin.movable:
                            if problem.tables[pin.table - 1].kind == kind:
                                needing.append(lit)
                        elif meeting.table_kind == kind:
                            needing.append(lit)
                    if needing:
                        model.add(sum(needing) <= count)
            for language, pool in pools.items():
                using = [lit for i, lit in here if problem.meetings[i].interpreter == language]
                if using:
                    model.add(sum(using) <= pool.capacity(slot.id))

    def _extras_allowed(self) -> bool:
        return time.monotonic() < self._extras_until

    def _add_crowding(self, window: range) -> None:
        """In each slot t of the window, everyone in crowd[t] (those surely busy at t when
        their gaps are at their own minimum) sits in some meeting. A meeting inside crowd[t]
        covers two of them, any other meeting at most one, so summed over the window:
        sum_t (sum_{p in crowd[t]} x[p,t] + meetings at t outside crowd[t])
          <= len(window) * capacity + nu,
        where nu bounds how many meetings can be held inside the crowds (a small exact
        problem: each meeting once, each person once per slot)."""
        problem, model = self.problem, self.model
        crowd = {t: {pid for pid, sure in self.busy_at_bound.items() if t in sure} for t in window}
        if sum(len(c) for c in crowd.values()) <= len(window) * len(problem.tables):
            return  # fewer crowd members than tables: the plain capacity says as much
        inside: list[tuple[int, int]] = []
        lhs: list[cp_model.IntVar] = []
        for t in window:
            lhs.extend(self.x[pid][t] for pid in sorted(crowd[t]))
            for i, m in enumerate(problem.meetings):
                if t not in self.y[i]:
                    continue
                if m.a in crowd[t] and m.b in crowd[t]:
                    inside.append((i, t))
                elif m.a not in crowd[t] and m.b not in crowd[t]:
                    lhs.append(self.y[i][t])
        nu = _max_inside(problem, inside)
        model.add(cp_model.LinearExpr.sum(lhs) <= len(window) * len(problem.tables) + nu)

    def _add_person(self, pid: str, lower: int, *, redundant: bool) -> None:
        problem, model = self.problem, self.model
        mine = problem.meetings_of[pid]
        busy: dict[int, cp_model.IntVar] = {}
        for t in sorted({t for i in mine for t in self.domains[i]}):
            var = model.new_bool_var(f"x{pid}_{t}")
            model.add(sum(self.y[i][t] for i in mine if t in self.y[i]) == var)
            busy[t] = var
        self.x[pid] = busy
        if len(mine) <= 1:
            return
        model.add(sum(busy.values()) == len(mine))
        day = problem.day_of_slot
        starts: list[cp_model.IntVar] = []
        for t, var in busy.items():
            before = busy.get(t - 1) if t > 0 and day[t - 1] == day[t] else None
            if before is None:
                starts.append(var)
                continue
            start = model.new_bool_var(f"s{pid}_{t}")
            model.add_implication(start, var)
            model.add_implication(start, ~before)
            model.add_bool_or([start, ~var, before])
            starts.append(start)
        days = sorted({day[t] for t in busy})
        flags: list[cp_model.IntVar] = []
        if len(days) > 1:
            for d in days:
                flag = model.new_bool_var(f"d{pid}_{d}")
                model.add_max_equality(flag, [v for t, v in busy.items() if day[t] == d])
                flags.append(flag)
        days_used = cp_model.LinearExpr.sum(flags) if flags else 1
        gaps = model.new_int_var(lower, len(problem.slots), f"gaps{pid}")
        model.add(gaps == cp_model.LinearExpr.sum(starts) - days_used)
        self.gaps[pid] = gaps
        domains = [self.domains[i] for i in mine]
        if redundant and single_day(problem, domains):
            self._add_interval_reasoning(pid, mine, domains, gaps, busy)
            at_bound = model.new_bool_var(f"atlb{pid}")
            model.add(gaps == lower).only_enforce_if(at_bound)
            model.add(gaps >= lower + 1).only_enforce_if(~at_bound)
            sure = surely_busy(problem, domains, lower) if self._extras_allowed() else frozenset()
            for t in sure:
                model.add_implication(at_bound, busy[t])
            self.busy_at_bound[pid] = sure

    def _add_interval_reasoning(
        self,
        pid: str,
        mine: Sequence[int],
        domains: Sequence[Sequence[int]],
        gaps: cp_model.IntVar,
        busy: dict[int, cp_model.IntVar],
    ) -> None:
        model = self.model
        n = len(mine)
        slots = [self.slot[i] for i in mine]
        model.add_all_different(slots)
        lowest, highest = min(busy), max(busy)
        first = model.new_int_var(lowest, highest, f"first{pid}")
        last = model.new_int_var(lowest, highest, f"last{pid}")
        model.add_min_equality(first, slots)
        model.add_max_equality(last, slots)
        model.add(last - first + 1 >= n + gaps)
        zero = model.new_bool_var(f"zero{pid}")
        model.add(gaps == 0).only_enforce_if(zero)
        model.add(gaps >= 1).only_enforce_if(~zero)
        model.add(gaps + zero >= 1)
        model.add(last - first + 1 == n).only_enforce_if(zero)
        windows = zero_gap_windows(domains, len(self.problem.slots))
        if not windows:
            model.add(zero == 0)
            return
        model.add(first >= windows[0]).only_enforce_if(zero)
        model.add(first <= windows[-1]).only_enforce_if(zero)
        # One literal per possible gap-free window: the clause learning then reasons about
        # which window each participant takes (forum-13crafb's sixth break needs this).
        chosen = [model.new_bool_var(f"win{pid}_{f}") for f in windows]
        model.add(sum(chosen) == zero)
        for f, in_window in zip(windows, chosen, strict=True):
            model.add(first == f).only_enforce_if(in_window)
            for t, var in busy.items():
                model.add_implication(in_window, var if f <= t < f + n else ~var)
        common = range(windows[-1], windows[0] + n)
        anywhere = {t for f in windows for t in range(f, f + n)}
        for t, var in busy.items():
            if t in common:
                model.add_implication(zero, var)
            if t not in anywhere:
                model.add_implication(zero, ~var)

    def slots_of(
        self, solver: cp_model.CpSolver | cp_model.CpSolverSolutionCallback
    ) -> dict[str, str]:
        problem = self.problem
        return {
            m.id: problem.slots[solver.value(self.slot[i])].id
            for i, m in enumerate(problem.meetings)
        }

    def gaps_bound_from(self, objective_bound: float) -> int:
        """Gaps lower bound implied by a bound on the objective (gap_weight * gaps + moved,
        with at most gap_weight - 1 moved pins)."""
        if not math.isfinite(objective_bound):
            return 0
        return max(0, math.ceil((objective_bound - (self.gap_weight - 1)) / self.gap_weight - 1e-9))

    def gaps_of(self, solver: cp_model.CpSolver | cp_model.CpSolverSolutionCallback) -> int:
        return int(solver.value(self.total_gaps))


def _interchangeable_meetings(problem: Problem) -> list[list[int]]:
    """Chains of meetings whose order in time can be fixed without losing any schedule or
    changing any gap count (symmetry breaking):

    - the same pair meeting several times with identical options;
    - participants who are indistinguishable (same partners with the same meeting options,
      same unavailability and limits), e.g. seven one-meeting guests of one host: their
      meetings with a common partner p are sorted in time (p holds them in distinct slots).

    Only plain meetings take part: no attendees, pins, precedences or fixed slots."""
    pinned = set(problem.pin_by_meeting)
    ordered = {m.id for m in problem.meetings if m.after} | {
        earlier for m in problem.meetings for earlier in m.after
    }

    def plain(i: int) -> bool:
        m = problem.meetings[i]
        return not (m.attendees or m.fixed_slot or m.id in pinned or m.id in ordered)

    def options(i: int) -> str:
        m = problem.meetings[i]
        allowed = None if m.allowed_slots is None else sorted(m.allowed_slots)
        return repr((allowed, m.table_kind, m.interpreter, m.weight))

    def partner(i: int, pid: str) -> str:
        m = problem.meetings[i]
        return m.b if m.a == pid else m.a

    chains: list[list[int]] = []
    by_pair: dict[tuple[str, str, str], list[int]] = defaultdict(list)
    for i, m in enumerate(problem.meetings):
        if plain(i):
            low, high = sorted((m.a, m.b))
            by_pair[(low, high, options(i))].append(i)
    chains.extend(group for group in by_pair.values() if len(group) > 1)

    participants = {p.id: p for p in problem.participants}
    by_signature: dict[tuple[object, ...], list[str]] = defaultdict(list)
    partners_of: dict[str, list[str]] = {}
    for pid, mine in problem.meetings_of.items():
        if not mine or not all(plain(i) for i in mine):
            continue
        entries = tuple(sorted((partner(i, pid), options(i)) for i in mine))
        who = participants[pid]
        by_signature[(entries, tuple(sorted(who.unavailable)), who.max_meetings)].append(pid)
        partners_of[pid] = [entry[0] for entry in entries]
    for group in by_signature.values():
        if len(group) < 2:
            continue
        partners = partners_of[group[0]]
        hosts = [p for p in partners if partners.count(p) == 1 and p not in group]
        if not hosts:
            continue
        chain: list[int] = []
        for pid in group:
            chain.extend(i for i in problem.meetings_of[pid] if partner(i, pid) == hosts[0])
        chains.append(chain)
    return chains


def _max_inside(problem: Problem, inside: Sequence[tuple[int, int]]) -> int:
    """Most (meeting, slot) pairs of `inside` usable at once: each meeting at most once, each
    person in at most one meeting per slot (an upper bound if the tiny model times out)."""
    if not inside:
        return 0
    model = cp_model.CpModel()
    chosen = [model.new_bool_var(f"u{k}") for k in range(len(inside))]
    per_meeting: dict[int, list[cp_model.IntVar]] = {}
    per_person: dict[tuple[str, int], list[cp_model.IntVar]] = {}
    for (i, t), var in zip(inside, chosen, strict=True):
        per_meeting.setdefault(i, []).append(var)
        for person in problem.meetings[i].people:
            per_person.setdefault((person, t), []).append(var)
    for lits in [*per_meeting.values(), *per_person.values()]:
        model.add_at_most_one(lits)
    model.maximize(cp_model.LinearExpr.sum(chosen))
    solver = cp_model.CpSolver()
    # Deterministic time: the model must not depend on how busy the machine is.
    solver.parameters.max_deterministic_time = 0.5
    solver.parameters.num_workers = 1
    status = solver.solve(model)
    if status == cp_model.OPTIMAL:
        return round(solver.objective_value)
    # Without a proof, a count that surely is not exceeded: each meeting once, and per slot
    # at most half the people present.
    per_slot: dict[int, set[str]] = defaultdict(set)
    for i, t in inside:
        per_slot[t].update(problem.meetings[i].people)
    return min(len(per_meeting), sum(len(people) // 2 for people in per_slot.values()))


@dataclass(slots=True)
class _Outcome:
    """What the searches of one solve found together."""

    runs: list[_Run]
    #: Best proven bound on the CP-SAT objective (gap_weight * gaps + moved pins).
    bound: float
    infeasible: bool
    #: A search proved its schedule optimal itself (CP-SAT status OPTIMAL).
    proven: bool
    slots: dict[str, str] | None
    gaps: int | None
    found_by: str | None


class _Run(cp_model.CpSolverSolutionCallback):
    """One CP-SAT search on (a copy of) the model, in its own thread."""

    def __init__(
        self,
        name: str,
        model: cp_model.CpModel,
        params: cp_model_helper.SatParameters,
        shared: _Shared,
    ) -> None:
        super().__init__()
        self.name = name
        self.model = model
        self.solver = cp_model.CpSolver()
        self.solver.parameters = params
        self.solver.best_bound_callback = self._on_bound
        self._shared = shared
        self.status: cp_model.CpSolverStatus = cp_model.UNKNOWN
        self.status_name = "NOT_STARTED"
        self.branches = 0
        self.conflicts = 0
        self.thread = threading.Thread(target=self._solve, name=f"all-required-{name}")

    def _solve(self) -> None:
        try:
            self.status = self.solver.solve(self.model, self)
            self.status_name = self.solver.status_name(self.status)
            self.branches = self.solver.num_branches
            self.conflicts = self.solver.num_conflicts
        finally:
            self._shared.finished.set()

    def _on_bound(self, objective_bound: float) -> None:
        self._shared.on_bound(objective_bound)

    def on_solution_callback(self) -> None:
        self._shared.on_solution(self)

    def stop(self) -> None:
        self.solver.stop_search()


class _Shared:
    """Best schedule and bound over the searches of one solve; stops them all once the
    schedule meets the bound, and reports progress."""

    def __init__(
        self,
        built: _Model,
        problem: Problem,
        started: float,
        own_bound: int,
        progress: ProgressCallback | None,
    ) -> None:
        self._built = built
        self._problem = problem
        self._started = started
        self._own_bound = own_bound
        self._progress = progress
        self._lock = threading.RLock()
        self._runs: list[_Run] = []
        self.finished = threading.Event()
        self.bound = 0.0  # the objective is never negative
        self._reported_bound = own_bound
        self.objective: float | None = None
        self.slots: dict[str, str] | None = None
        self.gaps: int | None = None
        self.found_by: str | None = None

    def run(
        self,
        runs: list[_Run],
        time_limit_s: float,
        *,
        fallback: cp_model_helper.SatParameters,
        primal_after_s: float | None = None,
    ) -> _Outcome:
        """Run the searches in parallel within the time limit. Core-based search reports no
        schedule before it is done, so if there is none at `PRIMAL_AT` of the time (large
        problems) and the main search has no LNS workers, a plain one-worker search for
        schedules takes the prover's place (after `primal_after_s` if given)."""
        deadline = time.monotonic() + time_limit_s
        if primal_after_s is None:
            primal_after_s = time_limit_s * PRIMAL_AT
        primal_at = time.monotonic() + primal_after_s
        self._runs = list(runs)
        for run in runs:
            run.solver.parameters.max_time_in_seconds = time_limit_s
            run.thread.start()
        while any(run.thread.is_alive() for run in self._runs):
            self.finished.wait(timeout=0.05)
            self.finished.clear()
            with self._lock:
                if any(
                    not run.thread.is_alive()
                    and run.status in (cp_model.OPTIMAL, cp_model.INFEASIBLE)
                    for run in self._runs
                ):
                    self._stop_all()
            if time.monotonic() >= primal_at:
                primal_at = math.inf
                self._replace_prover(deadline, fallback)
        for run in self._runs:
            run.thread.join()
            if run.status in (cp_model.OPTIMAL, cp_model.FEASIBLE, cp_model.UNKNOWN):
                self.bound = max(self.bound, run.solver.best_objective_bound)
        infeasible = any(run.status == cp_model.INFEASIBLE for run in self._runs)
        proven = any(
            run.status == cp_model.OPTIMAL
            and self.objective is not None
            and self.objective <= run.solver.objective_value
            for run in self._runs
        )
        return _Outcome(
            runs=self._runs,
            bound=self.bound,
            infeasible=infeasible,
            proven=proven,
            slots=self.slots,
            gaps=self.gaps,
            found_by=self.found_by,
        )

    def _replace_prover(self, deadline: float, params: cp_model_helper.SatParameters) -> None:
        """The prover makes way for a plain one-worker search for schedules (its bound so far
        is kept), unless there is a schedule or the main search has LNS workers."""
        with self._lock:
            prover = next((run for run in self._runs if run.name == "prover"), None)
            main = self._runs[0]
            if (
                self.slots is not None
                or prover is None
                or not prover.thread.is_alive()
                or not main.thread.is_alive()
                or main.solver.parameters.num_workers > 1
            ):
                return
            prover.stop()
        prover.thread.join()
        with self._lock:
            remaining = deadline - time.monotonic()
            if self.slots is not None or remaining <= 0 or not main.thread.is_alive():
                return
            params.optimize_with_core = False
            params.max_time_in_seconds = remaining
            primal = _Run("primal", self._built.model.clone(), params, self)
            self._runs.append(primal)
            primal.thread.start()

    def _stop_all(self) -> None:
        for run in self._runs:
            run.stop()

    def _check(self) -> None:
        if self.objective is not None and self.objective <= self.bound:
            self._stop_all()

    def on_bound(self, objective_bound: float) -> None:
        """A search proved a better objective bound (reported even before any schedule)."""
        with self._lock:
            self.bound = max(self.bound, objective_bound)
            self._check()
            bound = max(self._own_bound, self._built.gaps_bound_from(self.bound))
            if self._progress is None or bound <= self._reported_bound:
                return
            self._reported_bound = bound
            best = "none yet" if self.gaps is None else str(self.gaps)
            self._progress(
                Progress(
                    elapsed_s=time.monotonic() - self._started,
                    phase="all-required bound",
                    scheduled=len(self._problem.meetings) if self.gaps is not None else None,
                    bound=float(bound),
                    message=f"gaps {best}, lower bound {bound}",
                )
            )

    def on_solution(self, run: _Run) -> None:
        with self._lock:
            objective = run.objective_value
            if self.objective is not None and objective >= self.objective:
                return
            self.objective = objective
            self.slots = self._built.slots_of(run)
            self.gaps = gaps = self._built.gaps_of(run)
            self.found_by = run.name
            self.bound = max(self.bound, run.best_objective_bound)
            self._check()
            if self._progress is None:
                return
            bound = max(self._own_bound, self._built.gaps_bound_from(self.bound))
            self._reported_bound = max(self._reported_bound, bound)
            self._progress(
                Progress(
                    elapsed_s=time.monotonic() - self._started,
                    phase="all-required",
                    scheduled=len(self._problem.meetings),
                    bound=float(bound),
                    gap=(gaps - bound) / gaps if gaps else 0.0,
                    message=f"gaps {gaps}, lower bound {bound}",
                )
            )
