"""All-required mode as incremental SAT: CaDiCaL 1.9.5 through python-sat, one CNF and
bounds on the total gaps by assumptions.

Model (clauses; every meeting held, fewest gaps, fairness bound d):

- ``y[m,t]`` meeting m is held in slot t, for t in its domain (the compiled rules'
  domains, as in the CP-SAT model: fixed slots, allowed slots, availability, non-movable
  pins); exactly one per meeting (a clause plus a sequential-counter at-most-one).
- ``x[p,t] <=> OR_m y[m,t]`` over p's meetings, at most one of them per slot (p's person
  limit).
- Every other compiled limit per slot (all tables, tables of a kind, interpreter pools,
  a table shared by non-movable pins) and every quota as a sequential counter;
  precedences and symmetry chains (``slot[m] > slot[m']``) as prefix literals
  ``F[m',t] = m' held at t or earlier`` and ``y[m,t] -> F[m',t-1]``. All of these loop over
  the compiled rows (`partnering_engine.rules.sat`).
- Gaps, exact: ``e[p,t] = p busy somewhere up to t on t's day`` and
  ``g[p,t] = x[p,t] and not x[p,t-1] and e[p,t-1]``: a gap ends at t. An exact unary count
  (both directions) over p's ``g`` gives ``gaps[p] >= j``; ``gaps[p] >= lb[p]`` (the
  participant's own minimum, `gaps_bound`) is a unit clause.
- Fairness: unary ``lo >= k`` literals with ``lo <= gaps[p] <= lo + d``.
- At their own minimum a participant is busy in the slots every such arrangement uses
  (`gaps_bound.surely_busy`, as computed for the CP-SAT model).
- Gap-free windows (the redundancy that makes the proofs short, as in the CP-SAT model): for a
  participant whose own minimum is 0, "no gap" implies one of the windows their meetings can
  fill without a gap, and a literal per window fixes their busy slots.
- Implied counts (Bofill et al.): each participant busy in exactly as many slots as they
  have meetings; at most (people per meeting) x (tables) participants busy in a crowded
  slot, one where those surely busy at their own minimum fill at least half of that
  (`SatModel._implied_counts`).
- Objective: the excess literals ``gaps[p] >= lb[p] + j`` (j >= 1) of all participants feed one
  totalizer; assuming ``excess < k + 1`` asks for a schedule with at most ``own bound + k``
  gaps.

Search (`_sat_worker`, in a worker process: python-sat's CaDiCaL keeps the GIL while it
solves; CaDiCaL's "sat" options, `SAT_OPTIONS`): first a schedule with no bound (crafted
instances with forbidden slots and fixed meetings get one in well under a CPU second, where
core-based CP-SAT reports none before it finishes), phases set to "no gap". Then two
questions take turns, each call limited to a few thousand conflicts (CaDiCaL keeps what it
learnt across calls): mostly "a schedule at the proven bound?" (``excess <= bound - own``,
phases "no gap"; SAT: optimal, UNSAT: the bound goes up by one), and every fourth call
"fewer gaps than the best schedule?" with that schedule's phases (solution-guided, as in
solution-improving MaxSAT), which keeps better schedules coming while the bound is open.
Between calls the worker reads the other searches' bounds and schedules (the portfolio in
`_required_portfolio`), so it never asks what they settled. `SatSearch` drives the worker
from a thread of the solver.

Not modelled (the search declines, `SatModel.applicable`): movable pins (their tie-break
objective).
"""

from __future__ import annotations

import contextlib
import itertools
import math
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from multiprocessing.connection import Connection

from pysat.card import CardEnc, EncType, ITotalizer

from partnering_engine.gaps_bound import single_day, zero_gap_windows
from partnering_engine.rules import compile_rules
from partnering_engine.rules import sat as sat_rules
from partnering_engine.rules.sat import Cnf
from partnering_engine.types import Problem

__all__ = ["SatModel", "SatSearch"]


