"""First-come-first-served scheduling: the baseline every partnering platform uses.

Model: meetings are taken one by one in a given order (request order by default) and each is
put in the earliest slot where the compiled rules (`partnering_engine.rules`) let it fit
next to what is placed: its domain (allowed / fixed slot, everyone attending available),
nobody attending busy, a table of the kind it needs, an interpreter of its pool, nobody
over `max_meetings`, and its precedences (after every meeting listed in `after`, before
every already placed meeting that must follow it). The rules' `State` keeps the count per
limit and slot. A meeting that fits nowhere stays unscheduled; nothing placed is ever moved.

Order of placement: published pins first (non-movable ones at their place, movable ones at
their place when still valid, otherwise as early as possible), then required meetings, then
the rest in the chosen order ("request", "weight": heaviest first and stable, or "random":
seeded shuffle). Meetings whose `after` predecessors come later in the order wait for them.
`assign_tables` numbers the tables at the end.

Bound and status: the reported weight bound is the total weight of meetings with at least
one allowed, available slot (trivially valid). In weighted mode the status is optimal when
every meeting is scheduled (then weight equals that bound), otherwise feasible. In
all-required mode a schedule with every meeting and the fairness bound kept is feasible
(optimal when it has no gaps, the trivial lower bound being 0); if a meeting has no possible
slot the problem is proven infeasible; otherwise the status is unknown and `stats["reason"]`
says why.
"""

from __future__ import annotations

import heapq
import random
import time
from typing import Literal

from partnering_engine.metrics import evaluate
from partnering_engine.rules import Compiled, State, compile_rules
from partnering_engine.solvers.base import Progress, ProgressCallback
from partnering_engine.solvers.tables import assign_tables
from partnering_engine.types import Assignment, Mode, Problem, Solution, Status

__all__ = ["GreedyResult", "GreedySolver", "greedy_assign", "greedy_schedule"]

Order = Literal["request", "weight", "random"]
ORDERS: tuple[str, ...] = ("request", "weight", "random")


class GreedyResult:
    """What one greedy pass produced, with the facts the solver reports."""

    def __init__(
        self,
        assignments: tuple[Assignment, ...],
        unscheduled: tuple[str, ...],
        impossible: tuple[str, ...],
        failed_must: tuple[str, ...],
        feasible_weight: float,
    ) -> None:
        self.assignments = assignments
        self.unscheduled = unscheduled
        #: Meetings with no allowed slot where everyone attending is available.
        self.impossible = impossible
        #: Pinned or required meetings that could not be placed (or not at their pin).
        self.failed_must = failed_must
        self.feasible_weight = feasible_weight


def _placement_order(problem: Problem, order: str, seed: int) -> list[int]:
    """Meeting positions in the order to place them (pins and precedences applied later)."""
    positions = list(range(len(problem.meetings)))
    if order == "weight":
        positions.sort(key=lambda i: -problem.meetings[i].weight)
    elif order == "random":
        random.Random(seed).shuffle(positions)
    elif order != "request":
        raise ValueError(f"unknown greedy order {order!r}; expected one of {', '.join(ORDERS)}")
    must = [
        i for i in positions if problem.meetings[i].required or problem.mode is Mode.ALL_REQUIRED
    ]
    if len(must) == len(positions) or not must:
        return positions
    must_set = set(must)
    return must + [i for i in positions if i not in must_set]


def greedy_schedule(problem: Problem, *, order: str = "request", seed: int = 0) -> GreedyResult:
    """One greedy pass; see the module docstring."""
    meetings = problem.meetings
    state = State(Compiled.of(problem))
    rules = state.rules

    def place_earliest(i: int) -> bool:
        slot = state.first_open(i)
        if slot >= 0:
            state.place(i, slot)
        return slot >= 0

    failed_must: list[str] = []
    done = [False] * len(meetings)
    # Pins: non-movable first, then movable ones at their place when it is still valid.
    relocate: list[int] = []
    pinned = [(i, s, False) for i, s in rules.fixed.items()]
    pinned += [(i, s, True) for i, s in rules.preferred.items()]
    for i, slot, movable in pinned:
        if state.can_place(i, slot):
            state.place(i, slot)
            done[i] = True
        elif movable:
            relocate.append(i)
        else:
            failed_must.append(meetings[i].id)
            done[i] = True
    for i in relocate:
        if not place_earliest(i):
            failed_must.append(meetings[i].id)
        done[i] = True

    # The rest in order; a meeting waits for its `after` predecessors (Kahn's algorithm,
    # ties broken by the chosen order).
    sequence = [i for i in _placement_order(problem, order, seed) if not done[i]]
    rank = {i: r for r, i in enumerate(sequence)}
    waiting = [sum(1 for j in rules.before[i] if not done[j]) for i in range(len(meetings))]
    ready = [(rank[i], i) for i in sequence if waiting[i] == 0]
    heapq.heapify(ready)
    while ready:
        _, i = heapq.heappop(ready)
        if not place_earliest(i) and i in rules.must:
            failed_must.append(meetings[i].id)
        done[i] = True
        for j in rules.after[i]:
            if not done[j]:
                waiting[j] -= 1
                if waiting[j] == 0:
                    heapq.heappush(ready, (rank[j], j))
    for i in sequence:
        if not done[i] and i in rules.must:
            failed_must.append(meetings[i].id)  # on a precedence cycle

    slot_of = state.slot_of.tolist()
    slot_by_meeting = {
        m.id: problem.slots[slot_of[i]].id for i, m in enumerate(meetings) if slot_of[i] >= 0
    }
    return GreedyResult(
        assignments=assign_tables(problem, slot_by_meeting),
        unscheduled=tuple(m.id for i, m in enumerate(meetings) if slot_of[i] < 0),
        impossible=tuple(m.id for i, m in enumerate(meetings) if not rules.domains[i]),
        failed_must=tuple(failed_must),
        feasible_weight=sum(m.weight for i, m in enumerate(meetings) if rules.domains[i]),
    )


