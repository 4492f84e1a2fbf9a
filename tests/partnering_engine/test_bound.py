"""Proven bounds: valid against exhaustive search, tight where the structure is known."""

from __future__ import annotations

import itertools
import random
from collections.abc import Callable

import numpy as np
import pytest

from partnering_engine.bound import (
    compute_bound,
    meeting_domains,
    milp_with_deadline,
    round_down_to_grid,
    star_bound,
    weight_grid,
    weight_upper_bound,
)
from partnering_engine.gaps_bound import gaps_lower_bound
from partnering_engine.solvers.tables import assign_tables
from partnering_engine.types import InterpreterPool, Meeting, Mode, Pin, Problem, Table
from partnering_engine.validate import validate_assignments

pytestmark = pytest.mark.unit

MakeProblem = Callable[..., Problem]


def best_weight(problem: Problem) -> float:
    """Exhaustive search over each meeting's slot (or none): the true optimum."""
    choices = [(None, *(s.id for s in problem.slots)) for _ in problem.meetings]
    best = 0.0
    for pick in itertools.product(*choices):
        chosen = {m.id: s for m, s in zip(problem.meetings, pick, strict=True) if s is not None}
        try:
            assignments = assign_tables(problem, chosen)
        except ValueError:
            continue
        if not validate_assignments(problem, assignments):
            best = max(best, sum(m.weight for m in problem.meetings if m.id in chosen))
    return best


def random_problem(make_problem: MakeProblem, seed: int) -> Problem:
    rng = random.Random(seed)
    people = ["a", "b", "c", "d", "e", "f"]
    pairs = rng.sample(list(itertools.combinations(people, 2)), 6)
    meetings = []
    for k, (a, b) in enumerate(pairs):
        meetings.append(
            Meeting(
                id=f"m{k}",
                a=a,
                b=b,
                weight=rng.choice([1.0, 1.5, 2.0, 3.0]),
                table_kind="room" if rng.random() < 0.2 else None,
                interpreter="ko-en" if rng.random() < 0.3 else None,
                after=("m0",) if k == 5 and rng.random() < 0.5 else (),
            )
        )
    unavailable = {p: [rng.choice(["s1", "s2", "s3"])] for p in rng.sample(people, 3)}
    return make_problem(
        meetings,
        slots=3,
        tables=[Table(1), Table(2, kind="room")],
        unavailable=unavailable,
        max_meetings={"a": rng.choice([1, 2])},
        interpreters=[InterpreterPool("ko-en", per_slot=1)],
    )


@pytest.mark.parametrize("seed", range(8))
def test_weight_bound_is_never_below_the_optimum(make_problem: MakeProblem, seed: int) -> None:
    problem = random_problem(make_problem, seed)
    optimum = best_weight(problem)
    assert weight_upper_bound(problem) >= optimum
    assert star_bound(problem) >= optimum


def test_weight_bound_counts_a_hubs_slots(make_problem: MakeProblem) -> None:
    meetings = [Meeting(id=f"m{k}", a="hub", b=f"p{k}", weight=k + 1) for k in range(5)]
    problem = make_problem(meetings, slots=2, tables=5)
    assert weight_upper_bound(problem) == 5 + 4


def test_weight_bound_respects_max_meetings(make_problem: MakeProblem) -> None:
    meetings = [Meeting(id=f"m{k}", a="hub", b=f"p{k}", weight=2) for k in range(4)]
    problem = make_problem(meetings, slots=4, tables=4, max_meetings={"hub": 1})
    assert weight_upper_bound(problem) == 2


def test_weight_bound_of_a_triangle_in_one_slot_is_rounded_down(
    make_problem: MakeProblem,
) -> None:
    # The LP can hold each meeting half (1.5); integer weights make the bound 1.
    problem = make_problem([("a", "b"), ("b", "c"), ("a", "c")], slots=1, tables=3)
    assert weight_upper_bound(problem) == 1


def test_weight_bound_sees_tables_and_interpreters(make_problem: MakeProblem) -> None:
    meetings = [
        Meeting(id="m1", a="a", b="b", interpreter="ko-en"),
        Meeting(id="m2", a="c", b="d", interpreter="ko-en"),
        Meeting(id="m3", a="e", b="f", table_kind="room"),
        Meeting(id="m4", a="g", b="h", table_kind="room"),
        Meeting(id="m5", a="i", b="j"),
    ]
    tables = [Table(1), Table(2), Table(3, kind="room")]
    pool = InterpreterPool("ko-en", per_slot=1)
    problem = make_problem(meetings, slots=1, tables=tables, interpreters=[pool])
    assert weight_upper_bound(problem) == 3


def test_weight_bound_keeps_a_pin_that_blocks_its_people(make_problem: MakeProblem) -> None:
    meetings = [
        Meeting(id="m1", a="p", b="q", weight=1),
        Meeting(id="m2", a="p", b="r", weight=5),
    ]
    problem = make_problem(meetings, slots=1, tables=2, pins=[Pin("m1", "s1", 1)])
    assert weight_upper_bound(problem) == 1


def test_domains_drop_slots_a_precedence_rules_out(make_problem: MakeProblem) -> None:
    meetings = [
        Meeting(id="m1", a="p", b="q"),
        Meeting(id="m2", a="p", b="r", after=("m1",)),
    ]
    problem = make_problem(meetings, slots=3, tables=1, unavailable={"q": ["s1"]})
    domains = meeting_domains(problem)
    assert domains.slots == ((1, 2), (2,))


def test_domains_mark_predecessors_of_required_meetings_as_required(
    make_problem: MakeProblem,
) -> None:
    meetings = [
        Meeting(id="m1", a="p", b="q"),
        Meeting(id="m2", a="p", b="r", after=("m1",), required=True),
    ]
    domains = meeting_domains(make_problem(meetings, slots=3, tables=1))
    assert domains.must == frozenset({0, 1})
    assert domains.slots == ((0, 1), (1, 2))


def test_milp_with_deadline_solves_a_small_integer_program() -> None:
    # Any two items conflict: the LP takes half of each (3.5), the optimum the heaviest (3).
    matrix = np.array([[1.0, 1.0, 0.0], [0.0, 1.0, 1.0], [1.0, 0.0, 1.0]])
    outcome = milp_with_deadline(
        np.array([-3.0, -2.0, -2.0]),
        [(matrix, -np.inf, np.ones(3))],
        np.zeros(3),
        np.ones(3),
        time_limit_s=30.0,
    )
    assert outcome.status == 0
    assert outcome.x is not None
    assert outcome.x.round().tolist() == [1.0, 0.0, 0.0]
    assert outcome.dual_bound == pytest.approx(-3.0)


def test_weight_grid_finds_the_decimal_step() -> None:
    assert weight_grid([1.0, 2.0]) == 1
    assert weight_grid([0.5, 1.25]) == 100
    assert weight_grid([1 / 3]) is None
    assert round_down_to_grid(2.999999999, 1) == 3
    assert round_down_to_grid(2.75, 10) == 2.7


def test_compute_bound_gives_weight_in_weighted_mode(make_problem: MakeProblem) -> None:
    problem = make_problem([("a", "b"), ("a", "c")], slots=1, tables=2)
    assert compute_bound(problem) == {"weight": 1.0}


def test_compute_bound_gives_gaps_in_all_required_mode(make_problem: MakeProblem) -> None:
    problem = make_problem(
        [("a", "b"), ("a", "c")],
        slots=3,
        tables=2,
        mode=Mode.ALL_REQUIRED,
        unavailable={"a": ["s2"]},
    )
    assert compute_bound(problem) == {"gaps": float(gaps_lower_bound(problem))}
