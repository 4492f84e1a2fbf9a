"""`auto` picks the exact solver for small and all-required problems, `lns` for large ones."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from partnering_engine.solvers import get_solver
from partnering_engine.solvers.auto import EXACT_MAX_PAIRS, choose_solver
from partnering_engine.types import Meeting, Mode, Problem
from partnering_engine.validate import validate_solution

pytestmark = pytest.mark.unit

MakeProblem = Callable[..., Problem]


def ring(make: MakeProblem, *, people: int, slots: int, mode: Mode = Mode.WEIGHTED) -> Problem:
    meetings = [Meeting(f"m{i}", f"p{i}", f"p{(i + 1) % people}") for i in range(people)]
    return make(meetings, slots=slots, tables=people, mode=mode)


def test_auto_chooses_cpsat_for_small_weighted_problems(make_problem: MakeProblem) -> None:
    assert choose_solver(ring(make_problem, people=10, slots=4)) == "cpsat"


def test_auto_chooses_cpsat_for_all_required_problems_of_any_size(
    make_problem: MakeProblem,
) -> None:
    problem = ring(make_problem, people=EXACT_MAX_PAIRS // 40 + 1, slots=40, mode=Mode.ALL_REQUIRED)
    assert len(problem.meetings) * len(problem.slots) > EXACT_MAX_PAIRS
    assert choose_solver(problem) == "cpsat"


def test_auto_chooses_lns_above_the_threshold(make_problem: MakeProblem) -> None:
    problem = ring(make_problem, people=EXACT_MAX_PAIRS // 40 + 1, slots=40)
    assert choose_solver(problem) == "lns"
    at_threshold = ring(make_problem, people=EXACT_MAX_PAIRS // 40, slots=40)
    assert choose_solver(at_threshold) == "cpsat"


def test_auto_records_its_choice_and_returns_a_valid_schedule(make_problem: MakeProblem) -> None:
    problem = ring(make_problem, people=6, slots=3)
    solution = get_solver("auto").solve(problem, time_limit_s=10.0, seed=0, workers=1)
    assert solution.stats["solver"] == "auto"
    assert solution.stats["auto_choice"] == "cpsat"
    assert validate_solution(problem, solution) == []
    assert solution.objective["scheduled"] == 6
