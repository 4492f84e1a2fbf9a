"""`partnering-engine solve | validate | bound | generate` through `main(argv)`."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from partnering_engine.cli.main import main
from partnering_engine.io import problem_to_dict, read_solution, write_problem, write_solution
from partnering_engine.types import Assignment, Problem, Solution, Status

pytestmark = pytest.mark.unit

MakeProblem = Callable[..., Problem]
B2B_TIC = Path("/work/shared/anchors/b2b/tic-12.original.dzn")


@pytest.fixture
def problem_file(tmp_path: Path, make_problem: MakeProblem) -> Path:
    path = tmp_path / "problem.json"
    write_problem(path, make_problem([("a", "b"), ("a", "c"), ("b", "c"), ("d", "e")], slots=3))
    return path


def test_generate_solve_validate(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    problem = tmp_path / "tiny.json"
    schedule = tmp_path / "schedule.json"
    assert main(["generate", "--preset", "tiny", "--seed", "4", "--out", str(problem)]) == 0
    assert "tiny-4: 12 participants" in capsys.readouterr().out
    code = main(["solve", str(problem), "--solver", "greedy", "--out", str(schedule)])
    out = capsys.readouterr()
    assert code == 0
    assert f"schedule validated and written to {schedule}" in out.out
    assert "greedy" in out.err  # progress line
    solution = read_solution(schedule)
    assert solution.stats["solver"] == "greedy"
    assert main(["validate", str(problem), str(schedule)]) == 0
    assert capsys.readouterr().out.startswith("valid: ")


def test_validate_lists_violations_and_exits_1(
    problem_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    schedule = tmp_path / "bad.json"
    bad = Solution(
        assignments=(Assignment("m1", "s1", 1), Assignment("m2", "s1", 1)),
        unscheduled=("m3",),
        status=Status.FEASIBLE,
    )
    write_solution(schedule, bad)
    assert main(["validate", str(problem_file), str(schedule)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines == [
        "[double_booking] 'a' is in meetings 'm1' and 'm2' in slot 's1'",
        "[table_twice] table 1 holds meetings 'm1' and 'm2' in slot 's1'",
        "[missing_meeting] meeting 'm4' is neither assigned nor listed as unscheduled",
    ]


def test_unknown_solver_exits_2_naming_known(
    problem_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["solve", str(problem_file), "--solver", "best", "--out", str(tmp_path / "s")])
    err = capsys.readouterr().err
    assert code == 2
    assert "unknown solver 'best'; known solvers: auto, cpsat, greedy, lns" in err
    assert not (tmp_path / "s").exists()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{"name": "x",\n "slots": [}', "line 2, column 12: malformed JSON"),
        ("[1, 2]", "top level: expected an object"),
    ],
)
def test_malformed_problem_exits_2(
    tmp_path: Path, text: str, expected: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "broken.json"
    path.write_text(text)
    assert main(["solve", str(path), "--solver", "greedy", "--out", str(tmp_path / "s")]) == 2
    err = capsys.readouterr().err
    assert expected in err
    assert "Traceback" not in err


def test_bad_field_exits_2_naming_field(
    problem_file: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    data = json.loads(problem_file.read_text())
    data["meetings"][2]["weight"] = "lots"
    problem_file.write_text(json.dumps(data))
    assert main(["validate", str(problem_file), str(tmp_path / "none.json")]) == 2
    assert "meetings[2].weight: expected a number, got 'lots'" in capsys.readouterr().err


def test_unknown_participant_exits_2(
    problem_file: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    data = json.loads(problem_file.read_text())
    data["meetings"][0]["b"] = "ghost"
    problem_file.write_text(json.dumps(data))
    assert (
        main(["solve", str(problem_file), "--solver", "greedy", "--out", str(tmp_path / "s")]) == 2
    )
    assert "meetings[m1].b: unknown participant 'ghost'" in capsys.readouterr().err


def test_missing_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "nowhere.json"
    assert main(["bound", str(missing)]) == 2
    assert str(missing) in capsys.readouterr().err


def test_fairness_d_on_weighted_problem_exits_2(
    problem_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["solve", str(problem_file), "--fairness-d", "1", "--out", str(tmp_path / "s")]
    assert main([*args, "--solver", "greedy"]) == 2
    assert "--fairness-d" in capsys.readouterr().err


@pytest.mark.skipif(not B2B_TIC.is_file(), reason="B2B anchors not on this machine")
def test_solve_without_valid_schedule_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    schedule = tmp_path / "tic.json"
    code = main(["solve", str(B2B_TIC), "--solver", "greedy", "--quiet", "--out", str(schedule)])
    out = capsys.readouterr().out
    assert code == 1
    assert "no valid schedule found" in out
    assert read_solution(schedule).status is Status.UNKNOWN


def test_bound_prints_proven_weight_bound(
    problem_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["bound", str(problem_file), "--time-limit", "5"]) == 0
    bounds = json.loads(capsys.readouterr().out)
    # a-b, a-c and b-c fit in three different slots and d-e anywhere: the optimum is 4.
    assert bounds["weight"] >= 4


def test_generate_writes_survey(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    problem = tmp_path / "p.json"
    survey = tmp_path / "survey.csv"
    args = ["generate", "--preset", "tiny", "--out", str(problem), "--survey-out", str(survey)]
    assert main(args) == 0
    capsys.readouterr()
    participants = json.loads(problem.read_text())["participants"]
    with survey.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == len(participants)


def test_generated_file_is_problem_to_dict(tmp_path: Path) -> None:
    from partnering_engine.generate import generate_problem

    path = tmp_path / "p.json"
    assert main(["generate", "--preset", "tiny", "--seed", "2", "--out", str(path)]) == 0
    assert json.loads(path.read_text()) == json.loads(
        json.dumps(problem_to_dict(generate_problem("tiny", seed=2)))
    )
