"""The weighted-mode exact solver: known optima on hand-made problems, every feature kept."""

from __future__ import annotations

import itertools
import random
from collections.abc import Callable

import pytest

from partnering_engine.generate import generate_problem
from partnering_engine.metrics import evaluate
from partnering_engine.solvers._cpsat_weighted import solve_weighted
from partnering_engine.solvers.greedy import greedy_assign
from partnering_engine.solvers.tables import assign_tables
from partnering_engine.types import (
    InterpreterPool,
    Meeting,
    Pin,
    Problem,
    Solution,
    Status,
    Table,
)
from partnering_engine.validate import validate_assignments, validate_solution

pytestmark = pytest.mark.unit

MakeProblem = Callable[..., Problem]


def solve(problem: Problem, time_limit_s: float = 10.0) -> Solution:
    solution = solve_weighted(problem, time_limit_s=time_limit_s, seed=0, workers=2)
    assert validate_solution(problem, solution) == []
    return solution


def slots_of(solution: Solution) -> dict[str, str]:
    return {a.meeting: a.slot for a in solution.assignments}


def brute_force_weight(problem: Problem) -> float:
    """The best weight over every way to place each meeting in a slot or nowhere."""
    choices = [(None, *(s.id for s in problem.slots)) for _ in problem.meetings]
    best = 0.0
    for pick in itertools.product(*choices):
        slot_by_meeting = {
            m.id: slot for m, slot in zip(problem.meetings, pick, strict=True) if slot is not None
        }
        try:
            assignments = assign_tables(problem, slot_by_meeting)
        except ValueError:
            continue
        if not validate_assignments(problem, assignments):
            best = max(best, sum(m.weight for m in problem.meetings if m.id in slot_by_meeting))
    return best


def test_hub_with_too_many_requests_keeps_the_heaviest(make_problem: MakeProblem) -> None:
    meetings = [
        Meeting(id="m1", a="hub", b="a", weight=1),
        Meeting(id="m2", a="hub", b="b", weight=3),
        Meeting(id="m3", a="hub", b="c", weight=2),
    ]
    solution = solve(make_problem(meetings, slots=2, tables=2))
    assert set(slots_of(solution)) == {"m2", "m3"}
    assert solution.objective["weight"] == 5
    assert solution.bound["weight"] == 5
    assert solution.status is Status.OPTIMAL


def test_max_meetings_limits_a_participant(make_problem: MakeProblem) -> None:
    meetings = [
        Meeting(id="m1", a="p", b="a", weight=2),
        Meeting(id="m2", a="p", b="b", weight=3),
        Meeting(id="m3", a="p", b="c", weight=1),
    ]
    solution = solve(make_problem(meetings, slots=3, tables=2, max_meetings={"p": 1}))
    assert set(slots_of(solution)) == {"m2"}
    assert solution.status is Status.OPTIMAL


def test_table_kinds_limit_meetings_needing_a_room(make_problem: MakeProblem) -> None:
    meetings = [
        Meeting(id="m1", a="a", b="b", weight=1, table_kind="room"),
        Meeting(id="m2", a="c", b="d", weight=2, table_kind="room"),
        Meeting(id="m3", a="e", b="f", weight=1),
    ]
    tables = [Table(number=1, kind="table"), Table(number=2, kind="room")]
    solution = solve(make_problem(meetings, slots=1, tables=tables))
    assert set(slots_of(solution)) == {"m2", "m3"}
    assert {a.meeting: a.table for a in solution.assignments}["m2"] == 2
    assert solution.status is Status.OPTIMAL


def test_interpreter_pool_caps_meetings_per_slot(make_problem: MakeProblem) -> None:
    meetings = [
        Meeting(id=f"m{k}", a=f"a{k}", b=f"b{k}", weight=1, interpreter="ko-en") for k in range(3)
    ]
    pool = InterpreterPool(language="ko-en", per_slot=1)
    solution = solve(make_problem(meetings, slots=2, tables=3, interpreters=[pool]))
    assert solution.objective["scheduled"] == 2
    assert len(set(slots_of(solution).values())) == 2
    assert solution.status is Status.OPTIMAL


