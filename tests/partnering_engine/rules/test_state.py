"""The rules' incremental schedule state: usage per limit and slot, what still fits."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from partnering_engine.rules import Compiled, State
from partnering_engine.types import InterpreterPool, Meeting, Problem, Table

pytestmark = pytest.mark.unit

MakeProblem = Callable[..., Problem]


def test_state_place_and_remove_keep_usage_per_limit(make_problem: MakeProblem) -> None:
    pool = InterpreterPool("ko-en", per_slot=1)
    meetings = [
        Meeting("m1", "a", "b", interpreter="ko-en"),
        Meeting("m2", "c", "d", interpreter="ko-en"),
        Meeting("m3", "a", "c"),
    ]
    state = State(Compiled.of(make_problem(meetings, slots=2, tables=2, interpreters=[pool])))
    state.place(0, 0)
    assert not state.can_place(1, 0)  # the only interpreter is busy
    assert not state.can_place(2, 0)  # a is busy
    assert state.can_place(1, 1)
    assert list(state.open_slots(1)) == [False, True]
    state.place(1, 1)
    assert list(state.held_per_slot()) == [1, 1]
    assert not state.overfull(0)
    state.place(2, 1)  # unchecked: c is now twice in slot 2
    assert state.overfull(1)
    state.remove(2)
    state.remove(0)
    assert state.can_place(2, 0)
    assert state.weight == pytest.approx(1.0)


def test_state_respects_quota_and_precedence(make_problem: MakeProblem) -> None:
    meetings = [
        Meeting("m1", "a", "b"),
        Meeting("m2", "a", "c"),
        Meeting("m3", "d", "e", after=("m1",)),
    ]
    state = State(Compiled.of(make_problem(meetings, slots=3, max_meetings={"a": 1})))
    assert not state.open_slots(2).any()  # m1 is not held yet
    state.place(0, 1)
    assert list(state.open_slots(2)) == [False, False, True]
    assert not state.open_slots(1).any()  # a's quota is used up


def test_state_first_open_is_the_earliest_slot_with_room_of_the_kind(
    make_problem: MakeProblem,
) -> None:
    meetings = [
        Meeting("m1", "a", "b", table_kind="room"),
        Meeting("m2", "c", "d", table_kind="room"),
        Meeting("m3", "e", "f"),
    ]
    problem = make_problem(meetings, slots=3, tables=[Table(1), Table(2, "room")])
    state = State(Compiled.of(problem))
    state.place(0, 0)
    assert state.first_open(1) == 1  # the only room is taken in the first slot
    assert state.first_open(2) == 0
    state.place(2, 0)
    state.place(1, 1)
    assert state.room(state.tables_row, 0) == 0
    assert list(state.held_per_slot()) == [2, 1, 0]


def test_state_neighbourhood_bits_keep_the_window_of_held_meetings(
    make_problem: MakeProblem,
) -> None:
    meetings = [
        Meeting("m1", "a", "b"),
        Meeting("m2", "c", "d", after=("m1",)),
        Meeting("m3", "e", "f", after=("m2",)),
    ]
    state = State(Compiled.of(make_problem(meetings, slots=5, tables=1)))
    state.place(0, 0)
    state.place(2, 4)
    state.place(1, 2)
    state.remove(1)
    bits, must = state.neighbourhood_bits(1, {1})
    assert [s for s in range(5) if (bits >> s) & 1] == [1, 2, 3]
    assert must  # m3 is held after it
    # Freed together with m1, only the held m3 bounds it (its domain starts after slot 1).
    state.remove(0)
    bits, _ = state.neighbourhood_bits(1, {0, 1})
    assert [s for s in range(5) if (bits >> s) & 1] == [1, 2, 3]
