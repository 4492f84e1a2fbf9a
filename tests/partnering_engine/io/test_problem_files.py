"""JSON problem and schedule files: round trips and errors naming file, line and field."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from partnering_engine.errors import InputError, ProblemError
from partnering_engine.io import (
    problem_from_dict,
    problem_to_dict,
    read_problem,
    read_solution,
    solution_from_dict,
    solution_to_dict,
    write_problem,
    write_solution,
)
from partnering_engine.types import (
    Assignment,
    InterpreterPool,
    Meeting,
    Mode,
    Pin,
    Problem,
    Solution,
    Status,
    Table,
)

pytestmark = pytest.mark.unit

MakeProblem = Callable[..., Problem]


@pytest.fixture
def rich_problem(make_problem: MakeProblem) -> Problem:
    meetings = [
        Meeting("m1", "a", "b", weight=3, attendees=("c",), table_kind="room"),
        Meeting("m2", "a", "d", weight=1.5, allowed_slots=frozenset({"s2", "s3"})),
        Meeting("m3", "b", "d", fixed_slot="s1", interpreter="ko-en", after=("m2",)),
        Meeting("m4", "c", "d", required=True),
    ]
    return make_problem(
        meetings,
        slots=4,
        days=2,
        tables=[Table(1), Table(2, "room"), Table(3, "virtual")],
        unavailable={"a": ["s4", "s1"]},
        max_meetings={"d": 2},
        interpreters=[InterpreterPool("ko-en", per_slot=1, by_slot={"s1": 0})],
        pins=[Pin("m4", "s2", 1, movable=True)],
        meta={"source": "test"},
    )


def minimal() -> dict[str, Any]:
    return {
        "name": "mini",
        "slots": [
            {
                "id": "s1",
                "day": "2026-05-12",
                "start": "2026-05-12T09:00",
                "end": "2026-05-12T09:30",
            }
        ],
        "tables": 2,
        "participants": [{"id": "a"}, {"id": "b"}],
        "meetings": [{"id": "m1", "a": "a", "b": "b", "weight": 2}],
    }


def test_problem_dict_round_trip_keeps_every_field(rich_problem: Problem) -> None:
    data = problem_to_dict(rich_problem)
    assert problem_from_dict(json.loads(json.dumps(data))) == rich_problem
    assert data["participants"][0]["unavailable"] == ["s1", "s4"]
    assert data["tables"][1] == {"number": 2, "kind": "room"}


def test_problem_file_round_trip(rich_problem: Problem, tmp_path: Path) -> None:
    path = tmp_path / "problem.json"
    write_problem(path, rich_problem)
    assert read_problem(path) == rich_problem


def test_minimal_problem_uses_defaults() -> None:
    problem = problem_from_dict(minimal())
    assert [t.kind for t in problem.tables] == ["table", "table"]
    assert problem.mode is Mode.WEIGHTED
    assert problem.meetings[0].weight == 2
    assert problem_to_dict(problem)["tables"] == 2


@pytest.mark.parametrize(
    ("path", "value", "location", "shown"),
    [
        (("meetings", 0, "weight"), "heavy", "meetings[0].weight", "'heavy'"),
        (("meetings", 0, "weight"), True, "meetings[0].weight", "True"),
        (("meetings", 0, "weight"), -1, "meetings[0].weight", "-1"),
        (("meetings", 0, "a"), 7, "meetings[0].a", "7"),
        (("participants", 1, "max_meetings"), 2.5, "participants[1].max_meetings", "2.5"),
        (("participants", 0, "unavailable"), "s1", "participants[0].unavailable", "'s1'"),
        (("participants", 0, "unavailable"), [3], "participants[0].unavailable[0]", "3"),
        (("tables",), "many", "tables", "'many'"),
        (("tables",), 0, "tables", "0"),
        (("mode",), "fastest", "mode", "'fastest'"),
        (("meetings",), {"m1": 1}, "meetings", "expected a list"),
    ],
)
def test_wrong_type_names_field_and_value(
    path: tuple[Any, ...], value: Any, location: str, shown: str
) -> None:
    data = minimal()
    target: Any = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    with pytest.raises(InputError) as caught:
        problem_from_dict(data)
    assert caught.value.location == location
    assert shown in caught.value.message


def test_options_are_read_without_weight() -> None:
    data = minimal()
    data["meetings"][0] = {"id": "m1", "a": "a", "b": "b", "table_kind": "room"}
    data["tables"] = [{"number": 1, "kind": "room"}]
    meeting = problem_from_dict(data).meetings[0]
    assert (meeting.weight, meeting.table_kind) == (1, "room")


def test_null_optional_fields_mean_defaults() -> None:
    data = minimal()
    data["participants"][0].update(unavailable=None, max_meetings=None)
    data["meetings"][0].update(allowed_slots=None, attendees=None, table_kind=None)
    data["fairness_d"] = None
    assert problem_from_dict(data) == problem_from_dict(minimal())


def test_null_required_field_is_named() -> None:
    data = minimal()
    data["meetings"][0]["a"] = None
    with pytest.raises(InputError) as caught:
        problem_from_dict(data)
    assert str(caught.value) == "meetings[0].a: expected a non-empty string, got None"


def test_missing_field_is_named() -> None:
    data = minimal()
    del data["meetings"][0]["b"]
    with pytest.raises(InputError) as caught:
        problem_from_dict(data)
    assert str(caught.value) == "meetings[0].b: missing required field"


def test_unknown_participant_in_file_names_file_and_field(tmp_path: Path) -> None:
    data = minimal()
    data["meetings"][0]["b"] = "ghost"
    path = tmp_path / "p.json"
    path.write_text(json.dumps(data))
    with pytest.raises(ProblemError) as caught:
        read_problem(path)
    assert caught.value.field == f"{path}: meetings[m1].b"
    assert "'ghost'" in caught.value.message


def test_malformed_json_names_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{"name": "x",\n  "slots": [,]\n}')
    with pytest.raises(InputError) as caught:
        read_problem(path)
    assert caught.value.location == f"{path}, line 2, column 13"


def test_non_utf8_file_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "latin.json"
    path.write_bytes(b'{"name": "Caf\xe9"}')
    with pytest.raises(InputError) as caught:
        read_problem(path)
    assert "not UTF-8" in caught.value.message


def test_unknown_suffix_is_rejected(tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        read_problem(tmp_path / "problem.yaml")
    assert ".yaml" in caught.value.message


def test_solution_round_trip(tmp_path: Path) -> None:
    solution = Solution(
        assignments=(Assignment("m1", "s1", 2), Assignment("m2", "s3", 1)),
        unscheduled=("m3",),
        status=Status.OPTIMAL,
        objective={"weight": 4.0, "gaps": 1.0},
        bound={"weight": 4.0},
        stats={"solver": "greedy", "wall_s": 0.5, "phases": ("a", "b")},
    )
    path = tmp_path / "schedule.json"
    write_solution(path, solution)
    back = read_solution(path)
    assert back.assignments == solution.assignments
    assert back.unscheduled == solution.unscheduled
    assert back.status is Status.OPTIMAL
    assert (dict(back.objective), dict(back.bound)) == (dict(solution.objective), {"weight": 4})
    assert back.stats["phases"] == ["a", "b"]
    assert json.loads(path.read_text())["assignments"][0] == {
        "meeting": "m1",
        "slot": "s1",
        "table": 2,
    }


def test_solution_bad_table_names_field() -> None:
    data = solution_to_dict(
        Solution(assignments=(Assignment("m1", "s1", 1),), unscheduled=(), status=Status.FEASIBLE)
    )
    data["assignments"][0]["table"] = "one"
    with pytest.raises(InputError) as caught:
        solution_from_dict(data)
    assert caught.value.location == "assignments[0].table"


def test_solution_unknown_status_lists_known() -> None:
    with pytest.raises(InputError) as caught:
        solution_from_dict({"assignments": [], "status": "great"})
    assert "optimal" in caught.value.message
