"""A proven lower bound on the total idle gaps of an all-required schedule.

Every meeting must be held, so each participant's own meetings must fit into distinct slots
they may use (their domains in the compiled rules, which already hold availability, allowed
and fixed slots, pins and what pins and precedences imply). Ignoring everybody else (other
people's clashes, tables, interpreters, precedences between them), the fewest gaps a
participant can have is a small exact problem: give each of their meetings one of its
candidate slots, all different, and count per day the idle runs between the first and the
last busy slot. The sum of these per-participant minima is a lower
bound on the total gaps of any valid schedule (each term relaxes the same schedule).

Most participants can keep their day gap-free; that is decided without a solver by trying
every window of consecutive slots and a bipartite matching of meetings to the window's slots.
Only the others get a tiny CP-SAT model (one exactly-one per meeting, at most one meeting per
slot, block starts counted per day). Those models are independent of each other and take
milliseconds each.

`zero_gap_windows` is shared with the all-required solver, which turns it into redundant
constraints ("if this participant has no gap, they are busy throughout these slots").
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

from ortools.sat.python import cp_model

from partnering_engine.rules import compile_rules
from partnering_engine.types import Problem

__all__ = [
    "gaps_lower_bound",
    "participant_gap_bounds",
    "single_day",
    "surely_busy",
    "zero_gap_windows",
]

#: Per-participant solve limit; the models are tiny, this only guards against pathologies.
_PERSON_DETERMINISTIC_LIMIT = 5.0


def gaps_lower_bound(problem: Problem) -> int:
    """Proven lower bound on total gaps of any schedule holding every meeting.

    Participants whose own meetings cannot fit at all (the problem is then infeasible in
    all-required mode, and any number is a valid bound) contribute nothing."""
    return sum(b for b in participant_gap_bounds(problem).values() if b is not None)


def participant_gap_bounds(problem: Problem) -> dict[str, int | None]:
    """Participant id -> fewest gaps their own meetings allow (None: they cannot all fit).

    Each meeting's candidate slots are its compiled domain (`partnering_engine.rules`),
    and "one meeting at a time" is the participant's person limit (capacity one per slot)."""
    rules = compile_rules(problem)
    out: dict[str, int | None] = {}
    for participant, meetings in zip(problem.participants, rules.meetings_of, strict=True):
        domains = [rules.domains[i] for i in meetings]
        if not _can_match(domains, None):
            out[participant.id] = None
        elif len(meetings) <= 1 or _gap_free(problem, domains):
            out[participant.id] = 0
        else:
            out[participant.id] = _person_min_gaps(problem, domains)
    return out


def _gap_free(problem: Problem, domains: Sequence[Sequence[int]]) -> bool:
    return single_day(problem, domains) and bool(zero_gap_windows(domains, len(problem.slots)))


def single_day(problem: Problem, domains: Iterable[Sequence[int]]) -> bool:
    """Whether all these candidate slots lie on one day (gaps = busy blocks - 1 then)."""
    days = {problem.day_of_slot[t] for domain in domains for t in domain}
    return len(days) <= 1


def zero_gap_windows(domains: Sequence[Sequence[int]], n_slots: int) -> list[int]:
    """First slots f such that the meetings (given by their candidate slots) can fill exactly
    the window f .. f+len(domains)-1, one meeting per slot. Empty: a gap is unavoidable
    (when all candidates lie on one day)."""
    n = len(domains)
    if n == 0 or not all(domains):
        return []
    # The window must reach every meeting's earliest slot and start by its latest one.
    earliest_first = max(0, max(min(d) for d in domains) - n + 1)
    latest_first = min(n_slots - n, min(max(d) for d in domains))
    starts: list[int] = []
    for first in range(earliest_first, latest_first + 1):
        if _can_match(domains, range(first, first + n)):
            starts.append(first)
    return starts


