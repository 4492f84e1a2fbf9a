"""Every registered solver honours every rule: one tiny instance per rule, refereed by
`validate.py`.

Each instance is built so that ignoring its rule would hold more weight (or, for a clash of
published pins, would claim a schedule where none exists). A solver must return a schedule
that `validate_solution` accepts; the exact and large-scale solvers must also reach the
optimum under the rule. A new rule kind gets its instance here (`RULE_INSTANCES`), and
`test_every_limit_kind_has_an_instance` keeps that so.

The all-required mode has its own models (CP-SAT and the SAT search), so every rule also
has an all-required instance (`REQUIRED_INSTANCES`), built so that ignoring the rule would
leave fewer gaps (or a schedule where none exists): solved by the all-required solver with
its SAT search started at once, and by the SAT search alone.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from partnering_engine.gaps_bound import participant_gap_bounds
from partnering_engine.metrics import evaluate
from partnering_engine.rules import LIMIT_KINDS
from partnering_engine.solvers import get_solver, solver_names
from partnering_engine.solvers._cpsat_required import Strategy, solve_all_required
from partnering_engine.solvers._cpsat_required_model import interchangeable_meetings
from partnering_engine.solvers._sat_required import SatModel, SatSearch
from partnering_engine.solvers.tables import assign_tables
from partnering_engine.types import (
    InterpreterPool,
    Meeting,
    Mode,
    Participant,
    Pin,
    Problem,
    Status,
    Table,
)
from partnering_engine.validate import validate_assignments, validate_solution

pytestmark = pytest.mark.unit

MakeProblem = Callable[..., Problem]


def person(make: MakeProblem) -> tuple[Problem, float | None]:
    meetings = [Meeting("m1", "a", "b"), Meeting("m2", "a", "c", weight=2)]
    return make(meetings, slots=1, tables=2), 2.0


def delegation(make: MakeProblem) -> tuple[Problem, float | None]:
    meetings = [Meeting("m1", "a", "b", weight=2, attendees=("f",)), Meeting("m2", "f", "c")]
    return make(meetings, slots=1, tables=2), 2.0


def tables(make: MakeProblem) -> tuple[Problem, float | None]:
    meetings = [Meeting("m1", "a", "b"), Meeting("m2", "c", "d", weight=2)]
    return make(meetings, slots=1, tables=1), 2.0


def table_kind(make: MakeProblem) -> tuple[Problem, float | None]:
    meetings = [
        Meeting("m1", "a", "b", weight=2, table_kind="room"),
        Meeting("m2", "c", "d", weight=2, table_kind="room"),
        Meeting("m3", "e", "f"),
    ]
    return make(meetings, slots=1, tables=[Table(1), Table(2, "room")]), 3.0


def interpreters(make: MakeProblem) -> tuple[Problem, float | None]:
    meetings = [
        Meeting("m1", "a", "b", interpreter="ko-en"),
        Meeting("m2", "c", "d", weight=2, interpreter="ko-en"),
    ]
    pool = InterpreterPool("ko-en", per_slot=1, by_slot={"s2": 0})
    return make(meetings, slots=2, tables=2, interpreters=[pool]), 2.0


def pinned_table(make: MakeProblem) -> tuple[Problem, float | None]:
    # Two published meetings on one table in one slot: no valid schedule exists.
    meetings = [Meeting("m1", "a", "b"), Meeting("m2", "c", "d")]
    pins = [Pin("m1", "s1", 1), Pin("m2", "s1", 1)]
    return make(meetings, slots=2, tables=2, pins=pins), None


def max_meetings(make: MakeProblem) -> tuple[Problem, float | None]:
    meetings = [Meeting("m1", "a", "b"), Meeting("m2", "a", "c", weight=2)]
    return make(meetings, slots=2, tables=2, max_meetings={"a": 1}), 2.0


def forbidden(make: MakeProblem) -> tuple[Problem, float | None]:
    meetings = [Meeting("m1", "a", "b", weight=2), Meeting("m2", "c", "d")]
    return make(meetings, slots=1, tables=2, unavailable={"a": ["s1"]}), 1.0


def morning_afternoon(make: MakeProblem) -> tuple[Problem, float | None]:
    afternoon = frozenset({"s2"})
    meetings = [
        Meeting("m1", "a", "b", allowed_slots=afternoon),
        Meeting("m2", "a", "c", weight=2, allowed_slots=afternoon),
    ]
    return make(meetings, slots=2, tables=2), 2.0


def fixed_slot(make: MakeProblem) -> tuple[Problem, float | None]:
    meetings = [
        Meeting("m1", "a", "b", fixed_slot="s1"),
        Meeting("m2", "a", "c", weight=2, fixed_slot="s1"),
    ]
    return make(meetings, slots=2, tables=2), 2.0


def pin(make: MakeProblem) -> tuple[Problem, float | None]:
    meetings = [Meeting("m1", "a", "b"), Meeting("m2", "a", "c", weight=2, fixed_slot="s2")]
    return make(meetings, slots=2, tables=2, pins=[Pin("m1", "s2", 2)]), 1.0


def precedence(make: MakeProblem) -> tuple[Problem, float | None]:
    meetings = [Meeting("m1", "a", "b"), Meeting("m2", "c", "d", weight=2, after=("m1",))]
    return make(meetings, slots=1, tables=2), 1.0


def required(make: MakeProblem) -> tuple[Problem, float | None]:
    meetings = [Meeting("m1", "a", "b", required=True), Meeting("m2", "a", "c", weight=5)]
    return make(meetings, slots=1, tables=2), 1.0


def kind_of_pinned_table(make: MakeProblem) -> tuple[Problem, float | None]:
    # m1 needs no kind but is published on the only room: m2, which needs a room, cannot be
    # held in that slot.
    meetings = [Meeting("m1", "a", "b"), Meeting("m2", "c", "d", weight=2, table_kind="room")]
    participants = [Participant(p) for p in "abc"] + [Participant("d", unavailable=frozenset())]
    return (
        make(
            meetings,
            slots=1,
            tables=[Table(1), Table(2, "room")],
            participants=participants,
            pins=[Pin("m1", "s1", 2)],
        ),
        1.0,
    )


RULE_INSTANCES = {
    "person": person,
    "delegation": delegation,
    "tables": tables,
    "table_kind": table_kind,
    "kind_of_pinned_table": kind_of_pinned_table,
    "interpreters": interpreters,
    "pinned_table": pinned_table,
    "max_meetings": max_meetings,
    "forbidden": forbidden,
    "morning_afternoon": morning_afternoon,
    "fixed_slot": fixed_slot,
    "pin": pin,
    "precedence": precedence,
    "required": required,
}


def test_every_limit_kind_has_an_instance() -> None:
    assert set(LIMIT_KINDS) <= set(RULE_INSTANCES)


@pytest.mark.parametrize("rule", sorted(RULE_INSTANCES))
@pytest.mark.parametrize("solver_name", solver_names())
def test_solver_honours_rule(solver_name: str, rule: str, make_problem: MakeProblem) -> None:
    problem, optimum = RULE_INSTANCES[rule](make_problem)
    solution = get_solver(solver_name).solve(problem, time_limit_s=10.0, seed=1, workers=1)
    violations = validate_solution(problem, solution)
    if optimum is None:
        assert solution.status in (Status.INFEASIBLE, Status.UNKNOWN)
        return
    assert solution.status in (Status.OPTIMAL, Status.FEASIBLE), solution.stats
    assert violations == []
    if solver_name != "greedy":
        assert solution.status is Status.OPTIMAL
        assert solution.objective["weight"] == pytest.approx(optimum)


# -- all-required mode -------------------------------------------------------------------
# Three slots on one day unless said otherwise; a gap is an idle run between two meetings.


DAY_ONE = frozenset({"s1", "s2", "s3"})
DAY_TWO = frozenset({"s4", "s5", "s6"})


def triangle(make: MakeProblem, first: Meeting) -> Problem:
    """`first` (x-y), y-c and x-c on day one, and a meeting each on day two (so that their
    days are not one, and no gap-free window speaks for the rule): someone of the triangle
    meets in s1 and s3 (all three in s1 would leave no gap)."""
    x, y = first.people[0], first.people[-1]
    meetings = [
        first,
        Meeting("m2", y, "c", allowed_slots=DAY_ONE),
        Meeting("m3", x, "c", allowed_slots=DAY_ONE),
        *(
            Meeting(f"m{4 + k}", person, f"{person}2", allowed_slots=DAY_TWO)
            for k, person in enumerate((x, y, "c"))
        ),
    ]
    return make(meetings, slots=6, days=2, tables=3, mode=Mode.ALL_REQUIRED)


def required_person(make: MakeProblem) -> tuple[Problem, int | None]:
    return triangle(make, Meeting("m1", "a", "b", allowed_slots=DAY_ONE)), 1


def required_delegation(make: MakeProblem) -> tuple[Problem, int | None]:
    # The triangle closes through the delegate f, who sits in a-b.
    return triangle(make, Meeting("m1", "a", "b", attendees=("f",), allowed_slots=DAY_ONE)), 1


def required_tables(make: MakeProblem) -> tuple[Problem, int | None]:
    # One table; d-e can only meet in s2, so a's two meetings go to s1 and s3.
    meetings = [("a", "b"), ("a", "c"), ("d", "e")]
    away = {"d": ["s1", "s3"]}
    return make(meetings, slots=3, tables=1, unavailable=away, mode=Mode.ALL_REQUIRED), 1


def required_table_kind(make: MakeProblem) -> tuple[Problem, int | None]:
    # One room, taken by d-e in s2: a's two room meetings go to s1 and s3.
    meetings = [
        Meeting("m1", "a", "b", table_kind="room"),
        Meeting("m2", "a", "c", table_kind="room"),
        Meeting("m3", "d", "e", table_kind="room"),
    ]
    tables = [Table(1), Table(2, "room"), Table(3)]
    away = {"d": ["s1", "s3"]}
    return make(meetings, slots=3, tables=tables, unavailable=away, mode=Mode.ALL_REQUIRED), 1


def required_kind_of_pinned_table(make: MakeProblem) -> tuple[Problem, int | None]:
    # a-b needs no kind but is published on the only room in s2: c's room meetings go to s1
    # and s3.
    meetings = [
        Meeting("m1", "a", "b"),
        Meeting("m2", "c", "d", table_kind="room"),
        Meeting("m3", "c", "e", table_kind="room"),
    ]
    tables = [Table(1), Table(2, "room")]
    pins = [Pin("m1", "s2", 2)]
    return make(meetings, slots=3, tables=tables, pins=pins, mode=Mode.ALL_REQUIRED), 1


def required_interpreters(make: MakeProblem) -> tuple[Problem, int | None]:
    meetings = [
        Meeting("m1", "a", "b", interpreter="ko-en"),
        Meeting("m2", "a", "c", interpreter="ko-en"),
    ]
    pool = InterpreterPool("ko-en", per_slot=1, by_slot={"s2": 0})
    return make(meetings, slots=3, interpreters=[pool], mode=Mode.ALL_REQUIRED), 1


def required_pinned_table(make: MakeProblem) -> tuple[Problem, int | None]:
    # Two published meetings on one table in one slot: no valid schedule exists.
    pins = [Pin("m1", "s1", 1), Pin("m2", "s1", 1)]
    return make([("a", "b"), ("c", "d")], slots=2, pins=pins, mode=Mode.ALL_REQUIRED), None


def required_max_meetings(make: MakeProblem) -> tuple[Problem, int | None]:
    # Every meeting is held, so a quota below a's meetings cannot be kept.
    meetings = [("a", "b"), ("a", "c")]
    return make(meetings, slots=3, max_meetings={"a": 1}, mode=Mode.ALL_REQUIRED), None


def required_forbidden(make: MakeProblem) -> tuple[Problem, int | None]:
    # b can only meet in s3, c only in s1.
    meetings = [("a", "b"), ("a", "c")]
    away = {"b": ["s1", "s2"], "c": ["s2", "s3"]}
    return make(meetings, slots=3, unavailable=away, mode=Mode.ALL_REQUIRED), 1


def required_morning_afternoon(make: MakeProblem) -> tuple[Problem, int | None]:
    meetings = [
        Meeting("m1", "a", "b", allowed_slots=frozenset({"s1"})),
        Meeting("m2", "a", "c", allowed_slots=frozenset({"s3", "s4"})),
    ]
    return make(meetings, slots=4, mode=Mode.ALL_REQUIRED), 1


def required_fixed_slot(make: MakeProblem) -> tuple[Problem, int | None]:
    meetings = [Meeting("m1", "a", "b", fixed_slot="s1"), Meeting("m2", "a", "c", fixed_slot="s3")]
    return make(meetings, slots=3, mode=Mode.ALL_REQUIRED), 1


def required_pin(make: MakeProblem) -> tuple[Problem, int | None]:
    pins = [Pin("m1", "s1", 1), Pin("m2", "s3", 1)]
    return make([("a", "b"), ("a", "c")], slots=3, pins=pins, mode=Mode.ALL_REQUIRED), 1


def required_precedence(make: MakeProblem) -> tuple[Problem, int | None]:
    # a-e and b-f only in s1; b-d (so not in s1) comes before a-c, which so cannot follow
    # a-e at once.
    meetings = [
        Meeting("m1", "b", "d"),
        Meeting("m2", "a", "c", after=("m1",)),
        Meeting("m3", "a", "e"),
        Meeting("m4", "b", "f"),
    ]
    away = {"e": ["s2", "s3"], "f": ["s2", "s3"]}
    return make(meetings, slots=3, tables=3, unavailable=away, mode=Mode.ALL_REQUIRED), 1


def required_required(make: MakeProblem) -> tuple[Problem, int | None]:
    # Every meeting is held: leaving out a-c (only in s3) would leave a without a gap.
    meetings = [("a", "b"), ("a", "c")]
    away = {"b": ["s2", "s3"], "c": ["s1", "s2"]}
    return make(meetings, slots=3, unavailable=away, mode=Mode.ALL_REQUIRED), 1


REQUIRED_INSTANCES = {
    "person": required_person,
    "delegation": required_delegation,
    "tables": required_tables,
    "table_kind": required_table_kind,
    "kind_of_pinned_table": required_kind_of_pinned_table,
    "interpreters": required_interpreters,
    "pinned_table": required_pinned_table,
    "max_meetings": required_max_meetings,
    "forbidden": required_forbidden,
    "morning_afternoon": required_morning_afternoon,
    "fixed_slot": required_fixed_slot,
    "pin": required_pin,
    "precedence": required_precedence,
    "required": required_required,
}


def test_every_rule_has_an_all_required_instance() -> None:
    assert set(REQUIRED_INSTANCES) == set(RULE_INSTANCES)


@pytest.mark.parametrize("rule", sorted(REQUIRED_INSTANCES))
def test_all_required_solver_with_sat_honours_rule(rule: str, make_problem: MakeProblem) -> None:
    problem, optimum = REQUIRED_INSTANCES[rule](make_problem)
    strategy = Strategy(sat_after_cpu_s=0.0)  # the SAT search starts at once
    solution = solve_all_required(problem, time_limit_s=20.0, seed=1, workers=2, strategy=strategy)
    if optimum is None:
        assert solution.status is Status.INFEASIBLE, solution.stats
        return
    assert "sat" in str(solution.stats["search"])
    assert solution.status is Status.OPTIMAL, solution.stats
    assert validate_solution(problem, solution) == []
    assert solution.objective["gaps"] == optimum


@pytest.mark.parametrize("rule", sorted(REQUIRED_INSTANCES))
def test_sat_search_alone_honours_rule(rule: str, make_problem: MakeProblem) -> None:
    problem, optimum = REQUIRED_INSTANCES[rule](make_problem)
    lower = {pid: bound or 0 for pid, bound in participant_gap_bounds(problem).items()}
    model = SatModel(problem, lower, interchangeable_meetings(problem))
    schedules: list[dict[str, str]] = []
    search = SatSearch(model, lambda bound: None, lambda slots, gaps: schedules.append(slots))
    search.start(20.0)
    search.thread.join()
    if optimum is None:
        assert search.status_name == "INFEASIBLE"
        assert schedules == []
        return
    assert search.status_name == "OPTIMAL"
    assignments = assign_tables(problem, schedules[-1])
    assert validate_assignments(problem, assignments) == []
    assert evaluate(problem, assignments).objective()["gaps"] == optimum
