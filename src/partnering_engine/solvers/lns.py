"""Large-scale scheduler: greedy construction, then large-neighbourhood search with CP-SAT.

Model. The schedule is the rules' incremental `State` (`partnering_engine.rules`): the slot
of every meeting, the occupant of every participant x slot and the units used per limit and
slot (tables, tables per kind, interpreters). Tables are a per-slot capacity during the
search and numbered at the end by `assign_tables`. Constraints are the compiled rules:
domains (availability, allowed/fixed slots, pins), one meeting per person and slot
(delegations included), tables per kind, interpreters, `max_meetings`, precedences, pinned
and required meetings held. Objective (weighted mode, lexicographic): scheduled weight,
then fewer moved pins, then the minimum share, then fewer idle gaps.

Search.
1. Target: a heaviest set of meetings that respects every participant's capacity, ignoring
   time (`_lns_select`, a b-matching solved as a small integer program); its weight is
   usually the bound itself.
2. Construction (`_lns_construct`): the target meetings first, those of the tightest
   participants first, then the rest by weight, each in the open slot adding fewest gaps.
3. Weight: for each unscheduled target meeting and each other unscheduled meeting that could
   raise the weight (both sides have room, or it outweighs the lightest meeting of a full
   side), free every meeting of its two sides
   (scheduled or not, over all slots), keep everything else fixed and re-solve exactly with
   CP-SAT (`_lns_neighbourhood`); accept when the global key improves.
4. Fairness: the same around the participants with the lowest share (the unserved first),
   freeing also the meetings of the partners they asked for, so that an equal-weight meeting
   can change hands.
5. Gaps: fast passes moving single meetings to the slot that lowers the gaps of everyone in
   them, and filling a participant's idle slot with one of their meetings when its partner
   is busy there by moving the partner's meeting away (an ejection chain of length one),
   until neither helps; then, where no annealing follows (below), CP-SAT neighbourhoods
   over one day of a participant with gaps and their partners of that day.
Phases repeat while time is left (phase 3 only while the weight is below the proven
bound); on problems too big for one exact model, at least the last `ANNEAL_SHARE` of the
time goes to the gaps alone, and all of the time left once the weight reaches the bound
and a round lifts nobody:
6. Gap annealing: the weighted solver's simulated annealing (`_weighted_search.Timetable`)
   over Kempe-chain swaps (the meetings linked through shared people trade two slots) and
   weight-neutral replacements, aimed at a participant's holes; it never lowers the weight,
   moves no more pins and keeps every served participant served at the minimum share.
Small problems (few meeting x slot pairs) are solved as one neighbourhood holding every
meeting, i.e. exactly.

Bound. The proven weight upper bound comes from `partnering_engine.bound.weight_upper_bound`
(an LP relaxation), computed in a forked child process while the search runs
(`_lns_bound`); the status is
optimal only when the weight reaches it. All-required mode is delegated to the exact CP-SAT
solver (`cpsat`), whose instances (the B2B benchmark) are small.
"""

from __future__ import annotations

import time
from typing import Any

import numpy as np

from partnering_engine.metrics import evaluate
from partnering_engine.rules import Compiled, State
from partnering_engine.solvers._lns_bound import BoundFn, BoundRunner
from partnering_engine.solvers._lns_construct import construct, insert_open
from partnering_engine.solvers._lns_neighbourhood import solve_neighbourhood
from partnering_engine.solvers._lns_select import participant_capacity, select_meetings
from partnering_engine.solvers.base import Progress, ProgressCallback
from partnering_engine.types import Mode, Problem, Solution, Status

__all__ = ["LnsSolver"]

