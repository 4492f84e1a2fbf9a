"""The per-participant gaps lower bound of all-required mode."""

from __future__ import annotations

from collections.abc import Callable

from partnering_engine.gaps_bound import (
    gaps_lower_bound,
    participant_gap_bounds,
    surely_busy,
    zero_gap_windows,
)
from partnering_engine.types import Meeting, Mode, Problem

MakeProblem = Callable[..., Problem]


def test_gaps_lower_bound_zero_when_everyone_can_meet_back_to_back(
    make_problem: MakeProblem,
) -> None:
    problem = make_problem(
        [("a", "b"), ("a", "c"), ("b", "c")], slots=4, tables=2, mode=Mode.ALL_REQUIRED
    )
    assert gaps_lower_bound(problem) == 0


def test_gaps_lower_bound_counts_a_gap_forced_by_unavailability(
    make_problem: MakeProblem,
) -> None:
    # a can only meet in s1 and s3: one idle run in between, whatever the others do.
    problem = make_problem(
        [("a", "b"), ("a", "c")],
        slots=3,
        tables=2,
        unavailable={"a": ["s2"]},
        mode=Mode.ALL_REQUIRED,
    )
    assert participant_gap_bounds(problem) == {"a": 1, "b": 0, "c": 0}
    assert gaps_lower_bound(problem) == 1


def test_gaps_lower_bound_counts_each_day_separately(make_problem: MakeProblem) -> None:
    # Day one is s1-s3, day two s4-s6. a meets b only in s1 and c only in s3 (gap),
    # d in s4 and e in s6 (another gap): two gaps, none for the night in between.
    meetings = [
        Meeting("m1", "a", "b", allowed_slots=frozenset({"s1"})),
        Meeting("m2", "a", "c", allowed_slots=frozenset({"s3"})),
        Meeting("m3", "a", "d", allowed_slots=frozenset({"s4"})),
        Meeting("m4", "a", "e", allowed_slots=frozenset({"s6"})),
    ]
    problem = make_problem(meetings, slots=6, days=2, tables=2, mode=Mode.ALL_REQUIRED)
    assert participant_gap_bounds(problem)["a"] == 2


def test_participant_gap_bounds_none_when_meetings_cannot_fit(make_problem: MakeProblem) -> None:
    problem = make_problem(
        [("a", "b"), ("a", "c"), ("a", "d")], slots=2, tables=3, mode=Mode.ALL_REQUIRED
    )
    assert participant_gap_bounds(problem)["a"] is None
    # The other participants still contribute their (zero) bounds.
    assert gaps_lower_bound(problem) == 0


def test_zero_gap_windows_lists_every_fillable_window() -> None:
    # Three meetings, any of slots 0..4 except that one needs slot 2 or 3.
    domains = [(0, 1, 2, 3, 4), (0, 1, 2, 3, 4), (2, 3)]
    assert zero_gap_windows(domains, 5) == [0, 1, 2]
    assert zero_gap_windows([(0,), (4,)], 5) == []


def test_surely_busy_is_the_common_part_of_all_gap_free_windows(
    make_problem: MakeProblem,
) -> None:
    problem = make_problem([("a", "b")], slots=5, mode=Mode.ALL_REQUIRED)
    domains = [(0, 1, 2, 3, 4), (0, 1, 2, 3, 4), (2, 3)]
    assert surely_busy(problem, domains, 0) == frozenset({2})
    # With exactly one gap the meetings could sit in 0,1,3 or 0,2,4 ...: nothing is sure.
    assert surely_busy(problem, domains, 1) == frozenset()
    # Two meetings pinned to the ends of five slots: busy there, whatever the gap count.
    assert surely_busy(problem, [(0,), (4,)], 1) == frozenset({0, 4})