def greedy_assign(
    problem: Problem, *, order: str = "request", seed: int = 0
) -> tuple[Assignment, ...]:
    """A valid (possibly partial) schedule by one greedy pass, e.g. to seed another solver."""
    return greedy_schedule(problem, order=order, seed=seed).assignments


class GreedySolver:
    """First-come-first-served in request order (see the module docstring)."""

    name = "greedy"

    def __init__(self, order: str = "request") -> None:
        self.order = order

    def solve(
        self,
        problem: Problem,
        *,
        time_limit_s: float,
        seed: int,
        workers: int = 2,
        progress: ProgressCallback | None = None,
    ) -> Solution:
        started = time.perf_counter()
        result = greedy_schedule(problem, order=self.order, seed=seed)
        evaluation = evaluate(problem, result.assignments)
        objective = evaluation.objective()
        stats: dict[str, object] = {
            "solver": self.name,
            "order": self.order,
            "workers": 1,
            "seed": seed,
            "placed": len(result.assignments),
            "unplaced": len(result.unscheduled),
            "no_possible_slot": len(result.impossible),
        }
        status, bound, reason = _judge(problem, result, objective)
        if reason:
            stats["reason"] = reason
        wall_s = time.perf_counter() - started
        stats["wall_s"] = wall_s
        if progress is not None:
            progress(
                Progress(
                    elapsed_s=wall_s,
                    phase="greedy",
                    scheduled=len(result.assignments),
                    weight=objective["weight"],
                    bound=bound.get("weight"),
                    message=f"{len(result.assignments)} of {len(problem.meetings)} placed",
                )
            )
        return Solution(
            assignments=result.assignments,
            unscheduled=result.unscheduled,
            status=status,
            objective=objective,
            bound=bound,
            stats=stats,
        )


def _judge(
    problem: Problem, result: GreedyResult, objective: dict[str, float]
) -> tuple[Status, dict[str, float], str]:
    """Status, proven bounds and (if not a valid schedule) why."""
    if problem.mode is Mode.ALL_REQUIRED:
        bound = {"gaps": 0.0}
        if result.impossible:
            return (
                Status.INFEASIBLE,
                bound,
                f"{len(result.impossible)} meeting(s) have no allowed slot where everyone "
                f"is available, e.g. {result.impossible[0]!r}",
            )
        if result.failed_must:
            return (
                Status.UNKNOWN,
                bound,
                f"greedy could not place {len(result.failed_must)} required meeting(s), "
                f"e.g. {result.failed_must[0]!r}",
            )
        d = problem.fairness_d
        if d is not None and objective["max_gaps"] - objective["min_gaps"] > d:
            return Status.UNKNOWN, bound, f"greedy's gap counts break the fairness bound d = {d}"
        return (Status.OPTIMAL if objective["gaps"] == 0 else Status.FEASIBLE), bound, ""

    bound = {
        "weight": result.feasible_weight,
        "scheduled": float(len(problem.meetings) - len(result.impossible)),
    }
    must_impossible = compile_rules(problem).impossible_must
    if must_impossible:
        meeting_id = problem.meetings[must_impossible[0]].id
        return (
            Status.INFEASIBLE,
            bound,
            f"required or pinned meeting {meeting_id!r} has no possible slot",
        )
    if result.failed_must:
        return (
            Status.UNKNOWN,
            bound,
            f"greedy could not keep {len(result.failed_must)} pinned or required meeting(s), "
            f"e.g. {result.failed_must[0]!r}",
        )
    if not result.unscheduled:
        return Status.OPTIMAL, bound, ""
    return Status.FEASIBLE, bound, ""
