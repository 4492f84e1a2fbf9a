"""The all-required SAT search on its own (worker process, no CP-SAT search beside it): one
tiny instance per rule kind, each schedule refereed by `validate.py` and its optimum checked
against the CP-SAT search alone."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from partnering_engine.gaps_bound import participant_gap_bounds
from partnering_engine.metrics import evaluate
from partnering_engine.solvers._cpsat_required import Strategy, solve_all_required
from partnering_engine.solvers._cpsat_required_model import interchangeable_meetings
from partnering_engine.solvers._sat_required import SatModel, SatSearch
from partnering_engine.solvers.tables import assign_tables
from partnering_engine.types import (
    InterpreterPool,
    Meeting,
    Mode,
    Pin,
    Problem,
    Status,
    Table,
)
from partnering_engine.validate import validate_assignments

MakeProblem = Callable[..., Problem]


@dataclass
class SatRun:
    status: str = ""
    search_s: float = 0.0
    bounds: list[int] = field(default_factory=list)
    schedules: list[tuple[dict[str, str], int]] = field(default_factory=list)


def sat_only(problem: Problem, time_limit_s: float = 20.0) -> SatRun:
    lower = {k: v or 0 for k, v in participant_gap_bounds(problem).items()}
    model = SatModel(problem, lower, interchangeable_meetings(problem))
    run = SatRun()
    search = SatSearch(
        model, run.bounds.append, lambda slots, gaps: run.schedules.append((slots, gaps))
    )
    started = time.monotonic()
    search.start(time_limit_s)
    search.thread.join()
    run.search_s = time.monotonic() - started
    run.status = search.status_name
    for slots, gaps in run.schedules:
        assignments = assign_tables(problem, slots)
        assert validate_assignments(problem, assignments) == []
        assert evaluate(problem, assignments).objective()["gaps"] == gaps
    return run


def cpsat_optimum(problem: Problem) -> float:
    solution = solve_all_required(
        problem, time_limit_s=20.0, seed=0, workers=2, strategy=Strategy(sat=False)
    )
    assert solution.status is Status.OPTIMAL
    return solution.objective["gaps"]


def tables_kinds_and_pins(make: MakeProblem) -> Problem:
    meetings = [
        Meeting("m1", "a", "b", table_kind="room"),
        Meeting("m2", "c", "d", table_kind="room"),
        Meeting("m3", "a", "c"),
        Meeting("m4", "b", "d"),
    ]
    return make(
        meetings,
        slots=3,
        tables=(Table(1, "table"), Table(2, "room")),
        pins=(Pin("m3", "s3", 1),),
        mode=Mode.ALL_REQUIRED,
    )


def interpreters_and_precedences(make: MakeProblem) -> Problem:
    meetings = [
        Meeting("m1", "a", "b", interpreter="ko-en"),
        Meeting("m2", "c", "d", interpreter="ko-en"),
        Meeting("m3", "a", "c", after=("m1", "m2")),
        Meeting("m4", "b", "c"),
    ]
    return make(
        meetings,
        slots=4,
        tables=3,
        interpreters=(InterpreterPool("ko-en", per_slot=1),),
        mode=Mode.ALL_REQUIRED,
    )


def attendees_fixed_and_allowed(make: MakeProblem) -> Problem:
    meetings = [
        Meeting("m1", "a", "b", attendees=("c",)),
        Meeting("m2", "c", "d", fixed_slot="s1"),
        Meeting("m3", "a", "d", allowed_slots=frozenset({"s2", "s3"})),
        Meeting("m4", "b", "d"),
    ]
    return make(meetings, slots=4, tables=2, mode=Mode.ALL_REQUIRED)


def unavailable_and_nights(make: MakeProblem) -> Problem:
    pairs = [("a", "b"), ("a", "c"), ("a", "d"), ("b", "c"), ("c", "d")]
    return make(
        pairs,
        slots=6,
        days=2,
        tables=1,
        unavailable={"a": ["s2"], "c": ["s5"]},
        mode=Mode.ALL_REQUIRED,
    )


def triangle_with_fairness(make: MakeProblem) -> Problem:
    pairs = [("a", "b"), ("b", "c"), ("a", "c"), ("c", "d"), ("d", "e"), ("b", "e")]
    return make(pairs, slots=4, tables=2, mode=Mode.ALL_REQUIRED, fairness_d=1)


def fairness_lifts_the_lowest(make: MakeProblem) -> Problem:
    # a..d have a forced gap (nobody can meet in s2); with d = 0 e and f, who could meet
    # back to back, must take one gap too.
    pairs = [("a", "b"), ("a", "b"), ("c", "d"), ("c", "d"), ("e", "f"), ("e", "f")]
    return make(
        pairs,
        slots=3,
        tables=3,
        unavailable={p: ["s2"] for p in "abcd"},
        mode=Mode.ALL_REQUIRED,
        fairness_d=0,
    )


@pytest.mark.parametrize(
    "build",
    [
        tables_kinds_and_pins,
        interpreters_and_precedences,
        attendees_fixed_and_allowed,
        unavailable_and_nights,
        triangle_with_fairness,
        fairness_lifts_the_lowest,
    ],
)
def test_sat_search_rule_kind_reaches_the_cpsat_optimum(
    make_problem: MakeProblem, build: Callable[[MakeProblem], Problem]
) -> None:
    problem = build(make_problem)
    run = sat_only(problem)
    assert run.status == "OPTIMAL"
    assert run.schedules
    assert run.schedules[-1][1] == cpsat_optimum(problem)


def test_sat_search_fairness_gives_everyone_the_lowest_count(make_problem: MakeProblem) -> None:
    run = sat_only(fairness_lifts_the_lowest(make_problem))
    assert run.status == "OPTIMAL"
    assert run.schedules[-1][1] == 6


def test_sat_search_proves_the_triangle_gap_beyond_own_bounds(make_problem: MakeProblem) -> None:
    problem = make_problem(
        [("a", "b"), ("b", "c"), ("a", "c")], slots=3, tables=3, mode=Mode.ALL_REQUIRED
    )
    run = sat_only(problem)
    assert run.bounds == [1]
    assert run.schedules[-1][1] == 1
    assert run.status == "OPTIMAL"


def test_sat_search_bound_told_mid_search_still_ends_optimal(make_problem: MakeProblem) -> None:
    # Own bounds 0, optimum 1: after its first schedule the worker asks for 0 gaps. Another
    # search proves 1 meanwhile: the worker reads it between its budgeted calls (or is done
    # already) and ends with a schedule at the optimum.
    problem = make_problem(
        [("a", "b"), ("b", "c"), ("a", "c")], slots=3, tables=3, mode=Mode.ALL_REQUIRED
    )
    lower = {k: v or 0 for k, v in participant_gap_bounds(problem).items()}
    model = SatModel(problem, lower, interchangeable_meetings(problem))
    bounds: list[int] = []
    schedules: list[int] = []

    def on_schedule(slots: dict[str, str], gaps: int) -> None:
        schedules.append(gaps)
        search.tell(1, None)

    search = SatSearch(model, bounds.append, on_schedule)
    search.start(20.0)
    search.thread.join()
    assert search.status_name == "OPTIMAL"
    assert schedules[-1] == 1


def test_sat_search_too_few_tables_is_infeasible(make_problem: MakeProblem) -> None:
    problem = make_problem(
        [("a", "b"), ("c", "d"), ("e", "f"), ("g", "h")], slots=2, tables=1, mode=Mode.ALL_REQUIRED
    )
    run = sat_only(problem)
    assert run.status == "INFEASIBLE"
    assert run.schedules == []


def test_sat_search_fairness_zero_rules_out_a_forced_gap(make_problem: MakeProblem) -> None:
    # a has a forced gap, e has one meeting (no gap): with d = 0 nothing is valid.
    pairs = [("a", "b"), ("a", "c"), ("d", "e")]
    problem = make_problem(
        pairs,
        slots=3,
        tables=2,
        unavailable={"a": ["s2"]},
        mode=Mode.ALL_REQUIRED,
        fairness_d=0,
    )
    assert sat_only(problem).status == "INFEASIBLE"


def test_sat_search_stops_at_its_time_limit(make_problem: MakeProblem) -> None:
    pairs = [(f"p{i}", f"p{j}") for i in range(12) for j in range(i + 1, 12) if (i + j) % 3]
    problem = make_problem(pairs, slots=16, tables=3, mode=Mode.ALL_REQUIRED)
    run = sat_only(problem, time_limit_s=0.5)
    # The limit plus stopping the worker (generous: the machine may be shared).
    assert run.search_s < 3.0
    assert run.status in {"TIME_LIMIT", "OPTIMAL"}


def test_sat_search_declines_movable_pins(make_problem: MakeProblem) -> None:
    problem = make_problem(
        [("a", "b"), ("c", "d")],
        slots=3,
        tables=1,
        pins=(Pin("m1", "s2", 1, movable=True),),
        mode=Mode.ALL_REQUIRED,
    )
    assert not SatModel.applicable(problem)
    solution = solve_all_required(problem, time_limit_s=20.0, seed=0, workers=2)
    assert "sat" not in str(solution.stats["search"])


B2B_CRAFC = Path("/work/shared/anchors/b2b/forum-13crafc.original.dzn")


@pytest.mark.slow
@pytest.mark.skipif(not B2B_CRAFC.is_file(), reason="B2B anchors not on this machine")
def test_sat_search_b2b_crafted_instance_reaches_published_optimum() -> None:
    # forum-13crafc (forbidden slots, fixed meetings): core-based CP-SAT found no schedule at
    # all in 25 s; the SAT search has one at once and proves the published optimum 1.
    from partnering_engine.io import read_dzn

    problem = read_dzn(B2B_CRAFC)
    run = sat_only(problem, time_limit_s=120.0)
    assert run.status == "OPTIMAL"
    assert run.bounds == [1]
    assert run.schedules[-1][1] == 1


def test_portfolio_runs_the_sat_search_beside_core_search(make_problem: MakeProblem) -> None:
    problem = triangle_with_fairness(make_problem)
    solution = solve_all_required(
        problem, time_limit_s=20.0, seed=0, workers=2, strategy=Strategy(sat_after_cpu_s=0.0)
    )
    assert solution.status is Status.OPTIMAL
    assert solution.objective["gaps"] == cpsat_optimum(problem)
    assert solution.stats["search"] == "main+sat"
    assert "sat NOT_STARTED" not in str(solution.stats["cp_status"])


def test_portfolio_leaves_the_sat_search_out_of_easy_solves(make_problem: MakeProblem) -> None:
    # The core searches prove this optimum in far less than the default 3 CPU seconds.
    problem = triangle_with_fairness(make_problem)
    solution = solve_all_required(problem, time_limit_s=20.0, seed=0, workers=2)
    assert solution.status is Status.OPTIMAL
    assert "sat NOT_STARTED" in str(solution.stats["cp_status"])
