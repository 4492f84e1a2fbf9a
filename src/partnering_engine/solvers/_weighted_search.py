"""Local search of the weighted mode (see `_cpsat_weighted`'s docstring): greedy insertion
of phase 1's LP rounding, ejection chains (phase 1), weight-neutral fairness swaps (phase 3),
then Kempe-chain swaps and replacements under simulated annealing and exact CP-SAT
neighbourhoods (phase 4). What fits where is the rules' incremental `State`; this module
adds only the objective's bookkeeping per participant (held meetings, gaps, shares)."""

from __future__ import annotations

import itertools
import math
import random
import time
from collections import defaultdict
from collections.abc import Sequence

from ortools.sat.python import cp_model

from partnering_engine.metrics import gaps_of_positions, requests_of
from partnering_engine.rules import Compiled, State
from partnering_engine.rules.cpsat import add_rules
from partnering_engine.solvers._weighted_model import Context, configure, weight_of

__all__ = ["Timetable"]

#: Freed meetings per gap neighbourhood at the start (adapted as the search goes).
_NEIGHBOURHOOD_START = 60
#: Longest Kempe chain the gap local search tries to swap.
_KEMPE_LIMIT = 40
#: Slots tried per meeting (and per blocker) by the ejection chains.
_EJECTION_SLOTS = 6
#: Share of local-search moves that aim next to a block rather than into a hole.
_EDGE_SHARE = 0.8
#: Share of local-search moves that swap a held meeting for an unscheduled one.
_REPLACE_SHARE = 0.3


