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
- Crowding cuts, per slot and per pair of adjacent slots: with crowd[t] = the people surely
  busy at t when at their own minimum, ``sum_t (sum_{p in crowd[t]} x[p,t] + meetings at t
  touching nobody of crowd[t]) <= slots * capacity + nu``, nu = the most meetings that can be
  held inside the crowds (a tiny exact matching problem, or a counting bound).
- Symmetry breaking: repeated identical meetings of one pair, and the meetings of
  indistinguishable participants with a common host, are ordered in time.

These optional parts are built within a third of the time limit (sub-solves use
deterministic limits, so the model does not depend on the machine's load, only on how far the
build got).

The table capacity is what makes the benchmark hard: without it forum-13crafb's optimum is 5,
with it 6, and the extra break comes from slots around lunch being too crowded when every
participant keeps an unbroken day. Search (`Strategy`): core-based (CP-SAT's MaxSAT-like
bound search) with the LP off (the LP of break counting is useless: fractional x spread evenly
has no blocks) next to CP-SAT's default LP worker, plus CP-SAT's LNS helpers for schedules;
with one worker, the core search alone. See ``docs/scheduling-b2b.md`` for the measurements.

Status: OPTIMAL only when the gaps equal a proven lower bound (the larger of `gaps_bound`
and CP-SAT's own bound); FEASIBLE for a valid schedule above it; INFEASIBLE when CP-SAT (or
the per-participant check) proves that not every meeting fits; UNKNOWN on timeout without
a schedule.
"""

from __future__ import annotations

import itertools
import math
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

    #: CP-SAT subsolvers when running with more than one worker (empty: CP-SAT's choice).
    subsolvers: tuple[str, ...] = ("core", "default_lp")
    #: CP-SAT's linearization level for the default worker (0: no LP).
    linearization_level: int = 0
    #: Add the redundant interval / capacity constraints listed in the module docstring.
    redundant: bool = True
    #: Extra CP-SAT parameters by name.
    extra: tuple[tuple[str, float | int | bool], ...] = field(default=())


#: A second core-based worker, diversified (other seed, assumptions in reverse order), to
#: run next to CP-SAT's own "core" worker: the proof is luck-dependent, two tries beat one.
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
        extras_until=started + time_limit_s / 3,
    )
    if built.infeasible:
        return finish(Status.INFEASIBLE, None, 0.0, phase="model")
    remaining = max(0.0, time_limit_s - (time.monotonic() - started))
    solver = cp_model.CpSolver()
    params = solver.parameters
    params.max_time_in_seconds = remaining
    params.num_workers = max(1, workers)
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
    for name, value in strategy.extra:
        setattr(params, name, value)

    recorder = _Recorder(built, problem, started, own_bound, progress)
    solver.best_bound_callback = recorder.on_bound
    status = solver.solve(built.model, recorder)
    # CP-SAT's objective bound is proven even when no schedule was found.
    cp_bound = solver.best_objective_bound
    gaps_bound = float(max(own_bound, built.gaps_bound_from(cp_bound)))
    more = {
        "cp_status": solver.status_name(status),
        "branches": solver.num_branches,
        "conflicts": solver.num_conflicts,
    }
    if status == cp_model.INFEASIBLE:
        return finish(Status.INFEASIBLE, None, 0.0, **more)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return finish(Status.UNKNOWN, None, gaps_bound, **more)
    slots = built.slots_of(solver)
    gaps = built.gaps_of(solver)
    final = Status.OPTIMAL if gaps <= gaps_bound else Status.FEASIBLE
    if status == cp_model.OPTIMAL:
        gaps_bound = float(gaps)  # CP-SAT proved it (with any movable-pin tie-break).
        final = Status.OPTIMAL
    return finish(final, slots, gaps_bound, **more)


class _Model:
    """The CP-SAT model of the module docstring, built once per solve."""

    def __init__(
        self,
        problem: Problem,
        lower: dict[str, int],
        *,
        redundant: bool,
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
        self.zero: dict[str, cp_model.IntVar] = {}
        self.at_bound: dict[str, cp_model.IntVar] = {}
        #: Slots a participant is surely busy in when their gaps equal their own minimum.
        self.busy_at_bound: dict[str, frozenset[int]] = {}
        self.first: dict[str, cp_model.IntVar] = {}
        self.gaps: dict[str, cp_model.IntVar] = {}
        for participant in problem.participants:
            pid = participant.id
            self._add_person(pid, lower[pid], redundant=redundant)
        if redundant:
            self._add_capacity(redundant=True)
            if all(len(m.people) == 2 for m in problem.meetings) and self._extras_allowed():
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
            here = [(i, self.y[i][t]) for i in range(len(self.y)) if t in self.y[i]]
            if redundant:
                busy = [v[t] for v in self.x.values() if t in v]
                if busy:
                    model.add(sum(busy) <= people * len(problem.tables))
                continue
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
            self.at_bound[pid] = at_bound
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
        self.zero[pid] = zero
        self.first[pid] = first
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


class _Recorder(cp_model.CpSolverSolutionCallback):
    """Reports each improving schedule through the progress callback."""

    def __init__(
        self,
        built: _Model,
        problem: Problem,
        started: float,
        own_bound: int,
        progress: ProgressCallback | None,
    ) -> None:
        super().__init__()
        self._built = built
        self._problem = problem
        self._started = started
        self._own_bound = own_bound
        self._progress = progress
        self._best_bound = own_bound
        self._best_gaps: int | None = None

    def on_bound(self, objective_bound: float) -> None:
        """CP-SAT proved a better objective bound (reported even before any schedule)."""
        bound = max(self._own_bound, self._built.gaps_bound_from(objective_bound))
        if self._progress is None or bound <= self._best_bound:
            return
        self._best_bound = bound
        best = "none yet" if self._best_gaps is None else str(self._best_gaps)
        self._progress(
            Progress(
                elapsed_s=time.monotonic() - self._started,
                phase="all-required bound",
                scheduled=len(self._problem.meetings) if self._best_gaps is not None else None,
                bound=float(bound),
                message=f"gaps {best}, lower bound {bound}",
            )
        )

    def on_solution_callback(self) -> None:
        gaps = self._built.gaps_of(self)
        self._best_gaps = gaps
        if self._progress is None:
            return
        bound = max(self._own_bound, self._built.gaps_bound_from(self.best_objective_bound))
        self._best_bound = max(self._best_bound, bound)
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
