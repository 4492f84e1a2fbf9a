"""Table numbering within chosen slots."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from partnering_engine.solvers.tables import assign_tables
from partnering_engine.types import Meeting, Pin, Problem, Table

pytestmark = pytest.mark.unit

MakeProblem = Callable[..., Problem]


def test_kinds_get_their_tables_and_others_prefer_plain(make_problem: MakeProblem) -> None:
    meetings = [Meeting("m1", "a", "b"), Meeting("m2", "c", "d", table_kind="room")]
    problem = make_problem(meetings, tables=[Table(1, "room"), Table(2)])
    assignments = assign_tables(problem, {"m1": "s1", "m2": "s1"})
    assert [(a.meeting, a.table) for a in assignments] == [("m1", 2), ("m2", 1)]


def test_unrestricted_meeting_uses_a_room_when_plain_tables_are_full(
    make_problem: MakeProblem,
) -> None:
    problem = make_problem([("a", "b"), ("c", "d")], tables=[Table(1), Table(2, "room")])
    assignments = assign_tables(problem, {"m1": "s1", "m2": "s1"})
    assert sorted(a.table for a in assignments) == [1, 2]


def test_pinned_meeting_keeps_its_table(make_problem: MakeProblem) -> None:
    problem = make_problem([("a", "b"), ("c", "d")], tables=3, pins=[Pin("m2", "s1", 3)])
    assignments = assign_tables(problem, {"m1": "s1", "m2": "s1"})
    assert {a.meeting: a.table for a in assignments} == {"m1": 1, "m2": 3}


def test_movable_pin_gives_way_to_a_kind(make_problem: MakeProblem) -> None:
    meetings = [Meeting("m1", "a", "b"), Meeting("m2", "c", "d", table_kind="room")]
    problem = make_problem(
        meetings, tables=[Table(1), Table(2, "room")], pins=[Pin("m1", "s1", 2, movable=True)]
    )
    assignments = assign_tables(problem, {"m1": "s1", "m2": "s1"})
    assert {a.meeting: a.table for a in assignments} == {"m1": 1, "m2": 2}


def test_over_capacity_slot_is_an_error(make_problem: MakeProblem) -> None:
    problem = make_problem([("a", "b"), ("c", "d")], tables=1)
    with pytest.raises(ValueError, match="slot 's1'"):
        assign_tables(problem, {"m1": "s1", "m2": "s1"})


def test_too_many_needing_a_kind_is_an_error(make_problem: MakeProblem) -> None:
    meetings = [
        Meeting("m1", "a", "b", table_kind="room"),
        Meeting("m2", "c", "d", table_kind="room"),
    ]
    problem = make_problem(meetings, tables=[Table(1), Table(2, "room")])
    with pytest.raises(ValueError, match="need a room"):
        assign_tables(problem, {"m1": "s2", "m2": "s2"})