def test_non_movable_pin_stays_even_when_it_costs_weight(make_problem: MakeProblem) -> None:
    meetings = [
        Meeting(id="m1", a="p", b="a", weight=1),
        Meeting(id="m2", a="p", b="b", weight=5),
    ]
    pins = [Pin(meeting="m1", slot="s1", table=2)]
    solution = solve(make_problem(meetings, slots=1, tables=2, pins=pins))
    assert [(a.meeting, a.slot, a.table) for a in solution.assignments] == [("m1", "s1", 2)]
    assert solution.objective["weight"] == 1
    assert solution.status is Status.OPTIMAL


def test_movable_pin_moves_when_that_allows_more_weight(make_problem: MakeProblem) -> None:
    meetings = [
        Meeting(id="m1", a="p", b="q", weight=1),
        Meeting(id="m2", a="p", b="late", weight=1),
        Meeting(id="m3", a="q", b="later", weight=1),
    ]
    pins = [Pin(meeting="m1", slot="s1", table=1, movable=True)]
    unavailable = {"late": ["s2"], "later": ["s2"]}
    problem = make_problem(meetings, slots=2, tables=2, pins=pins, unavailable=unavailable)
    solution = solve(problem)
    assert slots_of(solution) == {"m1": "s2", "m2": "s1", "m3": "s1"}
    assert solution.objective["moved"] == 1


def test_movable_pin_stays_when_moving_gains_nothing(make_problem: MakeProblem) -> None:
    meetings = [
        Meeting(id="m1", a="p", b="q", weight=1),
        Meeting(id="m2", a="p", b="r", weight=1),
    ]
    pins = [Pin(meeting="m1", slot="s2", table=1, movable=True)]
    solution = solve(make_problem(meetings, slots=2, tables=1, pins=pins))
    assert slots_of(solution) == {"m1": "s2", "m2": "s1"}
    assert solution.objective["moved"] == 0


def test_precedence_needs_the_earlier_meeting_scheduled_before(make_problem: MakeProblem) -> None:
    meetings = [
        Meeting(id="m1", a="p", b="q", weight=1),
        Meeting(id="m2", a="p", b="r", weight=2, after=("m1",)),
    ]
    # q can only meet in the last slot, so m2 (heavier) has no later slot left.
    solution = solve(make_problem(meetings, slots=2, tables=2, unavailable={"q": ["s1"]}))
    assert slots_of(solution) == {"m1": "s2"}
    assert solution.status is Status.OPTIMAL


def test_precedence_orders_meetings_when_both_fit(make_problem: MakeProblem) -> None:
    meetings = [
        Meeting(id="m1", a="p", b="q", weight=1, after=("m2",)),
        Meeting(id="m2", a="r", b="q", weight=1),
    ]
    solution = solve(make_problem(meetings, slots=3, tables=2))
    slot_index = {"s1": 0, "s2": 1, "s3": 2}
    placed = slots_of(solution)
    assert slot_index[placed["m2"]] < slot_index[placed["m1"]]


def test_required_meeting_is_scheduled_against_weight(make_problem: MakeProblem) -> None:
    meetings = [
        Meeting(id="m1", a="p", b="a", weight=1, required=True),
        Meeting(id="m2", a="p", b="b", weight=4),
    ]
    solution = solve(make_problem(meetings, slots=1, tables=2))
    assert set(slots_of(solution)) == {"m1"}


def test_delegation_needs_every_attendee_free(make_problem: MakeProblem) -> None:
    meetings = [
        Meeting(id="m1", a="p", b="q", weight=2, attendees=("boss",)),
        Meeting(id="m2", a="boss", b="r", weight=2),
    ]
    solution = solve(make_problem(meetings, slots=2, tables=2, unavailable={"r": ["s2"]}))
    assert slots_of(solution) == {"m1": "s2", "m2": "s1"}


def test_fairness_serves_everyone_among_equal_weight_schedules(make_problem: MakeProblem) -> None:
    # hub takes one meeting; giving it to b (not a) serves everybody at the same weight.
    meetings = [
        Meeting(id="m1", a="hub", b="a", weight=1),
        Meeting(id="m2", a="hub", b="b", weight=1),
        Meeting(id="m3", a="a", b="c", weight=1),
    ]
    problem = make_problem(meetings, slots=2, tables=2, max_meetings={"hub": 1})
    solution = solve(problem)
    assert solution.objective["weight"] == 2
    assert solution.objective["unserved"] == 0
    assert solution.objective["min_share"] == 0.5


