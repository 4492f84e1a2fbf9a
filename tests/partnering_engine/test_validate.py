"""The validator accepts a valid schedule and names each kind of violation."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from partnering_engine.types import (
    Assignment,
    InterpreterPool,
    Meeting,
    Mode,
    Participant,
    Pin,
    Problem,
    Solution,
    Status,
    Table,
)
from partnering_engine.validate import validate_solution

pytestmark = pytest.mark.unit

MakeProblem = Callable[..., Problem]


@pytest.fixture
def problem(make_problem: MakeProblem) -> Problem:
    meetings = [
        Meeting("m1", "a", "b"),
        Meeting("m2", "c", "d"),
        Meeting("m3", "a", "c", table_kind="room"),
        Meeting("m4", "b", "d", interpreter="ko-en"),
        Meeting("m5", "c", "e", interpreter="ko-en"),
        Meeting("m6", "a", "d", after=("m1",)),
        Meeting("m7", "b", "c", allowed_slots=frozenset({"s4"})),
    ]
    participants = [Participant(p) for p in "abcd"] + [Participant("e", max_meetings=1)]
    return make_problem(
        meetings,
        slots=4,
        tables=[Table(1), Table(2, "room")],
        participants=participants,
        interpreters=[InterpreterPool("ko-en", per_slot=1)],
        pins=[Pin("m1", "s1", 1)],
    )


VALID = {
    "m1": ("s1", 1),
    "m2": ("s1", 2),
    "m3": ("s2", 2),
    "m4": ("s2", 1),
    "m5": ("s3", 1),
    "m6": ("s3", 2),
    "m7": ("s4", 1),
}


def solution(places: dict[str, tuple[str, int]], unscheduled: tuple[str, ...] = ()) -> Solution:
    return Solution(
        assignments=tuple(Assignment(m, slot, table) for m, (slot, table) in places.items()),
        unscheduled=unscheduled,
        status=Status.FEASIBLE,
    )


def codes(problem: Problem, schedule: Solution) -> list[str]:
    return sorted(v.code for v in validate_solution(problem, schedule))


def test_valid_schedule_has_no_violation(problem: Problem) -> None:
    assert validate_solution(problem, solution(VALID)) == []


def test_unscheduled_meeting_listed_is_valid(problem: Problem) -> None:
    places = {k: v for k, v in VALID.items() if k != "m7"}
    assert validate_solution(problem, solution(places, ("m7",))) == []


@pytest.mark.parametrize(
    ("change", "unscheduled", "expected"),
    [
        ({"m7": ("s3", 1)}, (), ["double_booking", "slot_not_allowed", "table_twice"]),
        ({"m3": ("s4", 1)}, (), ["double_booking", "table_twice", "wrong_table_kind"]),
        ({"m5": ("s2", 1)}, (), ["double_booking", "interpreters", "table_twice"]),
        ({"m6": ("s1", 2)}, (), ["double_booking", "double_booking", "precedence", "table_twice"]),
        ({"m7": ("s9", 1)}, (), ["unknown_slot"]),
        ({"m7": ("s4", 3)}, (), ["unknown_table"]),
        ({"m1": ("s4", 2), "m7": None}, ("m7",), ["pin_moved", "precedence"]),
        ({"m1": None, "m6": None}, ("m1", "m6"), ["pin_dropped"]),
        ({"m7": None}, (), ["missing_meeting"]),
        ({}, ("m7",), ["scheduled_and_unscheduled"]),
        ({"m7": None}, ("m7", "m7"), ["duplicate_unscheduled"]),
        ({}, ("nope",), ["unknown_meeting"]),
    ],
)
def test_violation_is_named(
    problem: Problem,
    change: dict[str, tuple[str, int] | None],
    unscheduled: tuple[str, ...],
    expected: list[str],
) -> None:
    places = dict(VALID)
    for meeting, place in change.items():
        if place is None:
            del places[meeting]
        else:
            places[meeting] = place
    assert codes(problem, solution(places, unscheduled)) == expected


def test_meeting_assigned_twice_is_named(problem: Problem) -> None:
    schedule = solution(VALID)
    doubled = Solution(
        assignments=(*schedule.assignments, Assignment("m7", "s4", 2)),
        unscheduled=(),
        status=Status.FEASIBLE,
    )
    assert codes(problem, doubled) == ["meeting_twice"]


def test_unavailable_participant_is_named(make_problem: MakeProblem) -> None:
    problem = make_problem([("a", "b")], slots=2, unavailable={"b": ["s1"]})
    violations = validate_solution(problem, solution({"m1": ("s1", 1)}))
    assert [v.code for v in violations] == ["slot_not_allowed"]
    assert "b unavailable" in violations[0].message


def test_max_meetings_is_enforced(make_problem: MakeProblem) -> None:
    problem = make_problem([("a", "b"), ("a", "c")], slots=2, max_meetings={"a": 1})
    schedule = solution({"m1": ("s1", 1), "m2": ("s2", 1)})
    assert codes(problem, schedule) == ["max_meetings"]


def test_required_meeting_must_be_scheduled(make_problem: MakeProblem) -> None:
    problem = make_problem([Meeting("m1", "a", "b", required=True), Meeting("m2", "a", "c")])
    schedule = solution({"m2": ("s1", 1)}, ("m1",))
    assert codes(problem, schedule) == ["required_unscheduled"]


def test_all_required_mode_flags_unscheduled_meetings(make_problem: MakeProblem) -> None:
    problem = make_problem([("a", "b"), ("a", "c")], mode=Mode.ALL_REQUIRED)
    schedule = solution({"m1": ("s1", 1)}, ("m2",))
    assert codes(problem, schedule) == ["required_unscheduled"]


def test_fairness_bound_is_enforced(make_problem: MakeProblem) -> None:
    problem = make_problem(
        [("a", "b"), ("a", "c"), ("d", "e")], slots=4, mode=Mode.ALL_REQUIRED, fairness_d=0
    )
    gappy = solution({"m1": ("s1", 1), "m2": ("s3", 1), "m3": ("s1", 2)})
    compact = solution({"m1": ("s1", 1), "m2": ("s2", 1), "m3": ("s1", 2)})
    assert codes(problem, gappy) == ["fairness"]
    assert codes(problem, compact) == []
