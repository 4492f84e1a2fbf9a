"""Proven bounds on the scheduling objectives: how good any schedule could possibly be.

Every schedule reports its distance to these bounds, so each bound here must be *valid*
(never below the weighted-mode optimum, never above the all-required-mode optimum) and then
as tight as practical.

**Weight upper bound** (`weight_upper_bound`, weighted mode). A linear-programming relaxation
of the schedule, solved with HiGHS through `scipy.optimize.linprog` (never `highspy`, which
cannot share a process with OR-Tools). Its columns are (meeting, group of slots) pairs with
0 <= y <= 1, meaning "the meeting is held in this group"; a group is a single slot when the
time-indexed model fits (at most `TIME_INDEXED_LIMIT` pairs), else a day (up to
`DAY_INDEXED_LIMIT` columns), else the whole event: then the LP is a fractional b-matching
with side constraints, which HiGHS solves in about a second at BIO scale. A meeting gets a
column only for groups that meet its *domain* (`meeting_domains`: the slots where everyone
present is available, the slot is allowed, no non-movable pin of a participant already
sits there, and precedences can still be met). Rows, one per row of the compiled rules
(`partnering_engine.rules`) summed over a group's slots:

- each meeting is held at most once (exactly once when required or pinned);
- per limit (a participant, all tables, the tables of a kind, an interpreter pool, a table
  held by several pins) and group, at most its capacity summed over the group's slots in
  which one of its meetings could be held (a person attends one meeting per slot);
- per participant, at most ``max_meetings`` and at most the number of such slots overall;
- a meeting that must come after another is held in a group only if the other is held in a
  group that starts before this group ends.

Every valid schedule, read as ``y[m, g] = 1`` when meeting m sits in a slot of group g,
satisfies every row, so the LP optimum is at least the best schedule's weight. We do not
trust the LP solver's floating-point optimum: the reported bound is the Lagrangian value
``b.lambda + sum_j max over y_j in [lo_j, hi_j] of (w_j - (A^T lambda)_j) y_j`` of the solver's
dual values lambda (clipped to their valid signs), which weak duality makes an upper bound
for *any* lambda, so solver tolerances or an early stop can only loosen it. When every weight
is a multiple of 10^-k (k <= 6) the bound is rounded down to that grid, since every
schedule's weight lies on it.

The same LP, time-indexed, is phase 1 of the exact solver (`solvers._cpsat_weighted`): its
optimal vertex is often integral, i.e. a schedule that meets the bound. Measured on the
generator's presets, the event-level LP equals the integer b-matching optimum (no odd-set
gap), and the day rows never tightened it, so cheaper cuts would not help there; what is
left between the bound and the best schedule is slot-level conflicts.

If the LP cannot be solved in the time limit, `weight_upper_bound` falls back to the
star bound: each scheduled meeting is counted by both its sides, and a participant can count
at most its ``capacity`` heaviest requests, so twice the weight is at most the sum over
participants of their ``capacity`` heaviest request weights.

**Gaps lower bound** (all-required mode) comes from
`partnering_engine.gaps_bound.gaps_lower_bound`.
"""

from __future__ import annotations

import math
import os
import pickle
import subprocess
import sys
import tempfile
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy import sparse
from scipy.optimize import linprog

from partnering_engine.rules import compile_rules
from partnering_engine.types import Mode, Problem

__all__ = [
    "TIME_INDEXED_LIMIT",
    "Domains",
    "GroupedLp",
    "LpResult",
    "MilpOutcome",
    "build_grouped_lp",
    "compute_bound",
    "meeting_domains",
    "milp_with_deadline",
    "round_down_to_grid",
    "solve_grouped_lp",
    "star_bound",
    "weight_grid",
    "weight_upper_bound",
]

#: The LP is time-indexed (one column per meeting and slot) up to this many columns.
TIME_INDEXED_LIMIT = 250_000
#: Day-indexed LP up to this many columns; above it one column per meeting (on the
#: generator's presets the day rows never tightened the bound, and cost 30x the time).
DAY_INDEXED_LIMIT = 50_000