def test_idle_gaps_are_closed_when_possible(make_problem: MakeProblem) -> None:
    # p meets q and r; r cannot meet in the middle slot, so one of them must move.
    meetings = [("p", "q"), ("p", "r")]
    problem = make_problem(meetings, slots=3, tables=1, unavailable={"r": ["s2"]})
    solution = solve(problem)
    assert solution.objective["scheduled"] == 2
    assert solution.objective["gaps"] == 0


def test_pin_on_an_unavailable_slot_is_infeasible(make_problem: MakeProblem) -> None:
    pins = [Pin(meeting="m1", slot="s1", table=1)]
    problem = make_problem([("p", "q")], slots=2, tables=1, pins=pins, unavailable={"q": ["s1"]})
    solution = solve_weighted(problem, time_limit_s=5.0, seed=0)
    assert solution.status is Status.INFEASIBLE
    assert solution.assignments == ()


@pytest.mark.parametrize("seed", range(6))
def test_weight_matches_brute_force_on_random_tiny_problems(
    make_problem: MakeProblem, seed: int
) -> None:
    rng = random.Random(seed)
    people = ["a", "b", "c", "d", "e"]
    pairs = rng.sample(list(itertools.combinations(people, 2)), 5)
    meetings = [
        Meeting(id=f"m{k}", a=a, b=b, weight=rng.choice([1, 2, 3]))
        for k, (a, b) in enumerate(pairs)
    ]
    unavailable = {p: [rng.choice(["s1", "s2", "s3"])] for p in rng.sample(people, 2)}
    problem = make_problem(
        meetings, slots=3, tables=2, unavailable=unavailable, max_meetings={"a": 2}
    )
    solution = solve(problem)
    assert solution.objective["weight"] == brute_force_weight(problem)
    assert solution.status is Status.OPTIMAL


def test_mid_size_problem_goes_through_annealing_and_beats_greedy(
    make_problem: MakeProblem,
) -> None:
    rng = random.Random(7)
    people = [f"p{k}" for k in range(40)]
    pairs = rng.sample(list(itertools.combinations(people, 2)), 150)
    meetings = [
        Meeting(id=f"m{k}", a=a, b=b, weight=rng.choice([1, 2, 3]))
        for k, (a, b) in enumerate(pairs)
    ]
    unavailable = {p: [f"s{rng.randint(1, 12)}"] for p in rng.sample(people, 10)}
    problem = make_problem(meetings, slots=12, days=2, tables=10, unavailable=unavailable)
    greedy = evaluate(problem, greedy_assign(problem))
    solution = solve(problem, time_limit_s=8.0)
    assert "annealing" in solution.stats["phases"][-1]["method"]
    assert solution.objective["weight"] >= greedy.weight
    assert solution.objective["weight"] <= solution.bound["weight"]
    assert solution.objective["gaps"] < greedy.gaps
    assert solution.objective["unserved"] <= greedy.unserved


@pytest.mark.slow
def test_summit_preset_weight_proven_optimal_with_few_gaps() -> None:
    problem = generate_problem("summit", seed=1)
    greedy = evaluate(problem, greedy_assign(problem))
    solution = solve(problem, time_limit_s=60.0)
    assert solution.status is Status.OPTIMAL
    assert solution.objective["weight"] == solution.bound["weight"]
    assert solution.objective["gaps"] <= 0.2 * greedy.gaps
    assert solution.objective["unserved"] <= greedy.unserved
    assert solution.objective["min_share"] >= greedy.min_share


def test_movable_pins_of_an_optimal_schedule_stay_above_the_full_model_limit(
    make_problem: MakeProblem,
) -> None:
    # 750 meetings x 28 slots: above the size where phase 2 runs on the full CP-SAT model.
    rng = random.Random(7)
    people = [f"p{k}" for k in range(200)]
    pairs = {tuple(sorted(rng.sample(people, 2))) for _ in range(800)}
    meetings = [
        Meeting(id=f"m{k}", a=a, b=b, weight=rng.choice([1, 2, 3]))
        for k, (a, b) in enumerate(sorted(pairs)[:750])
    ]
    problem = make_problem(meetings, slots=28, days=2, tables=40)
    published = solve(problem, time_limit_s=6.0)
    pins = [
        Pin(meeting=a.meeting, slot=a.slot, table=a.table, movable=True)
        for a in published.assignments
    ]
    again = solve(make_problem(meetings, slots=28, days=2, tables=40, pins=pins), time_limit_s=6.0)
    assert again.objective["weight"] == published.objective["weight"]
    assert again.objective["moved"] == 0
