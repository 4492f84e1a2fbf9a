"""The CP-SAT model of the all-required mode (its statement is the docstring of
`_cpsat_required`), and the small exact helpers it uses: interchangeable meetings for symmetry
breaking and the matching bound of the crowding cuts."""

from __future__ import annotations

import itertools
import math
import time
from collections import defaultdict
from collections.abc import Sequence

from ortools.sat.python import cp_model

from partnering_engine.gaps_bound import single_day, surely_busy, zero_gap_windows
from partnering_engine.rules import Rules, compile_rules
from partnering_engine.rules import cpsat as cpsat_rules
from partnering_engine.types import Problem

__all__ = ["RequiredModel", "interchangeable_meetings"]


class RequiredModel:
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
        self.rules = rules = compile_rules(problem)

        self.domains: list[tuple[int, ...]] = []
        self.y: list[dict[int, cp_model.IntVar]] = []
        self.slot: list[cp_model.IntVar] = []
        for i, domain in enumerate(rules.domains):
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

        # People are limited through their "busy" variables (`_add_person`).
        cpsat_rules.add_limits(model, rules, self.y, skip=("person",))
        cpsat_rules.add_order_on_slots(model, rules, self.slot)
        if redundant:
            for chain in interchangeable_meetings(problem):
                for before, after in itertools.pairwise(chain):
                    model.add(self.slot[before] < self.slot[after])

        self.x: dict[str, dict[int, cp_model.IntVar]] = {}
        #: Slots a participant is surely busy in when their gaps equal their own minimum.
        self.busy_at_bound: dict[str, frozenset[int]] = {}
        self.gaps: dict[str, cp_model.IntVar] = {}
        for k, participant in enumerate(problem.participants):
            pid = participant.id
            self._add_person(k, pid, lower[pid], redundant=redundant)
        if redundant:
            self._add_person_slots()
            two_people = all(len(people) == 2 for people in rules.people)
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
        # Movable pins: keep each published slot when possible (one moved pin weighs less
        # than one gap).
        movable = rules.preferred
        self.gap_weight = len(movable) + 1
        kept = [self.y[i][t] for i, t in movable.items() if t in self.y[i]]
        moved = [~lit for lit in kept]
        for lit in kept:
            model.add_hint(lit, 1)
        unmovable = len(movable) - len(moved)
        self.total_gaps = total_gaps
        model.minimize(self.gap_weight * total_gaps + cp_model.LinearExpr.sum(moved) + unmovable)

    def _add_person_slots(self) -> None:
        """Redundant: per slot, busy people at most people per meeting times the tables."""
        rules, model = self.rules, self.model
        people = max(map(len, rules.people), default=2)
        for t in range(rules.n_slots):
            busy = [v[t] for v in self.x.values() if t in v]
            if busy:
                model.add(sum(busy) <= people * rules.table_capacity[t])

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
        capacity = sum(self.rules.table_capacity[t] for t in window)
        crowd = {t: {pid for pid, sure in self.busy_at_bound.items() if t in sure} for t in window}
        if sum(len(c) for c in crowd.values()) <= capacity:
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
        nu = _max_inside(self.rules, inside)
        model.add(cp_model.LinearExpr.sum(lhs) <= capacity + nu)

    def _add_person(self, k: int, pid: str, lower: int, *, redundant: bool) -> None:
        """Participant k's person limit as "busy" booleans ``x``, then their gaps."""
        problem, model = self.problem, self.model
        mine = self.rules.meetings_of[k]
        self.x[pid] = busy = cpsat_rules.add_usage(model, self.rules, self.y, k, f"x{pid}")
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


def interchangeable_meetings(problem: Problem) -> list[list[int]]:
    """Chains of meetings whose order in time can be fixed without losing any schedule or
    changing any gap count (symmetry breaking):

    - the same pair meeting several times with identical options;
    - participants who are indistinguishable (same partners with the same meeting options,
      same unavailability and quota), e.g. seven one-meeting guests of one host: their
      meetings with a common partner p are sorted in time (p holds them in distinct slots).

    A meeting's options are what the compiled rules say of it: its domain (which holds
    everyone's availability, allowed and fixed slots) and its pooled limits (table kind,
    interpreter pool), plus its weight. Only plain meetings take part: two people, no pin,
    no precedence."""
    rules = compile_rules(problem)
    n_people = rules.n_people  # limits below this index are the person limits
    ids = [p.id for p in problem.participants]

    def plain(i: int) -> bool:
        pinned = i in rules.fixed or i in rules.preferred
        return len(rules.people[i]) == 2 and not (pinned or rules.before[i] or rules.after[i])

    def options(i: int) -> tuple[object, ...]:
        pooled = tuple(row for row in rules.limits_of[i] if row >= n_people)
        return (rules.domains[i], pooled, problem.meetings[i].weight)

    def partner(i: int, k: int) -> str:
        a, b = rules.people[i]
        return ids[b if a == k else a]

    chains: list[list[int]] = []
    by_pair: dict[tuple[object, ...], list[int]] = defaultdict(list)
    for i, people in enumerate(rules.people):
        if plain(i):
            by_pair[(*sorted(ids[k] for k in people), options(i))].append(i)
    chains.extend(group for group in by_pair.values() if len(group) > 1)

    quota = rules.max_count
    by_signature: dict[tuple[object, ...], list[int]] = defaultdict(list)
    partners_of: dict[int, list[str]] = {}
    for k, mine in enumerate(rules.meetings_of):
        if not mine or not all(plain(i) for i in mine):
            continue
        entries = tuple(sorted((partner(i, k), options(i)) for i in mine))
        # Their own unavailability too, although the domains already say all that matters:
        # the wider symmetry (forum-13's guests 20-22 of host 11, who share 22's blocked slot)
        # left both core searches without a schedule in 15 s where they prove 0 in 5 s.
        unavailable = tuple(sorted(problem.participants[k].unavailable))
        by_signature[(entries, unavailable, int(quota[k]))].append(k)
        partners_of[k] = [entry[0] for entry in entries]
    for group in by_signature.values():
        if len(group) < 2:
            continue
        partners = partners_of[group[0]]
        members = {ids[k] for k in group}
        hosts = [p for p in partners if partners.count(p) == 1 and p not in members]
        if not hosts:
            continue
        chain: list[int] = []
        for k in group:
            chain.extend(i for i in rules.meetings_of[k] if partner(i, k) == hosts[0])
        chains.append(chain)
    return chains


def _max_inside(rules: Rules, inside: Sequence[tuple[int, int]]) -> int:
    """Most (meeting, slot) pairs of `inside` usable at once: each meeting at most once, each
    person in at most one meeting per slot (a relaxation of the rules keeping only these two;
    an upper bound if the tiny model times out)."""
    if not inside:
        return 0
    model = cp_model.CpModel()
    chosen = [model.new_bool_var(f"u{k}") for k in range(len(inside))]
    per_meeting: dict[int, list[cp_model.IntVar]] = {}
    per_person: dict[tuple[int, int], list[cp_model.IntVar]] = {}
    for (i, t), var in zip(inside, chosen, strict=True):
        per_meeting.setdefault(i, []).append(var)
        for person in rules.people[i]:
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
    per_slot: dict[int, set[int]] = defaultdict(set)
    for i, t in inside:
        per_slot[t].update(rules.people[i])
    return min(len(per_meeting), sum(len(people) // 2 for people in per_slot.values()))