#: CaDiCaL 1.9.5: the fastest of python-sat's solvers on forum-13crafb's proofs (the second
#: session: 53.5 s vs 55.5 s for 1.5.3 and 79.4 s for Glucose 4 on the plain model).
SAT_SOLVER = "cadical195"
#: CaDiCaL's "sat" configuration (stable mode only, less elimination and subsumption): the
#: hard calls here are schedules at a proven bound. ticf-13crafb at its optimum 3: 5.1 and
#: 14.3 CPU s (two clause orders) against 12.6 and 16.7 with the defaults; forum-13crafc
#: at 1: 1.8-2.0 against 2.6-3.2; the proof that tic-13crafc has no schedule with 3 gaps
#: took as long either way (10-11 CPU s).
SAT_OPTIONS = {"stabilizeonly": 1, "elimreleff": 10, "subsumereleff": 60}
#: Largest total excess over the per-participant bound the objective totalizer can express;
#: schedules above it are still allowed, only bounds above it cannot be asked for.
EXCESS_CAP = 40


class SatModel:
    """The CNF of the module docstring, built once per solve. The rules come from
    `partnering_engine.rules.sat` (one function per kind of compiled row); the gaps,
    fairness and objective parts are this model's own."""

    def __init__(
        self,
        problem: Problem,
        lower: dict[str, int],
        chains: Sequence[Sequence[int]] = (),
        busy_at_bound: Mapping[str, frozenset[int]] | None = None,
        *,
        implied: bool = True,
    ) -> None:
        """`lower`: own minimum per participant; `chains`: meetings to hold in increasing
        slots (symmetry breaking); `busy_at_bound`: slots a participant is surely busy in
        at their own minimum; `implied`: add the implied busy counts (`_implied_counts`)."""
        self.problem = problem
        self.rules = compile_rules(problem)
        self._busy_at_bound = busy_at_bound or {}
        self.domains = self.rules.domains
        self.own_bound = sum(lower.values())
        self._cnf = Cnf()
        self.pool = self._cnf.pool
        self.clauses = self._cnf.clauses
        self._build(lower, chains, implied=implied)

    @staticmethod
    def applicable(problem: Problem) -> bool:
        return not compile_rules(problem).preferred

    # -- model ---------------------------------------------------------------------------

    def _y(self, i: int, t: int) -> int:
        return int(self.pool.id(("y", i, t)))

    def _build(
        self, lower: dict[str, int], chains: Sequence[Sequence[int]], *, implied: bool
    ) -> None:
        problem, rules, cnf = self.problem, self.rules, self._cnf
        # Every meeting is held (all-required mode); the person limits are written with
        # each participant's "busy" literals below.
        sat_rules.add_meetings(cnf, rules, self._y, must=range(rules.n_meetings))
        sat_rules.add_limits(cnf, rules, self._y, skip=("person",))
        sat_rules.add_quotas(cnf, rules, self._y)
        symmetry = [pair for chain in chains for pair in itertools.pairwise(chain)]
        sat_rules.add_order(cnf, rules, self._y, [*rules.order, *symmetry])

        self.gap_counts: dict[str, list[int]] = {}
        self.gap_ends: dict[str, list[int]] = {}
        excess: list[int] = []
        for k, participant in enumerate(problem.participants):
            pid = participant.id
            counts = self._person(k, pid, lower[pid])
            self.gap_counts[pid] = counts
            excess.extend(counts[lower[pid] :])
        self._fairness()
        if implied:
            self._implied_counts()
        self.excess_literals = excess
        self.total: ITotalizer | None = None
        if excess:
            self.total = ITotalizer(
                lits=excess, ubound=min(EXCESS_CAP, len(excess)), top_id=self.pool.top
            )
            self.pool.occupy(self.pool.top + 1, self.total.top_id)
            self.clauses.extend(self.total.cnf.clauses)

    def _person(self, k: int, pid: str, lower: int) -> list[int]:
        """Clauses of participant k (their person limit and gaps); returns the unary gap
        counts (index j: gaps > j)."""
        problem, rules = self.problem, self.rules
        mine = rules.meetings_of[k]
        slots = sorted({t for i in mine for t in self.domains[i]})
        busy: dict[int, int] = {}
        for t in slots:
            var = int(self.pool.id(("x", pid, t)))
            held = sat_rules.held_at(rules, k, t, self._y)  # person limit k: p's meetings
            self.clauses.append([-var, *held])
            self.clauses.extend([-lit, var] for lit in held)
            sat_rules.add_limit_at(self._cnf, rules, k, t, held)
            busy[t] = var
        if len(mine) <= 1:
            return []
        day = problem.day_of_slot
        ends: list[int] = []
        seen: dict[int, int] = {}  # day -> "busy up to here" literal of the last slot seen
        for t in slots:
            earlier = seen.get(day[t])
            if earlier is not None and t - 1 >= 0 and day[t - 1] == day[t]:
                gap = int(self.pool.id(("g", pid, t)))
                idle_before = busy.get(t - 1)
                # gap <=> busy[t] and not busy[t-1] and busy somewhere earlier that day.
                self.clauses.append([-gap, busy[t]])
                self.clauses.append([-gap, earlier])
                if idle_before is not None:
                    self.clauses.append([-gap, -idle_before])
                self.clauses.append(
                    [gap, -busy[t], -earlier, *([idle_before] if idle_before else [])]
                )
                ends.append(gap)
            reached = int(self.pool.id(("e", pid, t)))
            self.clauses.append([-busy[t], reached])
            if earlier is not None:
                self.clauses.append([-earlier, reached])
            self.clauses.append([-reached, busy[t], *([earlier] if earlier else [])])
            seen[day[t]] = reached
        if not ends:
            return []
        self.gap_ends[pid] = ends
        counts = self._count(pid, ends)
        if lower > 0:
            self.clauses.append([counts[lower - 1]])
        if lower < len(counts):
            # At their own minimum, busy in every slot all such arrangements use.
            sure = self._busy_at_bound.get(pid, frozenset())
            self.clauses.extend([counts[lower], busy[t]] for t in sure if t in busy)
        domains = [self.domains[i] for i in mine]
        if lower == 0 and single_day(problem, domains):
            self._windows(pid, domains, busy, counts[0])
        return counts

    def _implied_counts(self) -> None:
        """Bofill et al.'s implied constraints over the busy literals (every meeting is held,
        so neither changes the schedules): each participant is busy in exactly as many slots
        as they have meetings, and in a crowded slot at most (people per meeting) x (tables)
        participants are busy. Crowded: the participants surely busy at their own minimum
        (`busy_at_bound`) fill at least half of that; there the count lets a choice of
        gap-free windows see the tables at once (ticf-13crafb's lunch slots: 27 such
        participants for 28 seats), elsewhere it only slowed the search (forum-13crafc,
        never crowded: its optimum in 3 CPU s without the count, not in 30 with it in every
        slot). Measured on the SAT search alone (worker CPU s to a proven optimum, one run
        each): ticf-13crafb 17.4-18.0 with the crowded slots only, 14.6 with both, none in 24
        without either; tic-13crafc 30-37 / 15.2; forum-13crafb 21.9 / 12.2 (about 40
        without); ticf-13crafc 5.3 / 2.6; forum-13crafc 2.6 / 2.6."""
        rules, pool = self.rules, self.pool
        crowd = [0] * rules.n_slots
        for sure in self._busy_at_bound.values():
            for t in sure:
                crowd[t] += 1
        people = max(map(len, rules.people), default=2)
        busy_in: dict[int, list[int]] = {}
        for k, participant in enumerate(self.problem.participants):
            mine = rules.meetings_of[k]
            slots = sorted({t for i in mine for t in self.domains[i]})
            busy = [int(pool.id(("x", participant.id, t))) for t in slots]  # from `_person`
            for t, lit in zip(slots, busy, strict=True):
                busy_in.setdefault(t, []).append(lit)
            if 0 < len(mine) < len(busy):
                enc = CardEnc.equals(
                    lits=busy, bound=len(mine), vpool=pool, encoding=EncType.seqcounter
                )
                self.clauses.extend(enc.clauses)
        for t, busy in sorted(busy_in.items()):
            capacity = people * rules.table_capacity[t]
            if crowd[t] * 2 >= capacity:
                self._cnf.atmost(busy, capacity)

    def _count(self, pid: str, lits: Sequence[int]) -> list[int]:
        """Exact unary count (both directions, so "at least j" can be required as well as
        forbidden): ``s[i][j]`` = at least j of the first i literals are true."""
        previous: list[int] = []  # s[i-1][1..]
        for i, lit in enumerate(lits, start=1):
            current = [int(self.pool.id(("c", pid, i, j))) for j in range(1, i + 1)]
            for j, var in enumerate(current, start=1):
                stay = previous[j - 1] if j <= len(previous) else None  # s[i-1][j]
                step = previous[j - 2] if j >= 2 else None  # s[i-1][j-1] (j = 1: true)
                if stay is not None:
                    self.clauses.append([-stay, var])
                self.clauses.append([-lit, var] if step is None else [-step, -lit, var])
                self.clauses.append([-var, *([stay] if stay else []), lit])
                if step is not None:
                    self.clauses.append([-var, *([stay] if stay else []), step])
            previous = current
        return previous

    def _windows(
        self, pid: str, domains: Sequence[Sequence[int]], busy: dict[int, int], some_gap: int
    ) -> None:
        n = len(domains)
        windows = zero_gap_windows(domains, len(self.problem.slots))
        if not windows:
            self.clauses.append([some_gap])
            return
        chosen = [int(self.pool.id(("w", pid, f))) for f in windows]
        self.clauses.append([some_gap, *chosen])
        for f, lit in zip(windows, chosen, strict=True):
            self.clauses.append([-lit, -some_gap])
            for t, var in busy.items():
                self.clauses.append([-lit, var if f <= t < f + n else -var])

    def _fairness(self) -> None:
        d = self.problem.fairness_d
        if d is None:
            return
        counted = [c for c in self.gap_counts.values() if c]
        if len(counted) < len(self.problem.participants):
            # Someone has no possible gap, so the lowest count is 0: everyone at most d.
            for counts in counted:
                if d < len(counts):
                    self.clauses.append([-counts[d]])
            return
        longest = max((len(c) for c in counted), default=0)
        at_least = [int(self.pool.id(("lo", k))) for k in range(1, longest + 1)]
        for k, lit in enumerate(at_least, start=1):
            if k > 1:
                self.clauses.append([-lit, at_least[k - 2]])
            for counts in counted:
                # lo >= k -> gaps >= k
                self.clauses.append([-lit, counts[k - 1]] if k <= len(counts) else [-lit])
        for counts in counted:
            for k in range(len(counts) - d):
                # gaps >= k + d + 1 -> lo >= k + 1
                if k < len(at_least):
                    self.clauses.append([-counts[k + d], at_least[k]])
                else:
                    self.clauses.append([-counts[k + d]])

    # -- search in a worker process ------------------------------------------------------

    def payload(self) -> dict[str, object]:
        """What the worker process needs (`_sat_worker`): plain lists of ints."""
        return {
            "solver": SAT_SOLVER,
            "clauses": self.clauses,
            "excess": [] if self.total is None else [int(lit) for lit in self.total.rhs],
            "own_bound": self.own_bound,
            "options": SAT_OPTIONS,
            "phases": [-lit for ends in self.gap_ends.values() for lit in ends],
            "report": [self._y(i, t) for i, domain in enumerate(self.domains) for t in domain],
            "gap_ends": [lit for ends in self.gap_ends.values() for lit in ends],
        }

    def slots_of(self, true_literals: Sequence[int]) -> dict[str, str]:
        """Slot ids by meeting id from the true `y` literals a worker reported."""
        true = set(true_literals)
        problem = self.problem
        slots: dict[str, str] = {}
        for i, meeting in enumerate(problem.meetings):
            t = next(t for t in self.domains[i] if self._y(i, t) in true)
            slots[meeting.id] = problem.slots[t].id
        return slots


