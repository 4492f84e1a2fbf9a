"""The rules as CP-SAT rows: each limit, quota and precedence holds in a tiny model."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from ortools.sat.python import cp_model

from partnering_engine.rules import Compiled, State, compile_rules
from partnering_engine.rules.cpsat import add_rules
from partnering_engine.types import InterpreterPool, Meeting, Problem

pytestmark = pytest.mark.unit

MakeProblem = Callable[..., Problem]


def _most_held(
    problem: Problem, meetings: list[int] | None = None, state: State | None = None
) -> dict[int, int]:
    """Meeting -> slot of a schedule holding as many of `meetings` (default: all) as the
    rules allow next to `state`."""
    rules = compile_rules(problem)
    model = cp_model.CpModel()
    chosen = range(rules.n_meetings) if meetings is None else meetings
    x = {i: {s: model.new_bool_var(f"x{i}_{s}") for s in rules.domains[i]} for i in chosen}
    add_rules(model, rules, x, state=state)
    model.maximize(sum(var for row in x.values() for var in row.values()))
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    assert solver.solve(model) == cp_model.OPTIMAL
    return {i: s for i, row in x.items() for s, var in row.items() if solver.boolean_value(var)}


def test_add_rules_one_meeting_per_person_and_slot(make_problem: MakeProblem) -> None:
    held = _most_held(make_problem([("a", "b"), ("a", "c"), ("a", "d")], slots=2, tables=3))
    assert len(held) == 2
    assert len(set(held.values())) == 2


def test_add_rules_tables_per_slot(make_problem: MakeProblem) -> None:
    held = _most_held(make_problem([("a", "b"), ("c", "d"), ("e", "f")], slots=2, tables=1))
    assert sorted(held.values()) == [0, 1]


def test_add_rules_interpreters_per_slot(make_problem: MakeProblem) -> None:
    pool = InterpreterPool("ko-en", per_slot=1)
    meetings = [
        Meeting("m1", "a", "b", interpreter="ko-en"),
        Meeting("m2", "c", "d", interpreter="ko-en"),
        Meeting("m3", "e", "f"),
    ]
    held = _most_held(make_problem(meetings, slots=1, tables=3, interpreters=[pool]))
    assert len(held) == 2
    assert 2 in held


def test_add_rules_quota_and_precedence(make_problem: MakeProblem) -> None:
    meetings = [
        Meeting("m1", "a", "b"),
        Meeting("m2", "a", "c"),
        Meeting("m3", "a", "d"),
        Meeting("m4", "e", "f", after=("m3",)),
    ]
    held = _most_held(make_problem(meetings, slots=3, tables=2, max_meetings={"a": 1}))
    assert len(held) == 2  # a holds one meeting; m4 only after m3, so that one is m3
    assert held[2] < held[3]


def test_add_rules_residual_next_to_a_state(make_problem: MakeProblem) -> None:
    problem = make_problem([("a", "b"), ("c", "d"), ("e", "f")], slots=2, tables=1)
    state = State(Compiled.of(problem))
    state.place(0, 0)
    held = _most_held(problem, meetings=[1, 2], state=state)
    assert list(held.values()) == [1]  # the first slot's only table is taken
