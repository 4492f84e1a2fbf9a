"""Worker process of the all-required SAT search (`_sat_required.SatSearch` starts it).

``python -m partnering_engine.solvers._sat_worker READ_FD WRITE_FD``: receives the CNF payload
of `_sat_required.SatModel.payload` on READ_FD, then searches with CaDiCaL (python-sat) and
sends on WRITE_FD:

- ``("schedule", gaps, true y literals, CPU seconds)`` for every schedule found;
- ``("bound", total, CPU seconds)`` for every proven lower bound on the total gaps;
- ``("asking", total)`` before each bounded call (is there a schedule with at most `total`
  gaps?): CaDiCaL cannot be interrupted, so the parent restarts the worker when another
  search proves more than that in the meantime (the answer is then known: no);
- ``("done", status)`` at the end: OPTIMAL (a schedule at a proven bound), INFEASIBLE (no
  schedule at all), KNOWN (another search's schedule meets the bound) or BEYOND_CAP.

Between SAT calls it reads ``("known", bound, gaps)`` messages: another search's proven bound
and best gaps, so it never asks for what is already settled. When another search already has
a schedule before the first call (a restarted worker), the unbounded first call is skipped.
The parent kills the process when the solve is over; nothing here needs to clean up.
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


def search(inbox: Connection, outbox: Connection) -> None:
    payload = inbox.recv()
    own_bound: int = payload["own_bound"]
    excess: list[int] = payload["excess"]
    report: list[int] = payload["report"]
    gap_ends: list[int] = payload["gap_ends"]
    known_bound, known_gaps = own_bound, None

    def read_known() -> None:
        nonlocal known_bound, known_gaps
        while inbox.poll():
            _, bound, gaps = inbox.recv()
            known_bound = max(known_bound, bound)
            if gaps is not None and (known_gaps is None or gaps < known_gaps):
                known_gaps = gaps

    def send_schedule() -> int:
        nonlocal known_gaps
        model = solver.get_model()
        true = {lit for lit in model if lit > 0}
        gaps = sum(1 for lit in gap_ends if lit in true)
        outbox.send(("schedule", gaps, [lit for lit in report if lit in true], time.process_time()))
        if known_gaps is None or gaps < known_gaps:
            known_gaps = gaps
        return gaps

    with Solver(name=payload["solver"], bootstrap_with=payload["clauses"]) as solver:
        # Gap literals false first: schedules with few gaps come first.
        solver.set_phases(payload["phases"])
        read_known()
        if known_gaps is not None:
            mine = sys.maxsize  # no schedule of its own
        elif solver.solve():
            mine = send_schedule()
        else:
            outbox.send(("done", "INFEASIBLE"))
            return
        while True:
            read_known()
            if mine <= known_bound:
                outbox.send(("done", "OPTIMAL"))
                return
            if known_gaps is not None and known_gaps <= known_bound:
                outbox.send(("done", "KNOWN"))
                return
            k = known_bound - own_bound
            if k >= len(excess):
                outbox.send(("done", "BEYOND_CAP"))
                return
            outbox.send(("asking", known_bound))
            if solver.solve(assumptions=[-excess[k]]):
                mine = send_schedule()  # at most known_bound gaps: optimal, said above
                continue
            known_bound = own_bound + k + 1
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
