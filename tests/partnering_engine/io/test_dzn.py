"""The B2B benchmark's .dzn files: the three shared instances and the parser's edge cases."""

from __future__ import annotations

from pathlib import Path

import pytest

from partnering_engine.errors import InputError
from partnering_engine.io import parse_dzn, read_dzn, read_problem
from partnering_engine.types import Mode

pytestmark = pytest.mark.unit

B2B = Path("/work/shared/anchors/b2b")
needs_b2b = pytest.mark.skipif(not B2B.is_dir(), reason="B2B anchors not on this machine")


@needs_b2b
@pytest.mark.parametrize(
    ("file", "participants", "meetings", "slots", "morning", "tables"),
    [
        ("tic-12.original.dzn", 42, 125, 8, 8, 21),
        ("forumt-14.original.dzn", 60, 237, 10, 10, 27),
        ("forum-13crafb.original.dzn", 76, 195, 22, 12, 14),
    ],
)
def test_shared_instances_match_published_sizes(
    file: str, participants: int, meetings: int, slots: int, morning: int, tables: int
) -> None:
    problem = read_problem(B2B / file)
    assert len(problem.participants) == participants
    assert len(problem.meetings) == meetings
    assert len(problem.slots) == slots
    assert len(problem.tables) == tables
    assert problem.meta["morning_slots"] == morning
    assert problem.mode is Mode.ALL_REQUIRED
    assert problem.fairness_d == 2
    assert {s.day for s in problem.slots} == {"2026-01-01"}
    assert [s.id for s in problem.slots] == [str(i) for i in range(1, slots + 1)]


@needs_b2b
def test_forum_13crafb_sessions_and_forbidden_slots() -> None:
    problem = read_dzn(B2B / "forum-13crafb.original.dzn", fairness_d=1)
    assert problem.fairness_d == 1
    first = problem.meetings[0]
    assert (first.id, first.a, first.b) == ("1", "3", "9")
    assert first.allowed_slots == frozenset(str(s) for s in range(1, 13))  # s = 1: morning
    assert problem.participants[0].unavailable == frozenset({"5"})
    assert problem.participants[1].unavailable == frozenset()


SMALL = """
% a hand-written instance
nBusiness = 4; nMeetings = 3;
nTables = 2;   % two tables
nTotalSlots = 4;
nMorningSlots = 2;
requested = [| 1, 2, 1
             | 3, 4, 2
             | 1, 3, 3 |];
forbidden = [{0}, {3..4}, {}, {1, 2}];
fixed = [0, 3, 0];
precedences = [{}, {}, {1}];
nMeetingsBusiness = [2, 1, 2, 1];
meetingsxBusiness = [{1, 2, 4}, {1, 2}, {1, 3, 4}, {1, 3}];
"""


def test_small_instance_maps_every_parameter() -> None:
    problem = parse_dzn(SMALL, name="small.dzn")
    m1, m2, m3 = problem.meetings
    assert m1.allowed_slots == frozenset({"1", "2"})
    assert m2.allowed_slots == frozenset({"3", "4"})
    assert m2.fixed_slot == "3"
    assert m3.allowed_slots is None
    assert m3.after == ("1",)
    assert problem.participants[1].unavailable == frozenset({"3", "4"})
    assert problem.participants[3].unavailable == frozenset({"1", "2"})
    assert [t.kind for t in problem.tables] == ["table", "table"]
    assert problem.slots[0].start == "2026-01-01T09:00:00"
    assert problem.slots[1].start == "2026-01-01T09:30:00"


def test_plain_meeting_sets_are_accepted() -> None:
    text = SMALL.replace(
        "meetingsxBusiness = [{1, 2, 4}, {1, 2}, {1, 3, 4}, {1, 3}];",
        "meetingsxBusiness = [{1, 3}, {1}, {2, 3}, {2}];",
    )
    assert len(parse_dzn(text, name="plain.dzn").meetings) == 3


def test_inconsistent_meeting_count_is_reported() -> None:
    text = SMALL.replace("nMeetingsBusiness = [2, 1, 2, 1]", "nMeetingsBusiness = [2, 1, 3, 1]")
    with pytest.raises(InputError) as caught:
        parse_dzn(text, name="bad.dzn")
    assert caught.value.location == "bad.dzn, line 13: nMeetingsBusiness[3]"
    assert "says 3 meetings but 'requested' has 2" in caught.value.message


def test_inconsistent_meeting_sets_are_reported() -> None:
    text = SMALL.replace("{1, 3, 4}, {1, 3}]", "{1, 3}, {1, 3}]")
    with pytest.raises(InputError) as caught:
        parse_dzn(text, name="bad.dzn")
    assert caught.value.location.endswith("meetingsxBusiness[3]")


@pytest.mark.parametrize(
    ("old", "new", "location", "message"),
    [
        ("| 3, 4, 2", "| 3, 9, 2", "requested row 2", "participant 9 outside 1..4"),
        ("| 3, 4, 2", "| 3, 4, 5", "requested row 2", "session must be"),
        ("| 3, 4, 2", "| 3, 4", "requested row 2", "three integers"),
        ("fixed = [0, 3, 0]", "fixed = [0, 3]", "fixed", "expected 3 entries, found 2"),
        ("fixed = [0, 3, 0]", "fixed = [0, 1, 0]", "fixed[2]", "outside the session"),
        ("{3..4}", "{3..7}", "forbidden[2]", "outside 1..4"),
        ("nTables = 2;", "nTables = {2};", "nTables", "expected an integer"),
        ("nTables = 2;", "", "nTables", "missing required parameter"),
    ],
)
def test_bad_values_name_parameter(old: str, new: str, location: str, message: str) -> None:
    assert old in SMALL
    with pytest.raises(InputError) as caught:
        parse_dzn(SMALL.replace(old, new), name="bad.dzn")
    assert caught.value.location.endswith(location)
    assert message in caught.value.message


def test_syntax_error_names_line_and_column() -> None:
    with pytest.raises(InputError) as caught:
        parse_dzn("nBusiness = 4;\nnMeetings = @;", name="x.dzn")
    assert caught.value.location == "x.dzn, line 2, column 13"


def test_unterminated_array_is_reported() -> None:
    with pytest.raises(InputError) as caught:
        parse_dzn("requested = [| 1, 2, 3 |", name="x.dzn")
    assert "unterminated" in caught.value.message
