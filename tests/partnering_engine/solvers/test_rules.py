"""Every registered solver honours every rule: one tiny instance per rule, refereed by
`validate.py`.

Each instance is built so that ignoring its rule would hold more weight (or, for a clash of
published pins, would claim a schedule where none exists). A solver must return a schedule
that `validate_solution` accepts; the exact and large-scale solvers must also reach the
optimum under the rule. A new rule kind gets its instance here (`RULE_INSTANCES`), and
`test_every_limit_kind_has_an_instance` keeps that so.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from partnering_engine.rules import LIMIT_KINDS
from partnering_engine.solvers import get_solver, solver_names
from partnering_engine.types import (
    InterpreterPool,
    Meeting,
    Participant,
    Pin,
    Problem,
    Status,
    Table,
)
from partnering_engine.validate import validate_solution

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
