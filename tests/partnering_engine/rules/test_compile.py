"""The compiled rules: one row per resource and slot, domains, quotas and order pairs."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Callable

import pytest

from partnering_engine.rules import compile_rules
from partnering_engine.types import InterpreterPool, Meeting, Mode, Pin, Problem, Table

pytestmark = pytest.mark.unit

MakeProblem = Callable[..., Problem]


def _limits(problem: Problem) -> dict[tuple[str, str], tuple[tuple[int, ...], tuple[int, ...]]]:
    return {(x.kind, x.name): (x.members, x.capacity) for x in compile_rules(problem).limits}


def test_compile_rules_person_limit_per_participant_with_delegations(
    make_problem: MakeProblem,
) -> None:
    problem = make_problem(
        [Meeting("m1", "a", "b", attendees=("c",)), Meeting("m2", "c", "d")], slots=2
    )
    limits = _limits(problem)
    assert limits[("person", "c")] == ((0, 1), (1, 1))
    assert compile_rules(problem).limits_of[0][:3] == (0, 1, 2)


def test_compile_rules_tables_and_kinds_count_pinned_tables(make_problem: MakeProblem) -> None:
    meetings = [
        Meeting("m1", "a", "b"),
        Meeting("m2", "c", "d", table_kind="room"),
        Meeting("m3", "e", "f", table_kind="room"),
    ]
    problem = make_problem(
        meetings,
        slots=2,
        tables=[Table(1), Table(2), Table(3, "room")],
        pins=[Pin("m1", "s1", 3), Pin("m3", "s2", 3, movable=True)],
    )
    limits = _limits(problem)
    assert limits[("tables", "all")] == ((0, 1, 2), (3, 3))
    # m1 sits on a room (non-movable pin); the movable pin m3 needs a room anyway.
    assert limits[("table_kind", "room")] == ((0, 1, 2), (1, 1))
    assert ("table_kind", "table") not in limits  # nobody needs a plain table


def test_compile_rules_interpreter_capacity_changes_per_slot(make_problem: MakeProblem) -> None:
    pool = InterpreterPool("ko-en", per_slot=2, by_slot={"s1": 0})
    meetings = [Meeting("m1", "a", "b", interpreter="ko-en"), Meeting("m2", "c", "d")]
    problem = make_problem(meetings, slots=3, interpreters=[pool])
    assert _limits(problem)[("interpreters", "ko-en")] == ((0,), (0, 2, 2))


def test_compile_rules_pinned_table_only_when_shared(make_problem: MakeProblem) -> None:
    pins = [Pin("m1", "s1", 1), Pin("m2", "s1", 1), Pin("m3", "s2", 2)]
    problem = make_problem([("a", "b"), ("c", "d"), ("e", "f")], slots=2, pins=pins)
    limits = _limits(problem)
    assert limits[("pinned_table", "1")] == ((0, 1), (1, 1))
    assert ("pinned_table", "2") not in limits


def test_compile_rules_quota_only_when_it_binds(make_problem: MakeProblem) -> None:
    problem = make_problem(
        [("a", "b"), ("a", "c"), ("b", "c")], slots=3, max_meetings={"a": 1, "b": 5}
    )
    rules = compile_rules(problem)
    assert [(q.person, q.members, q.capacity) for q in rules.quotas] == [(0, (0, 1), 1)]
    assert rules.max_count[0] == 1
    assert rules.max_count[1] > 1000


def test_compile_rules_domains_from_availability_allowed_fixed_and_pins(
    make_problem: MakeProblem,
) -> None:
    meetings = [
        Meeting("m1", "a", "b", allowed_slots=frozenset({"s1", "s2"})),
        Meeting("m2", "c", "d", fixed_slot="s3"),
        Meeting("m3", "a", "e"),
        Meeting("m4", "a", "f"),
    ]
    problem = make_problem(meetings, slots=4, unavailable={"b": ["s1"]}, pins=[Pin("m3", "s4", 1)])
    rules = compile_rules(problem)
    assert rules.allowed == ((1,), (2,), (3,), (0, 1, 2, 3))
    # m3's pin keeps a busy in s4, so m4 cannot use it.
    assert rules.domains[3] == (0, 1, 2)
    assert rules.fixed == {2: 3}
    assert rules.must == {2}


def test_compile_rules_pin_on_a_table_of_the_wrong_kind_has_no_slot(
    make_problem: MakeProblem,
) -> None:
    problem = make_problem(
        [Meeting("m1", "a", "b", table_kind="room")],
        tables=[Table(1), Table(2, "room")],
        pins=[Pin("m1", "s1", 1)],
    )
    assert compile_rules(problem).impossible_must == (0,)


def test_compile_rules_order_pairs_prune_domains_and_spread_must(
    make_problem: MakeProblem,
) -> None:
    meetings = [
        Meeting("m1", "a", "b"),
        Meeting("m2", "c", "d", after=("m1",), required=True),
        Meeting("m3", "e", "f", after=("m2",), allowed_slots=frozenset({"s1", "s2", "s3"})),
    ]
    rules = compile_rules(make_problem(meetings, slots=4))
    assert rules.order == ((0, 1), (1, 2))
    assert rules.before == ((), (0,), (1,))
    assert rules.after == ((1,), (2,), ())
    assert rules.domains == ((0, 1, 2), (1, 2, 3), (2,))
    assert rules.must == {0, 1}


def test_compile_rules_all_required_mode_must_hold_everything(make_problem: MakeProblem) -> None:
    problem = make_problem([("a", "b"), ("b", "c")], mode=Mode.ALL_REQUIRED)
    assert compile_rules(problem).must == {0, 1}


def test_compile_rules_cached_per_problem(make_problem: MakeProblem) -> None:
    problem = make_problem([("a", "b")])
    assert compile_rules(problem) is compile_rules(problem)
    assert compile_rules(make_problem([("a", "b")])) is not compile_rules(problem)


def test_compile_rules_cache_lets_the_problem_go(make_problem: MakeProblem) -> None:
    problem = make_problem([("a", "b")])
    compile_rules(problem)
    gone = weakref.ref(problem)
    del problem
    gc.collect()
    assert gone() is None


def test_compile_rules_person_capacity_is_quota_or_open_slots(make_problem: MakeProblem) -> None:
    meetings = [
        Meeting("m1", "a", "b", allowed_slots=frozenset({"s1"})),
        Meeting("m2", "a", "c", allowed_slots=frozenset({"s1"})),
        Meeting("m3", "b", "c"),
    ]
    problem = make_problem(meetings, slots=3, max_meetings={"c": 1})
    # a: both meetings need s1; b: s1 and any; c: quota of one.
    assert list(compile_rules(problem).person_capacity) == [1, 3, 1]
