"""First-come-first-served: earliest free slot in request order, every constraint kept."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from partnering_engine.solvers.greedy import GreedySolver, greedy_assign, greedy_schedule
from partnering_engine.types import (
    InterpreterPool,
    Meeting,
    Mode,
    Pin,
    Problem,
    Status,
    Table,
)
from partnering_engine.validate import validate_assignments, validate_solution

pytestmark = pytest.mark.unit

MakeProblem = Callable[..., Problem]


def slots_of(problem: Problem, order: str = "request", seed: int = 0) -> dict[str, str]:
    return {a.meeting: a.slot for a in greedy_assign(problem, order=order, seed=seed)}


def test_request_order_takes_earliest_free_slot(make_problem: MakeProblem) -> None:
    problem = make_problem([("a", "b"), ("a", "c"), ("b", "c"), ("d", "e")], slots=4, tables=2)
    assert slots_of(problem) == {"m1": "s1", "m2": "s2", "m3": "s3", "m4": "s1"}


def test_full_slot_pushes_to_next(make_problem: MakeProblem) -> None:
    problem = make_problem([("a", "b"), ("c", "d"), ("e", "f")], slots=2, tables=2)
    assert slots_of(problem) == {"m1": "s1", "m2": "s1", "m3": "s2"}


def test_first_come_wins_when_capacity_runs_out(make_problem: MakeProblem) -> None:
    meetings = [Meeting("m1", "a", "b", weight=1), Meeting("m2", "a", "c", weight=5)]
    problem = make_problem(meetings, slots=1, tables=1)
    assert slots_of(problem, "request") == {"m1": "s1"}
    assert slots_of(problem, "weight") == {"m2": "s1"}


def test_random_order_is_seeded(make_problem: MakeProblem) -> None:
    pairs = [(f"p{i}", f"p{j}") for i in range(6) for j in range(i + 1, 6)]
    problem = make_problem(pairs, slots=3, tables=2)
    assert slots_of(problem, "random", 7) == slots_of(problem, "random", 7)
    orders = {tuple(sorted(slots_of(problem, "random", s).items())) for s in range(6)}
    assert len(orders) > 1


def test_unknown_order_is_an_error(make_problem: MakeProblem) -> None:
    with pytest.raises(ValueError, match="unknown greedy order 'best'"):
        greedy_assign(make_problem([("a", "b")]), order="best")


def test_availability_allowed_and_fixed_slots(make_problem: MakeProblem) -> None:
    meetings = [
        Meeting("m1", "a", "b"),
        Meeting("m2", "c", "d", allowed_slots=frozenset({"s3", "s4"})),
        Meeting("m3", "e", "f", fixed_slot="s2"),
    ]
    problem = make_problem(meetings, slots=4, unavailable={"b": ["s1", "s2"]})
    assert slots_of(problem) == {"m1": "s3", "m2": "s3", "m3": "s2"}


def test_table_kinds_are_respected(make_problem: MakeProblem) -> None:
    meetings = [
        Meeting("m1", "a", "b"),
        Meeting("m2", "c", "d", table_kind="room"),
        Meeting("m3", "e", "f", table_kind="room"),
    ]
    problem = make_problem(meetings, slots=2, tables=[Table(1), Table(2), Table(3, "room")])
    assignments = {a.meeting: (a.slot, a.table) for a in greedy_assign(problem)}
    assert assignments == {"m1": ("s1", 1), "m2": ("s1", 3), "m3": ("s2", 3)}


def test_interpreter_capacity_and_delegations(make_problem: MakeProblem) -> None:
    meetings = [
        Meeting("m1", "a", "b", interpreter="ko-en"),
        Meeting("m2", "c", "d", interpreter="ko-en"),
        Meeting("m3", "e", "f", attendees=("a",)),
    ]
    problem = make_problem(
        meetings, slots=3, tables=3, interpreters=[InterpreterPool("ko-en", per_slot=1)]
    )
    assert slots_of(problem) == {"m1": "s1", "m2": "s2", "m3": "s2"}


def test_max_meetings_and_precedence(make_problem: MakeProblem) -> None:
    meetings = [
        Meeting("m1", "a", "b", after=("m2",)),
        Meeting("m2", "c", "d"),
        Meeting("m3", "a", "c"),
        Meeting("m4", "a", "d"),
    ]
    problem = make_problem(meetings, slots=4, max_meetings={"a": 2})
    # m1 waits for m2 (placed in s1), so m1 goes to s2; a's limit leaves m4 out.
    assert slots_of(problem) == {"m2": "s1", "m1": "s2", "m3": "s3"}


def test_precedence_cycle_leaves_meetings_unscheduled(make_problem: MakeProblem) -> None:
    meetings = [Meeting("m1", "a", "b", after=("m2",)), Meeting("m2", "c", "d", after=("m1",))]
    problem = make_problem(meetings)
    result = greedy_schedule(problem)
    assert result.assignments == ()
    assert result.unscheduled == ("m1", "m2")


def test_pins_are_placed_first_and_kept(make_problem: MakeProblem) -> None:
    pins = [Pin("m3", "s1", 2), Pin("m2", "s2", 1, movable=True)]
    problem = make_problem([("a", "b"), ("a", "c"), ("d", "e")], slots=3, tables=2, pins=pins)
    assignments = {a.meeting: (a.slot, a.table) for a in greedy_assign(problem)}
    assert assignments == {"m1": ("s1", 1), "m2": ("s2", 1), "m3": ("s1", 2)}


def test_movable_pin_moves_when_its_place_is_gone(make_problem: MakeProblem) -> None:
    pins = [Pin("m1", "s1", 1), Pin("m2", "s1", 2, movable=True)]
    problem = make_problem([("a", "b"), ("a", "c")], slots=2, tables=2, pins=pins)
    solution = GreedySolver().solve(problem, time_limit_s=1, seed=0)
    assert {a.meeting: a.slot for a in solution.assignments} == {"m1": "s1", "m2": "s2"}
    assert solution.objective["moved"] == 1
    assert validate_solution(problem, solution) == []


def test_weighted_all_scheduled_is_optimal(make_problem: MakeProblem) -> None:
    problem = make_problem([("a", "b"), ("c", "d")], slots=2)
    solution = GreedySolver().solve(problem, time_limit_s=1, seed=3)
    assert solution.status is Status.OPTIMAL
    assert solution.objective["weight"] == solution.bound["weight"] == 2
    assert (solution.stats["solver"], solution.stats["seed"]) == ("greedy", 3)
    assert solution.stats["wall_s"] >= 0


def test_weighted_partial_is_feasible_with_trivial_bound(make_problem: MakeProblem) -> None:
    problem = make_problem([("a", "b"), ("a", "c"), ("d", "e")], slots=1, unavailable={"e": ["s1"]})
    solution = GreedySolver().solve(problem, time_limit_s=1, seed=0)
    assert solution.status is Status.FEASIBLE
    assert solution.unscheduled == ("m2", "m3")
    assert solution.bound["weight"] == 2  # m3 has no possible slot


def test_all_required_unplaceable_is_unknown_with_reason(make_problem: MakeProblem) -> None:
    problem = make_problem([("a", "b"), ("a", "c"), ("b", "c")], slots=2, mode=Mode.ALL_REQUIRED)
    solution = GreedySolver().solve(problem, time_limit_s=1, seed=0)
    assert solution.status is Status.UNKNOWN
    assert "could not place 1 required" in solution.stats["reason"]
    codes = {v.code for v in validate_solution(problem, solution)}
    assert codes == {"required_unscheduled"}


def test_all_required_without_possible_slot_is_infeasible(make_problem: MakeProblem) -> None:
    problem = make_problem([("a", "b")], slots=1, unavailable={"a": ["s1"]}, mode=Mode.ALL_REQUIRED)
    solution = GreedySolver().solve(problem, time_limit_s=1, seed=0)
    assert solution.status is Status.INFEASIBLE


def test_all_required_compact_is_optimal(make_problem: MakeProblem) -> None:
    problem = make_problem([("a", "b"), ("a", "c")], slots=3, mode=Mode.ALL_REQUIRED)
    solution = GreedySolver().solve(problem, time_limit_s=1, seed=0)
    assert solution.status is Status.OPTIMAL
    assert solution.objective["gaps"] == solution.bound["gaps"] == 0


def test_greedy_assignments_are_valid_on_generated_summit() -> None:
    from partnering_engine.generate import generate_problem

    problem = generate_problem("summit", seed=2)
    assignments = greedy_assign(problem, order="weight")
    assert validate_assignments(problem, assignments) == []
    assert len(assignments) > 0.7 * len(problem.meetings)