@dataclass(frozen=True, slots=True)
class Domains:
    """Where each meeting may still be held, after cheap propagation.

    `slots[i]` lists the slot positions open to meeting position i; `must` the meetings
    that have to be scheduled (required, pinned, or everything in all-required mode, and
    the predecessors of those); `fixed` maps non-movable pinned meetings to their slot.
    """

    slots: tuple[tuple[int, ...], ...]
    must: frozenset[int]
    fixed: dict[int, int]

    @property
    def impossible_must(self) -> tuple[int, ...]:
        """Meetings that must be scheduled but have no slot left (the problem is infeasible)."""
        return tuple(sorted(i for i in self.must if not self.slots[i]))


def meeting_domains(problem: Problem) -> Domains:
    """The slots each meeting may use, pruned by pins and precedences (see `Domains`):
    the compiled rules' domains (`partnering_engine.rules`)."""
    rules = compile_rules(problem)
    return Domains(slots=rules.domains, must=rules.must, fixed=dict(rules.fixed))


def weight_grid(weights: Sequence[float]) -> int | None:
    """The smallest 10^k (k <= 6) such that every weight times it is an integer, or None."""
    for k in range(7):
        factor: int = 10**k
        if all(abs(w * factor - round(w * factor)) <= 1e-9 * max(1.0, w * factor) for w in weights):
            return factor
    return None


def round_down_to_grid(value: float, grid: int | None) -> float:
    """`value` rounded down to a multiple of 1/grid (a schedule's weight lies on that grid)."""
    if grid is None or not math.isfinite(value):
        return value
    # The tiny slack absorbs float noise in an exactly integral bound, e.g. 41.999999999.
    return math.floor(value * grid + 1e-6) / grid


def star_bound(problem: Problem, domains: Domains | None = None) -> float:
    """Half the sum over participants of their `capacity` heaviest schedulable requests."""
    domains = domains or meeting_domains(problem)
    capacity = compile_rules(problem).person_capacity
    total = 0.0
    for k, participant in enumerate(problem.participants):
        weights = sorted(
            (
                problem.meetings[i].weight
                for i in problem.meetings_of[participant.id]
                if domains.slots[i]
            ),
            reverse=True,
        )
        total += sum(weights[: int(capacity[k])])
    # A meeting with attendees is counted by more than two people; halving stays valid
    # because every scheduled meeting contributes its weight at least twice (a and b).
    return total / 2


def _slot_groups(problem: Problem, domains: Domains) -> list[tuple[int, ...]]:
    """How the LP groups slots: singletons, days, or everything (see the module doc)."""
    pairs = sum(len(d) for d in domains.slots)
    if pairs <= TIME_INDEXED_LIMIT:
        return [(s,) for s in range(len(problem.slots))]
    by_day: dict[int, list[int]] = defaultdict(list)
    for s, day in enumerate(problem.day_of_slot):
        by_day[day].append(s)
    day_columns = sum(len({problem.day_of_slot[s] for s in d}) for d in domains.slots)
    if len(by_day) > 1 and day_columns <= DAY_INDEXED_LIMIT:
        return [tuple(v) for _, v in sorted(by_day.items())]
    return [tuple(range(len(problem.slots)))]


class _Rows:
    """Sparse rows ``sum coef * column <= rhs`` collected in COO form."""

    def __init__(self) -> None:
        self.row: list[int] = []
        self.col: list[int] = []
        self.val: list[float] = []
        self.rhs: list[float] = []

    def add(self, columns: Sequence[int], coefs: Sequence[float], rhs: float) -> None:
        r = len(self.rhs)
        self.row.extend([r] * len(columns))
        self.col.extend(columns)
        self.val.extend(coefs)
        self.rhs.append(rhs)

    def matrix(self, n_columns: int) -> sparse.csr_matrix:
        return sparse.csr_matrix(
            (self.val, (self.row, self.col)), shape=(len(self.rhs), n_columns), dtype=float
        )


