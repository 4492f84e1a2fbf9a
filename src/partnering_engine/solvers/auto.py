"""Registry name ``auto``: picks the exact or the large-scale solver by problem size.

Model: none of its own. It runs

- ``cpsat`` (the exact time-indexed CP-SAT model, `partnering_engine.solvers.cpsat`) for
  every all-required problem (the B2B benchmark family, at most a few hundred meetings) and
  for weighted problems with at most `EXACT_MAX_PAIRS` (meeting, slot) pairs;
- ``lns`` (`partnering_engine.solvers.lns`: b-matching target, greedy construction, CP-SAT
  neighbourhoods) above that.

Threshold, measured with ``python -m bench scheduling`` on 2 cores: the ``summit`` preset
(1,600 requests x 28 slots = 44,800 pairs) is solved by ``cpsat`` with the weight proven
optimal within a minute, while the time-indexed model of ``bio_europe`` (30,000 x 54 =
1,620,000 pairs) takes minutes to build and gigabytes of memory before it searches, and
``lns`` reaches 99.99% of the weight bound there within five minutes. The threshold sits
between the two, at 200,000 pairs (a 4,000-request, 2-day event), where the exact model
still builds in seconds. The choice is recorded in ``stats["auto_choice"]``.
"""

from __future__ import annotations

from partnering_engine.solvers.base import ProgressCallback
from partnering_engine.types import Mode, Problem, Solution

__all__ = ["EXACT_MAX_PAIRS", "AutoSolver", "choose_solver"]

#: Weighted problems with more (meeting, slot) pairs than this go to the large-scale solver.
EXACT_MAX_PAIRS = 200_000


def choose_solver(problem: Problem) -> str:
    """The registry name of the solver ``auto`` runs on `problem`."""
    if problem.mode is Mode.ALL_REQUIRED:
        return "cpsat"
    if len(problem.meetings) * len(problem.slots) <= EXACT_MAX_PAIRS:
        return "cpsat"
    return "lns"


class AutoSolver:
    """Runs ``cpsat`` or ``lns`` depending on the problem (see the module docstring)."""

    name = "auto"

    def solve(
        self,
        problem: Problem,
        *,
        time_limit_s: float,
        seed: int,
        workers: int = 2,
        progress: ProgressCallback | None = None,
    ) -> Solution:
        from partnering_engine.solvers import get_solver

        choice = choose_solver(problem)
        solution = get_solver(choice).solve(
            problem, time_limit_s=time_limit_s, seed=seed, workers=workers, progress=progress
        )
        stats = dict(solution.stats)
        stats["auto_choice"] = choice
        stats["solver"] = self.name
        return Solution(
            solution.assignments,
            solution.unscheduled,
            solution.status,
            solution.objective,
            solution.bound,
            stats,
        )
