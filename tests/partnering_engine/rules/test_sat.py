"""The rules as clauses: on tiny all-required problems, the schedules the CNF allows are
exactly those `validate.py` accepts (every slot combination tried)."""

from __future__ import annotations

import itertools
from collections.abc import Callable

import pytest
from pysat.solvers import Solver

from partnering_engine.rules import compile_rules
from partnering_engine.rules import sat as sat_rules
from partnering_engine.rules.sat import Cnf
from partnering_engine.solvers.tables import assign_tables
from partnering_engine.types import InterpreterPool, Meeting, Mode, Pin, Problem, Table
from partnering_engine.validate import validate_assignments

pytestmark = pytest.mark.unit

MakeProblem = Callable[..., Problem]


def cnf_schedules(problem: Problem) -> set[tuple[int, ...]]:
    """Every slot-per-meeting tuple the rules' clauses allow (all meetings held)."""
    rules = compile_rules(problem)
    cnf = Cnf()

    def y(i: int, t: int) -> int:
        return int(cnf.pool.id(("y", i, t)))

    sat_rules.add_meetings(cnf, rules, y, must=range(rules.n_meetings))
    sat_rules.add_limits(cnf, rules, y)
    sat_rules.add_quotas(cnf, rules, y)
    sat_rules.add_order(cnf, rules, y, rules.order)
    lits = {y(i, t): (i, t) for i, domain in enumerate(rules.domains) for t in domain}
    found: set[tuple[int, ...]] = set()
    with Solver(name="cadical195", bootstrap_with=cnf.clauses) as solver:
        for model in solver.enum_models():
            slot_of = dict(lits[lit] for lit in model if lit in lits)
            found.add(tuple(slot_of[i] for i in range(rules.n_meetings)))
            # Block this schedule only (auxiliary variables may take several values).
            solver.add_clause([-lit for lit in model if lit in lits])
    return found


def valid_schedules(problem: Problem) -> set[tuple[int, ...]]:
    """Every slot-per-meeting tuple the referee accepts, by trying them all."""
    valid: set[tuple[int, ...]] = set()
    for combo in itertools.product(range(len(problem.slots)), repeat=len(problem.meetings)):
        slots = {m.id: problem.slots[t].id for m, t in zip(problem.meetings, combo, strict=True)}
        try:
            assignments = assign_tables(problem, slots)
        except ValueError:
            continue  # more meetings than fitting tables in some slot
        if not validate_assignments(problem, assignments):
            valid.add(combo)
    return valid


def every_rule(make: MakeProblem) -> Problem:
    meetings = [
        Meeting("m1", "a", "b", table_kind="room"),
        Meeting("m2", "c", "d", table_kind="room", interpreter="ko-en"),
        Meeting("m3", "c", "g", interpreter="ko-en", after=("m1",)),
        Meeting("m4", "e", "f", attendees=("b",), allowed_slots=frozenset({"s2", "s3"})),
        Meeting("m5", "d", "e"),
    ]
    return make(
        meetings,
        slots=3,
        tables=[Table(1), Table(2, "room"), Table(3)],
        interpreters=[InterpreterPool("ko-en", per_slot=1, by_slot={"s1": 0})],
        unavailable={"f": ["s3"]},
        mode=Mode.ALL_REQUIRED,
    )


def pins_and_quota(make: MakeProblem) -> Problem:
    meetings = [
        Meeting("m1", "a", "b"),
        Meeting("m2", "c", "d", fixed_slot="s2"),
        Meeting("m3", "a", "c"),
        Meeting("m4", "b", "d"),
    ]
    return make(
        meetings,
        slots=3,
        tables=2,
        pins=[Pin("m1", "s1", 1)],
        max_meetings={"a": 2},
        mode=Mode.ALL_REQUIRED,
    )


def precedence(make: MakeProblem) -> Problem:
    # The domains alone (m1 in s1-s2, m2 in s2-s3) would still allow both in s2.
    meetings = [Meeting("m1", "a", "b"), Meeting("m2", "c", "d", after=("m1",))]
    return make(meetings, slots=3, tables=2, mode=Mode.ALL_REQUIRED)


def shared_pinned_table(make: MakeProblem) -> Problem:
    pins = [Pin("m1", "s1", 1), Pin("m2", "s1", 1)]
    return make([("a", "b"), ("c", "d"), ("a", "c")], slots=2, pins=pins, mode=Mode.ALL_REQUIRED)


@pytest.mark.parametrize("build", [every_rule, pins_and_quota, precedence, shared_pinned_table])
def test_clauses_allow_exactly_the_valid_schedules(
    make_problem: MakeProblem, build: Callable[[MakeProblem], Problem]
) -> None:
    problem = build(make_problem)
    assert cnf_schedules(problem) == valid_schedules(problem)


def test_clauses_of_a_binding_quota_allow_nothing(make_problem: MakeProblem) -> None:
    problem = make_problem(
        [("a", "b"), ("a", "c")], slots=2, max_meetings={"a": 1}, mode=Mode.ALL_REQUIRED
    )
    assert cnf_schedules(problem) == set()


@pytest.mark.parametrize(("count", "bound"), [(4, 1), (7, 1), (6, 2), (3, 0)])
def test_cnf_atmost_counts_exactly(count: int, bound: int) -> None:
    cnf = Cnf()
    lits = [cnf.pool.id(("v", k)) for k in range(count)]
    cnf.atmost(lits, bound)
    with Solver(name="cadical195", bootstrap_with=cnf.clauses) as solver:
        for chosen in itertools.product([False, True], repeat=count):
            assumptions = [lit if on else -lit for lit, on in zip(lits, chosen, strict=True)]
            assert solver.solve(assumptions=assumptions) == (sum(chosen) <= bound)