#: Problems with at most this many (meeting, feasible slot) pairs are solved as one
#: neighbourhood (exactly, within the time limit) before the search.
FULL_MODEL_PAIRS = 5_000
#: Share of the time limit the target selection (b-matching) may take at most.
SELECT_SHARE = 0.15
#: Shares of the remaining time each round gives its CP-SAT phases (the construction
#: already reaches 99.99% of the weight bound on the presets, so weight gets a bounded share
#: and idle gaps the most).
WEIGHT_SHARE = 0.15
FAIRNESS_SHARE = 0.1
GAP_NEIGHBOURHOOD_SHARE = 0.5
#: Share of the time limit kept at the end for the gaps alone: simulated annealing over
#: Kempe-chain swaps and weight-neutral replacements (the weighted solver's local search,
#: `_weighted_search.Timetable.local_search`), which never lowers the weight, moves no more
#: pins and keeps everyone served at least at the minimum share. Measured on bio_europe it
#: removes far more gaps per second than the CP-SAT day neighbourhoods (at load 7: 2,388
#: gaps in 118 s against 3 neighbourhoods improved of 66 in 68 s), so it starts earlier once
#: the weight is proven and replaces those neighbourhoods where it runs.
ANNEAL_SHARE = 0.4
#: Largest neighbourhood, in freed meetings.
MAX_FREED = 260
#: Time reserved at the end for numbering tables and evaluating the schedule: a base plus
#: a little per meeting (13 s for 64,000 meetings: what a machine at load 12 on 2 cores
#: needed, measured).
_FINISH_BASE_S = 0.3
_FINISH_PER_MEETING_S = 2e-4


def _default_bound(problem: Problem) -> float:
    from partnering_engine.bound import weight_upper_bound

    return float(weight_upper_bound(problem))


class LnsSolver:
    """Large-neighbourhood search seeded by a greedy construction (see module docstring)."""

    name = "lns"

    def __init__(
        self, *, bound_fn: BoundFn | None = None, full_model_pairs: int = FULL_MODEL_PAIRS
    ) -> None:
        self._bound_fn = bound_fn or _default_bound
        self._full_model_pairs = full_model_pairs

    def solve(
        self,
        problem: Problem,
        *,
        time_limit_s: float,
        seed: int,
        workers: int = 2,
        progress: ProgressCallback | None = None,
    ) -> Solution:
        if problem.mode is Mode.ALL_REQUIRED:
            from partnering_engine.solvers.cpsat import CpSatSolver

            solution = CpSatSolver().solve(
                problem, time_limit_s=time_limit_s, seed=seed, workers=workers, progress=progress
            )
            stats = dict(solution.stats)
            stats["delegated_to"] = stats.get("solver", "cpsat")
            stats["solver"] = self.name
            return Solution(
                solution.assignments,
                solution.unscheduled,
                solution.status,
                solution.objective,
                solution.bound,
                stats,
            )
        search = _Search(problem, time_limit_s, seed, workers, progress, self._bound_fn)
        return search.run(full_model_pairs=self._full_model_pairs)


