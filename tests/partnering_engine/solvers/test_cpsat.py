"""The `cpsat` registry entry: one solver, the model chosen by the problem's mode."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from partnering_engine.solvers import Progress, get_solver
from partnering_engine.solvers.cpsat import CpSatSolver
from partnering_engine.types import Meeting, Mode, Problem, Status
from partnering_engine.validate import validate_solution

pytestmark = pytest.mark.unit

MakeProblem = Callable[..., Problem]


def test_registry_name_gives_the_cpsat_solver() -> None:
    solver = get_solver("cpsat")
    assert isinstance(solver, CpSatSolver)
    assert solver.name == "cpsat"


def test_weighted_problem_runs_the_weighted_phases(make_problem: MakeProblem) -> None:
    meetings = [Meeting(id="m1", a="p", b="q", weight=2), Meeting(id="m2", a="p", b="r")]
    problem = make_problem(meetings, slots=1, tables=2)
    reports: list[Progress] = []
    solution = CpSatSolver().solve(problem, time_limit_s=10.0, seed=3, progress=reports.append)
    assert validate_solution(problem, solution) == []
    assert solution.status is Status.OPTIMAL
    assert solution.objective["weight"] == 2
    assert solution.bound == {"weight": 2.0}
    assert solution.stats["solver"] == "cpsat"
    assert solution.stats["seed"] == 3
    assert solution.stats["phases"][0]["name"] == "weight"
    assert reports[-1].phase == "done"


def test_all_required_problem_schedules_every_meeting(make_problem: MakeProblem) -> None:
    problem = make_problem(
        [("a", "b"), ("a", "c"), ("b", "c")], slots=3, tables=2, mode=Mode.ALL_REQUIRED
    )
    solution = CpSatSolver().solve(problem, time_limit_s=10.0, seed=0)
    assert validate_solution(problem, solution) == []
    assert solution.unscheduled == ()
    assert "gaps" in solution.bound
    assert "weight" not in solution.bound
    assert "person_bound" in solution.stats