def surely_busy(problem: Problem, domains: Sequence[Sequence[int]], gaps: int) -> frozenset[int]:
    """Slots busy in every arrangement of these meetings (one participant's, given by their
    candidate slots, all on one day) that has exactly `gaps` gaps. Empty if there is none."""
    n_slots = len(problem.slots)
    if gaps == 0:
        windows = zero_gap_windows(domains, n_slots)
        if not windows:
            return frozenset()
        return frozenset(range(windows[-1], windows[0] + len(domains)))
    candidates = sorted({t for d in domains for t in d})
    if _person_min_gaps(problem, domains, exactly=gaps) is None:
        return frozenset()
    return frozenset(
        t
        for t in candidates
        if _person_min_gaps(problem, [[u for u in d if u != t] for d in domains], exactly=gaps)
        is None
    )


def _can_match(domains: Sequence[Sequence[int]], window: range | None) -> bool:
    """Distinct slots for all meetings (inside `window` if given): augmenting paths."""
    allowed = [[t for t in d if window is None or t in window] for d in domains]
    slot_owner: dict[int, int] = {}

    def augment(meeting: int, seen: set[int]) -> bool:
        for t in allowed[meeting]:
            if t in seen:
                continue
            seen.add(t)
            if t not in slot_owner or augment(slot_owner[t], seen):
                slot_owner[t] = meeting
                return True
        return False

    order = sorted(range(len(allowed)), key=lambda i: len(allowed[i]))
    return all(augment(i, set()) for i in order)


def _person_min_gaps(
    problem: Problem, domains: Sequence[Sequence[int]], *, exactly: int | None = None
) -> int | None:
    """Fewest gaps of one participant's meetings alone (a proven bound if the tiny model times
    out). With `exactly`: `exactly` if an arrangement with that many gaps exists, else None."""
    if not all(domains):
        return None
    model = cp_model.CpModel()
    at: dict[int, list[cp_model.IntVar]] = {}
    for k, domain in enumerate(domains):
        choice = [model.new_bool_var(f"m{k}_t{t}") for t in domain]
        model.add_exactly_one(choice)
        for t, var in zip(domain, choice, strict=True):
            at.setdefault(t, []).append(var)
    busy: dict[int, cp_model.IntVar] = {}
    for t, lits in at.items():
        busy[t] = model.new_bool_var(f"busy{t}")
        model.add(sum(lits) == busy[t])
    day = problem.day_of_slot
    starts: list[cp_model.IntVar] = []
    days_used: list[cp_model.IntVar] = []
    for d in sorted({day[t] for t in busy}):
        in_day = [busy[t] for t in sorted(busy) if day[t] == d]
        used = model.new_bool_var(f"day{d}")
        model.add_max_equality(used, in_day)
        days_used.append(used)
    for t, var in busy.items():
        before = busy.get(t - 1) if t > 0 and day[t - 1] == day[t] else None
        if before is None:
            starts.append(var)
            continue
        start = model.new_bool_var(f"start{t}")
        model.add_bool_and([var, ~before]).only_enforce_if(start)
        model.add_bool_or([start, ~var, before])
        starts.append(start)
    gaps = sum(starts) - sum(days_used)
    if exactly is None:
        model.minimize(gaps)
    else:
        model.add(gaps == exactly)
    solver = cp_model.CpSolver()
    solver.parameters.max_deterministic_time = _PERSON_DETERMINISTIC_LIMIT
    solver.parameters.num_workers = 1
    status = solver.solve(model)
    if exactly is not None:
        # Unknown counts as feasible: "surely busy" must never claim too much.
        return None if status == cp_model.INFEASIBLE else exactly
    if status == cp_model.OPTIMAL:
        return round(solver.objective_value)
    if status == cp_model.INFEASIBLE:
        return None
    if status == cp_model.FEASIBLE:
        return max(0, math.ceil(solver.best_objective_bound - 1e-9))
    return 0  # nothing proven: zero is always a valid bound