@dataclass
class GroupedLp:
    """The grouped relaxation as matrices: maximise ``weights . y`` subject to
    ``a_ub y <= b_ub``, ``a_eq y = b_eq``, ``lower <= y <= upper``; column j is meeting
    ``col_meeting[j]`` held in slot group ``groups[col_group[j]]``."""

    groups: list[tuple[int, ...]]
    col_meeting: list[int]
    col_group: list[int]
    weights: np.ndarray[Any, np.dtype[np.float64]]
    lower: np.ndarray[Any, np.dtype[np.float64]]
    upper: np.ndarray[Any, np.dtype[np.float64]]
    a_ub: sparse.csr_matrix | None
    b_ub: np.ndarray[Any, np.dtype[np.float64]] | None
    a_eq: sparse.csr_matrix | None
    b_eq: np.ndarray[Any, np.dtype[np.float64]] | None


def build_grouped_lp(
    problem: Problem, domains: Domains, groups: list[tuple[int, ...]] | None = None
) -> GroupedLp:
    """The relaxation of the module doc over `groups` (default: chosen by size)."""
    if groups is None:
        groups = _slot_groups(problem, domains)
    group_of_slot = {s: g for g, slots in enumerate(groups) for s in slots}
    # Columns.
    col_meeting: list[int] = []
    col_group: list[int] = []
    cols_of_meeting: list[list[int]] = []
    for i, slots in enumerate(domains.slots):
        mine: list[int] = []
        for g in sorted({group_of_slot[s] for s in slots}):
            mine.append(len(col_meeting))
            col_meeting.append(i)
            col_group.append(g)
        cols_of_meeting.append(mine)
    n = len(col_meeting)
    weights = np.array([problem.meetings[i].weight for i in col_meeting], dtype=float)
    lower = np.zeros(n)
    upper = np.ones(n)

    rows = _Rows()
    eq = _Rows()
    for i, cols in enumerate(cols_of_meeting):
        if not cols:
            continue
        if i in domains.must:
            if len(cols) == 1:
                lower[cols[0]] = 1.0
            else:
                eq.add(cols, [1.0] * len(cols), 1.0)
        elif len(cols) > 1:
            rows.add(cols, [1.0] * len(cols), 1.0)

    # Per limit (person, tables, table kind, interpreters, ...) and group: at most its
    # capacity summed over the group's slots where a member could be held; per person also
    # over the whole event, with their quota (max_meetings).
    rules = compile_rules(problem)
    quota = {q.person: q.capacity for q in rules.quotas}
    for row, limit in enumerate(rules.limits):
        cols_by_group: dict[int, list[int]] = defaultdict(list)
        open_by_group: dict[int, set[int]] = defaultdict(set)
        for i in limit.members:
            for s in domains.slots[i]:
                open_by_group[group_of_slot[s]].add(s)
            for c in cols_of_meeting[i]:
                cols_by_group[col_group[c]].append(c)
        total = 0
        for g, cols in cols_by_group.items():
            cap = sum(limit.capacity[s] for s in open_by_group[g])
            total += cap
            if len(cols) > cap:
                rows.add(cols, [1.0] * len(cols), float(cap))
        if limit.kind == "person" and cols_by_group:
            cap = min(total, quota.get(row, total))
            cols = [c for i in limit.members for c in cols_of_meeting[i]]
            if sum(1 for i in limit.members if domains.slots[i]) > cap:
                rows.add(cols, [1.0] * len(cols), float(cap))

    # Precedences: `later` in group g needs `earlier` in a group starting before g ends.
    for earlier, later in rules.order:
        for c in cols_of_meeting[later]:
            end = max(groups[col_group[c]])
            before = [e for e in cols_of_meeting[earlier] if min(groups[col_group[e]]) < end]
            rows.add([c, *before], [1.0] + [-1.0] * len(before), 0.0)

    return GroupedLp(
        groups=groups,
        col_meeting=col_meeting,
        col_group=col_group,
        weights=weights,
        lower=lower,
        upper=upper,
        a_ub=rows.matrix(n) if rows.rhs else None,
        b_ub=np.array(rows.rhs, dtype=float) if rows.rhs else None,
        a_eq=eq.matrix(n) if eq.rhs else None,
        b_eq=np.array(eq.rhs, dtype=float) if eq.rhs else None,
    )