class Timetable:
    """A schedule in the rules' `State` (what fits where) plus the objective's bookkeeping
    per participant: greedy insertion (phase 1's LP rounding), ejection chains, fairness
    swaps and re-timing the held meetings to minimise idle gaps (phase 4)."""

    def __init__(self, ctx: Context, slot_of: dict[int, int]) -> None:
        self.ctx = ctx
        problem = ctx.problem
        self.problem = problem
        self.slot_of = dict(slot_of)
        self.rng = random.Random(ctx.seed)
        self.day_of_slot = problem.day_of_slot
        self.state = State(Compiled.of(problem))
        self.rules = self.state.rules
        self.person_index = problem.participant_index
        self.predecessors = self.rules.before
        self.successors = self.rules.after
        self.pin_slot = self.rules.preferred
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
        #: While not None, every change of a slot as (meeting, its slot before, None if it
        #: was unscheduled): the local search returns to its best schedule by undoing it,
        #: which is far cheaper than copying the schedule at every new best.
        self.journal: list[tuple[int, int | None]] | None = None
        self.domain_sets = [frozenset(d) for d in ctx.domains.slots]
        for i, slot in self.slot_of.items():
            self.state.place(i, slot)

    def _at(self, person: str, slot: int) -> int | None:
        """The meeting `person` attends in `slot`, if any."""
        held: int = self.state.occupant.item(self.person_index[person], slot)
        return None if held < 0 else held

    def can_place(self, i: int, slot: int) -> bool:
        """Whether unscheduled meeting i fits in `slot` next to the current schedule."""
        return self.state.can_place(i, slot)

    def place(self, i: int, slot: int) -> None:
        if self.journal is not None:
            self.journal.append((i, None))
        self.slot_of[i] = slot
        self.state.place(i, slot)
        meeting = self.problem.meetings[i]
        for person in meeting.people:
            self.held_of[person].add(i)
            self.gaps[person] = self._gaps_of(person)
        self.got[meeting.a] += 1
        self.got[meeting.b] += 1

    def remove(self, i: int) -> None:
        if self.journal is not None:
            self.journal.append((i, self.slot_of[i]))
        del self.slot_of[i]
        self.state.remove(i)
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
        weight = weight_of(problem, self.slot_of)
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
            blockers = {k for p in meeting.people if (k := self._at(p, slot)) is not None}
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
            free = cleared and all(self._at(p, slot) is None for p in meeting.people)
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

    def return_pins(self, until: float) -> int:
        """Phase 2 by Kempe-chain swaps: move each moved pin back to its pinned slot when
        the chain keeps more pins in place than before (weight and held set unchanged);
        repeats while that helps. Returns the pins returned."""
        returned = 0
        improved = True
        while improved and time.monotonic() < until:
            improved = False
            for i, slot in self.pin_slot.items():
                if time.monotonic() >= until:
                    break
                moved = i in self.slot_of and self.slot_of[i] != slot
                if moved and self.kempe(i, slot, more_kept=True) is not None:
                    returned += 1
                    improved = True
        return returned

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
                blockers = {k for p in meeting.people if (k := self._at(p, slot)) is not None}
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

    def _set_slots(self, moves: dict[int, int]) -> None:
        if self.journal is not None:
            self.journal.extend((i, self.slot_of[i]) for i in moves)
        for i in moves:
            self.state.remove(i)
        for i, slot in moves.items():
            self.slot_of[i] = slot
            self.state.place(i, slot)

    def kempe(
        self, i: int, target: int, temperature: float = 0.0, *, more_kept: bool = False
    ) -> int | None:
        """Swap slots of i and target along a Kempe chain (meetings sharing people in the
        two slots) if valid and accepted (never worse at temperature 0, else simulated
        annealing's rule); the change in gaps, or None if rejected. With `more_kept` the
        swap is accepted only if it keeps more pins in their pinned slot, whatever the gaps
        (moved pins come before gaps in the objective)."""
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
                k = self._at(person, other)
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
        if kept_after < kept_before or (more_kept and kept_after == kept_before):
            return None
        undo = {j: self.slot_of[j] for j in chain}
        self._set_slots(chain)
        if self.state.overfull(first, chain) or self.state.overfull(target, chain):
            self._set_slots(undo)
            return None
        people = {p for j in chain for p in problem.meetings[j].people}
        before = sum(self.gaps[p] for p in people)
        after = {p: self._gaps_of(p) for p in people}
        delta = sum(after.values()) - before
        worse = delta > 0 and not more_kept
        if worse and (temperature <= 0 or self.rng.random() >= math.exp(-delta / temperature)):
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
        self.journal = []
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
                        self.journal.clear()
                continue
            candidates = [i for i in self.held_of[person] if i not in self.ctx.domains.fixed]
            if not candidates:
                continue
            delta = self.kempe(self.rng.choice(candidates), target, temperature)
            if delta is not None:
                current += delta
                if current < best:
                    best = current
                    self.journal.clear()
        journal, self.journal = self.journal, None
        if current > best:
            best_slots = dict(self.slot_of)
            for i, old in reversed(journal):
                if old is None:
                    best_slots.pop(i, None)
                else:
                    best_slots[i] = old
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
        old = {i: self.slot_of[i] for i in freed}
        for i in freed:
            self.state.remove(i)

        model = cp_model.CpModel()
        x: dict[int, dict[int, cp_model.IntVar]] = {}
        busy: dict[tuple[str, int], list[cp_model.IntVar]] = defaultdict(list)
        for i in freed:
            meeting = problem.meetings[i]
            bits, _ = self.state.neighbourhood_bits(i, freed_set)
            row: dict[int, cp_model.IntVar] = {}
            for s in self.ctx.domains.slots[i]:
                if not (bits >> s) & 1:
                    continue
                var = model.new_bool_var("")
                row[s] = var
                for person in meeting.people:
                    busy[(person, s)].append(var)
            x[i] = row
            model.add_hint(row[old[i]], 1)
        add_rules(model, self.rules, x, must=freed_set, state=self.state)
        stays = [x[i][slot] for i, slot in self.pin_slot.items() if i in freed_set and slot in x[i]]
        kept = sum(
            1 for i, slot in self.pin_slot.items() if i in freed_set and self.slot_of[i] == slot
        )
        if kept:
            model.add(cp_model.LinearExpr.sum(stays) >= kept)

        objective, before = self._gap_objective(model, people, occupied, busy, x)
        model.minimize(objective)
        solver = cp_model.CpSolver()
        configure(
            solver, time_s=time_limit_s, workers=self.ctx.workers, seed=self.rng.randrange(1 << 30)
        )
        status = solver.solve(model)
        for i, slot in old.items():
            self.state.place(i, slot)
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
