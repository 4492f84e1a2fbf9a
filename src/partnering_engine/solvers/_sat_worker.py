"""Worker process of the all-required SAT search (`_sat_required.SatSearch` starts it).

``python -m partnering_engine.solvers._sat_worker READ_FD WRITE_FD``: receives the CNF payload
of `_sat_required.SatModel.payload` on READ_FD, then searches with CaDiCaL (python-sat) as the
docstring of `_sat_required` says and sends on WRITE_FD:

- ``("schedule", gaps, true y literals, CPU seconds)`` for every better schedule found;
- ``("bound", total, CPU seconds)`` for every proven lower bound on the total gaps;
- ``("done", status)`` at the end: OPTIMAL (a schedule at a proven bound), INFEASIBLE (no
  schedule at all), KNOWN (another search's schedule meets the bound) or BEYOND_CAP.

Between its SAT calls (each limited to `SLICE_CONFLICTS` conflicts) it reads
``("known", bound, gaps)`` messages: another search's proven bound and best gaps, so it
never asks for what is already settled. The parent kills the process when the solve is
over; nothing here needs to clean up.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import time
from multiprocessing.connection import Connection

from pysat.solvers import Solver

#: linux/prctl.h
PR_SET_PDEATHSIG = 1


#: Conflicts per SAT call: between calls the worker reads the other searches' news and
#: switches between its two questions (CaDiCaL keeps what it learnt across calls).
SLICE_CONFLICTS = 5000
#: One call in this many asks for fewer gaps than the best schedule; the others ask for a
#: schedule at the proven bound, which is what settled every instance measured (crafted
#: ones: the optimum itself; tic-13crafc: "none with 3" first, then 4).
IMPROVE_EVERY = 4


def search(inbox: Connection, outbox: Connection) -> None:
    payload = inbox.recv()
    own_bound: int = payload["own_bound"]
    excess: list[int] = payload["excess"]
    report: list[int] = payload["report"]
    gap_ends = set(payload["gap_ends"])
    no_gap: list[int] = payload["phases"]
    known_bound, known_gaps = own_bound, None

    def read_known() -> None:
        nonlocal known_bound, known_gaps
        while inbox.poll():
            _, bound, gaps = inbox.recv()
            known_bound = max(known_bound, bound)
            if gaps is not None and (known_gaps is None or gaps < known_gaps):
                known_gaps = gaps

    with Solver(name=payload["solver"]) as solver:
        solver.configure(payload["options"])
        solver.append_formula(payload["clauses"])
        solver.set_phases(no_gap)  # schedules with few gaps first
        best: list[int] | None = None  # the model of the best schedule found here
        mine = sys.maxsize  # its gaps
        calls = 0
        while True:
            read_known()
            if mine <= known_bound:
                outbox.send(("done", "OPTIMAL"))
                return
            if known_gaps is not None and known_gaps <= known_bound:
                outbox.send(("done", "KNOWN"))
                return
            total: int | None = None  # None: any schedule at all
            if best is not None:
                # Take turns: fewer gaps than the best schedule, with its phases
                # (solution-guided, as in solution-improving MaxSAT), or a schedule at the
                # proven bound, phases "no gap" (no: the bound goes up by one).
                below = min(mine, sys.maxsize if known_gaps is None else known_gaps) - 1
                improve = calls % IMPROVE_EVERY == 0
                calls += 1
                total = below if improve else known_bound
                if total - own_bound >= len(excess):
                    if total == known_bound:
                        outbox.send(("done", "BEYOND_CAP"))
                        return
                    total = own_bound + len(excess) - 1
                solver.set_phases(best if improve else no_gap)
            assumptions = [] if total is None else [-excess[total - own_bound]]
            solver.conf_budget(SLICE_CONFLICTS)
            answer = solver.solve_limited(assumptions=assumptions)
            if answer is None:
                continue
            if answer:
                model = solver.get_model()
                true = [lit for lit in model if lit > 0]
                gaps = sum(1 for lit in true if lit in gap_ends)
                if gaps < mine:
                    mine, best = gaps, model
                    kept = set(true)
                    held = [lit for lit in report if lit in kept]
                    outbox.send(("schedule", gaps, held, time.process_time()))
                continue
            if total is None:
                outbox.send(("done", "INFEASIBLE"))
                return
            known_bound = max(known_bound, total + 1)
            outbox.send(("bound", known_bound, time.process_time()))


def _die_with_parent() -> None:
    """Linux: the kernel kills this worker when the process that started it dies, so a
    solver killed mid-solve leaves no SAT search running on."""
    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # no prctl: the parent kills us on stop as usual
        return
    if os.getppid() == 1:  # the parent died before prctl took effect
        os._exit(0)


def main(argv: list[str]) -> int:
    _die_with_parent()
    inbox = Connection(int(argv[0]), writable=False)
    outbox = Connection(int(argv[1]), readable=False)
    try:
        search(inbox, outbox)
    except (EOFError, BrokenPipeError):
        return 0  # the parent is gone or stopped the search
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