class _Search:
    def __init__(
        self,
        problem: Problem,
        time_limit_s: float,
        seed: int,
        workers: int,
        progress: ProgressCallback | None,
        bound_fn: BoundFn,
    ) -> None:
        self.problem = problem
        self.start = time.monotonic()
        finish = _FINISH_BASE_S + _FINISH_PER_MEETING_S * len(problem.meetings)
        self.deadline = self.start + max(time_limit_s - finish, 0.0)
        self.stage_end = self.deadline
        self.seed = seed
        self.workers = max(1, workers)
        self.progress = progress
        self.bound_fn = bound_fn
        self.rng = np.random.default_rng(seed)
        self.bound: float | None = None
        self.phases: dict[str, dict[str, float]] = {}
        self.last_report = 0.0
        self.bound_error: str | None = None

    # ---- helpers ----------------------------------------------------------------------

    def left(self) -> float:
        """Seconds left for the current stage (the search rounds end early when the
        annealing of the gaps follows them)."""
        return self.stage_end - time.monotonic()

    def report(self, phase: str, message: str = "", *, force: bool = False) -> None:
        now = time.monotonic()
        if self.progress is None or (not force and now - self.last_report < 1.0):
            return
        self.last_report = now
        weight = self.state.weight
        gap = None if not self.bound else max(0.0, (self.bound - weight) / self.bound)
        self.progress(
            Progress(
                elapsed_s=now - self.start,
                phase=phase,
                scheduled=self.state.scheduled(),
                weight=round(weight, 6),
                bound=self.bound,
                gap=gap,
                message=message,
            )
        )

    def note(self, phase: str, tried: int, improved: int, seconds: float) -> None:
        entry = self.phases.setdefault(phase, {"tried": 0, "improved": 0, "seconds": 0.0})
        entry["tried"] += tried
        entry["improved"] += improved
        entry["seconds"] = round(entry["seconds"] + seconds, 3)

    def poll_bound(self, runner: BoundRunner) -> None:
        if self.bound is None:
            self.bound = runner.poll()

    def neighbourhood(
        self,
        freed: list[int],
        *,
        restrict: Any = None,
        limit: float,
        gap_people: list[int] | None = None,
        fairness: bool = True,
    ) -> bool:
        budget = min(limit, self.left())
        if budget <= 0.05:
            return False
        return solve_neighbourhood(
            self.state,
            freed,
            restrict=restrict,
            gap_people=gap_people,
            fairness=fairness,
            time_limit_s=budget,
            deadline=self.deadline,
            seed=int(self.rng.integers(1 << 30)),
            workers=1,
        )

    # ---- main -------------------------------------------------------------------------

    def run(self, *, full_model_pairs: int) -> Solution:
        runner = BoundRunner(self.bound_fn, self.problem)
        try:
            self.compiled = Compiled.of(self.problem)
            self.state = State(self.compiled)
            self.capacity = participant_capacity(self.compiled)
            began = time.monotonic()
            self.selected = select_meetings(
                self.compiled, time_limit_s=min(60.0, self.left() * SELECT_SHARE)
            )
            self.note("select", 1, int(self.selected is not None), time.monotonic() - began)
            began = time.monotonic()
            construct(
                self.state, deadline=self.deadline, selected=self.selected, capacity=self.capacity
            )
            self.note("construct", 1, 1, time.monotonic() - began)
            self.report("construct", force=True)
            pairs = int(self.compiled.feasible.sum())
            if pairs <= full_model_pairs:
                # Weight alone proves fast; the full lexicographic model then starts from it.
                began = time.monotonic()
                everything = list(range(self.compiled.n_meetings))
                improved = self.neighbourhood(
                    everything, limit=self.left() * 0.4, gap_people=[], fairness=False
                )
                improved |= self.neighbourhood(everything, limit=self.left() * 0.6)
                self.note("full", 2, int(improved), time.monotonic() - began)
                self.report("full", force=True)
            rounds = 0
            anneal = pairs > full_model_pairs
            if anneal:
                self.stage_end = self.deadline - ANNEAL_SHARE * (self.deadline - self.start)
            while self.left() > 0.1:
                rounds += 1
                self.poll_bound(runner)
                changed = False if self._weight_proven() else self._weight_phase(runner)
                fairer = self._fairness_phase()
                changed |= fairer | self._gap_phase(neighbourhoods=not anneal)
                if not changed or (anneal and self._weight_proven() and not fairer):
                    # With the weight at its bound and nobody to lift, the annealing
                    # removes gaps far faster than more rounds (see `ANNEAL_SHARE`).
                    break
            self.stage_end = self.deadline
            if anneal and self.left() > 0.5:
                self._anneal_gaps()
            self.poll_bound(runner)
            if self.bound is None:
                self.report("bound", "waiting for the bound", force=True)
                self.bound = runner.wait(self.deadline - time.monotonic())
        finally:
            runner.close()
        if runner.error is not None:
            self.bound_error = runner.error
        elif self.bound is None:
            self.bound_error = "the bound was not ready within the time limit"
        return self._solution(rounds)

    # ---- phases -----------------------------------------------------------------------

    def _weight_proven(self) -> bool:
        """Whether the schedule's weight has reached the proven bound (no weight to gain)."""
        bound = self.bound
        return bound is not None and self.state.weight >= bound - 1e-6 * max(1.0, abs(bound))

    def _weight_targets(self) -> list[int]:
        s, c = self.state, self.compiled
        unscheduled = np.flatnonzero((s.slot_of < 0) & c.feasible.any(axis=1))
        if unscheduled.size == 0:
            return []
        lightest = np.full(c.n_people, np.inf)
        scheduled = np.flatnonzero(s.slot_of >= 0)
        np.minimum.at(lightest, c.side_a[scheduled], c.weight[scheduled])
        np.minimum.at(lightest, c.side_b[scheduled], c.weight[scheduled])
        full = np.asarray(s.count) >= self.capacity
        weights = c.weight[unscheduled]
        a, b = c.side_a[unscheduled], c.side_b[unscheduled]
        promising = (~full[a] | (weights > lightest[a])) & (~full[b] | (weights > lightest[b]))
        if self.selected is not None:
            promising |= self.selected[unscheduled]
        targets = unscheduled[promising]
        first = (
            np.zeros(targets.size, dtype=np.bool_)
            if self.selected is None
            else self.selected[targets]
        )
        order = np.lexsort((-c.weight[targets], ~first))
        return [int(m) for m in targets[order]]

    def _freed_around(self, people: list[int], extra: list[int] | None = None) -> list[int]:
        s, c = self.state, self.compiled
        scheduled: list[int] = []
        waiting: list[int] = []
        for person in people:
            for m in c.meetings_of[person]:
                (scheduled if s.slot_of[m] >= 0 else waiting).append(m)
        scheduled = list(dict.fromkeys(scheduled))
        waiting = [m for m in dict.fromkeys(waiting) if c.feasible[m].any()]
        waiting.sort(key=lambda m: -c.weight[m])
        first = list(dict.fromkeys(extra or []))
        room = max(MAX_FREED - len(scheduled) - len(first), 0)
        return list(dict.fromkeys(first + scheduled + waiting[:room]))[: MAX_FREED + len(first)]

    def _weight_phase(self, runner: BoundRunner) -> bool:
        s, c = self.state, self.compiled
        began = time.monotonic()
        stop = began + max(self.left() * WEIGHT_SHARE, 1.0)
        placed = insert_open(s, self._weight_targets(), deadline=self.deadline)
        s.refresh_gaps()
        tried = improved = 0
        done_people: set[int] = set()
        for m in self._weight_targets():
            if self.left() < 0.2 or time.monotonic() > stop or self._weight_proven():
                break
            if s.slot_of[m] >= 0:
                continue
            people = [int(p) for p in c.people[m]]
            if all(p in done_people for p in people):
                continue
            done_people.update(people)
            tried += 1
            freed = [m] + [int(x) for q in people for x in c.meetings_of[q] if s.slot_of[x] >= 0]
            if self.neighbourhood(freed, limit=1.5, gap_people=[], fairness=False):
                improved += 1
            self.poll_bound(runner)
            self.report("weight", f"neighbourhood {tried}")
        self.note("weight", tried + placed, improved + placed, time.monotonic() - began)
        self.report("weight", force=True)
        return bool(improved or placed)

    def _fairness_phase(self) -> bool:
        s, c = self.state, self.compiled
        began = time.monotonic()
        mask = c.schedulable
        if not mask.any():
            return False
        share = np.where(mask, np.asarray(s.got) / np.maximum(c.requests, 1), np.inf)
        worst = np.argsort(share, kind="stable")
        floor = share[worst[0]]
        tried = improved = 0
        budget = max(self.left() * FAIRNESS_SHARE, 0.5)
        for p in worst[:200]:
            if share[p] > floor + 1e-12 or self.left() < 0.2:
                break
            if time.monotonic() - began > budget:
                break
            partners = {
                int(q)
                for m in c.meetings_of[p]
                if s.slot_of[m] < 0 and c.feasible[m].any()
                for q in c.people[m]
                if q != p
            }
            tried += 1
            freed = self._freed_around([int(p)])
            for q in partners:
                freed += [m for m in c.meetings_of[q] if s.slot_of[m] >= 0]
            freed = list(dict.fromkeys(freed))[: MAX_FREED * 2]
            if self.neighbourhood(freed, limit=2.0, gap_people=[]):
                improved += 1
            self.report("fairness", f"neighbourhood {tried}")
        self.note("fairness", tried, improved, time.monotonic() - began)
        return improved > 0

    def _gap_phase(self, *, neighbourhoods: bool = True) -> bool:
        began = time.monotonic()
        moved = 0
        while self.left() > 0.2:
            step = self._move_pass() + self._eject_pass()
            moved += step
            self.report("gaps", f"{moved} moves, {int(self.state.gaps.sum())} gaps")
            if step == 0:
                break
        self.note("gap_moves", moved, moved, time.monotonic() - began)
        self.report("gaps", f"{moved} moves", force=True)
        if not neighbourhoods:
            return bool(moved)
        began = time.monotonic()
        stop = began + max(self.left() * GAP_NEIGHBOURHOOD_SHARE, 0.5)
        s, c = self.state, self.compiled
        tried = improved = 0
        candidates = np.flatnonzero(s.gaps > 0)
        order = candidates[np.argsort(-s.gaps[candidates], kind="stable")]
        seen: set[int] = set()
        for p in order:
            if self.left() < 0.2 or time.monotonic() > stop:
                break
            if int(p) in seen or s.gaps[p] == 0:
                continue
            busy = s.occupant[p] >= 0
            day_gaps = _gaps_per_day(busy, c.day_of_slot)
            day = int(np.argmax(day_gaps))
            restrict = c.day_of_slot == day
            people = {int(p)}
            for m in s.occupant[p][restrict]:
                if m >= 0:
                    people.update(int(q) for q in c.people[int(m)])
            seen.update(people)
            freed = [
                int(m)
                for q in people
                for m in s.occupant[q][restrict]
                if m >= 0 and c.pin_slot[int(m)] < 0
            ]
            tried += 1
            if self.neighbourhood(
                list(dict.fromkeys(freed))[:MAX_FREED],
                restrict=restrict,
                limit=1.0,
                fairness=False,
            ):
                improved += 1
            self.report("gaps", f"neighbourhood {tried}")
        self.note("gap_neighbourhoods", tried, improved, time.monotonic() - began)
        return bool(moved or improved)

    def _anneal_gaps(self) -> None:
        """The last phase: the gaps alone, by the weighted solver's simulated annealing
        (see `ANNEAL_SHARE`), on a copy of the schedule written back at the end."""
        from partnering_engine.bound import meeting_domains
        from partnering_engine.solvers._weighted_model import Context
        from partnering_engine.solvers._weighted_search import Timetable

        began = time.monotonic()
        s = self.state
        before = {int(m): int(s.slot_of[m]) for m in np.flatnonzero(s.slot_of >= 0)}
        ctx = Context(
            problem=self.problem,
            domains=meeting_domains(self.problem),
            started=self.start,
            deadline=self.deadline,
            seed=self.seed,
            workers=self.workers,
            progress=self.progress,
        )
        table = Timetable(ctx, before)
        table.share_floor()
        gaps_before = table.total()
        tried = table.local_search(self.deadline - 0.2)
        for m, slot in before.items():
            if table.slot_of.get(m) != slot:
                s.remove(m)
        for m, slot in table.slot_of.items():
            if int(s.slot_of[m]) != slot:
                s.place(m, slot)
        self.note("gap_annealing", tried, gaps_before - table.total(), time.monotonic() - began)
        self.report("gaps", f"{int(s.gaps.sum())} gaps after annealing", force=True)

    def _move_pass(self) -> int:
        """Move single meetings to a slot that lowers the summed gaps of their people.

        Only a meeting at the edge of one of the participant's blocks can close their gap
        (moving one from inside a block splits it), so only those are tried."""
        s, c = self.state, self.compiled
        moves = 0
        for p in np.flatnonzero(s.gaps > 0):
            if self.left() < 0.2:
                break
            busy = s.occupant[p] >= 0
            inside = np.zeros_like(busy)
            inside[1:-1] = busy[:-2] & c.prev_same_day[1:-1] & busy[2:] & c.next_same_day[1:-1]
            for m in {int(m) for m in s.occupant[p][busy & ~inside]}:
                if s.gaps[p] == 0:
                    break
                if c.pin_slot[m] >= 0:
                    continue
                people = list(c.people[m])
                before = int(s.gaps[people].sum())
                old = s.remove(m)
                s.refresh_gaps(people)
                base = int(s.gaps[people].sum())
                open_slots = s.open_slots(m)
                open_slots[old] = True
                score = base + s.gap_delta(people)
                score = np.where(open_slots, score, np.iinfo(np.int64).max)
                best = int(score.argmin())
                if score[best] < before:
                    s.place(m, best)
                    moves += 1
                else:
                    s.place(m, old)
                s.refresh_gaps(people)
        return moves

    def _eject_pass(self) -> int:
        """Fill a participant's idle slot with one of their meetings of that day when the
        partner is busy there: the partner's meeting in that slot moves to its best open
        slot. Kept when the summed gaps of everyone involved drop."""
        s, c = self.state, self.compiled
        moves = 0
        for p in np.flatnonzero(s.gaps > 0):
            if self.left() < 0.2:
                break
            row = s.occupant[p]
            for t in _idle_inside(row >= 0, c.day_of_slot):
                if s.occupant[p, t] >= 0:
                    continue
                day = c.day_of_slot[t]
                mine = [int(m) for m in row[c.day_of_slot == day] if m >= 0]
                for m in mine:
                    if c.pin_slot[m] >= 0 or not c.feasible[m, t]:
                        continue
                    blockers = {int(s.occupant[q, t]) for q in c.people[m] if q != p}
                    blockers.discard(-1)
                    if len(blockers) != 1:
                        continue
                    other = blockers.pop()
                    if c.pin_slot[other] >= 0 or s.occupant[p, t] >= 0:
                        continue
                    if self._try_eject(m, t, other):
                        moves += 1
                        break
        return moves

    def _try_eject(self, meeting: int, slot: int, other: int) -> bool:
        s, c = self.state, self.compiled
        people = list({*c.people[meeting], *c.people[other]})
        before = int(s.gaps[people].sum())
        old_meeting = s.remove(meeting)
        old_other = s.remove(other)
        if s.open_slots(meeting)[slot]:
            s.place(meeting, slot)
            open_slots = s.open_slots(other)
            if open_slots.any():
                score = s.gap_delta(list(c.people[other]))
                score = np.where(open_slots, score, np.iinfo(np.int64).max)
                s.place(other, int(score.argmin()))
                s.refresh_gaps(people)
                if int(s.gaps[people].sum()) < before:
                    return True
                s.remove(other)
            s.remove(meeting)
        s.place(meeting, old_meeting)
        s.place(other, old_other)
        s.refresh_gaps(people)
        return False

    # ---- result -----------------------------------------------------------------------

    def _solution(self, rounds: int) -> Solution:
        from partnering_engine.solvers.tables import assign_tables

        s, c, problem = self.state, self.compiled, self.problem
        stats: dict[str, Any] = {
            "solver": "lns",
            "seed": self.seed,
            "workers": self.workers,
            "rounds": rounds,
            "phases": self.phases,
        }
        if self.bound_error is not None:
            stats["bound_error"] = self.bound_error
        missing = np.flatnonzero(c.must_schedule & (s.slot_of < 0))
        if missing.size:
            stats["wall_s"] = round(time.monotonic() - self.start, 3)
            stats["message"] = f"{missing.size} required or pinned meetings could not be placed"
            return Solution((), tuple(m.id for m in problem.meetings), Status.UNKNOWN, stats=stats)
        slot_by_meeting = {
            problem.meetings[m].id: problem.slots[int(s.slot_of[m])].id
            for m in np.flatnonzero(s.slot_of >= 0)
        }
        assignments = assign_tables(problem, slot_by_meeting)
        unscheduled = tuple(m.id for m in problem.meetings if m.id not in slot_by_meeting)
        objective = evaluate(problem, assignments).objective()
        bound: dict[str, float] = {}
        status = Status.FEASIBLE
        if self.bound is not None:
            bound["weight"] = self.bound
            if objective["weight"] >= self.bound - 1e-6 * max(1.0, abs(self.bound)):
                status = Status.OPTIMAL
        stats["wall_s"] = round(time.monotonic() - self.start, 3)
        self.report("done", force=True)
        return Solution(assignments, unscheduled, status, objective, bound, stats)


def _gaps_per_day(busy: Any, day_of_slot: Any) -> Any:
    days = int(day_of_slot.max()) + 1
    out = np.zeros(days, dtype=np.int64)
    last_day, last_busy, seen = -1, -1, False
    for slot, is_busy in enumerate(busy):
        day = int(day_of_slot[slot])
        if day != last_day:
            last_day, last_busy, seen = day, -1, False
        if is_busy:
            if seen and slot - last_busy > 1:
                out[day] += 1
            seen, last_busy = True, slot
    return out


def _idle_inside(busy: Any, day_of_slot: Any) -> list[int]:
    """Idle slots strictly between a participant's first and last meeting of a day."""
    out: list[int] = []
    for day in np.unique(day_of_slot):
        slots = np.flatnonzero(day_of_slot == day)
        taken = slots[busy[slots]]
        if taken.size >= 2:
            out.extend(int(t) for t in range(int(taken[0]) + 1, int(taken[-1])) if not busy[t])
    return out
