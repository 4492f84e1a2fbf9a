"""Objective values: gaps per day, shares of requests served, moved pins."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from partnering_engine.metrics import evaluate, gaps_of_positions
from partnering_engine.types import Assignment, Meeting, Pin, Problem

pytestmark = pytest.mark.unit

MakeProblem = Callable[..., Problem]


def test_gaps_count_idle_runs_not_idle_slots() -> None:
    one_day = (0,) * 8
    assert gaps_of_positions([0, 1, 4, 7], one_day) == 2
    assert gaps_of_positions([0, 3], one_day) == 1
    assert gaps_of_positions([2, 3, 4], one_day) == 0
    assert gaps_of_positions([], one_day) == 0


def test_gaps_do_not_span_days() -> None:
    two_days = (0, 0, 0, 1, 1, 1)
    assert gaps_of_positions([0, 5], two_days) == 0
    assert gaps_of_positions([0, 2, 3, 5], two_days) == 2


def test_evaluate_counts_gaps_per_participant_across_days(make_problem: MakeProblem) -> None:
    problem = make_problem([("a", "b"), ("a", "c"), ("a", "d")], slots=6, days=2)
    assignments = [
        Assignment("m1", "s1", 1),
        Assignment("m2", "s3", 1),  # gap on day 1 for a
        Assignment("m3", "s4", 1),  # day 2: no gap across the night
    ]
    evaluation = evaluate(problem, assignments)
    assert evaluation.gaps_by_participant == {"a": 1, "b": 0, "c": 0, "d": 0}
    assert (evaluation.gaps, evaluation.max_gaps, evaluation.min_gaps) == (1, 1, 0)
    assert evaluation.meetings_by_participant["a"] == 3


def test_evaluate_weight_and_shares(make_problem: MakeProblem) -> None:
    meetings = [
        Meeting("m1", "a", "b", weight=3),
        Meeting("m2", "a", "c", weight=2),
        Meeting("m3", "d", "e"),
    ]
    problem = make_problem(meetings, slots=2)
    evaluation = evaluate(problem, [Assignment("m1", "s1", 1)])
    assert (evaluation.weight, evaluation.scheduled) == (3, 1)
    assert evaluation.min_share == 0.0  # c, d, e got none of their requests
    assert evaluation.unserved == 3


def test_min_share_ignores_participants_without_schedulable_request(
    make_problem: MakeProblem,
) -> None:
    problem = make_problem(
        [("a", "b"), ("a", "c"), ("d", "e")], slots=2, unavailable={"d": ["s1", "s2"]}
    )
    evaluation = evaluate(problem, [Assignment("m1", "s1", 1), Assignment("m2", "s2", 1)])
    assert evaluation.min_share == 1.0
    assert evaluation.unserved == 0


def test_min_share_is_lowest_fraction(make_problem: MakeProblem) -> None:
    problem = make_problem([("a", "b"), ("a", "c"), ("a", "d"), ("b", "c")], slots=4)
    assignments = [Assignment("m1", "s1", 1), Assignment("m4", "s2", 1)]
    evaluation = evaluate(problem, assignments)
    assert evaluation.min_share == 0.0  # d: 0 of 1
    assignments.append(Assignment("m3", "s3", 1))
    assert evaluate(problem, assignments).min_share == pytest.approx(1 / 2)  # c: 1 of 2


def test_moved_and_retabled_pins(make_problem: MakeProblem) -> None:
    pins = [Pin("m1", "s1", 1, movable=True), Pin("m2", "s1", 2), Pin("m3", "s2", 1)]
    problem = make_problem([("a", "b"), ("c", "d"), ("e", "f")], slots=3, pins=pins)
    assignments = [Assignment("m1", "s2", 2), Assignment("m2", "s1", 1)]
    evaluation = evaluate(problem, assignments)
    assert (evaluation.moved, evaluation.retabled) == (2, 1)