@dataclass
class LpResult:
    """A solved grouped LP: its proven `bound` (None if HiGHS gave no duals) and its
    primal solution `x` (None if none was returned)."""

    lp: GroupedLp
    bound: float | None
    x: np.ndarray[Any, np.dtype[np.float64]] | None
    #: Lagrangian reduced costs ``w - A^T lambda`` behind `bound`: a schedule holding column
    #: j weighs at most ``bound + reduced[j]`` when ``reduced[j] < 0`` (reduced-cost fixing).
    reduced: np.ndarray[Any, np.dtype[np.float64]] | None = None


def solve_grouped_lp(
    problem: Problem,
    domains: Domains,
    *,
    time_limit_s: float,
    groups: list[tuple[int, ...]] | None = None,
) -> LpResult:
    """Solve the grouped LP with HiGHS' dual simplex (whose optimal vertices are often
    integral on these models) and turn its duals into a proven bound (module doc)."""
    lp = build_grouped_lp(problem, domains, groups)
    if not lp.col_meeting:
        return LpResult(lp, 0.0, np.zeros(0))
    weights, lower, upper = lp.weights, lp.lower, lp.upper
    a_ub, b_ub, a_eq, b_eq = lp.a_ub, lp.b_ub, lp.a_eq, lp.b_eq
    result = linprog(
        -weights,
        A_ub=a_ub,
        b_ub=b_ub,
        A_eq=a_eq,
        b_eq=b_eq,
        bounds=np.column_stack([lower, upper]),
        method="highs-ds",
        options={"time_limit": max(1.0, time_limit_s), "presolve": True},
    )
    primal = result.x if result.status == 0 else None
    if result.status == 2 and (a_eq is not None or lower.any()):
        # The required meetings cannot all be held: no schedule exists at all. Dropping
        # them keeps a valid (if vacuous) bound instead of reporting nothing.
        result = linprog(
            -weights,
            A_ub=a_ub,
            b_ub=b_ub,
            bounds=(0.0, 1.0),
            method="highs-ds",
            options={"time_limit": max(1.0, time_limit_s)},
        )
        a_eq = None
        lower = np.zeros(len(weights))
    ineq = getattr(result, "ineqlin", None)
    eqlin = getattr(result, "eqlin", None)
    if (
        result.status not in (0, 1)
        or (a_ub is not None and (ineq is None or ineq.marginals is None))
        or (a_eq is not None and (eqlin is None or eqlin.marginals is None))
    ):
        return LpResult(lp, None, primal)

    # Weak duality: any lambda >= 0 on <= rows (free on = rows) gives an upper bound.
    reduced = weights.copy()
    value = 0.0
    if a_ub is not None and b_ub is not None and ineq is not None:
        lam = np.clip(-np.asarray(ineq.marginals, dtype=float), 0.0, None)
        value += float(lam @ b_ub)
        reduced -= a_ub.T @ lam
    if a_eq is not None and b_eq is not None and eqlin is not None:
        mu = -np.asarray(eqlin.marginals, dtype=float)
        value += float(mu @ b_eq)
        reduced -= a_eq.T @ mu
    value += float(np.where(reduced > 0, reduced * upper, reduced * lower).sum())
    return LpResult(lp, value, primal, reduced)


@dataclass
class MilpOutcome:
    """What HiGHS' MIP returned: scipy's status, its solution and its dual bound (of the
    minimisation it was given), each None when missing."""

    status: int | None
    x: np.ndarray[Any, np.dtype[np.float64]] | None
    dual_bound: float | None