class SatSearch:
    """The SAT search of the module docstring in a worker process (python-sat's CaDiCaL keeps
    the GIL while it solves, which would stall the CP-SAT threads' callbacks), driven by a
    thread of this process: `thread` ends when the worker is done or stopped."""

    name = "sat"

    def __init__(
        self,
        build: SatModel | Callable[[], SatModel],
        on_bound: Callable[[int], None],
        on_schedule: Callable[[dict[str, str], int], None],
    ) -> None:
        """`build`: the model, or how to build it; then it is built in the search's thread
        while the worker process starts and the CP-SAT searches already run (on an easy
        instance they are done before the CNF is)."""
        self._build = build
        self._built: SatModel | None = build if isinstance(build, SatModel) else None
        self._on_bound = on_bound
        self._on_schedule = on_schedule
        self._process: subprocess.Popen[bytes] | None = None
        self._to_worker: Connection | None = None
        self._lock = threading.Lock()
        self._stopped = False
        self.status_name = "NOT_STARTED"
        self.optimal = False
        self.infeasible = False
        #: (worker CPU seconds, what it found): when the search found its schedules/bounds.
        self.events: list[tuple[float, str]] = []
        self.thread = threading.Thread(target=self._drive, name="all-required-sat", daemon=True)
        self._deadline = math.inf
        self._known: tuple[int, int | None] | None = None

    @property
    def started(self) -> bool:
        return self.thread.ident is not None

    def start(self, time_limit_s: float) -> None:
        self._deadline = time.monotonic() + time_limit_s
        self.thread.start()

    def tell(self, bound: int, gaps: int | None) -> None:
        """Pass another search's proven bound and best gaps on (totals); the worker reads
        them between its budgeted SAT calls."""
        with self._lock:
            self._known = (bound, gaps)
            if self._to_worker is None or self._stopped:
                return  # sent once the worker has its clauses
            with contextlib.suppress(OSError):
                self._to_worker.send(("known", bound, gaps))

    def stop(self) -> None:
        with self._lock:
            self._stopped = True
            if self._process is not None and self._process.poll() is None:
                self._process.kill()

    def _drive(self) -> None:
        """The worker process, until it is done or stopped."""
        to_worker_read, to_worker_write = os.pipe()
        from_worker_read, from_worker_write = os.pipe()
        with self._lock:
            if self._stopped or time.monotonic() >= self._deadline:
                for fd in (to_worker_read, to_worker_write, from_worker_read, from_worker_write):
                    os.close(fd)
                self.status_name = "STOPPED"
                return
            process = self._process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "partnering_engine.solvers._sat_worker",
                    str(to_worker_read),
                    str(from_worker_write),
                ],
                pass_fds=(to_worker_read, from_worker_write),
                stdin=subprocess.DEVNULL,
            )
        os.close(to_worker_read)
        os.close(from_worker_write)
        to_worker = Connection(to_worker_write, readable=False)
        inbox = Connection(from_worker_read, writable=False)
        try:
            built = self._built
            if built is None:
                built = self._built = self._build() if callable(self._build) else self._build
            if self._stopped or time.monotonic() >= self._deadline:
                self.status_name = "STOPPED"
                return
            # Blocks until the worker has read it; `stop` kills the worker, which ends it.
            to_worker.send(built.payload())
            with self._lock:
                self._to_worker = to_worker
                if self._known is not None:
                    to_worker.send(("known", *self._known))
            self._receive(inbox, built)
        except (EOFError, OSError):
            if self.status_name == "NOT_STARTED":
                self.status_name = "STOPPED"
        finally:
            self.stop()
            process.wait()
            inbox.close()
            with self._lock:
                to_worker.close()
                self._to_worker = None

    def _receive(self, inbox: Connection, built: SatModel) -> None:
        """Pass the worker's findings on until it is done, stopped or out of time."""
        while True:
            remaining = self._deadline - time.monotonic()
            if remaining <= 0:
                self.status_name = "TIME_LIMIT"
                return
            if not inbox.poll(min(remaining, 0.1)):
                if self._stopped:
                    self.status_name = "STOPPED"
                    return
                continue
            message = inbox.recv()
            if message[0] == "schedule":
                self.events.append((float(message[3]), f"schedule {message[1]}"))
                self._on_schedule(built.slots_of(message[2]), int(message[1]))
            elif message[0] == "bound":
                self.events.append((float(message[2]), f"bound {message[1]}"))
                self._on_bound(int(message[1]))
            elif message[0] == "done":
                self.status_name = str(message[1])
                self.optimal = message[1] == "OPTIMAL"
                self.infeasible = message[1] == "INFEASIBLE"
                return
