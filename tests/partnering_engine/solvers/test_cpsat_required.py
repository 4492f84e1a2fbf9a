"""The all-required CP-SAT solver: every meeting held, fewest gaps, fairness, all features."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
from ortools.sat.python import cp_model

from partnering_engine.gaps_bound import participant_gap_bounds
from partnering_engine.metrics import evaluate
from partnering_engine.solvers._cpsat_required import Strategy, _params, solve_all_required
from partnering_engine.solvers._cpsat_required_model import (
    RequiredModel,
    interchangeable_meetings,
)
from partnering_engine.solvers._required_portfolio import Run, Shared
from partnering_engine.solvers.base import Progress, ProgressCallback
from partnering_engine.solvers.tables import assign_tables
from partnering_engine.types import (
    InterpreterPool,
    Meeting,
    Mode,
    Pin,
    Problem,
    Solution,
    Status,
    Table,
)
from partnering_engine.validate import validate_assignments, validate_solution

MakeProblem = Callable[..., Problem]
B2B_TIC = Path("/work/shared/anchors/b2b/tic-12.original.dzn")


def solve(problem: Problem, progress: ProgressCallback | None = None) -> Solution:
    solution = solve_all_required(problem, time_limit_s=20.0, seed=0, workers=2, progress=progress)
    if solution.status in (Status.OPTIMAL, Status.FEASIBLE):
        assert validate_solution(problem, solution) == []
        assert solution.unscheduled == ()
    return solution


def test_all_required_back_to_back_schedule_is_optimal_with_zero_gaps(
    make_problem: MakeProblem,
) -> None:
    problem = make_problem(
        [("a", "b"), ("a", "c"), ("a", "d"), ("b", "c")],
        slots=4,
        tables=2,
        mode=Mode.ALL_REQUIRED,
    )
    solution = solve(problem)
    assert solution.status is Status.OPTIMAL
    assert solution.objective["gaps"] == 0
    assert solution.bound["gaps"] == 0


def test_all_required_forced_gap_is_proven_by_own_bound(make_problem: MakeProblem) -> None:
    problem = make_problem(
        [("a", "b"), ("a", "c"), ("b", "d")],
        slots=3,
        tables=2,
        unavailable={"a": ["s2"]},
        mode=Mode.ALL_REQUIRED,
    )
    solution = solve(problem)
    assert solution.status is Status.OPTIMAL
    assert solution.objective["gaps"] == 1
    assert solution.bound["gaps"] == 1
    assert solution.stats["person_bound"] == 1


def test_all_required_triangle_gap_is_proven_beyond_own_bounds(make_problem: MakeProblem) -> None:
    # Each of a, b, c alone could meet back to back, but the three meetings take three
    # different slots, so one of them sits in s1 and s3: the optimum 1 needs the search.
    problem = make_problem(
        [("a", "b"), ("b", "c"), ("a", "c")], slots=3, tables=3, mode=Mode.ALL_REQUIRED
    )
    solution = solve(problem)
    assert solution.stats["person_bound"] == 0
    assert solution.status is Status.OPTIMAL
    assert solution.objective["gaps"] == 1
    assert solution.bound["gaps"] == 1


def test_all_required_too_many_meetings_for_a_participant_is_infeasible(
    make_problem: MakeProblem,
) -> None:
    problem = make_problem(
        [("a", "b"), ("a", "c"), ("a", "d")], slots=2, tables=3, mode=Mode.ALL_REQUIRED
    )
    solution = solve(problem)
    assert solution.status is Status.INFEASIBLE
    assert solution.assignments == ()


def test_all_required_too_few_tables_is_infeasible(make_problem: MakeProblem) -> None:
    problem = make_problem(
        [("a", "b"), ("c", "d"), ("e", "f"), ("g", "h")],
        slots=2,
        tables=1,
        mode=Mode.ALL_REQUIRED,
    )
    solution = solve(problem)
    assert solution.status is Status.INFEASIBLE


def test_all_required_max_meetings_below_requests_is_infeasible(
    make_problem: MakeProblem,
) -> None:
    problem = make_problem(
        [("a", "b"), ("a", "c")],
        slots=3,
        tables=2,
        max_meetings={"a": 1},
        mode=Mode.ALL_REQUIRED,
    )
    assert solve(problem).status is Status.INFEASIBLE


def test_all_required_fairness_bound_is_respected(make_problem: MakeProblem) -> None:
    # a has a forced gap (unavailable in s2); e has a single meeting (zero gaps), so with
    # d = 0 nobody may have a gap: impossible. With d = 1 it is fine.
    pairs = [("a", "b"), ("a", "c"), ("d", "e")]
    strict = make_problem(
        pairs,
        slots=3,
        tables=3,
        unavailable={"a": ["s2"]},
        mode=Mode.ALL_REQUIRED,
        fairness_d=0,
    )
    assert solve(strict).status is Status.INFEASIBLE
    loose = make_problem(
        pairs,
        slots=3,
        tables=3,
        unavailable={"a": ["s2"]},
        mode=Mode.ALL_REQUIRED,
        fairness_d=1,
    )
    solution = solve(loose)
    assert solution.status is Status.OPTIMAL
    report = evaluate(loose, solution.assignments)
    assert report.max_gaps - report.min_gaps <= 1


def test_all_required_fairness_rules_out_a_participant_with_too_many_gaps(
    make_problem: MakeProblem,
) -> None:
    # Hub h meets x1 only in s1, x2 only in s3, x3 only in s5: two gaps for h, none for the
    # spokes. That is 2 apart: fine with d = 2, impossible with d = 1.
    pairs = [("h", "x1"), ("h", "x2"), ("h", "x3")]
    only = {"x1": ["s2", "s3", "s4", "s5"], "x2": ["s1", "s2", "s4", "s5"]}
    only["x3"] = ["s1", "s2", "s3", "s4"]
    loose = make_problem(
        pairs, slots=5, tables=2, unavailable=only, mode=Mode.ALL_REQUIRED, fairness_d=2
    )
    solution = solve(loose)
    assert solution.status is Status.OPTIMAL
    assert solution.objective["gaps"] == 2
    strict = make_problem(
        pairs, slots=5, tables=2, unavailable=only, mode=Mode.ALL_REQUIRED, fairness_d=1
    )
    assert solve(strict).status is Status.INFEASIBLE


def test_all_required_honours_table_kinds_and_pins(make_problem: MakeProblem) -> None:
    meetings = [
        Meeting("m1", "a", "b", table_kind="room"),
        Meeting("m2", "c", "d", table_kind="room"),
        Meeting("m3", "a", "c"),
        Meeting("m4", "b", "d"),
    ]
    problem = make_problem(
        meetings,
        slots=3,
        tables=(Table(1, "table"), Table(2, "room")),
        pins=(Pin("m3", "s3", 1),),
        mode=Mode.ALL_REQUIRED,
    )
    solution = solve(problem)
    assert solution.status is Status.OPTIMAL
    by_meeting = solution.by_meeting
    assert (by_meeting["m3"].slot, by_meeting["m3"].table) == ("s3", 1)
    # One room: the two meetings needing it are in different slots, both at table 2.
    assert by_meeting["m1"].slot != by_meeting["m2"].slot
    assert by_meeting["m1"].table == by_meeting["m2"].table == 2


def test_all_required_keeps_movable_pin_when_it_costs_no_gap(make_problem: MakeProblem) -> None:
    problem = make_problem(
        [("a", "b"), ("c", "d")],
        slots=3,
        tables=1,
        pins=(Pin("m1", "s2", 1, movable=True),),
        mode=Mode.ALL_REQUIRED,
    )
    solution = solve(problem)
    assert solution.status is Status.OPTIMAL
    assert solution.by_meeting["m1"].slot == "s2"
    assert solution.objective["moved"] == 0


def test_all_required_honours_interpreters_and_precedences(make_problem: MakeProblem) -> None:
    meetings = [
        Meeting("m1", "a", "b", interpreter="ko-en"),
        Meeting("m2", "c", "d", interpreter="ko-en"),
        Meeting("m3", "a", "c", after=("m1", "m2")),
    ]
    problem = make_problem(
        meetings,
        slots=3,
        tables=3,
        interpreters=(InterpreterPool("ko-en", per_slot=1),),
        mode=Mode.ALL_REQUIRED,
    )
    solution = solve(problem)
    assert solution.status is Status.OPTIMAL
    slots = {a.meeting: problem.slot_index[a.slot] for a in solution.assignments}
    assert slots["m1"] != slots["m2"]
    assert slots["m3"] > max(slots["m1"], slots["m2"])


def test_all_required_with_attendees_and_fixed_slots(make_problem: MakeProblem) -> None:
    meetings = [
        Meeting("m1", "a", "b", attendees=("c",)),
        Meeting("m2", "c", "d", fixed_slot="s1"),
        Meeting("m3", "a", "d", allowed_slots=frozenset({"s2", "s3"})),
    ]
    problem = make_problem(meetings, slots=4, tables=2, mode=Mode.ALL_REQUIRED)
    solution = solve(problem)
    assert solution.status is Status.OPTIMAL
    assert solution.by_meeting["m2"].slot == "s1"
    assert solution.by_meeting["m1"].slot != "s1"  # c is busy in m2 then


def test_all_required_does_not_count_nights_as_gaps(make_problem: MakeProblem) -> None:
    meetings = [
        Meeting("m1", "a", "b", allowed_slots=frozenset({"s2"})),
        Meeting("m2", "a", "c", allowed_slots=frozenset({"s3"})),
    ]
    # s1, s2 on day one; s3, s4 on day two: a meets at the end of one day and the start of
    # the next, which is no gap.
    problem = make_problem(meetings, slots=4, days=2, tables=1, mode=Mode.ALL_REQUIRED)
    solution = solve(problem)
    assert solution.status is Status.OPTIMAL
    assert solution.objective["gaps"] == 0


def test_all_required_reports_progress_with_a_bound(make_problem: MakeProblem) -> None:
    problem = make_problem(
        [("a", "b"), ("b", "c"), ("a", "c"), ("c", "d")],
        slots=4,
        tables=2,
        mode=Mode.ALL_REQUIRED,
    )
    seen: list[Progress] = []
    solution = solve(problem, progress=seen.append)
    assert seen
    assert all(p.bound is not None and p.elapsed_s >= 0 for p in seen)
    assert "gaps" in seen[-1].message
    assert solution.stats["solver"] == "cpsat"
    assert set(solution.stats) >= {"solver", "wall_s", "workers", "seed"}


def test_all_required_uses_each_table_once_per_slot(make_problem: MakeProblem) -> None:
    pairs = [(f"p{i}", f"q{i}") for i in range(6)]
    problem = make_problem(pairs, slots=3, tables=2, mode=Mode.ALL_REQUIRED)
    solution = solve(problem)
    assert solution.status is Status.OPTIMAL
    per_slot = Counter(a.slot for a in solution.assignments)
    assert max(per_slot.values()) <= 2


def test_all_required_orders_meetings_of_indistinguishable_guests(
    make_problem: MakeProblem,
) -> None:
    # g1..g3 each meet only the host: any order of their meetings is as good, so the model
    # fixes one; x meets the host and y, so x is not interchangeable with the guests.
    pairs = [("h", "g1"), ("h", "g2"), ("h", "g3"), ("h", "x"), ("x", "y")]
    problem = make_problem(pairs, slots=5, tables=2, mode=Mode.ALL_REQUIRED)
    assert interchangeable_meetings(problem) == [[0, 1, 2]]
    solution = solve(problem)
    assert solution.status is Status.OPTIMAL
    assert solution.objective["gaps"] == 0
    slots = [problem.slot_index[solution.by_meeting[m].slot] for m in ("m1", "m2", "m3")]
    assert slots == sorted(slots)


def test_all_required_keeps_guests_apart_when_options_differ(make_problem: MakeProblem) -> None:
    meetings = [
        Meeting("m1", "h", "g1"),
        Meeting("m2", "h", "g2", allowed_slots=frozenset({"s1", "s2"})),
        Meeting("m3", "h", "g3"),
    ]
    problem = make_problem(meetings, slots=3, tables=2, mode=Mode.ALL_REQUIRED)
    assert interchangeable_meetings(problem) == [[0, 2]]


def test_all_required_redundant_constraints_keep_a_valid_crowded_schedule(
    make_problem: MakeProblem,
) -> None:
    # Four people all meeting each other in three slots, two tables: everyone is busy in
    # every slot (the crowding cuts apply). A hand-made round robin must stay feasible.
    pairs = [("a", "b"), ("c", "d"), ("a", "c"), ("b", "d"), ("a", "d"), ("b", "c")]
    problem = make_problem(pairs, slots=3, tables=2, mode=Mode.ALL_REQUIRED, fairness_d=0)
    round_robin = {"m1": 0, "m2": 0, "m3": 1, "m4": 1, "m5": 2, "m6": 2}
    lower = {k: v or 0 for k, v in participant_gap_bounds(problem).items()}
    built = RequiredModel(problem, lower, redundant=True)
    for i, meeting in enumerate(problem.meetings):
        built.model.add(built.slot[i] == round_robin[meeting.id])
    assert cp_model.CpSolver().solve(built.model) == cp_model.OPTIMAL
    assert solve(problem).status is Status.OPTIMAL


@pytest.mark.slow
@pytest.mark.skipif(not B2B_TIC.is_file(), reason="B2B anchors not on this machine")
def test_all_required_b2b_tic12_reaches_published_optimum() -> None:
    from partnering_engine.io import read_dzn

    problem = read_dzn(B2B_TIC)
    solution = solve_all_required(problem, time_limit_s=120.0, seed=0, workers=2)
    assert validate_solution(problem, solution) == []
    assert solution.status is Status.OPTIMAL
    assert solution.objective["gaps"] == 0


B2B_CRAFB = B2B_TIC.with_name("forum-13crafb.original.dzn")


@pytest.mark.slow
@pytest.mark.skipif(not B2B_CRAFB.is_file(), reason="B2B anchors not on this machine")
def test_all_required_plain_search_replaces_the_prover_without_a_schedule() -> None:
    # Core-based searches report a schedule only when they are done, which forum-13crafb
    # never allows within 0.5 s (the proof alone takes seconds): the plain search that takes
    # the prover's place then must deliver a valid schedule of every meeting, and the bound
    # the prover had proven is kept.
    from partnering_engine.io import read_dzn

    problem = read_dzn(B2B_CRAFB)
    lower = {k: v or 0 for k, v in participant_gap_bounds(problem).items()}
    built = RequiredModel(problem, lower, redundant=True, crowding=False)
    strategy = Strategy()
    shared = Shared(built, problem, time.monotonic(), sum(lower.values()), None)
    prover = _params(strategy, 1, 0)
    prover.optimize_with_core = True
    runs = [
        Run("main", built.model, _params(strategy, 1, 0), shared),
        Run("prover", built.model.clone(), prover, shared),
    ]
    # 30 s: on a machine shared with other work the plain search gets a fraction of a core.
    outcome = shared.run(runs, 30.0, fallback=_params(strategy, 1, 0), primal_after_s=0.5)
    assert [run.name for run in outcome.runs] == ["main", "prover", "primal"]
    assert outcome.slots is not None
    assert len(outcome.slots) == len(problem.meetings)
    assert outcome.gaps is not None
    assert outcome.gaps >= 6  # the published optimum
    assert built.gaps_bound_from(outcome.bound) <= 6
    assignments = assign_tables(problem, outcome.slots)
    assert validate_assignments(problem, assignments) == []


def test_all_required_one_worker_runs_one_search(make_problem: MakeProblem) -> None:
    problem = make_problem(
        [("a", "b"), ("b", "c"), ("a", "c")], slots=3, tables=3, mode=Mode.ALL_REQUIRED
    )
    solution = solve_all_required(problem, time_limit_s=20.0, seed=0, workers=1)
    assert solution.status is Status.OPTIMAL
    assert solution.objective["gaps"] == 1
    assert solution.stats["search"] == "main"