def _milp_worker(arguments_path: str, outcome_path: str) -> None:
    """Runs in a child process (see `milp_with_deadline`): reads the arguments, writes the
    outcome, both pickled."""
    from scipy.optimize import Bounds, LinearConstraint, milp

    with open(arguments_path, "rb") as stream:
        arguments = pickle.load(stream)
    result = milp(
        arguments["c"],
        constraints=[LinearConstraint(*row) for row in arguments["constraints"]],
        bounds=Bounds(arguments["lower"], arguments["upper"]),
        integrality=np.ones(len(arguments["c"])),
        options={"time_limit": arguments["time_limit"], "mip_rel_gap": 0.0},
    )
    dual = getattr(result, "mip_dual_bound", None)
    outcome = MilpOutcome(
        result.status,
        None if result.x is None else np.asarray(result.x),
        None if dual is None else float(dual),
    )
    with open(outcome_path, "wb") as stream:
        pickle.dump(outcome, stream)


def milp_with_deadline(
    c: np.ndarray[Any, Any],
    constraints: list[tuple[Any, Any, Any]],
    lower: np.ndarray[Any, Any],
    upper: np.ndarray[Any, Any],
    *,
    time_limit_s: float,
) -> MilpOutcome:
    """``scipy.optimize.milp`` (all variables integer) in a child Python process that is
    killed at the deadline. HiGHS' own time limit is not checked in every phase of its MIP
    search (on one summit instance it ran ten minutes past a 17 s limit), and a solver must
    keep its time limit. A plain subprocess (not `multiprocessing`) so that callers need no
    ``__main__`` guard. Constraints are ``(matrix, lower, upper)`` triples."""
    # Starting Python and scipy in the child takes a moment; HiGHS gets the rest.
    startup_s = min(3.0, 0.3 * time_limit_s)
    arguments = {
        "c": c,
        "constraints": constraints,
        "lower": lower,
        "upper": upper,
        "time_limit": max(0.1, time_limit_s - startup_s),
    }
    with tempfile.TemporaryDirectory(prefix="partnering-milp-") as folder:
        arguments_path = os.path.join(folder, "arguments.pickle")
        outcome_path = os.path.join(folder, "outcome.pickle")
        with open(arguments_path, "wb") as stream:
            pickle.dump(arguments, stream)
        code = (
            "from partnering_engine.bound import _milp_worker; "
            f"_milp_worker({arguments_path!r}, {outcome_path!r})"
        )
        child = subprocess.Popen(  # our own interpreter and code, no shell
            [sys.executable, "-c", code],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            child.wait(timeout=time_limit_s)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()
            return MilpOutcome(None, None, None)
        if child.returncode != 0 or not os.path.exists(outcome_path):
            return MilpOutcome(None, None, None)
        with open(outcome_path, "rb") as stream:
            outcome: MilpOutcome = pickle.load(stream)
        return outcome


def weight_upper_bound(problem: Problem, *, time_limit_s: float = 60.0) -> float:
    """A proven upper bound on the scheduled weight of any valid schedule (module doc)."""
    domains = meeting_domains(problem)
    star = star_bound(problem, domains)
    lp = solve_grouped_lp(problem, domains, time_limit_s=time_limit_s).bound
    best = star if lp is None else min(star, lp)
    # Nothing can exceed the weight of all schedulable meetings.
    best = min(
        best, sum(m.weight for m, d in zip(problem.meetings, domains.slots, strict=True) if d)
    )
    return round_down_to_grid(best, weight_grid([m.weight for m in problem.meetings]))


def compute_bound(problem: Problem, *, time_limit_s: float = 60.0) -> dict[str, float]:
    """The proven bounds of `problem`'s primary objective, keyed like `Solution.bound`.

    Weighted mode: ``{"weight": upper bound}``; all-required mode: ``{"gaps": lower bound}``
    from H2's `gaps_lower_bound` (plus the trivial weight, every meeting's).
    """
    if problem.mode is Mode.ALL_REQUIRED:
        from partnering_engine.gaps_bound import gaps_lower_bound

        return {"gaps": float(gaps_lower_bound(problem))}
    return {"weight": weight_upper_bound(problem, time_limit_s=time_limit_s)}
