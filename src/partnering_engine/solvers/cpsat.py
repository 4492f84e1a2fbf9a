"""The exact solver, registry name ``cpsat``: one entry point, one model per mode.

- Weighted mode (maximise weight, then keep pins, then fairness, then fewest idle gaps):
  `partnering_engine.solvers._cpsat_weighted.solve_weighted`, whose docstring states the
  time-indexed model, the phases and how the weight bound is proven.
- All-required mode (every meeting scheduled, fewest gaps, optional fairness bound d):
  `partnering_engine.solvers._cpsat_required.solve_all_required`, documented there.

Both return a `Solution` whose ``bound`` holds only proven bounds and whose status is
``optimal`` only when the primary objective meets its bound.
"""

from __future__ import annotations

import time

from partnering_engine.solvers.base import ProgressCallback
from partnering_engine.types import Mode, Problem, Solution

__all__ = ["CpSatSolver"]


class CpSatSolver:
    """Exact time-indexed model per mode (see the module docstring)."""

    name = "cpsat"

    def solve(
        self,
        problem: Problem,
        *,
        time_limit_s: float,
        seed: int,
        workers: int = 2,
        progress: ProgressCallback | None = None,
    ) -> Solution:
        # Importing OR-Tools and scipy takes seconds on a busy machine; it counts.
        started = time.monotonic()
        if problem.mode is Mode.ALL_REQUIRED:
            from partnering_engine.solvers._cpsat_required import solve_all_required

            return solve_all_required(
                problem,
                time_limit_s=max(0.1, time_limit_s - (time.monotonic() - started)),
                seed=seed,
                workers=workers,
                progress=progress,
            )
        from partnering_engine.solvers._cpsat_weighted import solve_weighted

        return solve_weighted(
            problem,
            time_limit_s=max(0.1, time_limit_s - (time.monotonic() - started)),
            seed=seed,
            workers=workers,
            progress=progress,
        )
