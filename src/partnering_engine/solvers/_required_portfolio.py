"""The portfolio of the all-required mode: searches run in parallel (CP-SAT searches in
threads, the SAT search in a worker process), share the best schedule and the best proven
bound, and all stop once the schedule meets the bound. See `_cpsat_required`."""

from __future__ import annotations

import math
import resource
import threading
import time
from dataclasses import dataclass

from ortools.sat.python import cp_model, cp_model_helper

from partnering_engine.solvers._cpsat_required_model import RequiredModel
from partnering_engine.solvers._sat_required import SatSearch
from partnering_engine.solvers.base import Progress, ProgressCallback
from partnering_engine.types import Problem

__all__ = ["PRIMAL_AT", "Outcome", "Run", "Shared"]

#: Share of the time limit after which a plain search for schedules takes the prover's place
#: if the core searches have none yet. Late, because the prover may still find the optimum:
#: forum-13crafb is optimal at 6-16 s of a 25 s limit on 9 of 10 seeds.
PRIMAL_AT = 0.7


@dataclass(slots=True)
class Outcome:
    """What the searches of one solve found together."""

    runs: list[Run]
    #: Best proven bound on the CP-SAT objective (gap_weight * gaps + moved pins).
    bound: float
    infeasible: bool
    #: A search proved its schedule optimal itself (CP-SAT status OPTIMAL).
    proven: bool
    slots: dict[str, str] | None
    gaps: int | None
    found_by: str | None


class Run(cp_model.CpSolverSolutionCallback):
    """One CP-SAT search on (a copy of) the model, in its own thread."""

    def __init__(
        self,
        name: str,
        model: cp_model.CpModel,
        params: cp_model_helper.SatParameters,
        shared: Shared,
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


def _cpu_s() -> float:
    """CPU seconds of this process so far, all threads (the CP-SAT searches)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


class Shared:
    """Best schedule and bound over the searches of one solve; stops them all once the
    schedule meets the bound, and reports progress."""

    def __init__(
        self,
        built: RequiredModel,
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
        self._runs: list[Run] = []
        self._sat: SatSearch | None = None
        self.finished = threading.Event()
        self.bound = 0.0  # the objective is never negative
        self._reported_bound = own_bound
        self.objective: float | None = None
        self.slots: dict[str, str] | None = None
        self.gaps: int | None = None
        self.found_by: str | None = None

    def run(
        self,
        runs: list[Run],
        time_limit_s: float,
        *,
        fallback: cp_model_helper.SatParameters,
        primal_after_s: float | None = None,
        sat: SatSearch | None = None,
        sat_after_cpu_s: float = 0.0,
    ) -> Outcome:
        """Run the searches in parallel within the time limit; the SAT search joins once the
        others have used `sat_after_cpu_s` CPU seconds (CPU, not wall time: the same point
        of the search however busy the machine is). Core-based search reports no
        schedule before it is done, so if there is none at `PRIMAL_AT` of the time (large
        problems) and the main search has no LNS workers, a plain one-worker search for
        schedules takes the prover's place (after `primal_after_s` if given)."""
        deadline = time.monotonic() + time_limit_s
        if primal_after_s is None:
            primal_after_s = time_limit_s * PRIMAL_AT
        primal_at = time.monotonic() + primal_after_s
        self._runs = list(runs)
        self._sat = sat
        cpu_at_start = _cpu_s()
        for run in runs:
            run.solver.parameters.max_time_in_seconds = time_limit_s
            run.thread.start()
        # Past the deadline the SAT thread is not waited for: it may still be building its
        # clauses (pure Python, seconds on a crowded machine); stopped, it only ends.
        while any(run.thread.is_alive() for run in self._runs) or (
            sat is not None and sat.thread.is_alive() and time.monotonic() < deadline
        ):
            self.finished.wait(timeout=0.05)
            self.finished.clear()
            if (
                sat is not None
                and not sat.started
                and _cpu_s() - cpu_at_start >= sat_after_cpu_s
                and time.monotonic() < deadline
            ):
                sat.start(deadline - time.monotonic())
            with self._lock:
                if any(
                    not run.thread.is_alive()
                    and run.status in (cp_model.OPTIMAL, cp_model.INFEASIBLE)
                    for run in self._runs
                ) or (sat is not None and (sat.optimal or sat.infeasible)):
                    self._stop_all()
                if time.monotonic() >= deadline:
                    # CP-SAT stops itself; this ends the SAT worker even mid-transfer.
                    self._stop_all()
            if time.monotonic() >= primal_at:
                primal_at = math.inf
                self._replace_prover(deadline, fallback)
        for run in self._runs:
            run.thread.join()
            if run.status in (cp_model.OPTIMAL, cp_model.FEASIBLE, cp_model.UNKNOWN):
                self.bound = max(self.bound, run.solver.best_objective_bound)
        if sat is not None and sat.started:
            sat.thread.join(timeout=max(0.0, deadline - time.monotonic()) + 0.2)
        infeasible = any(run.status == cp_model.INFEASIBLE for run in self._runs) or (
            sat is not None and sat.infeasible
        )
        proven = any(
            run.status == cp_model.OPTIMAL
            and self.objective is not None
            and self.objective <= run.solver.objective_value
            for run in self._runs
        )
        return Outcome(
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
            primal = Run("primal", self._built.model.clone(), params, self)
            self._runs.append(primal)
            primal.thread.start()

    def _stop_all(self) -> None:
        for run in self._runs:
            run.stop()
        if self._sat is not None:
            self._sat.stop()

    def _tell_sat(self) -> None:
        if self._sat is not None:
            self._sat.tell(max(self._own_bound, self._built.gaps_bound_from(self.bound)), self.gaps)

    def on_sat_bound(self, gaps_bound: int) -> None:
        """The SAT search proved a bound on the total gaps (it runs only without movable
        pins, where the CP-SAT objective is the gaps)."""
        self.on_bound(float(gaps_bound), tell=False)

    def on_sat_schedule(self, slots: dict[str, str], gaps: int) -> None:
        self.offer(float(gaps), slots, gaps, "sat", tell=False)

    def _check(self) -> None:
        if self.objective is not None and self.objective <= self.bound:
            self._stop_all()

    def on_bound(self, objective_bound: float, *, tell: bool = True) -> None:
        """A search proved a better objective bound (reported even before any schedule)."""
        with self._lock:
            if objective_bound <= self.bound:
                return
            self.bound = objective_bound
            self._check()
            if tell:
                self._tell_sat()
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

    def on_solution(self, run: Run) -> None:
        with self._lock:
            objective = run.objective_value
            if self.objective is not None and objective >= self.objective:
                return
            self.bound = max(self.bound, run.best_objective_bound)
            self.offer(objective, self._built.slots_of(run), self._built.gaps_of(run), run.name)

    def offer(
        self,
        objective: float,
        slots: dict[str, str],
        gaps: int,
        found_by: str,
        *,
        tell: bool = True,
    ) -> None:
        """A search found a schedule with this objective (kept if better than the best)."""
        with self._lock:
            if self.objective is not None and objective >= self.objective:
                return
            self.objective = objective
            self.slots = slots
            self.gaps = gaps
            self.found_by = found_by
            self._check()
            if tell:
                self._tell_sat()
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
