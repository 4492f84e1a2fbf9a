"""Which meetings to aim for: a maximum-weight degree-constrained subgraph (b-matching).

Ignoring *when* meetings happen, a schedule picks a set of meetings in which every person
has at most ``capacity`` meetings (``max_meetings`` and the number of slots where any of their
meetings could take place), with at most ``tables x slots`` meetings in all (per table kind
and interpreter pool likewise). The heaviest such set is an integer program with one 0/1
variable per meeting, solved with HiGHS through `scipy.optimize.milp`; on these instances it
is near-integral and solves in seconds, and its optimum is usually the weight bound itself,
so a schedule that places the whole set is optimal.

Fairness enters as a tie-breaker that never costs weight: each participant who asked for a
schedulable meeting earns ``epsilon`` when at least one of their meetings is selected, with
``epsilon * participants`` below the smallest weight step, so among the heaviest sets the
one serving the most participants wins.
"""

from __future__ import annotations

import numpy as np
from scipy import sparse
from scipy.optimize import Bounds, LinearConstraint, milp

from partnering_engine.rules import BoolArray, Compiled, FloatArray, IntArray

__all__ = ["participant_capacity", "select_meetings"]


def participant_capacity(c: Compiled) -> IntArray:
    """Per participant: the most meetings they could attend (the rules' `person_capacity`)."""
    return c.rules.person_capacity


def _weight_step(weights: FloatArray) -> float:
    for scale in (1, 10, 100, 1000, 10_000, 100_000, 1_000_000):
        if np.all(np.abs(weights * scale - np.round(weights * scale)) < 1e-9):
            return 1.0 / scale
    return 0.0


def select_meetings(c: Compiled, *, time_limit_s: float) -> BoolArray | None:
    """The meetings of a heaviest b-matching (see module docstring), None if HiGHS found
    no solution in time."""
    if time_limit_s <= 0.5:
        return None
    candidates = np.flatnonzero(c.feasible.any(axis=1))
    n = candidates.size
    if n == 0:
        return np.zeros(c.n_meetings, dtype=np.bool_)
    capacity = participant_capacity(c)
    rows: list[int] = []
    cols: list[int] = []
    for j, m in enumerate(candidates):
        for person in c.people[m]:
            rows.append(person)
            cols.append(j)
    person_matrix = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(c.n_people, n))
    # Served indicators u_p <= sum of p's selected meetings, for participants with requests.
    served_people = np.flatnonzero(c.schedulable)
    k = served_people.size
    position = np.full(c.n_people, -1, dtype=np.int64)
    position[served_people] = np.arange(k)
    side_rows = np.r_[position[c.side_a[candidates]], position[c.side_b[candidates]]]
    side_cols = np.r_[np.arange(n), np.arange(n)]
    keep = side_rows >= 0
    served_matrix = sparse.hstack(
        [
            -sparse.csr_matrix(
                (np.ones(int(keep.sum())), (side_rows[keep], side_cols[keep])), shape=(k, n)
            ),
            sparse.identity(k, format="csr"),
        ]
    )
    weights = c.weight[candidates]
    step = _weight_step(weights)
    epsilon = 0.5 * step / (k + 1) if step > 0 else 0.0
    total_slots = int(c.feasible.any(axis=0).sum())
    blocks = [
        LinearConstraint(
            sparse.hstack([person_matrix, sparse.csr_matrix((c.n_people, k))]),
            -np.inf,
            capacity.astype(float),
        ),
        LinearConstraint(served_matrix, -np.inf, 0.0),
        LinearConstraint(
            np.r_[np.ones(n), np.zeros(k)].reshape(1, -1), -np.inf, c.total_tables * total_slots
        ),
    ]
    lower = np.r_[c.must_schedule[candidates].astype(float), np.zeros(k)]
    objective = -np.r_[weights, np.full(k, epsilon)]
    result = milp(
        objective,
        constraints=blocks,
        integrality=np.r_[np.ones(n), np.zeros(k)],
        bounds=Bounds(lower, np.ones(n + k)),
        options={"time_limit": float(time_limit_s), "disp": False},
    )
    if result.x is None:
        return None
    selected = np.zeros(c.n_meetings, dtype=np.bool_)
    selected[candidates[result.x[:n] > 0.5]] = True
    return selected
