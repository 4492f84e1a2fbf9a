"""The data model rejects inconsistent problems with errors naming the field."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from partnering_engine.errors import ProblemError
from partnering_engine.types import (
    InterpreterPool,
    Meeting,
    Mode,
    Participant,
    Pin,
    Problem,
    Slot,
    Table,
)

pytestmark = pytest.mark.unit

MakeProblem = Callable[..., Problem]


def test_problem_builds_indexes_in_order(make_problem: MakeProblem) -> None:
    problem = make_problem([("a", "b"), ("b", "c")], slots=3)
    assert problem.slot_index == {"s1": 0, "s2": 1, "s3": 2}
    assert problem.meetings_of == {"a": (0,), "b": (0, 1), "c": (1,)}
    assert problem.day_of_slot == (0, 0, 0)


def test_problem_unknown_participant_names_meeting_field(make_problem: MakeProblem) -> None:
    participants = [Participant("a"), Participant("b")]
    with pytest.raises(ProblemError) as caught:
        make_problem([("a", "b"), ("a", "zed")], participants=participants)
    assert caught.value.field == "meetings[m2].b"
    assert "'zed'" in caught.value.message


def test_problem_duplicate_meeting_id_is_rejected(make_problem: MakeProblem) -> None:
    with pytest.raises(ProblemError) as caught:
        make_problem([Meeting("m1", "a", "b"), Meeting("m1", "a", "c")])
    assert caught.value.field == "meetings[1].id"


def test_meeting_weight_must_be_positive() -> None:
    with pytest.raises(ProblemError) as caught:
        Meeting("m1", "a", "b", weight=0)
    assert caught.value.field == "meetings[m1].weight"


def test_meeting_with_itself_is_rejected() -> None:
    with pytest.raises(ProblemError) as caught:
        Meeting("m1", "a", "a")
    assert caught.value.field == "meetings[m1].b"


def test_slot_end_before_start_is_rejected() -> None:
    with pytest.raises(ProblemError) as caught:
        Slot("s1", "2026-05-12", "2026-05-12T10:00", "2026-05-12T09:30")
    assert caught.value.field == "slots[s1].end"


def test_slots_out_of_order_are_rejected(make_problem: MakeProblem) -> None:
    early = Slot("early", "2026-05-12", "2026-05-12T09:00", "2026-05-12T09:30")
    late = Slot("late", "2026-05-12", "2026-05-12T10:00", "2026-05-12T10:30")
    with pytest.raises(ProblemError) as caught:
        make_problem([("a", "b")], slots=[late, early])
    assert caught.value.field == "slots[early].start"


def test_unknown_table_kind_needed_is_rejected(make_problem: MakeProblem) -> None:
    with pytest.raises(ProblemError) as caught:
        make_problem([Meeting("m1", "a", "b", table_kind="room")], tables=2)
    assert caught.value.field == "meetings[m1].table_kind"


def test_unknown_interpreter_pool_is_rejected(make_problem: MakeProblem) -> None:
    with pytest.raises(ProblemError) as caught:
        make_problem([Meeting("m1", "a", "b", interpreter="ko-en")])
    assert caught.value.field == "meetings[m1].interpreter"


def test_pin_table_outside_range_is_rejected(make_problem: MakeProblem) -> None:
    with pytest.raises(ProblemError) as caught:
        make_problem([("a", "b")], tables=2, pins=[Pin("m1", "s1", 3)])
    assert caught.value.field == "pins[0].table"


def test_fairness_d_needs_all_required_mode(make_problem: MakeProblem) -> None:
    with pytest.raises(ProblemError) as caught:
        make_problem([("a", "b")], fairness_d=2, mode=Mode.WEIGHTED)
    assert caught.value.field == "fairness_d"


def test_tables_must_be_numbered_in_order(make_problem: MakeProblem) -> None:
    with pytest.raises(ProblemError) as caught:
        make_problem([("a", "b")], tables=[Table(1), Table(3)])
    assert caught.value.field == "tables[2].number"


def test_feasible_slots_respect_availability_and_allowed(make_problem: MakeProblem) -> None:
    meeting = Meeting("m1", "a", "b", attendees=("c",), allowed_slots=frozenset({"s2", "s3"}))
    problem = make_problem([meeting], slots=4, unavailable={"c": ["s2"], "a": ["s4"]})
    assert problem.feasible_slots(meeting) == (2,)


def test_feasible_slots_of_fixed_meeting_is_that_slot(make_problem: MakeProblem) -> None:
    meeting = Meeting("m1", "a", "b", fixed_slot="s3")
    problem = make_problem([meeting], slots=4)
    assert problem.feasible_slots(meeting) == (2,)


def test_interpreter_capacity_by_slot_overrides_default() -> None:
    pool = InterpreterPool("ko-en", per_slot=3, by_slot={"s1": 1})
    assert (pool.capacity("s1"), pool.capacity("s2")) == (1, 3)
